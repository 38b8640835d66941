"""Pinterest: the Analytics overview CSV (daily table, Top Boards, Top Pins), the audience
insights CSVs and the API v5 analytics response, recognised from content."""

from __future__ import annotations

import json
from datetime import date

from tests.formats.landing_zone import FIXTURES

REAL = FIXTURES / "real" / "pinterest"
IMPRESSIONS = (
    "pi-overview-impressions/2026-02-01/Pinterest Analytics overview 20260101-20260131.csv"
)
TOTAL_AUDIENCE = (
    "pi-overview-total-audience/2025-11-01/Pinterest Analytics overview 20251001-20251031.csv"
)
NOT_ENOUGH = "pi-overview-not-enough-data/2025-12-16/Pinterest Analytics 6-25 to 12-25.csv"
AUDIENCE_TOTAL = "pi-audience-total/2026-03-02/audience-insights-total-audience-2026-03-02.csv"
AUDIENCE_ENGAGED = "pi-audience-engaged-not-enough-data/2026-03-02/audience-insights-engaged-audience-2026-03-02.csv"
ANALYTICS = "pi-api-analytics/2026-02-06/user_account_analytics.json"
DAILY = (
    "_source_row, metric_date, impressions, engagements, pin_clicks, outbound_clicks, saves, "
    "total_audience, engaged_audience, is_estimate"
)


def _land(landing, fixture: str, account: str = "acme", name: str | None = None) -> str:
    """Land a corpus fixture (``<folder>/<export date>/<file>``) under ``account``."""
    _, export, file_name = fixture.split("/")
    data = (REAL / fixture).read_bytes()
    return landing.add("pinterest", account, export, name=name or file_name, data=data)


def _land_data(landing, name: str, data: bytes, account: str = "acme") -> str:
    return landing.add("pinterest", account, "2026-01-04", name=name, data=data)


def _daily(landing, source: str, where: str = "true") -> list[tuple]:
    return landing.rows(
        f"select {DAILY} from raw.raw_pinterest_daily_metrics where _source_file = ? and {where} "
        "order by _source_row",
        [source],
    )


def _overview(text: str) -> bytes:
    """An overview file around the given tables, with Pinterest's default view."""
    preamble = (
        "Analytics overview\n2026-01-01 - 2026-01-03\nContent types,All\nDevices,All\n"
        "Source,All\nPublish Types,\nAge,All\nGender,All\nClaimed accounts,All Pins\n"
        "Format,All\nCurated content,Not included\n\n"
    )
    return (preamble + text).encode()


def test_overview_file_loads_each_table_as_its_own_source(landing):
    path = _land(landing, IMPRESSIONS)
    report = landing.ingest()

    counts = {
        o.source_file.rsplit("#", 1)[-1]: (o.format_name, o.rows_read, o.rows_loaded)
        for o in report.outcomes
    }
    assert counts == {
        "section-1": ("pinterest_overview_daily", 31, 31),
        "section-2": ("pinterest_overview_top_content", 3, 3),
        "section-3": ("pinterest_overview_top_content", 4, 4),
    }
    assert {o.source_file for o in report.outcomes} == {f"{path}#section-{n}" for n in (1, 2, 3)}


def test_overview_daily_metric_is_the_table_header_and_an_empty_day_stays_null(landing):
    impressions = _land(landing, IMPRESSIONS) + "#section-1"
    audience = _land(landing, TOTAL_AUDIENCE, account="other") + "#section-1"
    landing.ingest()

    # Day 1 is empty (no data): NULL; day 2 says 0: 0. Nothing but Impressions is filled.
    assert _daily(landing, impressions, "metric_date <= '2026-01-03'") == [
        (1, date(2026, 1, 1), None, None, None, None, None, None, None, False),
        (2, date(2026, 1, 2), 0, None, None, None, None, None, None, False),
        (3, date(2026, 1, 3), 41, None, None, None, None, None, None, False),
    ]
    # "Date,Total audience": the same table shape, another metric; its empty edges are NULL.
    rows = _daily(landing, audience)
    assert [(r[1], r[7]) for r in rows[4:7]] == [
        (date(2025, 10, 5), None), (date(2025, 10, 6), 6), (date(2025, 10, 7), 14),
    ]  # fmt: skip
    assert [r[7] for r in rows[-4:]] == [52, None, None, None]
    assert {r[2] for r in rows} == {None}


def test_estimate_line_marks_the_days_from_its_date(landing):
    impressions = _land(landing, IMPRESSIONS) + "#section-1"
    without_line = _land(landing, TOTAL_AUDIENCE, account="other") + "#section-1"
    landing.ingest()

    estimated = _daily(landing, impressions, "is_estimate")
    assert [r[1] for r in estimated] == [date(2026, 1, d) for d in (29, 30, 31)]
    assert _daily(landing, without_line, "is_estimate") == []


def test_top_tables_keep_their_range_and_pins_their_source(landing):
    path = _land(landing, IMPRESSIONS)
    landing.ingest()

    rows = landing.rows(
        "select item_kind, item_url, pin_id, impressions, engagements, pin_clicks, "
        "outbound_clicks, saves, content_source, is_canonical, range_start, range_end, "
        "estimated_from from raw.raw_pinterest_top_content where _source_file like ? "
        "order by _source_file, _source_row",
        [path + "#%"],
    )
    january = (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 29))
    board = "https://www.pinterest.com/lumenpottery/"
    pin = "https://www.pinterest.com/pin/"
    assert rows == [
        ("board", f"{board}glaze-experiments/", None, 1630, 52, 37, 9, 6, None, None, *january),
        ("board", f"{board}studio-tour/", None, 412, 18, 11, 4, 3, None, None, *january),
        ("board", f"{board}_quick_creates/", None, 7, 0, 0, 0, 0, None, None, *january),
        ("pin", f"{pin}918273645501234567/", "918273645501234567", 486, None, None, None, None,
         "From you", True, *january),
        ("pin", f"{pin}918273645501234581/", "918273645501234581", 233, None, None, None, None,
         "From you, Not from you.", True, *january),
        ("pin", f"{pin}640112233445566778/", "640112233445566778", 95, None, None, None, None,
         "Not from you.", True, *january),
        ("pin", f"{pin}918273645501234590/", "918273645501234590", 41, None, None, None, None,
         "From you", False, *january),
    ]  # fmt: skip


def test_not_enough_data_table_loads_nothing_and_says_so(landing):
    path = _land(landing, NOT_ENOUGH)
    landing.ingest()

    daily, boards, pins = (landing.outcome(f"{path}#section-{n}") for n in (1, 2, 3))
    assert (daily.status, daily.rows_read, daily.rows_loaded) == ("loaded", 198, 198)
    for table, outcome in (("Top Boards", boards), ("Top Pins", pins)):
        assert (outcome.status, outcome.rows_read, outcome.rows_loaded) == ("loaded", 1, 0)
        assert landing.quarantine(outcome.source_file) == [
            (1, f"{table} 2025-06-01 - 2025-12-15: Pinterest wrote 'Not enough data.' instead "
             "of rows (nothing to load)"),
        ]  # fmt: skip
    assert landing.rows("select count(*) from raw.raw_pinterest_top_content") == [(0,)]


def test_overview_is_recognised_from_content_not_file_name(landing):
    path = _land(landing, IMPRESSIONS, name="my pinterest numbers.csv")
    report = landing.ingest()

    assert {o.format_name for o in report.outcomes} == {
        "pinterest_overview_daily",
        "pinterest_overview_top_content",
    }
    assert landing.outcome(f"{path}#section-1").rows_loaded == 31


def test_overview_under_another_platform_folder_is_quarantined(landing):
    data = (REAL / IMPRESSIONS).read_bytes()
    path = landing.add("instagram", "acme", "2026-02-01", name="overview.csv", data=data)
    landing.ingest()

    # Each table is checked on its own: none is read as Instagram's.
    reasons = [landing.quarantine(f"{path}#section-{n}") for n in (1, 2, 3)]
    assert reasons == [
        [(None, f"section {n} of overview.csv: platform mismatch: {fmt} is a pinterest export, "
          "found under 'instagram'")]
        for n, fmt in ((1, "pinterest_overview_daily"), (2, "pinterest_overview_top_content"),
                       (3, "pinterest_overview_top_content"))
    ]  # fmt: skip


def test_filtered_view_is_flagged_as_a_segment(landing):
    default = _land_data(landing, "default.csv", _overview("Date,Saves\n2026-01-01,4\n"))
    mobile = _overview("Date,Saves\n2026-01-01,3\n").replace(b"Devices,All", b"Devices,Mobile")
    filtered = _land_data(landing, "mobile.csv", mobile, account="other")
    landing.ingest()

    flags = landing.rows(
        "select _source_file, saves, is_filtered_view, view_filters->>'Devices' "
        "from raw.raw_pinterest_daily_metrics order by _source_file"
    )
    assert flags == [(default, 4, False, "All"), (filtered, 3, True, "Mobile")]


def test_bad_cells_stay_in_their_cell_and_a_line_without_a_date_is_quarantined(landing):
    text = "Date,Outbound clicks\n2026-01-01,-2\n2026-01-02,many\n2026-01-03,5\nsoon,4\n"
    path = _land_data(landing, "clicks.csv", _overview(text))
    landing.ingest()

    assert _daily(landing, path) == [
        (1, date(2026, 1, 1), None, None, None, None, None, None, None, False),
        (2, date(2026, 1, 2), None, None, None, None, None, None, None, False),
        (3, date(2026, 1, 3), None, None, None, 5, None, None, None, False),
    ]
    assert landing.nulled_cells(path) == [
        (1, "Outbound clicks", "Outbound clicks: negative count -2 (cell set to NULL, the row loaded)"),
        (2, "Outbound clicks", "Outbound clicks: cannot parse many (cell set to NULL, the row loaded)"),
    ]  # fmt: skip
    assert landing.quarantine(path) == [(4, "Date: cannot parse soon")]


def test_unknown_daily_metric_is_kept_not_dropped(landing):
    text = "Date,Engagement rate\n2026-01-01,0.052\n"
    path = _land_data(landing, "rate.csv", _overview(text))
    landing.ingest()

    [(impressions, extra)] = landing.rows(
        "select impressions, extra_metrics from raw.raw_pinterest_daily_metrics "
        "where _source_file = ?",
        [path],
    )
    assert (impressions, json.loads(extra)) == (None, {"Engagement rate": "0.052"})


def test_api_analytics_days_load_with_their_status(landing):
    source = _land(landing, ANALYTICS)
    landing.ingest()

    assert _daily(landing, source) == [
        (1, date(2026, 2, 1), 310, 44, 25, 7, 12, None, None, False),
        (2, date(2026, 2, 2), 287, 35, 21, 5, 9, None, None, False),
        # No SAVE key that day: unknown, not 0.
        (3, date(2026, 2, 3), 295, 30, 19, 4, None, None, None, False),
        (4, date(2026, 2, 4), 264, 31, 17, 6, 8, None, None, True),
    ]
    [(extra,)] = landing.rows(
        "select extra_metrics from raw.raw_pinterest_daily_metrics "
        "where _source_file = ? and _source_row = 1",
        [source],
    )
    assert json.loads(extra) == {"SAVE_RATE": "0.0387", "ENGAGEMENT_RATE": "0.1419"}
    assert landing.quarantine(source) == [
        (5, "data_status PROCESSING: Pinterest gives no value for this day")
    ]


def test_api_analytics_split_by_a_field_is_not_the_account_total(landing):
    document = json.loads((REAL / ANALYTICS).read_text())
    split = {"VIDEO": document["all"], "REGULAR": document["all"]}
    source = _land_data(landing, "split.json", json.dumps(split).encode())
    landing.ingest()

    [(_, reason)] = landing.quarantine(source)
    assert reason == (
        "Pinterest analytics response split by a field (keys ['REGULAR', 'VIDEO']): segments "
        "of the account, not its total (request split_field=NO_SPLIT)"
    )


def test_audience_insights_load_size_and_shares(landing):
    source = _land(landing, AUDIENCE_TOTAL)
    report = landing.ingest()

    assert report.status_counts == {"loaded": 1}
    rows = landing.rows(
        "select section, audience_size, category, category_id, category_share, category_affinity,"
        " label, label_id, share, affinity from raw.raw_pinterest_audience_insights "
        "where _source_file = ? order by _source_row",
        [source],
    )
    assert len(rows) == 22  # 1 audience line + 3 interests + 3 + 2 + 3 + 4 + 6 shares
    assert rows[:5] == [
        ("audience", 8600, None, None, None, None, None, None, None, None),
        ("interests", None, "Art", "935000000101", 0.72, 1.4, "Ceramics", "935000000102", 0.41,
         3.12),
        ("interests", None, "Art", "935000000101", 0.72, 1.4, "Drawing", "935000000103", 0.18,
         None),
        ("interests", None, "Women's Fashion", "935000000201", 0.35, 0.88, "Jewelry",
         "935000000202", 0.12, 1.07),
        ("countries", None, None, None, None, None, "Other", None, 0.46, None),
    ]  # fmt: skip
    assert rows[8] == ("metros", None, None, None, None, None, "Ogdenville, NT", None, 0.03, None)
    assert {r[0] for r in rows} == {
        "audience", "interests", "countries", "metros", "gender", "device", "age",
    }  # fmt: skip


def test_audience_too_small_to_show_loads_nothing_and_says_so(landing):
    source = _land(landing, AUDIENCE_ENGAGED)
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded) == ("loaded", 1, 0)
    assert landing.quarantine(source) == [
        (1, "Audience Size '----' and 'Not enough data to show.': Pinterest has too little data")
    ]


def test_api_user_account_gives_the_follower_total(landing):
    source = _land(landing, "pi-api-user-account/2026-02-01/user_account.json")
    landing.ingest()

    # Undated: the total at the end of the day before the pull; pin_count is the media total.
    assert landing.rows(
        "select snapshot_date, api_platform, account_id, handle, account_name, followers_total, "
        "following_total, media_total, source_field from raw.raw_api_follower_snapshots "
        "where _source_file = ?",
        [source],
    ) == [
        (date(2026, 1, 31), "pinterest", "549755813990", "kilnandcompany", "Kiln & Company",
         2741, 96, 318, "follower_count"),
    ]  # fmt: skip


def test_api_user_account_without_a_follower_count_is_quarantined(landing):
    account = json.loads((REAL / "pi-api-user-account/2026-02-01/user_account.json").read_text())
    source = _land_data(
        landing, "user_account.json", json.dumps({**account, "follower_count": None}).encode()
    )
    landing.ingest()

    assert landing.quarantine(source) == [(1, "follower_count: missing")]
