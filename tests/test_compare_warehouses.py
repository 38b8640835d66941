"""The refactoring check: two warehouses compared row by row (socialkpi.evaluation)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from socialkpi.evaluation.compare_warehouses import main


def _warehouse(path: Path, rows: list[tuple], loaded_at: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct (account varchar, followers bigint, rate double, "
            "loaded_at timestamp)"
        )
        con.executemany(f"insert into marts.fct values (?, ?, ?, '{loaded_at}')", rows)
    return path


ROWS = [("acme", 1200, 0.1 + 0.2), ("acme", 1200, 0.5), ("zen", 80, None)]


def test_same_rows_built_at_another_time_with_other_last_bits_are_identical(tmp_path, capsys):
    before = _warehouse(tmp_path / "a.duckdb", ROWS, "2026-01-01 00:00:00")
    # 0.3 where the other sums 0.1 + 0.2 (0.30000000000000004), in another order, loaded later.
    after = _warehouse(
        tmp_path / "b.duckdb", [ROWS[2], ROWS[1], ("acme", 1200, 0.3)], "2026-02-01 00:00:00"
    )
    assert main([str(before), str(after), "--schemas", "marts"]) == 0
    assert "3 rows compared: identical" in capsys.readouterr().out


def test_one_changed_value_or_a_lost_duplicate_row_is_a_difference(tmp_path, capsys):
    before = _warehouse(tmp_path / "a.duckdb", ROWS, "2026-01-01 00:00:00")
    changed = _warehouse(
        tmp_path / "b.duckdb", [ROWS[0], ROWS[1], ("zen", 81, None)], "2026-01-01 00:00:00"
    )
    assert main([str(before), str(changed), "--schemas", "marts"]) == 1
    assert "only before 1  only after 1" in capsys.readouterr().out
    # A multiset: a row present twice on one side and once on the other is a difference.
    doubled = _warehouse(tmp_path / "c.duckdb", [*ROWS, ROWS[1]], "2026-01-01 00:00:00")
    assert main([str(before), str(doubled), "--schemas", "marts"]) == 1
    assert "only before 0  only after 1" in capsys.readouterr().out
