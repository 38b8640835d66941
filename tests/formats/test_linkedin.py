"""LinkedIn Page analytics workbooks (.xlsx and .xls), read with python-calamine."""

from __future__ import annotations

import json
from datetime import date

import pytest
from landing_zone import FIXTURES

from socialkpi.generator.xlsx import xlsx_bytes

PAGES = FIXTURES / "linkedin" / "pages"
NEW_FOLLOWERS_HEADER = [
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
]  # fmt: skip


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_followers_workbook_gives_daily_gross_gains_and_one_total_point(landing, suffix):
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
        (4, "audience_total", date(2026, 8, 4), None, None, None, None, 1234, "Location"),
    ]


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


def test_bad_cells_are_quarantined_row_by_row(landing):
    data = xlsx_bytes({
        "New followers": [NEW_FOLLOWERS_HEADER, ["08/01/2026", 0, 5, 1, 6],
                          ["31/08/2026", 0, 1, 0, 1], ["08/02/2026", 0, "many", 0, 1]],
        "Location": [["Location", "Total followers"], ["Paris", 10]],
        "Seniority": [["Seniority", "Total followers"], ["Senior", 9]],
    })  # fmt: skip
    path = landing.add("linkedin", "acme", "2026-08-05", name="f.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == [
        (2, "Date: cannot parse 31/08/2026"),
        (3, "Organic followers: cannot parse many"),
        (4, "demographic sheets disagree on the audience total: Location=10, Seniority=9"),
    ]


def test_updates_number_that_does_not_parse_is_quarantined(landing):
    data = xlsx_bytes({"Metrics": [["Date", "Impressions (organic)"], ["08/01/2026", "lots"]]})
    path = landing.add("linkedin", "acme", "2026-08-05", name="u.xlsx", data=data)
    landing.ingest()
    assert landing.quarantine(path) == [(1, "impressions_organic: cannot parse lots")]


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
    from landing_zone import zipped

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
