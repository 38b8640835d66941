"""Pinterest shapes of the corpus in the published marts: values worked out by hand from
the fixtures under tests/fixtures/exports/real/pinterest."""

from __future__ import annotations

from datetime import date


def _loads(real_world, account: str) -> list[tuple]:
    """(table, format, status, read, loaded, quarantined) of every source of one folder."""
    return real_world.rows(
        "select regexp_extract(source_file, '#(section-[0-9]+)$', 1), format_name, load_status, "
        "rows_read, rows_loaded, rows_quarantined from marts.ops_file_loads "
        "where platform = 'pinterest' and account_name = ? order by source_file",
        [account],
    )


def _days(real_world, account: str) -> list[tuple]:
    return real_world.rows(
        "select d.activity_date from marts.fct_account_daily d "
        "join marts.dim_account_handles h on h.account_key = d.account_key "
        "where d.platform = 'pinterest' and h.handle = ? order by 1",
        [account],
    )


def test_overview_impressions_are_daily_impressions(real_world):
    account = "pi-overview-impressions"
    # The file's rows for 2026-01-05 (73) and 2026-01-02 (a reported 0 stays 0).
    assert real_world.daily("pinterest", account, "2026-01-05", "impressions") == (73,)
    assert real_world.daily("pinterest", account, "2026-01-02", "impressions") == (0,)
    # An estimated day (from 2026-01-29, the estimate line) is the best value known.
    assert real_world.daily("pinterest", account, "2026-01-31", "impressions") == (46,)
    # The file states impressions only: the other metrics of its days are unknown, not 0.
    assert real_world.daily(
        "pinterest", account, "2026-01-05", "saves", "link_clicks", "engagements",
        "platform_reported_engagements", "followers_total",
    ) == (None, None, None, None, None)  # fmt: skip
    # 2026-01-01 is empty in the file: no observation, so no row (never a 0).
    days = _days(real_world, account)
    assert (days[0], days[-1], len(days)) == ((date(2026, 1, 2),), (date(2026, 1, 31),), 30)
    [(january,)] = real_world.rows(
        "select sum(impressions) from marts.fct_account_daily where platform = 'pinterest' "
        "and account_name = ?",
        [account],
    )
    assert january == 2720  # the sum of the file's 30 non-empty rows


def test_overview_tables_load_as_three_sources(real_world):
    assert _loads(real_world, "pi-overview-impressions") == [
        ("section-1", "pinterest_overview_daily", "loaded", 31, 31, 0),
        ("section-2", "pinterest_overview_top_content", "loaded", 3, 3, 0),  # 3 boards
        ("section-3", "pinterest_overview_top_content", "loaded", 4, 4, 0),  # 4 pins
    ]


def test_total_audience_overview_invents_no_daily_figure(real_world):
    account = "pi-overview-total-audience"
    # 31 days (10 of them empty) and the top tables load, but Total audience has no column
    # in the marts: the folder has no fct_account_daily row at all.
    assert _loads(real_world, account) == [
        ("section-1", "pinterest_overview_daily", "loaded", 31, 31, 0),
        ("section-2", "pinterest_overview_top_content", "loaded", 2, 2, 0),
        ("section-3", "pinterest_overview_top_content", "loaded", 3, 3, 0),
    ]
    assert _days(real_world, account) == []


def test_not_enough_data_tables_load_nothing_and_the_days_load(real_world):
    account = "pi-overview-not-enough-data"
    # Each top table's one line "Not enough data." is a quarantined record, with its reason.
    assert _loads(real_world, account) == [
        ("section-1", "pinterest_overview_daily", "loaded", 198, 198, 0),
        ("section-2", "pinterest_overview_top_content", "loaded", 1, 0, 1),
        ("section-3", "pinterest_overview_top_content", "loaded", 1, 0, 1),
    ]
    [(reason,)] = real_world.rows(
        "select reason from marts.ops_file_loads where account_name = ? "
        "and source_file like '%#section-2'",
        [account],
    )
    assert reason == "1 row(s) quarantined"
    # 2025-06-01 .. 2025-12-15, values 200 + (37 * day index mod 91): day 0, day 1, day 197.
    assert real_world.daily("pinterest", account, "2025-06-01", "impressions") == (200,)
    assert real_world.daily("pinterest", account, "2025-06-02", "impressions") == (237,)
    assert real_world.daily("pinterest", account, "2025-12-15", "impressions") == (209,)
    assert len(_days(real_world, account)) == 198


def test_api_analytics_fill_impressions_saves_and_outbound_clicks(real_world):
    account = "pi-api-analytics"
    columns = ("impressions", "saves", "link_clicks", "platform_reported_engagements",
               "engagements")  # fmt: skip
    # 2026-02-01: IMPRESSION 310, SAVE 12, OUTBOUND_CLICK 7, ENGAGEMENT 44 (Pinterest's own).
    assert real_world.daily("pinterest", account, "2026-02-01", *columns) == (310, 12, 7, 44, None)
    # 2026-02-03 has no SAVE key: saves unknown (NULL), not 0.
    assert real_world.daily("pinterest", account, "2026-02-03", *columns) == (
        295, None, 4, 30, None,
    )  # fmt: skip
    # 2026-02-04 is ESTIMATE (kept); 2026-02-05 PROCESSING (quarantined: no row).
    assert _days(real_world, account) == [(date(2026, 2, d),) for d in (1, 2, 3, 4)]
    assert _loads(real_world, account) == [("", "pinterest_api_analytics", "loaded", 5, 4, 1)]


def test_api_user_account_is_the_follower_total(real_world):
    account = "pi-api-user-account"
    # follower_count 2741 pulled 2026-02-01 (total of 01-31), 2745 pulled 2026-02-02.
    assert real_world.daily(
        "pinterest", account, "2026-01-31", "followers_total", "followers_total_source"
    ) == (2741, "api_snapshot")
    assert real_world.daily(
        "pinterest", account, "2026-02-01", "followers_total", "followers_net_change"
    ) == (2745, 4)  # 2745 - 2741
    [(account_id,)] = real_world.rows(
        "select platform_account_id from marts.dim_accounts where platform = 'pinterest' "
        "and account_name = ?",
        [account],
    )
    assert account_id == "549755813990"


def test_audience_insights_are_loaded_and_make_no_daily_row(real_world):
    # 1 audience line + 21 share lines; the engaged file's one line is quarantined ("----").
    assert _loads(real_world, "pi-audience-total") == [
        ("", "pinterest_audience_insights", "loaded", 22, 22, 0)
    ]
    assert _loads(real_world, "pi-audience-engaged-not-enough-data") == [
        ("", "pinterest_audience_insights", "loaded", 1, 0, 1)
    ]
    assert _days(real_world, "pi-audience-total") == []
