"""A landing zone on an object store (fsspec URL or ObjectStoragePath) loads exactly like local disk.

fsspec's in-memory filesystem is a real fsspec backend, the same code path as s3:// or gs://.
"""

from __future__ import annotations

import uuid

import duckdb
from upath import UPath

from socialkpi.config import Settings
from socialkpi.ingest import ingest

FILES = {
    "tiktok/acme/2026-03-05/FollowerHistory.csv":
        "Date,Followers,Difference in followers from previous day\nMarch 3,1010,10\nMarch 4,1020,10\n",
    "tiktok/o'brien café/2026-03-05/FollowerHistory.csv":
        "Date,Followers,Difference in followers from previous day\n4 mars,500,0\nbad,1,1\n",
    "tiktok/acme/2026-03-05/notes.txt": "not an export\n",
}  # fmt: skip


def raw_state(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select _account, _source_file, _source_row, activity_date, followers_total "
            "from raw.raw_tiktok_follower_history order by all"
        ).fetchall()
        manifest = con.execute(
            "select source_file, status, rows_read, rows_loaded, rows_quarantined from raw.file_manifest "
            "order by all"
        ).fetchall()
    return rows + manifest


def test_object_store_landing_loads_like_local_disk(tmp_path):
    bucket = f"memory://landing-{uuid.uuid4().hex}"
    for relative, text in FILES.items():
        local = tmp_path / "local" / relative
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_text(text)
        remote = UPath(f"{bucket}/{relative}")
        remote.parent.mkdir(parents=True, exist_ok=True)
        remote.write_text(text)

    from_disk = ingest(tmp_path / "disk.duckdb", tmp_path / "local", progress=False)
    from_store = ingest(tmp_path / "store.duckdb", bucket, progress=False)
    assert (
        from_store.summary()["rows_loaded"] == 3 and from_store.summary()["rows_quarantined"] == 1
    )
    assert raw_state(tmp_path / "store.duckdb") == raw_state(tmp_path / "disk.duckdb")
    assert from_disk.summary()["sources_quarantined"] == 1  # notes.txt


def test_object_store_url_is_kept_as_a_url_in_settings(monkeypatch):
    monkeypatch.setenv("SOCIALKPI_LANDING_ROOT", "s3://brand-exports/landing")
    assert Settings.resolve().landing_root == "s3://brand-exports/landing"
    monkeypatch.setenv("SOCIALKPI_LANDING_ROOT", "relative/landing")
    assert Settings.resolve().landing_root.is_absolute()
