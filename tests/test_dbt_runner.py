"""The one dbt runner: both ways of running give the same answer and a clear failure."""

from __future__ import annotations

import pytest

from socialkpi.dbt_runner import DbtFailed, run_dbt


@pytest.mark.parametrize("in_process", [False, True])
def test_a_failing_command_raises_with_dbts_words(tmp_path, in_process):
    with pytest.raises(DbtFailed, match="no_such_macro"):
        run_dbt(["run-operation", "no_such_macro"], tmp_path / "wh.duckdb", tmp_path,
                in_process=in_process)  # fmt: skip
    run = run_dbt(["run-operation", "no_such_macro"], tmp_path / "wh.duckdb", tmp_path,
                  in_process=in_process, check=False)  # fmt: skip
    assert not run.success


@pytest.mark.parametrize("in_process", [False, True])
def test_target_and_logs_stay_in_the_work_folder(tmp_path, in_process):
    run = run_dbt(["ls", "--resource-type", "seed"], tmp_path / "wh.duckdb", tmp_path / "work",
                  in_process=in_process)  # fmt: skip
    assert run.success and run.seconds > 0
    assert (tmp_path / "work" / "target" / "manifest.json").exists()
    assert (tmp_path / "work" / "logs" / "dbt.log").exists()
