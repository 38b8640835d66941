"""TikTok Studio ``Content.csv``: year-less post times, video id from the link, zips."""

from __future__ import annotations

from datetime import date

from landing_zone import FIXTURES, zipped

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
        "March 4,-7,6,n/a,2,2\n"
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
        (2, "Likes", "Likes: cannot parse n/a (cell set to NULL, the row loaded)"),
        (2, "Video Views", "Video Views: negative count -7 (cell set to NULL, the row loaded)"),
    ]
    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.cells_nulled) == (2, 2, 2)
    assert outcome.reason == "2 cell(s) set to NULL"
