"""A 50-account world on all six platforms over 120 days, 30% of its CSV files written
in French, in German or re-saved by Excel, ingested whole: every source reconciles
(read = loaded + quarantined), and follower totals, flows, daily engagement and post
lifetime values equal the generator's truth exactly.

The expected values come from the truth CSVs (``account_daily``, ``posts``,
``handles``), never from the ingest; the observed ones from the raw tables, newest
export first as the models read them (X restates recent days; everything else is
final in every export)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from socialkpi.evaluation.generator import WorldConfig, generate_world
from socialkpi.evaluation.generator.localize import LOCALIZABLE, ZIP_MEMBER_FORMATS
from socialkpi.ingest import ingest

CONFIG = WorldConfig(
    seed=2026,
    accounts=50,
    days=120,
    end_date=date(2026, 9, 30),
    localized_share=0.3,
)

# Observed daily values: (platform, measure, SQL giving _platform, _account, _export_date,
# _load_seq, day, value); the truth column of account_daily is the measure's name.
DAILY_OBSERVATIONS = [
    *(
        (platform, truth, f"select _platform, _account, _export_date, _load_seq, metric_date, "
                          f"value from raw.raw_meta_account_metrics where metric = '{metric}'")
        for platform in ("instagram", "facebook")
        for metric, truth in (("views", "views"), ("reach", "reach"),
                              ("interactions", "interactions"),
                              ("profile_visits", "profile_visits"),
                              ("link_clicks", "link_clicks"))
    ),
    *(
        ("x", truth, f"select _platform, _account, _export_date, _load_seq, activity_date, "
                     f"{column} from raw.raw_x_account_overview")
        for column, truth in (("impressions", "impressions"), ("likes", "likes"),
                              ("engagements", "engagements"), ("bookmarks", "saves"),
                              ("shares", "shares"), ("new_follows", "gains"),
                              ("unfollows", "losses"), ("replies", "comments"),
                              ("reposts", "reposts"), ("profile_visits", "profile_visits"),
                              ("posts_created", "posts_published"),
                              ("video_views", "video_views"), ("media_views", "media_views"))
    ),
    *(
        ("tiktok", truth, f"select _platform, _account, _export_date, _load_seq, activity_date, "
                          f"{column} from raw.raw_tiktok_overview")
        for column, truth in (("video_views", "views"), ("profile_views", "profile_visits"),
                              ("likes", "likes"), ("comments", "comments"), ("shares", "shares"))
    ),
    *(
        ("tiktok", truth, f"select _platform, _account, _export_date, _load_seq, activity_date, "
                          f"{column} from raw.raw_tiktok_follower_history")
        for column, truth in (("followers_total", "followers_total"),
                              ("followers_net_change", "net_change"))
    ),
    ("linkedin", "gains", "select _platform, _account, _export_date, _load_seq, metric_date, "
                          "new_followers_total from raw.raw_linkedin_followers "
                          "where row_kind = 'new_followers'"),
    ("linkedin", "followers_total", "select _platform, _account, _export_date, _load_seq, "
                                    "metric_date, followers_total from raw.raw_linkedin_followers "
                                    "where row_kind = 'audience_total'"),
    *(
        ("linkedin", truth, f"select _platform, _account, _export_date, _load_seq, metric_date, "
                            f"{column} from raw.raw_linkedin_updates where row_kind = 'daily'")
        for column, truth in (("impressions_total", "impressions"), ("clicks_total", "link_clicks"),
                              ("reactions_total", "likes"), ("comments_total", "comments"),
                              ("reposts_total", "reposts"))
    ),
    *(
        ("youtube", truth, f"select _platform, _account, _export_date, _load_seq, activity_date, "
                           f"{column} from raw.raw_youtube_daily where series = 'chart'")
        for column, truth in (("views", "views"), ("subscribers_gained", "gains"),
                              ("subscribers_lost", "losses"))
    ),
    ("youtube", "views", "select _platform, _account, _export_date, _load_seq, activity_date, "
                         "views from raw.raw_youtube_daily where series = 'totals'"),
    *(
        (platform, "followers_total", "select _platform, _account, _export_date, _load_seq, "
                                      "snapshot_date, followers_total "
                                      f"from raw.raw_api_follower_snapshots "
                                      f"where _platform = '{platform}'")
        for platform in ("instagram", "facebook", "x", "tiktok", "linkedin", "youtube")
    ),
]  # fmt: skip

# Post lifetime values at the post's last export: truth column -> raw column, per table.
POST_OBSERVATIONS = {
    "raw_instagram_content": ("post_id", {m: m for m in (
        "views", "reach", "likes", "shares", "follows", "comments", "saves")}),
    "raw_facebook_content": ("post_id", {
        "views": "views", "reach": "reach", "likes": "reactions", "comments": "comments",
        "shares": "shares", "link_clicks": "link_clicks", "other_clicks": "other_clicks",
        "seconds_viewed": "seconds_viewed",
        "reactions_comments_shares": "reactions_comments_shares", "total_clicks": "total_clicks"}),
    "raw_x_content": ("post_id", {
        "views": "impressions", "likes": "likes", "saves": "bookmarks", "shares": "shares",
        "follows": "new_follows", "comments": "replies", "reposts": "reposts",
        "profile_visits": "profile_visits", "detail_expands": "detail_expands",
        "link_clicks": "url_clicks", "hashtag_clicks": "hashtag_clicks",
        "permalink_clicks": "permalink_clicks", "engagements": "engagements"}),
    "raw_tiktok_content": ("video_id", {m: m for m in ("likes", "comments", "shares", "views")}),
    # All posts rows (daily Metrics rows have no link and match no post).
    "raw_linkedin_updates": ("regexp_extract(post_url, 'urn:li:activity:([0-9]+)', 1)", {
        "views": "impressions_total", "link_clicks": "clicks_total", "likes": "reactions_total",
        "comments": "comments_total", "reposts": "reposts_total"}),
    "raw_youtube_videos": ("video_id", {"views": "views"}),
}  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, Path, Path, object]:
    root = tmp_path_factory.mktemp("localized_world")
    landing, truth, warehouse = root / "landing", root / "truth", root / "w.duckdb"
    generate_world(CONFIG, landing, truth, progress=False)
    report = ingest(warehouse, landing, progress=False)
    return landing, truth, warehouse, report


def _localized_share_by_platform(files: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """platform -> (localizable CSV files and zip members, how many were re-encoded)."""
    counts: dict[str, list[int]] = {}
    genuine = files[(files.is_duplicate_of == "") & (files.bad_kind == "")]
    for f in genuine.itertuples():
        if f.format in ZIP_MEMBER_FORMATS:
            units = f.members.split(";")
            variants = f.locale_variants.split(";") if f.locale_variants else [""] * len(units)
        elif f.format in LOCALIZABLE:
            variants = [f.locale_variants]
        else:
            continue
        total = counts.setdefault(f.platform, [0, 0])
        total[0] += len(variants)
        total[1] += sum(bool(v) for v in variants)
    return {platform: (n, k) for platform, (n, k) in counts.items()}


def test_about_30_percent_of_the_csv_files_of_every_platform_are_localized(world):
    landing, truth, _, _ = world
    files = pd.read_csv(truth / "files.csv", keep_default_na=False, dtype=str)
    shares = _localized_share_by_platform(files)
    assert set(shares) == {"instagram", "facebook", "x", "tiktok", "linkedin", "youtube"}
    for platform, (units, localized) in shares.items():
        assert units >= 60, platform
        assert 0.2 <= localized / units <= 0.4, (platform, units, localized)
    # Every variant of every localizable format is there (German falls back to an Excel
    # re-save only when the file itself could not say German).
    written = {
        (fmt, variant)
        for f in files.itertuples()
        for fmt, variant in zip(
            [ZIP_MEMBER_FORMATS[f.format][m] for m in f.members.split(";")]
            if f.format in ZIP_MEMBER_FORMATS
            else [f.format],
            f.locale_variants.split(";"),
            strict=False,
        )
        if variant
    }
    for fmt in LOCALIZABLE - {"linkedin_posts_csv"}:  # few LinkedIn CSV post files
        assert {(fmt, "fr"), (fmt, "excel")} <= written, fmt
    assert sum(v == "de" for _, v in written) >= 10
    # The variants are in the bytes: French and German files are ";"-separated, Excel
    # re-saves carry a UTF-8 byte-order mark.
    sample = files[(files.locale_variants.isin(["fr", "de", "excel"]))].head(200)
    for f in sample.itertuples():
        raw = (landing / f.path).read_bytes()
        if f.locale_variants == "excel":
            assert raw.startswith(b"\xef\xbb\xbf"), f.path
        else:
            text = raw.decode("utf-16" if raw[:2] == b"\xff\xfe" else "utf-8-sig")
            assert ";" in text.splitlines()[1 if f.format.startswith("linkedin") else 0], f.path


def test_every_source_reconciles_and_nothing_genuine_is_quarantined(world):
    _, truth, warehouse, report = world
    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    with duckdb.connect(str(warehouse), read_only=True) as con:
        unreconciled = con.execute(
            "select count(*) from raw.file_manifest where rows_read <> rows_loaded + rows_quarantined"
        ).fetchone()[0]
        quarantined = con.execute("select distinct source_file from raw.quarantine").fetchall()
    assert unreconciled == 0
    bad = pd.read_csv(truth / "bad_files.csv", keep_default_na=False, dtype=str)
    planted = set(bad.path)
    # Only the planted bad files (and the malformed rows of their hosts) are quarantined:
    # no localized or re-saved file loses a row.
    assert {s.split("!/")[0] for (s,) in quarantined} <= planted


def _truth_daily(truth: Path) -> pd.DataFrame:
    daily = pd.read_csv(truth / "account_daily.csv")
    return daily.melt(
        id_vars=["account_id", "platform", "date"],
        value_vars=[c for c in daily.columns if c not in ("account_id", "platform", "date",
                                                          "total_in_exports")],
        var_name="measure",
    ).dropna(subset=["value"])  # fmt: skip


def test_daily_totals_flows_and_engagement_equal_the_truth(world):
    _, truth, warehouse, _ = world
    expected = _truth_daily(truth)
    handles = pd.read_csv(truth / "handles.csv")[["account_id", "platform", "handle"]]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.register("expected", expected)
        con.register("handles", handles)
        union = " union all ".join(
            f"select '{measure}' as measure, * from ({sql})"
            for _, measure, sql in DAILY_OBSERVATIONS
        )
        con.execute(
            "create temp table observed as "
            "select o.measure, h.account_id, h.platform, o.day::varchar as date, "
            "arg_max(o.value, (o._export_date, o._load_seq)) as value "
            f"from (select measure, _platform, _account, _export_date, _load_seq, "
            f"metric_date as day, value from ({union}) u(measure, _platform, _account, "
            "_export_date, _load_seq, metric_date, value)) o "
            "join handles h on h.platform = o._platform and h.handle = o._account "
            "group by all"
        )
        compared = con.execute(
            "select o.platform, o.measure, count(*), "
            "count(*) filter (where o.value = e.value), "
            "count(*) filter (where e.value is null) "
            "from observed o left join expected e using (account_id, platform, measure, date) "
            "group by all order by all"
        ).fetchall()
        truth_days = dict(
            (tuple(k), n)
            for *k, n in con.execute(
                "select platform, measure, count(*) from expected group by all"
            ).fetchall()
        )
        # Meta Follows is sparse (a day with no follow is absent): every day a metric file
        # covers must show the truth's gains, 0 where the file has no row.
        follows = con.execute(
            "with covered as (select distinct account_id, platform, date from observed "
            "  where measure = 'views' and platform in ('instagram', 'facebook')), "
            "follows as (select h.account_id, h.platform, m.metric_date::varchar as date, "
            "  max(m.value) as value from raw.raw_meta_account_metrics m "
            "  join handles h on h.platform = m._platform and h.handle = m._account "
            "  where m.metric = 'follows' group by all) "
            "select count(*), count(*) filter (where coalesce(f.value, 0) = e.value) "
            "from covered c join expected e using (account_id, platform, date) "
            "left join follows f using (account_id, platform, date) where e.measure = 'gains'"
        ).fetchone()
    by_platform: dict[str, set[str]] = {}
    for platform, measure, observed, exact, unexpected in compared:
        assert (observed, unexpected) == (exact, 0), (platform, measure, observed, exact)
        if measure != "followers_total":  # totals: only the days a file reports (API: E-1)
            # Exports every day with a 28-day (TikTok 60) window: every day is reported.
            assert observed == truth_days[(platform, measure)], (platform, measure)
        by_platform.setdefault(platform, set()).add(measure)
    for platform, measure, _ in DAILY_OBSERVATIONS:
        assert measure in by_platform.get(platform, set()), (platform, measure)
    assert follows[0] > 0 and follows[0] == follows[1]


def test_post_lifetime_values_at_the_last_export_equal_the_truth(world):
    _, truth, warehouse, _ = world
    posts = pd.read_csv(truth / "posts.csv", dtype={"post_id": str}, keep_default_na=False)
    posts = posts[posts.listed_in_exports]
    checked = 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, (id_column, columns) in POST_OBSERVATIONS.items():
            # The newest loaded row of each post: an export whose bytes repeat the previous
            # one (same posts, values saturated) is a duplicate, so the last export's values
            # may sit under the export before it.
            raw = con.execute(
                f"select {id_column}, max(_export_date)::varchar, "
                + ", ".join(f"arg_max({c}, (_export_date, _load_seq))" for c in columns.values())
                + f" from raw.{table} group by all"
            ).df()
            raw.columns = ["post_id", "newest_export_date", *columns]
            merged = posts.merge(raw, on="post_id", suffixes=("", "_raw"))
            assert (merged.newest_export_date <= merged.last_export_date).all(), table
            assert len(merged), table
            for truth_column in columns:
                expected = pd.to_numeric(merged[truth_column]).astype("int64")
                observed = merged[f"{truth_column}_raw"].astype("int64")
                assert (expected == observed).all(), (table, truth_column)
            checked += merged.post_id.nunique()
    # Every listed post is found in its last export.
    assert checked == len(posts)
