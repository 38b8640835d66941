"""TikTok Studio ``Content.csv``: year-less post times, video id from the link, zips."""

from __future__ import annotations

import codecs
from datetime import date, timedelta

from tests.formats.landing_zone import FIXTURES, zipped

CONTENT_HEADER = (
    "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views\n"
)


def test_content_in_a_zip_infers_the_year_across_new_year_and_takes_the_id_from_the_link(landing):
    archive = zipped({"Content.csv": (FIXTURES / "tiktok" / "Content.csv").read_bytes()})
    path = landing.add("tiktok", "acme", "2026-01-05", name="TikTok_Studio.zip", data=archive)
    report = landing.ingest()

    source = f"{path}!/Content.csv"
    rows = landing.rows(
        "select _load_id, _source_file, _source_row, _export_date, video_id, video_title, "
        "video_url, posted_date, likes, comments, shares, views "
        "from raw.raw_tiktok_content order by _source_row"
    )
    lineage = (report.load_id, source)
    assert rows == [
        (*lineage, 1, date(2026, 1, 5), "7453012345678901234", "Unboxing the new drop, part 1 🎁",
         "https://www.tiktok.com/@acme/video/7453012345678901234", date(2025, 12, 30),
         1204, 37, 12, 20511),
        # "undefined" is TikTok's "no value": NULL, not an error.
        (*lineage, 2, date(2026, 1, 5), "7455123456789012345", "Behind the scenes",
         "https://www.tiktok.com/@acme/video/7455123456789012345", date(2026, 1, 3),
         88, 4, None, 3102),
    ]  # fmt: skip


def test_video_without_an_id_in_its_link_is_quarantined_while_the_rest_loads(landing):
    text = (
        CONTENT_HEADER
        + "Good,https://www.tiktok.com/@acme/video/7301,30 décembre,1,2,3,4\n"
        + "Broken,https://www.tiktok.com/@acme,30 décembre,1,2,3,4\n"
        + "No date,https://www.tiktok.com/@acme/video/7302,,1,2,3,4\n"
    )
    source = landing.add("tiktok", "acme", "2026-01-05", name="Content.csv", data=text.encode())
    landing.ingest()

    assert landing.rows("select video_id, posted_date from raw.raw_tiktok_content") == [
        ("7301", date(2025, 12, 30))
    ]
    assert landing.quarantine(source) == [
        (2, "Video link: cannot parse https://www.tiktok.com/@acme"),
        (3, "Post time: missing"),
    ]


def test_overview_day_with_negative_comments_keeps_every_value(landing):
    # TikTok writes negative daily comments when more were deleted than written: a platform
    # fact. A negative view count is not one: that cell alone is NULL, with its reason.
    text = (
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
        "March 3,100,5,10,-3,1\n"
        "March 4,-7,6,lots,2,2\n"
    )
    source = landing.add("tiktok", "acme", "2026-03-05", name="Overview.csv", data=text.encode())
    landing.ingest()
    assert landing.rows(
        "select activity_date, video_views, profile_views, likes, comments, shares "
        "from raw.raw_tiktok_overview order by 1"
    ) == [
        (date(2026, 3, 3), 100, 5, 10, -3, 1),
        (date(2026, 3, 4), None, 6, None, 2, 2),
    ]
    assert landing.quarantine(source) == []
    assert landing.nulled_cells(source) == [
        (2, "Likes", "Likes: cannot parse lots (cell set to NULL, the row loaded)"),
        (2, "Video Views", "Video Views: negative count -7 (cell set to NULL, the row loaded)"),
    ]
    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.cells_nulled) == (2, 2, 2)
    assert outcome.reason == "2 cell(s) set to NULL"


def _tiktok_csv(header: str, rows: list[str]) -> bytes:
    """As TikTok Studio writes it: UTF-8 BOM, every field quoted, LF, no final newline."""
    lines = [header, *rows]
    quoted = [",".join(f'"{cell}"' for cell in line.split("|")) for line in lines]
    return codecs.BOM_UTF8 + "\n".join(quoted).encode()


OVERVIEW = "Date|Video Views|Profile Views|Likes|Comments|Shares"


def test_a_365_day_overview_is_dated_by_walking_back_from_the_export_date(landing):
    # Downloaded 2026-02-28: February 28 (2025) ... December 31, January 1 ... February 27.
    days = [date(2025, 2, 28) + timedelta(days=n) for n in range(365)]
    rows = [f"{d.strftime('%B')} {d.day}|{n}|0|0|0|0" for n, d in enumerate(days)]
    landing.add(
        "tiktok", "acme", "2026-02-28", name="Overview.csv", data=_tiktok_csv(OVERVIEW, rows)
    )
    landing.ingest()
    loaded = landing.rows("select activity_date, video_views from raw.raw_tiktok_overview")
    assert sorted(loaded) == [(d, n) for n, d in enumerate(days)]


def test_spanish_and_greek_year_less_dates_cross_the_new_year(landing):
    spanish = ["30 de diciembre|10|1|1|0|0", "31 de diciembre|11|1|1|0|0", "1 de enero|12|1|1|0|0"]
    greek = ["27 Φεβρουαρίου|5|0|0|0|0", "28 Φεβρουαρίου|6|0|0|0|0", "1 Μαρτίου|7|0|0|0|0"]
    landing.add(
        "tiktok", "es", "2026-01-02", name="Overview.csv", data=_tiktok_csv(OVERVIEW, spanish)
    )
    landing.add(
        "tiktok", "el", "2026-03-02", name="Overview.csv", data=_tiktok_csv(OVERVIEW, greek)
    )
    landing.ingest()
    assert landing.rows(
        "select _account, activity_date, video_views from raw.raw_tiktok_overview order by 1, 2"
    ) == [
        ("el", date(2026, 2, 27), 5), ("el", date(2026, 2, 28), 6), ("el", date(2026, 3, 1), 7),
        ("es", date(2025, 12, 30), 10), ("es", date(2025, 12, 31), 11),
        ("es", date(2026, 1, 1), 12),
    ]  # fmt: skip


def test_a_file_listing_the_newest_day_first_is_walked_the_other_way(landing):
    rows = ["January 2|3|0|0|0|0", "January 1|2|0|0|0|0", "December 31|1|0|0|0|0"]
    landing.add(
        "tiktok", "acme", "2026-01-03", name="Overview.csv", data=_tiktok_csv(OVERVIEW, rows)
    )
    landing.ingest()
    assert landing.rows(
        "select activity_date, video_views from raw.raw_tiktok_overview order by 1"
    ) == [(date(2025, 12, 31), 1), (date(2026, 1, 1), 2), (date(2026, 1, 2), 3)]


def test_viewers_undefined_days_are_unknown_not_zero(landing):
    rows = ["March 1|undefined|0|0", "March 2|2100|1500|600", "March 3|undefined|0|0"]
    header = "Date|Total Viewers|New Viewers|Returning Viewers"
    source = landing.add(
        "tiktok", "acme", "2026-03-04", name="Viewers.csv", data=_tiktok_csv(header, rows)
    )
    landing.ingest()
    assert landing.rows(
        "select activity_date, total_viewers, new_viewers from raw.raw_tiktok_viewers order by 1"
    ) == [(date(2026, 3, 1), None, 0), (date(2026, 3, 2), 2100, 1500), (date(2026, 3, 3), None, 0)]
    assert landing.quarantine(source) == [] and landing.nulled_cells(source) == []


def test_content_with_a_leading_time_column_keeps_it_and_dates_last_years_posts(landing):
    header = (
        "Time|Video title|Video link|Post time|Total likes|Total comments|Total shares|Total views"
    )
    rows = [
        "February 28|my title |https://www.tiktok.com/@acme/video/7000000000000000101|July 16|5|1|0|90",
        "February 28||https://www.tiktok.com/@acme/video/7000000000000000102|February 27|2|0|0|10",
    ]
    landing.add("tiktok", "acme", "2026-02-28", name="Content.csv", data=_tiktok_csv(header, rows))
    landing.ingest()
    assert landing.rows(
        "select video_id, video_title, posted_date, views, extra_columns->>'Time' "
        "from raw.raw_tiktok_content order by 1"
    ) == [
        ("7000000000000000101", "my title ", date(2025, 7, 16), 90, "February 28"),
        ("7000000000000000102", None, date(2026, 2, 27), 10, "February 28"),
    ]


def test_business_suite_files_with_years_and_flows(landing):
    daily = (
        "Date,Video views,Reached audience,Profile views,Likes,Shares,Comments,"
        "Phone number clicks ,Leads submission,Net growth,New followers,Lost followers\n"
        "2025/10/31,300,NAN,12,9,1,2,0,0,4,4,0\n2025/11/01,7500,7400,50,80,20,6,0,0,8,10,2"
    )
    audience = (
        "Date,New followers,Total followers,Reached audience,Engaged audience\n"
        "2025/11/01,10,--,7400,180"
    )
    landing.add("tiktok", "biz", "2025-11-02", name="TIKTOK_RAW.csv",
                data=codecs.BOM_UTF8 + daily.encode())  # fmt: skip
    landing.add("tiktok", "biz", "2025-11-02", name="TIKTOK_AUDIENCE_RAW.csv",
                data=codecs.BOM_UTF8 + audience.encode())  # fmt: skip
    landing.ingest()
    assert landing.rows(
        "select activity_date, video_views, reach, likes, comments, new_followers, lost_followers, "
        "extra_columns->>'Net growth' from raw.raw_tiktok_overview order by 1"
    ) == [
        (date(2025, 10, 31), 300, None, 9, 2, 4, 0, "4"),
        (date(2025, 11, 1), 7500, 7400, 80, 6, 10, 2, "8"),
    ]
    # "--" is the suite's "no value": no follower total is made up from it.
    assert landing.rows(
        "select activity_date, followers_total, new_followers from raw.raw_tiktok_follower_history"
    ) == [(date(2025, 11, 1), None, 10)]


def test_audience_breakdowns_are_recognised_and_not_loaded_with_the_reason(landing):
    gender = landing.add("tiktok", "acme", "2026-03-04", name="FollowerGender.csv",
                         data=codecs.BOM_UTF8 + b'"Gender","Distribution"')  # fmt: skip
    activity = landing.add(
        "tiktok", "acme", "2026-03-04", name="FollowerActivity.csv",
        data=_tiktok_csv("Date|Hour|Active followers", ["March 3|0|300", "March 3|1|280"]),
    )  # fmt: skip
    landing.ingest()
    for source, what in ((gender, "followers by gender"), (activity, "active followers")):
        outcome = landing.outcome(source)
        assert outcome.status == "skipped" and landing.quarantine(source) == []
        assert outcome.reason == (
            f"TikTok Studio audience breakdown ({what}): shares or hourly activity of the "
            "audience, not a daily account metric; not loaded"
        )
