"""Snapchat (documented API responses only: no file export exists): the Public Profile's
subscriber count as a follower total, and the /stats responses kept as they are."""

from __future__ import annotations

import json
from datetime import date

from tests.formats.landing_zone import FIXTURES

REAL = FIXTURES / "real" / "snapchat"
PROFILE = "sc-api-public-profile/2026-03-10/public_profile.json"
TIMESERIES = "sc-api-profile-stats-timeseries/2026-03-10/profile_stats.json"
ASSETS = "sc-api-profile-stats-assets/2026-03-10/profile_stats.json"
STATS = (
    "_source_row, response_shape, profile_id, asset_type, granularity, interval_date, field_name, "
    "dimension_breakdown, stat_value"
)


def _land(landing, fixture: str, data: bytes | None = None) -> str:
    _, export, name = fixture.split("/")
    data = data if data is not None else (REAL / fixture).read_bytes()
    return landing.add("snapchat", "acme", export, name=name, data=data)


def _stats(landing, source: str) -> list[tuple]:
    return landing.rows(
        f"select {STATS} from raw.raw_snapchat_profile_stats where _source_file = ? "
        "order by _source_row",
        [source],
    )


def test_public_profile_subscriber_count_is_the_follower_total(landing):
    source = _land(landing, PROFILE)
    landing.ingest()

    assert landing.rows(
        "select snapshot_date, api_platform, account_id, handle, account_name, followers_total, "
        "source_field from raw.raw_api_follower_snapshots where _source_file = ?",
        [source],
    ) == [
        (date(2026, 3, 9), "snapchat", "0b6f6d8e-2c4a-4f7e-9a51-3d2e1c0b9a87", "harborstbakery",
         "Harbor Street Bakery", 15820, "public_profiles[].public_profile.subscriber_count"),
    ]  # fmt: skip


def test_failed_profile_sub_request_is_quarantined(landing):
    document = json.loads((REAL / PROFILE).read_text())
    document["public_profiles"][0]["sub_request_status"] = "ERROR"
    source = _land(landing, PROFILE, json.dumps(document).encode())
    landing.ingest()

    assert landing.quarantine(source) == [(1, "sub_request_status ERROR")]


def test_stats_in_the_timeseries_shape_are_kept_field_by_field(landing):
    source = _land(landing, TIMESERIES)
    landing.ingest()

    rows = _stats(landing, source)
    assert len(rows) == 15  # 3 days x 5 fields
    profile = "5e2d8c1a-7b40-4d93-b6f2-0a9c3e8d1f54"
    assert rows[:2] == [
        (1, "timeseries_stats", profile, "PROFILE", "DAY", date(2026, 3, 7), "VIEWS", None, 4120.0),
        (2, "timeseries_stats", profile, "PROFILE", "DAY", date(2026, 3, 7), "STORY_VIEWS", None,
         2960.0),
    ]  # fmt: skip
    assert rows[-1] == (
        15, "timeseries_stats", profile, "PROFILE", "DAY", date(2026, 3, 9), "SUBSCRIBERS_GAINED",
        None, 25.0,
    )  # fmt: skip


def test_stats_in_the_assets_shape_read_string_values(landing):
    source = _land(landing, ASSETS)
    landing.ingest()

    assert _stats(landing, source) == [
        (1, "assets", None, None, None, date(2026, 3, 8), "VIEWS", "DEFAULT", 1288.0),
        (2, "assets", None, None, None, date(2026, 3, 8), "SHARES", "DEFAULT", 14.0),
        (3, "assets", None, None, None, date(2026, 3, 9), "VIEWS", "DEFAULT", 1342.0),
        (4, "assets", None, None, None, date(2026, 3, 9), "SHARES", "DEFAULT", 11.0),
    ]


def test_unparseable_stat_is_nulled_and_a_stat_without_field_name_is_quarantined(landing):
    document = json.loads((REAL / ASSETS).read_text())
    fields = document["assets"][0]["timeseries"][0]["fields"]
    fields[0]["stats"][0]["value"] = "lots"
    fields[1]["field"] = {}
    source = _land(landing, ASSETS, json.dumps(document).encode())
    landing.ingest()

    assert [r[0] for r in _stats(landing, source)] == [1, 3, 4]
    assert landing.nulled_cells(source) == [
        (1, "value", "value: cannot parse lots (cell set to NULL, the row loaded)")
    ]
    assert landing.quarantine(source) == [(2, "field_name: missing")]


def test_stats_response_without_any_value_is_quarantined(landing):
    empty = {"request_status": "SUCCESS", "timeseries_stats": [{"timeseries_stat": {
        "id": "p", "type": "PROFILE", "granularity": "DAY", "timeseries": []}}]}  # fmt: skip
    source = _land(landing, TIMESERIES, json.dumps(empty).encode())
    landing.ingest()

    assert landing.quarantine(source) == [
        (None, "Snapchat profile stats response without any stat value")
    ]
