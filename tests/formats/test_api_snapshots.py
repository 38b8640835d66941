"""API snapshot JSON: follower totals for all six platforms, recognised from keys."""

from __future__ import annotations

import json
from datetime import date

from socialkpi.formats.api_snapshots import INSIGHTS_FOLLOWER_COUNT_REASON
from tests.formats.landing_zone import FIXTURES

EXPORT = "2025-08-05"
DAY_BEFORE = date(2025, 8, 4)
SNAPSHOT_COLUMNS = (
    "_platform, _source_row, snapshot_date, api_platform, account_id, handle, account_name, "
    "followers_total, gains, losses, following_total, media_total, source_field"
)


def _snapshots(landing, source: str) -> list[tuple]:
    return landing.rows(
        f"select {SNAPSHOT_COLUMNS} from raw.raw_api_follower_snapshots "
        "where _source_file = ? order by _source_row",
        [source],
    )


def test_each_platform_snapshot_gives_its_follower_total(landing):
    sources = {
        "instagram": landing.add("instagram", "acme_fr", EXPORT, "instagram/api/ig_user.json"),
        "facebook": landing.add("facebook", "acme", EXPORT, "facebook/api/page.json"),
        "x": landing.add("x", "acme", EXPORT, "x/api/user.json"),
        "tiktok": landing.add("tiktok", "acme", EXPORT, "tiktok/api/business_get.json"),
        "linkedin": landing.add("linkedin", "acme", EXPORT, "linkedin/api/network_sizes.json"),
        "youtube": landing.add("youtube", "acme", EXPORT, "youtube/api/channels.json"),
    }
    report = landing.ingest()
    assert report.status_counts == {"loaded": 6}

    assert _snapshots(landing, sources["instagram"]) == [
        ("instagram", 1, DAY_BEFORE, "instagram", "17841400000000001", "acme_fr", None,
         48213, None, None, 312, 1187, "followers_count"),
    ]  # fmt: skip
    # followers_count wins over the older fan_count when a Page gives both.
    assert _snapshots(landing, sources["facebook"]) == [
        ("facebook", 1, DAY_BEFORE, "facebook", "104123456789012", None, "Acme Corp",
         10512, None, None, None, None, "followers_count"),
    ]  # fmt: skip
    assert _snapshots(landing, sources["x"]) == [
        ("x", 1, DAY_BEFORE, "x", "2244994945", "acme", "Acme",
         120334, None, None, 512, 18234, "data.public_metrics.followers_count"),
    ]  # fmt: skip
    # TikTok dates every metric row itself, with gains and losses.
    assert _snapshots(landing, sources["tiktok"]) == [
        ("tiktok", 1, date(2025, 8, 3), "tiktok", None, None, None,
         20511, 130, 12, None, None, "data.metrics[].daily_total_followers"),
        ("tiktok", 2, date(2025, 8, 4), "tiktok", None, None, None,
         20629, 125, 7, None, None, "data.metrics[].daily_total_followers"),
    ]  # fmt: skip
    assert _snapshots(landing, sources["linkedin"]) == [
        ("linkedin", 1, DAY_BEFORE, "linkedin", None, None, None,
         8421, None, None, None, None, "firstDegreeSize"),
    ]  # fmt: skip
    # subscriberCount is a string in the YouTube Data API.
    assert _snapshots(landing, sources["youtube"]) == [
        ("youtube", 1, DAY_BEFORE, "youtube", "UCa1b2c3d4e5f6g7h8i9j0kL", "@acme", "Acme",
         15300, None, None, None, 212, "items[].statistics.subscriberCount"),
    ]  # fmt: skip


def test_older_facebook_page_response_uses_fan_count(landing):
    source = landing.add("facebook", "acme", EXPORT, "facebook/api/page_fan_count.json")
    landing.ingest()

    [row] = _snapshots(landing, source)
    assert (row[2], row[7], row[-1]) == (DAY_BEFORE, 9801, "fan_count")


def test_snapshot_is_recognised_from_its_keys_not_its_file_name(landing):
    data = (FIXTURES / "instagram" / "api" / "ig_user.json").read_bytes()
    source = landing.add("instagram", "acme_fr", EXPORT, name="Follows.csv", data=data)
    landing.ingest()

    assert landing.outcome(source).format_name == "api_follower_snapshot"
    assert [row[7] for row in _snapshots(landing, source)] == [48213]


def test_instagram_insights_follower_count_is_never_taken_as_a_total(landing):
    source = landing.add(
        "instagram", "acme_fr", EXPORT, "instagram/api/ig_insights_follower_count.json"
    )
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 0, 2)
    assert landing.rows("select count(*) from raw.raw_api_follower_snapshots") == [(0,)]
    assert landing.quarantine(source) == [
        (1, INSIGHTS_FOLLOWER_COUNT_REASON),
        (2, INSIGHTS_FOLLOWER_COUNT_REASON),
    ]
    [(raw_text,)] = landing.rows(
        "select raw_text from raw.quarantine where source_file = ? and record_number = 1", [source]
    )
    assert json.loads(raw_text)["value"] == {"value": 41, "end_time": "2025-08-03T07:00:00+0000"}


def test_unknown_json_is_quarantined_as_unrecognised(landing):
    data = json.dumps({"status": "ok", "result": {"count": 3}}).encode()
    source = landing.add("instagram", "acme_fr", EXPORT, name="snapshot.json", data=data)
    landing.ingest()

    [(record, reason)] = landing.quarantine(source)
    assert record is None
    assert reason.startswith("unrecognised format")


def test_json_of_another_platform_than_its_folder_is_a_platform_mismatch(landing):
    source = landing.add("instagram", "acme_fr", EXPORT, "x/api/user.json")
    landing.ingest()

    assert landing.quarantine(source) == [
        (
            None,
            "platform mismatch: folder says 'instagram', content says 'x' (api_follower_snapshot)",
        )
    ]


def test_bare_graph_api_total_loads_under_the_folder_platform(landing):
    data = json.dumps({"id": "104123456789012", "followers_count": 10400}).encode()
    source = landing.add("facebook", "acme", EXPORT, name="page.json", data=data)
    landing.ingest()

    assert _snapshots(landing, source) == [
        ("facebook", 1, DAY_BEFORE, None, "104123456789012", None, None,
         10400, None, None, None, None, "followers_count"),
    ]  # fmt: skip


def test_unparseable_count_is_quarantined_and_hidden_subscribers_say_so(landing):
    broken_x = {
        "data": {"id": "1", "username": "acme", "public_metrics": {"followers_count": "lots"}}
    }
    hidden = {
        "kind": "youtube#channelListResponse",
        "items": [
            {"id": "UC1", "statistics": {"hiddenSubscriberCount": True, "videoCount": "3"}},
            {"id": "UC2", "statistics": {"subscriberCount": "1200", "videoCount": "8"}},
        ],
    }
    x_source = landing.add("x", "acme", EXPORT, name="x.json", data=json.dumps(broken_x).encode())
    yt_source = landing.add(
        "youtube", "acme", EXPORT, name="yt.json", data=json.dumps(hidden).encode()
    )
    landing.ingest()

    assert landing.quarantine(x_source) == [
        (1, "data.public_metrics.followers_count: cannot parse lots")
    ]
    assert landing.quarantine(yt_source) == [(1, "subscriber count hidden by the channel")]
    assert [(r[1], r[4], r[7]) for r in _snapshots(landing, yt_source)] == [(2, "UC2", 1200)]


def test_empty_tiktok_metrics_quarantine_the_whole_file(landing):
    data = json.dumps({"code": 0, "message": "OK", "data": {"metrics": []}}).encode()
    source = landing.add("tiktok", "acme", EXPORT, name="business_get.json", data=data)
    landing.ingest()

    assert landing.quarantine(source) == [
        (None, "TikTok business/get response has no data.metrics entries")
    ]
