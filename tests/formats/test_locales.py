"""Localized (French, German) and Excel-resaved variants of the CSV formats."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from socialkpi.formats.base import SourceRejected
from socialkpi.formats.locales import alias, detect_dialect
from socialkpi.sql_macros import install_macros
from tests.formats.landing_zone import FIXTURES

LOCALES = FIXTURES / "locales"


def test_french_tiktok_titles_no_break_space_thousands_and_month_names(landing):
    path = landing.add("tiktok", "café_paris", "2026-01-02",
                       "locales/fr_tiktok_FollowerHistory.csv", name="FollowerHistory.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(path).format_name == "tiktok_follower_history"
    assert landing.rows(
        "select activity_date, followers_total, followers_net_change "
        "from raw.raw_tiktok_follower_history order by activity_date"
    ) == [
        (date(2025, 12, 30), 12400, 15),
        (date(2025, 12, 31), 12410, 10),
        (date(2026, 1, 1), 12405, -5),
    ]


def test_german_x_overview_day_first_dates_and_thousands_dots(landing):
    path = landing.add("x", "acme", "2026-06-07", "locales/de_x_account_overview_analytics.csv",
                       name="account_overview_analytics.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(path).rows_loaded == 2
    assert landing.rows(
        "select activity_date, impressions, video_views from raw.raw_x_account_overview "
        "order by activity_date"
    ) == [(date(2026, 6, 5), 987, 10), (date(2026, 6, 6), 1234, 1234567)]


def test_french_meta_metric_file_with_sep_semicolon_and_french_title(landing):
    path = landing.add("instagram", "acme", "2025-08-03", "locales/fr_instagram_Follows.csv",
                       name="Follows.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(path).format_name == "meta_account_metrics"
    assert landing.rows(
        "select metric, metric_date, value from raw.raw_meta_account_metrics order by metric_date"
    ) == [("follows", date(2025, 8, 1), 1204), ("follows", date(2025, 8, 2), 20)]


def test_excel_resave_bom_trailing_empty_columns_and_rows(landing):
    path = landing.add("tiktok", "acme", "2026-03-05", "locales/resaved_tiktok_FollowerHistory.csv",
                       name="FollowerHistory.csv")  # fmt: skip
    landing.ingest()
    outcome = landing.outcome(path)
    # The empty rows Excel leaves at the end are not records.
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 2, 0)
    assert landing.rows(
        "select activity_date, followers_total from raw.raw_tiktok_follower_history "
        "order by activity_date"
    ) == [(date(2026, 3, 3), 1010), (date(2026, 3, 4), 1020)]


def test_ambiguous_number_format_is_quarantined_with_a_reason(landing):
    path = landing.add("tiktok", "acme", "2026-03-05", "locales/ambiguous_tiktok_Overview.csv",
                       name="Overview.csv")  # fmt: skip
    landing.ingest()
    [(number, reason)] = landing.quarantine(path)
    assert number is None
    assert reason.startswith("ambiguous number format: '1.234' could be")


def test_ambiguous_dot_resolved_by_another_row_of_the_same_file(landing):
    text = (LOCALES / "ambiguous_tiktok_Overview.csv").read_text() + "5 mars;1.234.567;5;6;7;8\n"
    landing.add("tiktok", "acme", "2026-03-06", name="Overview.csv", data=text.encode())
    landing.ingest()
    assert landing.rows(
        "select video_views from raw.raw_tiktok_overview order by activity_date"
    ) == [(1234,), (900,), (1234567,)]


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ("a,b\n1,2\n", ("en", ",")),
        ("a;b\n31/12/2026;1,5 %\n", ("fr", ";")),
        ("a;b\n31.12.2026;1,5\n", ("de", ";")),
        ("a;b\n1.234;0.25\n", ("en", ";")),
        ("a;b\n1,5;2\n", ("fr", ";")),
    ],
)
def test_dialect_detection(text, dialect):
    got = detect_dialect(text, text.splitlines())
    assert (got.name, got.delimiter) == dialect


def test_conflicting_locale_evidence_is_refused():
    text = "a;b\n31/12/2026;31.12.2026\n"
    with pytest.raises(SourceRejected, match="both French and German"):
        detect_dialect(text, text.splitlines())


def test_alias_table_platform_entry_wins():
    assert alias("tiktok", "Vues de vidéos") == "Video Views"
    assert alias("x", "Vues de vidéos") == "Video views"
    assert alias("x", "Unknown") == "Unknown"


def test_soft_hyphens_are_ignored_in_titles_of_every_platform():
    # German YouTube Studio hyphenates every title (Auf\u00adru\u00adfe); any export may.
    assert alias("youtube", "Auf\u00adru\u00adfe") == "Views"
    assert alias("tiktok", "Vues de vi\u00addéos") == "Video Views"
    assert alias("x", "Im\u00adpres\u00adsions") == "Impressions"


def test_localized_percent_and_dates_in_sql():
    con = duckdb.connect()
    install_macros(con)
    assert con.execute(
        "select sk_percent(sk_localize_number('1,5 %', 'fr')), "
        "sk_count(sk_localize_number('1.234.567', 'de')), "
        "sk_decimal(sk_localize_number('1.234,5', 'de')), "
        "sk_iso_date(sk_localize_date('31/12/2026', 'fr')), "
        "sk_us_timestamp(sk_localize_date('01.08.2025 14:05', 'de'))::varchar"
    ).fetchone() == (1.5, 1234567, 1234.5, date(2026, 12, 31), "2025-08-01 14:05:00")


def test_french_youtube_table_data_titles_decimal_commas_and_percent(landing):
    from tests.formats.landing_zone import zipped

    member = (LOCALES / "fr_youtube_Table data.csv").read_bytes()
    archive = zipped({"Table data.csv": member})
    landing.add("youtube", "acme", "2026-09-29", name="Contenu.zip", data=archive)
    landing.ingest()
    assert landing.rows(
        "select video_id, video_title, published_at::date, duration_seconds, views, "
        "watch_time_hours, subscribers_net, impressions_ctr_pct, likes "
        "from raw.raw_youtube_videos order by _source_row"
    ) == [
        ("-x7Gq2Lk9aB", "Lancement, partie 1", date(2026, 9, 26), 754, 4100, 250.25, 15, 5.2, 300),
        ("dQw4w9WgXcQ", "Coulisses", date(2026, 7, 20), 3725, 1110, 60.25, -3, 2.5, 41),
    ]  # fmt: skip


def test_excel_resaved_x_content_ids_in_scientific_notation_recovered_from_the_link(landing):
    path = landing.add("x", "acme", "2026-06-07", "locales/resaved_x_account_analytics_content.csv",
                       name="account_analytics_content_2026-05-08_2026-06-06.csv")  # fmt: skip
    landing.ingest()
    outcome = landing.outcome(path)
    # Every post loads; the two empty rows Excel appended are not records.
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 2, 0)
    ids = [r[0] for r in landing.rows("select post_id from raw.raw_x_content order by post_id")]
    assert "1931234567890123456" in ids and "1929876543210987654" in ids


def test_excel_resaved_meta_metric_file_without_its_sep_line(landing):
    # Excel consumes the "sep=," hint and writes UTF-8: the title line comes first.
    path = landing.add("instagram", "acme", "2025-08-03", "locales/resaved_instagram_Follows.csv",
                       name="Follows.csv")  # fmt: skip
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.format_name, outcome.rows_read, outcome.rows_loaded) == (
        "meta_account_metrics_resaved", 2, 2,
    )  # fmt: skip
    assert landing.rows(
        "select metric, metric_date, value, metric_title from raw.raw_meta_account_metrics "
        "order by metric_date"
    ) == [
        ("follows", date(2025, 8, 1), 1204, "Instagram follows"),
        ("follows", date(2025, 8, 2), 20, "Instagram follows"),
    ]


def test_resaved_meta_metric_file_under_the_wrong_platform_is_quarantined(landing):
    path = landing.add("facebook", "acme", "2025-08-03", "locales/resaved_instagram_Follows.csv",
                       name="Follows.csv")  # fmt: skip
    landing.ingest()
    [(_, reason)] = landing.quarantine(path)
    assert reason.startswith("platform mismatch: folder says 'facebook', content says 'instagram'")


def test_french_linkedin_metrics_csv_day_first_dates_no_break_spaces_decimal_commas(landing):
    path = landing.add("linkedin", "acme", "2026-08-05", "locales/fr_linkedin_updates_Metrics.csv",
                       name="acme_updates - Metrics.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(path).format_name == "linkedin_updates"
    assert landing.rows(
        "select metric_date, impressions_organic, impressions_total, clicks_total, "
        "engagement_rate_organic, engagement_rate_total from raw.raw_linkedin_updates "
        "order by metric_date"
    ) == [
        (date(2026, 8, 1), 1200, 1500, 35, 0.061, 0.054),
        (date(2026, 8, 2), 800, 800, 10, 0.029, 0.029),
    ]


def test_german_linkedin_followers_csv_datum_dotted_dates_and_thousands(landing):
    path = landing.add("linkedin", "acme", "2026-08-05", "locales/de_linkedin_followers.csv",
                       name="acme_followers - New followers.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(path).format_name == "linkedin_followers"
    assert landing.rows(
        "select metric_date, sponsored_new_followers, organic_new_followers, new_followers_total "
        "from raw.raw_linkedin_followers order by metric_date"
    ) == [(date(2026, 8, 1), 0, 1205, 1206), (date(2026, 8, 2), 2, 3, 5)]


def test_german_youtube_table_data_with_german_titles(landing):
    from tests.formats.landing_zone import zipped

    member = (LOCALES / "de_youtube_Table data.csv").read_bytes()
    landing.add("youtube", "acme", "2026-09-29", name="Inhalt.zip",
                data=zipped({"Table data.csv": member}))  # fmt: skip
    landing.ingest()
    assert landing.rows(
        "select video_id, video_title, published_at::date, duration_seconds, views, "
        "watch_time_hours, subscribers_net from raw.raw_youtube_videos order by _source_row"
    ) == [
        ("-x7Gq2Lk9aB", "Start, Teil 1", date(2026, 9, 26), 754, 4100, 250.25, 15),
        ("dQw4w9WgXcQ", "Hinter den Kulissen", date(2026, 7, 20), 3725, 1110, 60.25, -3),
    ]


def test_meta_ids_in_scientific_notation_are_quarantined_not_guessed(landing):
    # The generator never writes these (the digits are lost, no permalink holds the id):
    # the row is quarantined with the reason; the intact row of the same file loads, and
    # Excel's re-typed "8/2/2025 18:30" publish time is read.
    path = landing.add("instagram", "acme", "2025-08-03",
                       "locales/resaved_instagram_content_scientific_ids.csv",
                       name="Aug-01-2025_Aug-02-2025_1187216283396341.csv")  # fmt: skip
    landing.ingest()
    assert landing.quarantine(path) == [
        (1, "Post ID: cannot parse 1.79013E+16; Account ID: cannot parse 1.18722E+15")
    ]
    assert landing.rows("select post_id, published_at, views from raw.raw_instagram_content") == [
        ("17901344248671442", datetime(2025, 8, 2, 18, 30), 800)
    ]


def test_head_lines_split_and_joined_without_the_csv_module_read_as_the_csv_module_reads():
    """canonical_line splits a line without quotes at the delimiter and joins cells needing no
    quotes with the delimiter (the fast path of every head line): the same lines and cells
    as the csv module's, on lines and cells made of every character that matters."""
    import csv
    import io
    import random

    from socialkpi.formats import locales

    def csv_join(cells, delimiter):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
        return buffer.getvalue()

    rng = random.Random(14)
    pieces = ["a", "Date", ",", ";", "\t", '"', " ", "1", "é", "\r", "\n", ""]
    for _ in range(20_000):
        delimiter = rng.choice([",", ";", "\t"])
        cells = [
            "".join(rng.choices(pieces, k=rng.randint(0, 4))) for _ in range(rng.randint(0, 4))
        ]
        assert locales._join(cells, delimiter) == csv_join(cells, delimiter), (cells, delimiter)
        line = "".join(
            rng.choices(["a", ",", ";", "\t", " ", "1", '"', "Date"], k=rng.randint(0, 10))
        )
        # The csv module's reading of the line, translated and trimmed as canonical_line does.
        expected = None
        if line.count('"') % 2 == 0 and not line.lower().startswith("sep="):
            read = next(csv.reader([line], delimiter=delimiter), [])
            read = [locales.alias("x", c) if c.strip() else c for c in read]
            while read and not read[-1].strip():
                read.pop()
            expected = (csv_join(read, delimiter), csv_join(read, ","))
        if expected is not None:
            assert locales.canonical_line(line, delimiter, "x") == expected, (line, delimiter)
