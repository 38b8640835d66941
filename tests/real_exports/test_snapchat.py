"""Snapchat shapes of the corpus (documented API responses) in the published marts:
values worked out by hand from tests/fixtures/exports/real/snapchat."""

from __future__ import annotations


def test_public_profile_subscriber_count_is_the_follower_total(real_world):
    account = "sc-api-public-profile"
    # subscriber_count 15820 pulled 2026-03-10 (total of 03-09), 15791 pulled 2026-03-11.
    assert real_world.daily(
        "snapchat", account, "2026-03-09", "followers_total", "followers_total_source"
    ) == (15820, "api_snapshot")
    assert real_world.daily(
        "snapchat", account, "2026-03-10", "followers_total", "followers_net_change", "views"
    ) == (15791, -29, None)  # 15791 - 15820; no daily metric is taken from Snapchat


def test_profile_stats_load_but_feed_no_mart(real_world):
    loads = real_world.rows(
        "select account_name, format_name, load_status, rows_read, rows_loaded "
        "from marts.ops_file_loads where platform = 'snapchat' "
        "and format_name = 'snapchat_profile_stats' order by account_name"
    )
    # timeseries: 3 days x 5 fields; assets: 2 days x 2 fields.
    assert loads == [
        ("sc-api-profile-stats-assets", "snapchat_profile_stats", "loaded", 4, 4),
        ("sc-api-profile-stats-timeseries", "snapchat_profile_stats", "loaded", 15, 15),
    ]
    [(rows,)] = real_world.rows(
        "select count(*) from marts.fct_account_daily where platform = 'snapchat' "
        "and account_name like 'sc-api-profile-stats-%'"
    )
    assert rows == 0
