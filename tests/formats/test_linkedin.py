"""LinkedIn Page analytics workbooks (.xlsx and .xls), read with python-calamine, and their
sheets saved as CSV; the real shapes of ``tests/fixtures/exports/real/linkedin`` (see its
README) one by one."""

from __future__ import annotations

import json
from datetime import date

import pytest

from socialkpi.evaluation.generator.xlsx import xlsx_bytes
from tests.formats.landing_zone import FIXTURES

PAGES = FIXTURES / "linkedin" / "pages"
NEW_FOLLOWERS_HEADER = [
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
]  # fmt: skip


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_followers_workbook_gives_daily_new_followers_and_the_total_its_sheets_agree_on(
    landing, suffix
):
    # The file is renamed: the format is recognised from its sheet names.
    path = landing.add("linkedin", "Acme Corp", "2026-08-05",
                       f"linkedin/pages/acme_followers_1785888000000.{suffix}",
                       name=f"export.{suffix}")  # fmt: skip
    landing.ingest()

    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "linkedin_followers",
        4,
        4,
    )
    assert landing.rows(
        "select _source_row, row_kind, metric_date, sponsored_new_followers, "
        "organic_new_followers, auto_invited_new_followers, new_followers_total, "
        "followers_total, source_sheet from raw.raw_linkedin_followers order by _source_row"
    ) == [
        (1, "new_followers", date(2026, 8, 1), 0, 5, 1, 6, None, "New followers"),
        (2, "new_followers", date(2026, 8, 2), 2, 3, 0, 5, None, "New followers"),
        (3, "new_followers", date(2026, 8, 3), 0, 0, 0, 0, None, "New followers"),
        # Location 700 + 300 + 234, as Job function and Seniority: the total when the
        # export was taken, i.e. at the end of the day before the export date.
        (4, "audience_total", date(2026, 8, 4), None, None, None, None, 1234,
         "Location, Job function, Seniority"),
    ]  # fmt: skip


def test_updates_workbook_daily_metrics_and_lifetime_posts(landing):
    landing.add("linkedin", "acme", "2026-08-05", "linkedin/pages/acme_updates_1785888000000.xlsx")
    landing.ingest()
    rows = landing.rows(
        "select row_kind, metric_date, impressions_organic, impressions_sponsored, "
        "impressions_total, unique_impressions_organic, clicks_total, reactions_total, "
        "comments_total, reposts_total, engagement_rate_total, post_url, post_title, "
        "extra_metrics from raw.raw_linkedin_updates order by _source_row"
    )
    assert [r[:-1] for r in rows] == [
        ("daily", date(2026, 8, 1), 1200, 300, 1500, 900, 35, 42, 3, 1, 0.054, None, None),
        ("daily", date(2026, 8, 2), 800, 0, 800, 600, 10, 12, 1, 0, 0.029, None, None),
        ("post", date(2026, 7, 30), None, None, 5400, None, 120, 210, 14, 6, 0.0648,
         "https://www.linkedin.com/feed/update/urn:li:activity:7350000000000000001",
         "We are hiring"),
    ]  # fmt: skip
    assert json.loads(rows[2][-1]) == {"Update type": "Organic", "Content Type": "Image"}


def test_a_bad_date_quarantines_the_day_and_a_bad_count_only_its_cell(landing):
    data = xlsx_bytes({
        "New followers": [NEW_FOLLOWERS_HEADER, ["08/01/2026", 0, 5, 1, 6],
                          ["31/08/2026", 0, 1, 0, 1], ["08/02/2026", 0, "many", 0, 1]],
    })  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="f.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == [(2, "Date: cannot parse 31/08/2026")]
    assert landing.nulled_cells(path) == [
        (3, "Organic followers",
         "Organic followers: cannot parse many (cell set to NULL, the row loaded)"),
    ]  # fmt: skip
    assert landing.rows(
        "select metric_date, organic_new_followers, new_followers_total "
        "from raw.raw_linkedin_followers order by _source_row"
    ) == [(date(2026, 8, 1), 5, 6), (date(2026, 8, 2), None, 1)]


def test_a_daily_number_that_does_not_parse_is_nulled_and_its_day_loads(landing):
    data = xlsx_bytes({"Metrics": [["Date", "Impressions (organic)", "Impressions (total)"],
                                   ["08/01/2026", "lots", 12]]})  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="u.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == []
    assert landing.nulled_cells(path) == [
        (1, "Impressions (organic)",
         "Impressions (organic): cannot parse lots (cell set to NULL, the row loaded)"),
    ]  # fmt: skip
    assert landing.rows(
        "select metric_date, impressions_organic, impressions_total from raw.raw_linkedin_updates"
    ) == [(date(2026, 8, 1), None, 12)]


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("acme_followers_no_new_followers.xlsx",
         "LinkedIn followers workbook without a 'New followers' sheet "
         "(sheets: ['Location', 'Job function', 'Seniority'])"),
        ("acme_followers_protected.xlsx", "password-protected workbook: cannot be read"),
    ],
)  # fmt: skip
def test_unusable_workbooks_are_quarantined_whole_with_a_reason(landing, fixture, reason):
    path = landing.add("linkedin", "acme", "2026-08-05", f"linkedin/pages/{fixture}")
    landing.ingest()
    [(number, got)] = landing.quarantine(path)
    assert number is None
    assert got.startswith(reason)
    assert landing.outcome(path).status == "quarantined"


def test_a_zip_that_is_not_a_workbook_is_still_an_archive(landing):
    from tests.formats.landing_zone import zipped

    archive = zipped({"xl/workbook.xml": b"<x/>", "notes.csv": b"a,b\n1,2\n"})
    path = landing.add("linkedin", "acme", "2026-08-05", name="bundle.zip", data=archive)
    landing.ingest()
    assert {o.source_file for o in landing.report.outcomes} == {
        f"{path}!/xl/workbook.xml",
        f"{path}!/notes.csv",
    }


# -- sheets saved as CSV: a title line above the header ---------------------------------------

CSV = "linkedin/csv"


def test_new_followers_sheet_saved_as_csv_with_a_padded_title_line(landing):
    # Excel pads the title line with empty cells to the sheet's width; CRLF line ends.
    path = landing.add("linkedin", "acme", "2026-08-05", f"{CSV}/acme_followers_New followers.csv",
                       name="followers.csv")  # fmt: skip
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "linkedin_followers", 3, 3,
    )  # fmt: skip
    # One sheet, so no demographic sheet and no audience_total row.
    assert landing.rows(
        "select _source_row, row_kind, metric_date, sponsored_new_followers, "
        "organic_new_followers, auto_invited_new_followers, new_followers_total, "
        "followers_total, source_sheet from raw.raw_linkedin_followers order by _source_row"
    ) == [
        (1, "new_followers", date(2026, 8, 1), 0, 5, 1, 6, None, "New followers"),
        (2, "new_followers", date(2026, 8, 2), 2, 3, 0, 5, None, "New followers"),
        (3, "new_followers", date(2026, 8, 3), 0, 0, 0, 0, None, "New followers"),
    ]


def test_metrics_sheet_saved_as_csv_with_a_quoted_title_line(landing):
    path = landing.add("linkedin", "acme", "2026-08-05", f"{CSV}/acme_updates_Metrics.csv")
    landing.ingest()
    assert landing.outcome(path).format_name == "linkedin_updates"
    assert landing.rows(
        "select row_kind, metric_date, impressions_organic, impressions_sponsored, "
        "impressions_total, unique_impressions_organic, clicks_organic, clicks_total, "
        "reactions_sponsored, reactions_total, comments_total, reposts_total, "
        "engagement_rate_organic, engagement_rate_total "
        "from raw.raw_linkedin_updates order by _source_row"
    ) == [
        ("daily", date(2026, 8, 1), 1200, 300, 1500, 900, 30, 35, 2, 42, 3, 1, 0.061, 0.054),
        ("daily", date(2026, 8, 2), 800, 0, 800, 600, 10, 10, 0, 12, 1, 0, 0.029, 0.029),
    ]


def test_all_posts_sheet_saved_as_csv_keeps_quoted_titles_and_extra_columns(landing):
    path = landing.add("linkedin", "acme", "2026-08-05", f"{CSV}/acme_updates_All posts.csv")
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "linkedin_updates", 2, 2,
    )  # fmt: skip
    rows = landing.rows(
        "select row_kind, metric_date, post_title, post_url, impressions_total, clicks_total, "
        "reactions_total, comments_total, reposts_total, engagement_rate_total, extra_metrics "
        "from raw.raw_linkedin_updates order by _source_row"
    )
    assert [r[:-1] for r in rows] == [
        ("post", date(2026, 7, 30), "We are hiring, again",
         "https://www.linkedin.com/feed/update/urn:li:activity:7350000000000000001",
         5400, 120, 210, 14, 6, 0.0648),
        ("post", date(2026, 8, 2), "Launch day\nthread",
         "https://www.linkedin.com/feed/update/urn:li:activity:7350000000000000002",
         12000, 300, 410, 25, 12, 0.0623),
    ]  # fmt: skip
    assert json.loads(rows[1][-1]) == {"Update type": "Sponsored", "Content Type": "Video"}


def test_csv_with_an_unknown_title_and_no_linkedin_header_is_not_taken_for_linkedin(landing):
    text = b"Aggregated metrics of the page updates\nDay,Views\n08/01/2026,3\n"
    path = landing.add("linkedin", "acme", "2026-08-05", name="other.csv", data=text)
    landing.ingest()
    [(number, reason)] = landing.quarantine(path)
    assert number is None and reason.startswith("unrecognised format")


# -- the real shapes (tests/fixtures/exports/real/linkedin, values worked out by hand) ---------

REAL = FIXTURES / "real" / "linkedin"
FOLLOWER_ROWS = (
    "select metric_date, sponsored_new_followers, organic_new_followers, "
    "auto_invited_new_followers, new_followers_total from raw.raw_linkedin_followers "
    "where row_kind = 'new_followers' order by metric_date"
)


def land_real(landing, shape: str) -> dict[str, str]:
    """Land every file of one real shape (account folder) as it lies in the corpus;
    file name -> landed path."""
    landed = {}
    for path in sorted((REAL / shape).rglob("*.*")):
        export_date = path.parent.name
        landed[path.name] = landing.add(
            "linkedin", shape, export_date, str(path.relative_to(FIXTURES))
        )
    return landed


def only(landed: dict[str, str]) -> str:
    [path] = landed.values()
    return path


def test_followers_xls_loads_negative_days_as_stated_and_no_total_from_disagreeing_sheets(
    landing,
):
    path = only(land_real(landing, "li-followers-xls"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.status, outcome.rows_read, outcome.rows_loaded,
            outcome.cells_nulled, outcome.reason) == ("linkedin_followers", "loaded", 7, 7, 0, None)  # fmt: skip
    assert landing.rows(FOLLOWER_ROWS) == [
        (date(2026, 3, 8), 0, 4, 1, 5),
        (date(2026, 3, 9), 0, 2, 0, 2),
        # More organic unfollows than follows that day: -1, a platform fact.
        (date(2026, 3, 10), 0, -1, 0, -1),
        (date(2026, 3, 11), 0, 3, 2, 5),
        (date(2026, 3, 12), 2, 0, 0, 2),
        (date(2026, 3, 13), 0, 1, 0, 1),
        (date(2026, 3, 14), 0, 6, 1, 7),
    ]
    # Location 412, Job function 398, Seniority 436, Industry 441, Company size 377: no
    # total, and no quarantine either (members leave attributes blank: not bad input).
    assert landing.rows("select count(*) from raw.raw_linkedin_followers "
                        "where row_kind != 'new_followers'") == [(0,)]  # fmt: skip
    assert landing.quarantine(path) == []


def demographics(**sheets: list[object]) -> dict[str, list[list[object]]]:
    """Demographic sheets (name with _ for spaces -> its counts) of a followers workbook."""
    out = {}
    for key, counts in sheets.items():
        name = key.replace("_", " ")
        out[name] = [[name, "Total followers"], *([f"{name} {i}", n] for i, n in enumerate(counts))]
    return out


@pytest.mark.parametrize(
    ("sheets", "total"),
    [
        # Two breakdowns that count every member alike: that is the audience total.
        (demographics(Location=[700, 300, 234], Seniority=[1000, 234]), 1234),
        (demographics(Location=[10], Seniority=[9]), None),  # they disagree: no total
        (demographics(Location=[10]), None),  # nothing to agree with
        (demographics(Location=[], Seniority=[]), None),  # headers only: never 0
        (demographics(Location=[10], Seniority=["ten"]), None),  # a count is not a number
    ],
    ids=["agree", "disagree", "one-sheet", "headers-only", "not-a-number"],
)
def test_a_workbook_gives_an_audience_total_only_when_its_demographic_sheets_agree(
    landing, sheets, total
):
    data = xlsx_bytes({"New followers": [NEW_FOLLOWERS_HEADER, ["08/01/2026", 0, 5, 1, 6]],
                       **sheets})  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="f.xlsx", data=data)
    landing.ingest()
    assert landing.rows(
        "select followers_total from raw.raw_linkedin_followers where row_kind = 'audience_total'"
    ) == ([(total,)] if total is not None else [])
    assert landing.quarantine(path) == []


VISITOR_TOTALS = (
    "select metric_date, total_page_views_desktop, total_page_views_mobile, "
    "total_page_views_total, total_unique_visitors_desktop, total_unique_visitors_mobile, "
    "total_unique_visitors_total from raw.raw_linkedin_visitors order by metric_date"
)


def test_visitors_xls_loads_every_figure_as_stated_and_not_its_views_demographics(landing):
    path = only(land_real(landing, "li-visitors-xls"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "linkedin_visitors", 7, 7,
    )  # fmt: skip
    [first] = landing.rows(
        "select * exclude (_load_id, _load_seq, _platform, _account, _export_date, "
        "_source_file, _content_hash, _source_row, _loaded_at) from raw.raw_linkedin_visitors "
        "where metric_date = '2026-03-08'"
    )
    # 03/08: Overview 3 + 9 views by 2 + 6 visitors, Life 0 + 1 by 0 + 1, Jobs 1 + 0 by
    # 1 + 0, whole page 6 + 11 = 17 views (more than the tabs' 14) by 3 + 7 = 10 visitors.
    assert first == (date(2026, 3, 8), 3, 9, 12, 2, 6, 8, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1,
                     6, 11, 17, 3, 7, 10, "{}")  # fmt: skip
    assert [row[3] for row in landing.rows(VISITOR_TOTALS)] == [17, 21, 4, 30, 0, 9, 14]
    # "Total views" sheets are views: no follower row of any kind.
    assert landing.rows("select count(*) from raw.raw_linkedin_followers") == [(0,)]


def test_visitors_xls_without_demographic_sheets_loads_its_days(landing):
    path = only(land_real(landing, "li-visitors-metrics-only"))
    landing.ingest()
    assert landing.outcome(path).rows_loaded == 7
    # Nothing but 2 mobile views of the Overview tab by 1 visitor on 12/04.
    assert [row for row in landing.rows(VISITOR_TOTALS) if row[3]] == [
        (date(2025, 12, 4), 0, 2, 2, 0, 1, 1),
    ]


def test_visitors_workbook_without_visitor_metrics_is_quarantined_with_the_reason(landing):
    data = xlsx_bytes({"Location": [["Location", "Total views"], ["Paris", 3]]})
    path = landing.add("linkedin", "acme", "2026-08-05", name="v.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == [
        (None, "LinkedIn visitors workbook without a 'Visitor metrics' sheet "
               "(sheets: ['Location'])"),
    ]  # fmt: skip


POST_ROWS = (
    "select metric_date, post_url, post_title, impressions_total, views, clicks_total, "
    "reactions_total, comments_total, reposts_total, follows, engagement_rate_total, "
    "extra_metrics from raw.raw_linkedin_updates where row_kind = 'post' order by _source_row"
)


def test_content_xls_reads_both_sheets_below_their_title_rows(landing):
    path = only(land_real(landing, "li-content-xls"))
    landing.ingest()
    outcome = landing.outcome(path)
    # 7 days and 3 posts; 6 negative cells nulled (below).
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded, outcome.cells_nulled,
            outcome.reason) == ("linkedin_updates", 10, 10, 6, "6 cell(s) set to NULL")  # fmt: skip
    assert landing.rows(
        "select metric_date, impressions_organic, impressions_sponsored, impressions_total, "
        "unique_impressions_organic, clicks_total, reactions_total, comments_total, "
        "reposts_total from raw.raw_linkedin_updates where row_kind = 'daily' "
        "order by metric_date"
    ) == [
        (date(2026, 1, 1), 120, 0, 120, 48, 6, 3, 1, 0),
        (date(2026, 1, 2), 310, 40, 350, 122, 11, 12, 2, 1),
        (date(2026, 1, 3), 95, 0, 95, 40, 2, None, 0, 0),
        (date(2026, 1, 4), 204, 0, 204, 87, 5, 7, None, 1),
        (date(2026, 1, 5), 512, 60, 572, 230, 17, 21, 5, 2),
        (date(2026, 1, 6), 188, 0, 188, 75, 4, 6, 1, 0),
        (date(2026, 1, 7), 143, 0, 143, 61, 3, 4, 0, None),
    ]
    posts = landing.rows(POST_ROWS)
    link = "https://www.linkedin.com/feed/update/urn:li:activity:"
    assert [row[:-2] for row in posts] == [
        (date(2026, 1, 6), f"{link}7414000000000000103",
         "Our new gripper in action \U0001f916\n\nWatch the full demo: https://lnkd.in/eXmPl3d",
         410, 265, 12, 18, 3, 2, None),
        # A repost without commentary: '' title and '' Views are NULL, not text.
        (date(2026, 1, 4), f"{link}7414000000000000102", None, 96, None, 1, 2, 0, 0, None),
        (date(2026, 1, 2), f"{link}7414000000000000101",
         "Hiring:\xa0two field engineers in Rotterdam.\nApply: https://lnkd.in/eJobs1",
         1250, None, 31, 22, 4, 1, 6),
    ]  # fmt: skip
    # Rates as LinkedIn stores them (float32 widened): (12 + 18 + 3 + 2) / 410.
    assert posts[0][-2] == pytest.approx(35 / 410, rel=1e-6)
    assert json.loads(posts[1][-1]) == {
        "Post type": "Organic", "Campaign name": "", "Posted by": " ",
        "Campaign start date": "", "Campaign end date": "", "Audience": "All followers",
        "Offsite Views": "", "Click through rate (CTR)": "0.010416666977107525",
        "Content Type": "",
    }  # fmt: skip


def test_a_negative_daily_count_is_nulled_in_its_cell_and_its_day_loads(landing):
    path = only(land_real(landing, "li-content-xls"))
    landing.ingest()
    assert landing.quarantine(path) == []
    reason = "{}: negative count {} (cell set to NULL, the row loaded)"
    assert landing.nulled_cells(path) == [
        (3, column, reason.format(column, -1)) for column in ("Reactions (organic)", "Reactions (total)")
    ] + [
        (4, column, reason.format(column, -2)) for column in ("Comments (organic)", "Comments (total)")
    ] + [
        (7, column, reason.format(column, -1)) for column in ("Reposts (organic)", "Reposts (total)")
    ]  # fmt: skip


def test_a_zero_daily_count_is_a_count(landing):
    data = xlsx_bytes({"Metrics": [["Title"], ["Date", "Impressions (organic)",
                                              "Impressions (total)", "Reactions (total)"],
                                   ["08/01/2026", 0, 0, 0]]})  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="u.xlsx", data=data)
    landing.ingest()
    assert landing.nulled_cells(path) == []
    assert landing.rows("select reactions_total from raw.raw_linkedin_updates") == [(0,)]


def test_content_xls_without_all_posts_loads_its_days(landing):
    path = only(land_real(landing, "li-content-metrics-only"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.reason) == (7, 7, None)
    assert landing.rows(
        "select metric_date, impressions_total, unique_impressions_organic "
        "from raw.raw_linkedin_updates where impressions_total > 0"
    ) == [(date(2025, 12, 5), 3, 2)]


def test_competitor_analytics_is_skipped_whole_with_the_reason(landing):
    path = only(land_real(landing, "li-competitors"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.status, outcome.reason) == (
        "skipped",
        "LinkedIn competitor analytics (sheet 'COMPETITORS': 3 pages' total and new "
        "followers over 2/12/2026 to 3/14/2026): it compares pages and does not say "
        "which one is this account, and holds no daily metrics: not loaded",
    )
    assert landing.quarantine(path) == []


def test_excel_resaved_xlsx_exports_load_as_their_xls(landing):
    landed = land_real(landing, "li-resaved-xlsx")
    landing.ingest()
    assert sorted(landing.outcome(p).format_name for p in landed.values()) == [
        "linkedin_followers", "linkedin_visitors",
    ]  # fmt: skip
    assert landing.rows(FOLLOWER_ROWS)[4] == (date(2026, 2, 10), 0, -1, 0, -1)
    assert [row[3] for row in landing.rows(VISITOR_TOTALS)] == [12, 3, 20, 7, 1, 6, 25]


def test_2020_22_updates_workbook_reads_shares_and_update_columns(landing):
    path = only(land_real(landing, "li-updates-2022"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.cells_nulled) == (9, 9, 2)
    assert landing.rows(
        "select metric_date, reposts_organic, reposts_total from raw.raw_linkedin_updates "
        "where row_kind = 'daily' and metric_date = '2022-01-20'"
    ) == [(date(2022, 1, 20), 2, 2)]  # Shares (organic), Shares (total)
    link = "https://www.linkedin.com/feed/update/urn:li:activity:"
    assert [row[:10] for row in landing.rows(POST_ROWS)] == [
        (date(2022, 1, 20), f"{link}6890000000000000202", "Spring sailings are open!",
         512, None, 14, 23, 4, 3, None),
        # Video views -> views, Shares -> reposts, Update title / link -> post title / url.
        (date(2022, 1, 17), f"{link}6890000000000000201", "Behind the scenes with our crew",
         344, 190, 6, 15, 2, 1, None),
    ]  # fmt: skip


def test_merged_workbook_loads_its_content_and_quarantines_its_visitor_rows(landing):
    path = only(land_real(landing, "li-merged-workbook"))
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded,
            outcome.rows_quarantined) == ("linkedin_updates", 7, 4, 3)  # fmt: skip
    reason = (
        "sheet 'Visitor metrics' (visitors) of a workbook merged by hand with content sheets: "
        "the file loads as content, its visitors rows are not loaded (land the visitors "
        "export on its own)"
    )
    assert landing.quarantine(path) == [(5, reason), (6, reason), (7, reason)]
    # Created date pasted as the Excel serial number 43916: 2020-03-26.
    assert [row[:4] for row in landing.rows(POST_ROWS)] == [
        (date(2020, 3, 26), "https://www.linkedin.com/feed/update/urn:li:activity:6650000000000000301",
         "Our spring open studio, online this year", 388),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("template", "format_name"),
    [("Linkedin_followers.xlsx", "linkedin_followers"),
     ("Linkedin_visitors.xlsx", "linkedin_visitors"),
     ("Linkedin_updates.xlsx", "linkedin_updates")],
)  # fmt: skip
def test_a_header_only_template_loads_nothing_and_says_so(landing, template, format_name):
    path = land_real(landing, "li-templates")[template]
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.status, outcome.rows_read, outcome.reason) == (
        format_name, "loaded", 0, "no data rows: the file holds headers only",
    )  # fmt: skip
    for table in ("raw_linkedin_followers", "raw_linkedin_visitors", "raw_linkedin_updates"):
        assert landing.rows(f"select count(*) from raw.{table}") == [(0,)], table


def test_first_sheets_saved_by_pandas_load_as_their_sheets(landing):
    landed = land_real(landing, "li-pandas-csv")
    landing.ingest()
    assert sorted((landing.outcome(p).format_name, landing.outcome(p).rows_loaded)
                  for p in landed.values()) == [
        ("linkedin_followers", 7), ("linkedin_updates", 7), ("linkedin_visitors", 7),
    ]  # fmt: skip
    assert landing.rows(FOLLOWER_ROWS)[1] == (date(2026, 2, 23), 0, -1, 0, -1)
    assert [row[3] for row in landing.rows(VISITOR_TOTALS)] == [8, 2, 12, 0, 13, 4, 20]
    assert landing.rows(
        "select metric_date, impressions_total, engagement_rate_total "
        "from raw.raw_linkedin_updates order by metric_date limit 1"
    ) == [(date(2026, 2, 22), 150, 12 / 150)]  # (5 + 6 + 1 + 0) / 150 in full repr


def test_cleaned_csv_and_xlsx_with_iso_datetimes_load_the_same_days(landing):
    landed = land_real(landing, "li-cleaned")
    landing.ingest()
    days = {}
    for name, path in landed.items():
        assert landing.outcome(path).rows_loaded == 7, name
        days[name] = landing.rows(
            "select metric_date, impressions_total, clicks_total, reactions_total, "
            "comments_total, reposts_total, round(engagement_rate_total, 12) "
            "from raw.raw_linkedin_updates where _source_file = ? order by metric_date",
            [path],
        )
    quoted, excel, workbook = days.values()
    assert quoted == excel == workbook
    assert quoted[3][:6] == (date(2026, 1, 15), 405, 15, 21, 4, 2)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["", "https://www.linkedin.com/feed/update/urn:li:activity:1", "08/01/2026", 5], None),
        (["title", "", "08/01/2026", 5], "Post link: missing"),
        (["title", "https://www.linkedin.com/feed/update/urn:li:activity:1", "", 5],
         "Created date: missing"),
        (["title", "https://www.linkedin.com/feed/update/urn:li:activity:1", "soon", 5],
         "Created date: cannot parse soon"),
    ],
    ids=["no-title-loads", "no-link", "no-created-date", "bad-created-date"],
)  # fmt: skip
def test_a_post_needs_its_link_and_created_date(landing, row, reason):
    data = xlsx_bytes({"All posts": [["Title"], ["Post title", "Post link", "Created date",
                                                 "Impressions"], row]})  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="p.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == ([] if reason is None else [(1, reason)])
