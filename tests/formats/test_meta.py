"""Meta Business Suite: account metric files (UTF-16, title line) and content exports."""

from __future__ import annotations

import codecs
from datetime import date, datetime

from tests.formats.landing_zone import FIXTURES, utf16

EXPORT = "2025-08-05"
METRIC_FILES = {
    "instagram": ["Follows.csv", "Views.csv", "Visits.csv", "Link clicks.csv"],
    "facebook": ["Follows.csv", "Reach.csv", "Interactions.csv", "Visits.csv"],
}


def test_account_metric_fixtures_are_utf16_with_bom_and_sep_line():
    for platform, names in METRIC_FILES.items():
        for name in names:
            data = (FIXTURES / platform / name).read_bytes()
            assert data.startswith(codecs.BOM_UTF16_LE + "sep=,\r\n".encode("utf-16-le"))


def test_account_metric_files_load_one_row_per_day_with_the_metric_from_the_title(landing):
    for platform, names in METRIC_FILES.items():
        for name in names:
            landing.add(platform, "acme", EXPORT, f"{platform}/{name}")
    report = landing.ingest()

    assert report.status_counts == {"loaded": 8}
    rows = landing.rows(
        "select _platform, metric, metric_date, value, metric_title "
        "from raw.raw_meta_account_metrics order by _platform, metric, metric_date"
    )
    d = date
    assert rows == [
        ("facebook", "follows", d(2025, 8, 2), 4, "Facebook follows"),
        ("facebook", "follows", d(2025, 8, 3), 1, "Facebook follows"),
        ("facebook", "interactions", d(2025, 8, 1), 233, "Content interactions"),
        ("facebook", "interactions", d(2025, 8, 2), 198, "Content interactions"),
        ("facebook", "profile_visits", d(2025, 8, 1), 61, "Facebook visits"),
        ("facebook", "profile_visits", d(2025, 8, 2), 57, "Facebook visits"),
        ("facebook", "reach", d(2025, 8, 1), 5120, "Reach"),
        ("facebook", "reach", d(2025, 8, 2), 4890, "Reach"),
        # Sparse: no follow on 2025-08-03, so the file has no row for it.
        ("instagram", "follows", d(2025, 8, 1), 20, "Instagram follows"),
        ("instagram", "follows", d(2025, 8, 2), 3, "Instagram follows"),
        ("instagram", "follows", d(2025, 8, 4), 11, "Instagram follows"),
        ("instagram", "link_clicks", d(2025, 8, 1), 17, "Link clicks"),
        ("instagram", "link_clicks", d(2025, 8, 2), 9, "Link clicks"),
        ("instagram", "profile_visits", d(2025, 8, 1), 412, "Instagram profile visits"),
        ("instagram", "profile_visits", d(2025, 8, 2), 388, "Instagram profile visits"),
        ("instagram", "profile_visits", d(2025, 8, 3), 0, "Instagram profile visits"),
        ("instagram", "profile_visits", d(2025, 8, 4), 367, "Instagram profile visits"),
        ("instagram", "views", d(2025, 8, 1), 15230, "Views"),
        ("instagram", "views", d(2025, 8, 2), 9874, "Views"),
        ("instagram", "views", d(2025, 8, 3), 11002, "Views"),
        ("instagram", "views", d(2025, 8, 4), 13418, "Views"),
    ]


def test_account_metric_rows_carry_their_lineage(landing):
    source = landing.add("instagram", "Acme 'FR'", EXPORT, "instagram/Follows.csv")
    report = landing.ingest()

    rows = landing.rows(
        "select _load_id, _platform, _account, _export_date, _source_file, _source_row "
        "from raw.raw_meta_account_metrics order by _source_row"
    )
    assert rows == [
        (report.load_id, "instagram", "Acme 'FR'", date(2025, 8, 5), source, n) for n in (1, 2, 3)
    ]
    outcome = landing.outcome(source)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "meta_account_metrics",
        3,
        3,
    )


def test_instagram_title_under_facebook_folder_is_quarantined_as_platform_mismatch(landing):
    source = landing.add("facebook", "acme", EXPORT, "instagram/Follows.csv")
    landing.ingest()

    assert landing.outcome(source).status == "quarantined"
    [(record, reason)] = landing.quarantine(source)
    assert record is None
    assert reason.startswith("platform mismatch: folder says 'facebook', content says 'instagram'")
    assert landing.rows("select count(*) from raw.raw_meta_account_metrics") == [(0,)]


def test_neutral_title_loads_under_either_platform(landing):
    landing.add("facebook", "acme", EXPORT, "instagram/Views.csv")
    landing.ingest()

    assert landing.rows("select distinct _platform, metric from raw.raw_meta_account_metrics") == [
        ("facebook", "views")
    ]


def test_malformed_metric_row_is_quarantined_while_the_rest_loads(landing):
    text = (
        'sep=,\r\n"Reach"\r\n"Date","Primary"\r\n'
        '"2025-08-01T00:00:00","5120"\r\n'
        '"2025-08-0xT00:00:00","4890"\r\n'
        '"2025-08-03T00:00:00","lots"\r\n'
        '"2025-08-04T00:00:00","4702"\r\n'
    )
    source = landing.add("facebook", "acme", EXPORT, name="Reach.csv", data=utf16(text))
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (4, 2, 2)
    assert landing.quarantine(source) == [
        (2, "Date: cannot parse 2025-08-0xT00:00:00"),
        (3, "Primary: cannot parse lots"),
    ]
    assert landing.rows(
        "select metric_date, value from raw.raw_meta_account_metrics order by metric_date"
    ) == [(date(2025, 8, 1), 5120), (date(2025, 8, 4), 4702)]


def test_unknown_metric_title_quarantines_the_whole_file(landing):
    text = (
        'sep=,\r\n"Instagram mystery metric"\r\n"Date","Primary"\r\n"2025-08-01T00:00:00","1"\r\n'
    )
    source = landing.add("instagram", "acme", EXPORT, name="Mystery.csv", data=utf16(text))
    landing.ingest()

    assert landing.quarantine(source) == [
        (None, "unknown Meta Business Suite metric title 'Instagram mystery metric'")
    ]


def test_instagram_content_export_parses_lifetime_values_per_post(landing):
    name = "Aug-01-2025_Aug-04-2025_1187216283396341.csv"
    source = landing.add("instagram", "acme_fr", EXPORT, f"instagram/{name}")
    landing.ingest()

    rows = landing.rows(
        "select _source_row, post_id, account_id, account_username, account_name, description, "
        "duration_sec, published_at, permalink, post_type, data_comment, metrics_period, "
        "views, reach, likes, shares, follows, comments, saves "
        "from raw.raw_instagram_content where _source_file = ? order by _source_row",
        [source],
    )
    account = ("17841400000000001", "acme_fr", "Acme France")
    assert rows == [
        (1, "17912345678901234", *account, "Nouvelle collection, enfin ! #acme", 0.0,
         datetime(2025, 8, 1, 14, 5), "https://www.instagram.com/p/DMabc123xyz/", "IG image",
         None, "Lifetime", 12400, 9850, 431, 12, 3, 27, 58),
        (2, "17912345678901235", *account, "Behind the scenes\nPart 2 🎬", 31.0,
         datetime(2025, 8, 3, 9, 30), "https://www.instagram.com/reel/DMdef456uvw/", "IG reel",
         None, "Lifetime", 104212, 61007, 2315, 140, 22, 96, 301),
        (3, "17912345678901236", *account, None, 0.0, datetime(2025, 8, 4, 18, 0),
         "https://www.instagram.com/stories/acme_fr/3690000000000000000/", "IG story",
         None, "Lifetime", 1520, 1388, None, None, 0, None, None),
    ]  # fmt: skip


def test_facebook_content_export_reads_the_quoted_header_with_commas(landing):
    name = "Aug-01-2025_Aug-04-2025_104123456789012.csv"
    source = landing.add("facebook", "Acme Corp", EXPORT, f"facebook/{name}")
    landing.ingest()

    rows = landing.rows(
        "select post_id, page_id, page_name, title, description, duration_sec, published_at, "
        "caption_type, permalink, is_crosspost, is_share, post_type, metrics_period, views, "
        "reach, reactions_comments_shares, reactions, comments, shares, total_clicks, "
        "link_clicks, other_clicks, seconds_viewed "
        "from raw.raw_facebook_content where _source_file = ? order by _source_row",
        [source],
    )
    page = ("104123456789012", "Acme Corp")
    assert rows == [
        ("104123456789012_122101234567890123", *page, None,
         "Our new store opens Monday, come say hi!", None, datetime(2025, 8, 2, 10, 15), None,
         "https://www.facebook.com/104123456789012/posts/122101234567890123", False, False,
         "Photos", "Lifetime", 3210, 2875, 142, 118, 16, 8, 97, 0, 97, None),
        ("104123456789012_122101234567890456", *page, "Summer recap", None, 45.0,
         datetime(2025, 8, 4, 17, 45), None, "https://www.facebook.com/reel/1234567890123456/",
         False, True, "Reels", "Lifetime", 18004, 12990, 611, 540, 44, 27, 0, 0, 0, 9612.0),
    ]  # fmt: skip


def test_content_export_under_the_other_meta_platform_is_quarantined(landing):
    name = "Aug-01-2025_Aug-04-2025_1187216283396341.csv"
    source = landing.add("facebook", "acme", EXPORT, f"instagram/{name}")
    landing.ingest()

    [(_, reason)] = landing.quarantine(source)
    assert reason == (
        "platform mismatch: instagram_content is a instagram export, found under 'facebook'"
    )


def test_each_section_of_a_metric_file_is_its_own_metric_of_its_own_platform(landing):
    # A Facebook page's Follows.csv: the page's own section, then its Instagram account's.
    text = (
        'sep=,\r\n"Follows"\r\n"Date","Primary"\r\n'
        '"2025-06-01T00:00:00","4"\r\n"2025-06-02T00:00:00","6"\r\n'
        '\r\n"Instagram follows"\r\n"Date","Primary"\r\n'
        '"2025-06-01T00:00:00","40"\r\n"2025-06-02T00:00:00","oops"\r\n'
    )
    path = landing.add("facebook", "acme", "2025-06-03", name="Follows.csv", data=utf16(text))
    report = landing.ingest()

    assert landing.rows(
        "select _source_file, _platform, metric, metric_date, value, metric_title "
        "from raw.raw_meta_account_metrics order by metric_date"
    ) == [
        (f"{path}#section-1", "facebook", "follows", date(2025, 6, 1), 4, "Follows"),
        (f"{path}#section-1", "facebook", "follows", date(2025, 6, 2), 6, "Follows"),
    ]
    # The Instagram section is never read as the Facebook page's follows.
    instagram = landing.outcome(f"{path}#section-2")
    assert instagram.status == "skipped"  # another platform's table: not bad input
    assert instagram.reason == (
        "section 2 of Follows.csv: platform mismatch: folder says 'facebook', content says "
        "'instagram' (meta_account_metrics)"
    )
    assert report.status_counts == {"loaded": 1, "skipped": 1}


def test_sections_of_the_folder_platform_load_with_their_own_line_numbers(landing):
    text = (
        'sep=,\n"Facebook reach"\n"Date","Primary"\n"2025-06-01T01:00:00","100"\n'
        '\n"Facebook visits"\n"Date","Primary"\n"2025-06-01T01:00:00","7"\n'
        '"2025-06-02T01:00:00","8","9"\n'
    )
    path = landing.add("facebook", "acme", "2025-06-03", name="Reach.csv", data=utf16(text))
    landing.ingest()
    # The export's time zone shows as a time of day: the day is the date part.
    assert landing.rows(
        "select metric, metric_date, value from raw.raw_meta_account_metrics order by 1, 2"
    ) == [("profile_visits", date(2025, 6, 1), 7), ("reach", date(2025, 6, 1), 100)]
    [(line, raw_text)] = landing.rows(
        "select line_number, raw_text from raw.quarantine where source_file = ?",
        [f"{path}#section-2"],
    )
    assert (line, raw_text) == (9, '"2025-06-02T01:00:00","8","9"')


def test_excel_unicode_text_resave_is_utf16_with_tabs(landing):
    text = "sep=\t\r\nInstagram follows\r\nDate\tPrimary\r\n2025-06-01T00:00:00\t12\r\n"
    landing.add("instagram", "acme", "2025-06-03", name="Follows.txt.csv", data=utf16(text))
    landing.ingest()
    assert landing.rows("select metric, metric_date, value from raw.raw_meta_account_metrics") == [
        ("follows", date(2025, 6, 1), 12)
    ]


def test_a_redelivered_sectioned_file_is_a_duplicate_section_by_section(landing):
    text = (
        'sep=,\n"Facebook reach"\n"Date","Primary"\n"2025-06-01T00:00:00","100"\n'
        '\n"Facebook visits"\n"Date","Primary"\n"2025-06-01T00:00:00","7"\n'
    )
    # Discovery order is by path: "Reach (1).csv" comes first and is the one loaded.
    first = landing.add("facebook", "acme", "2025-06-03", name="Reach (1).csv", data=utf16(text))
    again = landing.add("facebook", "acme", "2025-06-03", name="Reach.csv", data=utf16(text))
    landing.ingest()
    statuses = dict(landing.rows("select source_file, status from raw.file_manifest"))
    assert statuses == {
        f"{first}#section-1": "loaded",
        f"{first}#section-2": "loaded",
        f"{again}#section-1": "duplicate",
        f"{again}#section-2": "duplicate",
    }
    assert landing.rows(
        "select duplicate_of from raw.file_manifest where source_file = ?", [f"{again}#section-2"]
    ) == [(f"{first}#section-2",)]
    # A second run sees nothing new.
    assert landing.ingest().outcomes == []


def test_the_2023_generation_names_the_value_column_after_the_metric(landing):
    # "Date","Facebook reach" instead of "Date","Primary"; in the visits file the second title
    # is even wrong ("Instagram followers" under "Instagram profile visits"): the section title
    # line decides.
    text = (
        'sep=,\n"Facebook visits"\n"Date","Facebook Page likes"\n"2023-06-15T00:00:00","3"\n'
        '\n"Instagram profile visits"\n"Date","Instagram followers"\n'
        '"2023-06-15T00:00:00","21"\n\n'
    )
    path = landing.add(
        "facebook", "acme", "2023-06-16", name="Page and profile visits.csv", data=utf16(text)
    )
    landing.ingest()
    assert landing.rows("select metric, metric_date, value from raw.raw_meta_account_metrics") == [
        ("profile_visits", date(2023, 6, 15), 3)
    ]
    assert landing.outcome(f"{path}#section-2").status == "skipped"


def test_portuguese_titles_and_a_semicolon_resave(landing):
    portuguese = (
        'sep=,\n"Seguidores no Instagram"\n"Data","Primary"\n"2025-05-05T00:00:00","12"\n\n'
    )
    resaved = "Facebook follows;\nDate;Primary\n2025-10-31T00:00:00;4\n2025-11-03T01:00:00;0\n"
    landing.add("instagram", "pt", "2025-05-06", name="Seguidores.csv", data=utf16(portuguese))
    landing.add("facebook", "bg", "2025-11-04", name="Follows.csv", data=resaved.encode())
    landing.ingest()
    assert landing.rows(
        "select _account, metric, metric_date, value from raw.raw_meta_account_metrics order by 1, 3"
    ) == [
        ("bg", "follows", date(2025, 10, 31), 4),
        ("bg", "follows", date(2025, 11, 3), 0),
        ("pt", "follows", date(2025, 5, 5), 12),
    ]


def test_a_metric_file_saved_as_xlsx_is_read_as_the_csv_it_was(landing):
    from socialkpi.evaluation.generator.xlsx import xlsx_bytes

    sheet = [["Facebook visits"], ["Date", "Primary"], ["2023-07-08T00:00:00", 5.0],
             ["2023-07-09T00:00:00", 7.0]]  # fmt: skip
    landing.add("facebook", "acme", "2023-07-10", name="Visits.xlsx",
                data=xlsx_bytes({"Visits": sheet}))  # fmt: skip
    landing.ingest()
    assert landing.rows(
        "select metric, metric_date, value from raw.raw_meta_account_metrics order by 2"
    ) == [("profile_visits", date(2023, 7, 8), 5), ("profile_visits", date(2023, 7, 9), 7)]


def test_viewers_is_metas_2025_name_for_reach(landing):
    text = 'sep=,\n"Viewers"\n"Date","Primary"\n"2025-11-01T00:00:00","900"\n\n'
    landing.add("facebook", "acme", "2025-11-02", name="Viewers.csv", data=utf16(text))
    landing.ingest()
    assert landing.rows("select metric, value from raw.raw_meta_account_metrics") == [
        ("reach", 900)
    ]


def test_content_export_generations_load_by_name_with_optional_columns(landing):
    # 2023-24 Facebook posts: Impressions and IMPRESSION:UNIQUE_USERS, no Views, no Seconds
    # viewed; an error row Meta writes for a post it could not compute has no Post ID.
    header = (
        '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time",'
        '"Caption type",Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels",'
        '"Funded content status","Data comment",Date,IMPRESSION:UNIQUE_USERS,Reach,Impressions,'
        '"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks",'
        '"Matched Audience Targeting Consumption (Photo Click)","Other Clicks","Link Clicks",'
        '"Negative feedback from users: Hide all"\n'
    )
    good = (
        '100000000000001_200000000000001,100000000000001,Acme,,"Hello there",,'
        '"01/15/2024 09:30",,https://www.facebook.com/100000000000001/posts/200000000000001,'
        "0,0,Photo,,,,,Lifetime,90,95,120,11,8,2,1,4,1,2,1,0\n"
    )
    error = (
        ',,,,,,,,,,,,,,,"An error occurred while computing metadata for content with ID '
        '300000000000001.",Lifetime,42,,,,,,,,,,,\n'
    )
    source = landing.add(
        "facebook", "acme", "2024-03-01", name="Dec-12-2023_Mar-01-2024_1032418178499222.csv",
        data=codecs.BOM_UTF8 + (header + good + error).encode(),
    )  # fmt: skip
    landing.ingest()
    assert landing.rows(
        "select post_id, views, reach, impressions, reactions, comments, shares, link_clicks, "
        "seconds_viewed, extra_columns->>'IMPRESSION:UNIQUE_USERS' from raw.raw_facebook_content"
    ) == [("100000000000001_200000000000001", None, 95, 120, 8, 2, 1, 1, None, "90")]
    [(record, reason)] = landing.quarantine(source)
    assert (record, reason) == (2, "Post ID: missing")


def test_a_whole_line_resave_is_unwrapped_and_read(landing):
    # A ;-locale spreadsheet read the comma file as one column and wrote each record back as
    # one quoted cell.
    original = (
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        "Follows,Comments,Saves\n"
        '18000000000000101,17840000000000101,acme,"Acme Co",hi,0,"10/31/2025 02:50",'
        'https://www.instagram.com/p/AbC/,"IG carousel",,Lifetime,834,143,12,0,0,3,1\n'
    )
    wrapped = "".join(
        '"' + line.replace('"', '""') + '"\n' for line in original.splitlines()
    ).replace('"""Post ID""', '"Post ID')
    landing.add("instagram", "acme", "2025-11-01", name="INSTAGRAM_RAW.csv",
                data=codecs.BOM_UTF8 + wrapped.encode())  # fmt: skip
    landing.ingest()
    assert landing.rows(
        "select post_id, views, reach, likes, comments, saves from raw.raw_instagram_content"
    ) == [("18000000000000101", 834, 143, 12, 3, 1)]


def test_audience_and_video_exports_are_recognised_and_not_loaded(landing):
    audience = (
        'sep=,\n"Age & gender"\n"","Women","Men"\n"18-24","10.5","6.2"\n\n'
        '"Top countries"\n"Country A","Country B"\n"40.1","5.2"\n\n'
    )
    video = (
        '"Video asset ID","Universal video ID","Page ID","Page name",Title,"Duration (sec)",'
        '"Publish time","Custom labels","Data comment",Date,Reach\n'
        '900000000000001,1,100000000000001,Acme,,30,"01/02/2026 10:00",,,Lifetime,50\n'
    )
    a = landing.add("instagram", "acme", "2026-01-05", name="Audience.csv", data=utf16(audience))
    v = landing.add("facebook", "acme", "2026-01-05", name="videos.csv", data=video.encode())
    landing.ingest()
    assert landing.outcome(a).reason.startswith(
        "Meta Business Suite audience or content-format breakdown: shares of the audience"
    )
    assert landing.outcome(v).reason.startswith(
        "Facebook video export (one row per video asset): its videos are also in the posts"
    )


def test_an_untitled_platform_section_is_the_other_platform_of_the_pair(landing):
    # The same two-section file landed under the Instagram account: "Instagram follows" loads,
    # and "Follows" (the page's, beside an Instagram section) is never read as Instagram's.
    text = (
        'sep=,\n"Follows"\n"Date","Primary"\n"2025-06-01T00:00:00","4"\n'
        '\n"Instagram follows"\n"Date","Primary"\n"2025-06-01T00:00:00","40"\n\n'
    )
    path = landing.add("instagram", "acme", "2025-06-03", name="Follows.csv", data=utf16(text))
    landing.ingest()
    assert landing.rows("select metric, value from raw.raw_meta_account_metrics") == [
        ("follows", 40)
    ]
    assert landing.outcome(f"{path}#section-1").reason == (
        "section 1 of Follows.csv: platform mismatch: folder says 'instagram', the file's other "
        "sections make this one 'facebook''s (meta_account_metrics)"
    )
