"""Round trip: a generated world with LinkedIn, YouTube and localized files ingests
with read = loaded + quarantined, and follower totals equal the ground truth."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from socialkpi.evaluation.generator import WorldConfig, generate_world
from socialkpi.ingest import ingest

CONFIG = WorldConfig(
    seed=7,
    accounts=12,
    days=30,
    end_date=date(2026, 3, 31),
    platforms=("tiktok", "x", "linkedin", "youtube"),
    bad_files=False,
    localized_share=0.5,
)


def test_generated_world_with_localized_files_reconciles_with_truth(tmp_path: Path):
    landing, truth, warehouse = tmp_path / "landing", tmp_path / "truth", tmp_path / "w.duckdb"
    generate_world(CONFIG, landing, truth, progress=False)
    report = ingest(warehouse, landing, progress=False)

    files = pd.read_csv(truth / "files.csv")
    assert files["format"].isin(["linkedin_followers", "youtube_zip"]).any()
    localized = [p for p in landing.rglob("*.csv") if p.read_bytes()[:3] == b"\xef\xbb\xbf"]
    french = [p for p in landing.rglob("*.csv") if b";" in p.read_bytes().split(b"\n")[0]]
    assert localized and french
    assert any(p.parts[-4] == "x" for p in french)  # X overviews are localized too

    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    assert report.rows_quarantined == 0
    assert report.status_counts["quarantined"] == 0

    daily = pd.read_csv(truth / "account_daily.csv")
    handles = pd.read_csv(truth / "handles.csv")
    expected = {
        (p, h, d): int(t)
        for acc, p, h in handles[["account_id", "platform", "handle"]].itertuples(index=False)
        for d, t in daily[daily.account_id == acc][["date", "followers_total"]].itertuples(
            index=False
        )
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        manifest = con.execute(
            "select count(*) from raw.file_manifest where rows_read <> rows_loaded + rows_quarantined"
        ).fetchone()[0]
        tiktok = con.execute(
            "select distinct _platform, _account, activity_date::varchar, followers_total "
            "from raw.raw_tiktok_follower_history where followers_total is not null"
        ).fetchall()
        linkedin = con.execute(
            "select _platform, _account, metric_date::varchar, followers_total "
            "from raw.raw_linkedin_followers "
            "where row_kind = 'audience_total'"
        ).fetchall()
        youtube = con.execute("select count(*) from raw.raw_youtube_daily").fetchone()[0]
    assert manifest == 0
    assert tiktok and linkedin and youtube
    assert [r for r in tiktok if expected[r[:3]] != r[3]] == []
    assert [r for r in linkedin if expected[r[:3]] != r[3]] == []


def test_german_variant_only_when_the_file_itself_says_german():
    from socialkpi.evaluation.generator.localize import localize

    header = b"Date,Followers,Difference in followers from previous day\n"
    decided, variant = localize(
        header + b"March 1,1234,5\nMarch 2,1234567,-2\n", "tiktok", "tiktok_follower_history", "de"
    )
    assert variant == "de"
    assert decided.decode() == (
        "Datum;Followers;Difference in followers from previous day\r\n"
        "1. März;1.234;5\r\n2. März;1.234.567;-2\r\n"
    )
    # "1.234" alone could be 1234 or 1.234: written as an Excel re-save instead.
    ambiguous, variant = localize(
        header + b"March 1,1234,5\n", "tiktok", "tiktok_follower_history", "de"
    )
    assert variant == "excel"
    assert ambiguous.startswith(b"\xef\xbb\xbfDate,Followers,")
