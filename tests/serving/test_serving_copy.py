"""The serving copy as BI clients read it: DuckDB 1.x clients in their own environments,
SQLAlchemy reflection through duckdb-engine (as Superset calls it), and a long-lived reader
that must see every new publication without a restart."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from socialkpi.publish import (
    CATALOG_STORAGE_VERSION,
    collect_old_publications,
    current_publication,
    publish,
)
from tests.serving.warehouse import (
    make_warehouse,
    registry_unreachable,
    serving_state,
    temporaries,
    uv_python,
)

HERE = Path(__file__).parent
# The oldest DuckDB the catalog promises, and recent 1.x releases (BI drivers ship 1.x).
CLIENT_VERSIONS = ["1.1.3", "1.4.5", "1.5.6"]
PUBLISHED = {"marts.fct_account_daily", "marts.ops_file_loads", "quality.validation_results",
             "main._publication"}  # fmt: skip


@pytest.fixture
def served(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb")
    serving = tmp_path / "serving" / "socialkpi.duckdb"
    publication = publish(warehouse, serving, "run-1")
    return warehouse, serving, publication


def warehouse_types(warehouse: Path) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select schema_name || '.' || table_name, column_name, data_type from duckdb_columns() "
            "where schema_name in ('marts', 'quality') order by schema_name, table_name, column_index"
        ).fetchall()
    types: dict[str, list] = {}
    for table, column, data_type in rows:
        types.setdefault(table, []).append([column, data_type])
    return types


def test_catalog_holds_only_views_with_the_warehouse_column_types(served):
    warehouse, serving, publication = served
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)
        views = {f"{s}.{v}" for s, v in con.execute(
            "select schema_name, view_name from duckdb_views() where not internal").fetchall()}  # fmt: skip
        comments = con.execute(
            "select comment from duckdb_views() where view_name = 'fct_account_daily'"
        ).fetchone()
        column_comment = con.execute(
            "select comment from duckdb_columns() where table_name = 'fct_account_daily' "
            "and column_name = 'followers_total'"
        ).fetchone()
    assert views == PUBLISHED
    assert comments == ("One row per account and day",)
    assert column_comment == ("Followers at the end of the day",)
    types = warehouse_types(warehouse)
    with duckdb.connect(str(serving), read_only=True) as con:
        for table, expected in types.items():
            schema, name = table.split(".")
            got = con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? "
                "and table_name = ? order by column_index", [schema, name]).fetchall()  # fmt: skip
            assert [list(row) for row in got] == expected, table
    assert publication.row_counts == {
        "marts.fct_account_daily": 4, "marts.ops_file_loads": 4, "quality.validation_results": 1,
    }  # fmt: skip


def test_catalog_is_written_in_the_oldest_supported_storage_version(served):
    _, serving, _ = served
    with duckdb.connect() as con:
        con.execute("attach ? as s (read_only)", [str(serving)])
        (version,) = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = 's'"
        ).fetchone()
    # DuckDB names the format by the oldest release that reads it (v1.1.0 writes "v1.0.0+").
    assert CATALOG_STORAGE_VERSION == "v1.1.0"
    assert version.startswith("v1."), version


@pytest.mark.parametrize("version", CLIENT_VERSIONS)
def test_duckdb_1x_client_reads_every_view_with_its_types(served, version):
    warehouse, serving, publication = served
    result = uv_python(version, str(HERE / "client_check.py"), str(serving), extra=("pandas",))
    if registry_unreachable(result):
        pytest.skip(f"package registry unreachable, cannot install duckdb=={version}: "
                    f"{result.stderr.strip().splitlines()[-1:]}")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert seen["version"] == version
    assert set(seen["views"]) == PUBLISHED
    for table, count in publication.row_counts.items():
        assert seen["views"][table]["rows"] == count, table
    for table, expected in warehouse_types(warehouse).items():
        assert seen["views"][table]["types"] == expected, table
    assert seen["publication"] == "run-1"
    # What a notebook gets: dates as datetime64, BIGINT as int64 (nullable BIGINT as the
    # nullable Int64 from DuckDB 1.4 on; 1.1 gives float64 for a column holding NULLs).
    assert seen["pandas"]["activity_date"].startswith("datetime64"), seen["pandas"]
    assert seen["pandas"]["followers_total"] == "int64", seen["pandas"]
    assert seen["pandas"]["followers_net_change"] in ("Int64", "float64"), seen["pandas"]


def test_duckdb_11_client_refuses_a_file_in_the_default_storage_format(tmp_path):
    # Why the catalog's storage version is set: what DuckDB 2.0 writes by default, 1.1 refuses.
    default = tmp_path / "default.duckdb"
    with duckdb.connect(str(default)) as con:
        con.execute("create table t as select 1 as x")
    result = uv_python(
        "1.1.3", "-c", f"import duckdb; duckdb.connect({str(default)!r}, read_only=True)"
    )
    if registry_unreachable(result):
        pytest.skip("package registry unreachable, cannot install duckdb==1.1.3")
    assert result.returncode != 0
    assert "version" in result.stderr.lower(), result.stderr[-2000:]


def test_sqlalchemy_reflection_of_every_published_table(served):
    import pandas as pd
    import sqlalchemy
    from sqlalchemy import create_engine, inspect

    # duckdb-engine's get_columns fails on SQLAlchemy 2.1 (pg_collation): 2.0 is locked.
    assert sqlalchemy.__version__.startswith("2.0."), sqlalchemy.__version__
    warehouse, serving, _ = served
    engine = create_engine(f"duckdb:///{serving}?access_mode=read_only")  # as README says
    try:
        inspector = inspect(engine)
        # duckdb-engine names schemas <database>.<schema>; the database is the file's stem.
        schemas = inspector.get_schema_names()
        assert {"socialkpi.marts", "socialkpi.quality"} <= set(schemas), schemas
        for table, expected in warehouse_types(warehouse).items():
            schema, name = table.split(".")
            schema = f"socialkpi.{schema}"
            listed = set(inspector.get_view_names(schema=schema)) | set(
                inspector.get_table_names(schema=schema)
            )
            assert name in listed, (table, listed)
            columns = inspector.get_columns(name, schema=schema)
            assert [c["name"] for c in columns] == [c for c, _ in expected]
        types = {
            c["name"]: c["type"]
            for c in inspector.get_columns("fct_account_daily", schema="socialkpi.marts")
        }
        assert isinstance(types["activity_date"], sqlalchemy.types.Date)
        assert isinstance(types["followers_total"], sqlalchemy.types.BigInteger)
        with engine.connect() as connection:
            frame = pd.read_sql(
                "select * from marts.fct_account_daily", connection,
                parse_dates=["activity_date"], dtype_backend="numpy_nullable",
            )  # fmt: skip
        assert str(frame["activity_date"].dtype).startswith("datetime64")
        assert str(frame["followers_net_change"].dtype) == "Int64"
    finally:
        engine.dispose()


def start_held_reader(python: list[str], serving: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*python, str(HERE / "held_reader.py"), str(serving)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def ask(reader: subprocess.Popen) -> dict:
    reader.stdin.write("read\n")
    reader.stdin.flush()
    line = reader.stdout.readline()
    assert line, reader.stderr.read()
    return json.loads(line)


@pytest.mark.parametrize("client", ["locked", "1.1.3"])
def test_long_lived_reader_sees_each_new_publication_without_restart(tmp_path, client):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", days=2)
    serving = tmp_path / "serving" / "socialkpi.duckdb"
    publish(warehouse, serving, "run-1")
    if client == "locked":
        python = [sys.executable]
    else:
        probe = uv_python(client, "-c", "import duckdb")
        if registry_unreachable(probe):
            pytest.skip(f"package registry unreachable, cannot install duckdb=={client}")
        python = [str(Path(sys.executable).parent / "uv"), "run", "--quiet", "--no-project",
                  "--with", f"duckdb=={client}", "python"]  # fmt: skip
    reader = start_held_reader(python, serving)
    try:
        first = json.loads(reader.stdout.readline() or reader.stderr.read())
        assert first["held"] == ["run-1", 2]
        make_warehouse(warehouse, days=3)
        publish(warehouse, serving, "run-2")
        assert ask(reader) == {"held": ["run-2", 3], "new": ["run-2", 3]}
        make_warehouse(warehouse, days=4)
        publish(warehouse, serving, "run-3")
        assert ask(reader) == {"held": ["run-3", 4], "new": ["run-3", 4]}
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)


def test_whole_file_swap_leaves_a_long_lived_reader_on_the_old_snapshot(tmp_path):
    # The trap the catalog of views avoids: a process that holds a connection to a DuckDB
    # file keeps being handed that instance (the old file) on every new connection.
    serving = tmp_path / "serving.duckdb"
    for rows, path in ((2, serving), (3, tmp_path / "next.duckdb")):
        with duckdb.connect(str(path)) as con:
            con.execute("create schema marts")
            con.execute(f"create table marts.fct_account_daily as select * from range({rows})")
            con.execute(f"create table _publication as select 'run-{rows}' as run_id")
    reader = start_held_reader([sys.executable], serving)
    try:
        assert json.loads(reader.stdout.readline())["held"] == ["run-2", 2]
        (tmp_path / "next.duckdb").replace(serving)
        assert ask(reader)["new"] == ["run-2", 2]  # not run-3: the stale snapshot
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)


def test_replaced_publications_are_kept_for_the_grace_period_then_removed(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb")
    serving = tmp_path / "serving" / "socialkpi.duckdb"
    start = datetime(2026, 3, 7, 0, 0, tzinfo=UTC)
    grace = timedelta(minutes=60)
    ids = [publish(warehouse, serving, f"run-{i}", grace=grace, now=start + timedelta(minutes=i * 50)
                   ).publication_id for i in range(3)]  # fmt: skip
    folders = sorted(p.name for p in (serving.parent / "publications").iterdir())
    # run-0 was replaced at +50 min and run-2 published at +100 min: 50 min ago, kept.
    assert folders == ids
    removed = collect_old_publications(serving.parent, grace, now=start + timedelta(minutes=111))
    assert removed == [ids[0]]  # replaced 61 min ago; run-1 replaced 11 min ago stays
    assert current_publication(serving.parent) == ids[2]
    assert serving_state(serving)["main._publication"] == [
        (
            '{"marts.fct_account_daily": 4, "marts.ops_file_loads": 4, "quality.validation_results": 1}',
        )
    ]
    assert temporaries(serving.parent) == []


def test_sqlalchemy_21_reflection_fails_which_is_why_20_is_locked(served):
    _, serving, _ = served
    script = (
        "from sqlalchemy import create_engine, inspect\n"
        f"engine = create_engine('duckdb:///{serving}', connect_args={{'read_only': True}})\n"
        "inspect(engine).get_columns('fct_account_daily', schema='socialkpi.marts')\n"
    )
    result = uv_python("2.0.0", "-c", script, extra=("duckdb-engine==0.17.0", "sqlalchemy==2.1.9"))
    if registry_unreachable(result):
        pytest.skip("package registry unreachable, cannot install sqlalchemy==2.1.9")
    assert result.returncode != 0
    assert "pg_collation" in result.stderr, result.stderr[-2000:]


def test_a_column_added_by_a_run_does_not_break_a_long_lived_duckdb_11_reader(tmp_path):
    # DuckDB 1.x refuses a view whose columns changed under it ("Contents of view were
    # altered"): the views list their columns, so a process that keeps the old catalog open
    # goes on reading (the new rows, the old columns); a new process sees the new column.
    warehouse = make_warehouse(tmp_path / "wh.duckdb", days=2)
    serving = tmp_path / "serving" / "socialkpi.duckdb"
    publish(warehouse, serving, "run-1")
    probe = uv_python("1.1.3", "-c", "import duckdb")
    if registry_unreachable(probe):
        pytest.skip("package registry unreachable, cannot install duckdb==1.1.3")
    python = [str(Path(sys.executable).parent / "uv"), "run", "--quiet", "--no-project",
              "--with", "duckdb==1.1.3", "python"]  # fmt: skip
    reader = start_held_reader(python, serving)
    try:
        assert json.loads(reader.stdout.readline() or reader.stderr.read())["held"] == ["run-1", 2]
        make_warehouse(warehouse, days=3)
        with duckdb.connect(str(warehouse)) as con:
            con.execute("alter table marts.fct_account_daily add column reach bigint")
        publish(warehouse, serving, "run-2")
        assert ask(reader) == {"held": ["run-2", 3], "new": ["run-2", 3]}
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    result = uv_python("1.1.3", str(HERE / "client_check.py"), str(serving), extra=("pandas",))
    assert result.returncode == 0, result.stderr[-3000:]
    columns = [c for c, _ in json.loads(result.stdout)["views"]["marts.fct_account_daily"]["types"]]
    assert columns[-1] == "reach"


def test_a_select_star_view_breaks_a_long_lived_duckdb_11_reader_when_a_column_is_added(tmp_path):
    # Why the views list their columns: the same change under a `select *` view.
    data = tmp_path / "t.parquet"
    catalog = tmp_path / "catalog.duckdb"
    with duckdb.connect() as con:
        con.execute(f"copy (select 1::bigint as a) to '{data}'")
        con.execute(f"attach '{catalog}' as c (storage_version 'v1.1.0')")
        con.execute(f"create view c.t as select * from read_parquet('{data}')")
        con.execute("detach c")
    script = (
        "import sys, duckdb\n"
        f"held = duckdb.connect({str(catalog)!r}, read_only=True)\n"
        "print(held.execute('select * from t').fetchall(), flush=True)\n"
        "sys.stdin.readline()\n"
        "print(held.execute('select * from t').fetchall())\n"
    )
    probe = uv_python("1.1.3", "-c", "import duckdb")
    if registry_unreachable(probe):
        pytest.skip("package registry unreachable, cannot install duckdb==1.1.3")
    python = [str(Path(sys.executable).parent / "uv"), "run", "--quiet", "--no-project",
              "--with", "duckdb==1.1.3", "python", "-c", script]  # fmt: skip
    reader = subprocess.Popen(python, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert reader.stdout.readline().strip() == "[(1,)]"
    with duckdb.connect() as con:
        con.execute(f"copy (select 2::bigint as a, 'x' as b) to '{data}'")
    out, err = reader.communicate("go\n", timeout=60)
    assert reader.returncode != 0 and "Contents of view were altered" in err, (out, err)
