"""YouTube Studio export: a zip of Table data.csv, Chart data.csv and Totals.csv.

The tests named after a shape read the corpus of real shapes
(``tests/fixtures/exports/real/youtube/<shape>/``, see its README).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from tests.formats.landing_zone import FIXTURES, zipped

STUDIO = FIXTURES / "youtube" / "studio"
REAL = "real/youtube"
SHY = "\u00ad"
DIMENSION_TABLE = "audience breakdown, not per-video or daily metrics"


def _studio_zip(*names: str) -> bytes:
    return zipped({f"Content 2026-09-01_2026-09-28/{n}": (STUDIO / n).read_bytes() for n in names})


def test_table_data_is_read_by_name_skips_the_total_row_and_keeps_unknown_columns(landing):
    archive = _studio_zip("Table data.csv", "Chart data.csv", "Totals.csv")
    path = landing.add("youtube", "acme", "2026-09-29", name="Content.zip", data=archive)
    report = landing.ingest()

    table = f"{path}!/Content 2026-09-01_2026-09-28/Table data.csv"
    outcome = landing.outcome(table)
    # The Total row is a summary, not a record: neither loaded nor quarantined.
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded) == ("loaded", 2, 2)
    rows = landing.rows(
        "select _load_id, _source_row, video_id, video_title, published_at, duration_seconds, "
        "views, watch_time_hours, subscribers_net, impressions, impressions_ctr_pct, "
        "average_view_duration_seconds, likes, extra_metrics from raw.raw_youtube_videos "
        "order by _source_row"
    )
    assert [r[:-1] for r in rows] == [
        (report.load_id, 1, "-x7Gq2Lk9aB", "Launch day, part 1", datetime(2026, 9, 26),
         754, 4100, 250.25, 15, 60000, 5.2, 220, 300),
        (report.load_id, 2, "dQw4w9WgXcQ", "Behind the scenes", datetime(2026, 7, 20, 13, 18),
         3725, 1110, 60.25, -3, 20000, 2.5, 3665, 41),
    ]  # fmt: skip
    assert [json.loads(r[-1]) for r in rows] == [{}, {}]

    daily = landing.rows(
        "select series, activity_date, video_id, views, watch_time_hours, subscribers_gained, "
        "subscribers_lost, extra_metrics from raw.raw_youtube_daily order by series, activity_date"
    )
    assert [d[:-1] for d in daily] == [
        ("chart", date(2026, 9, 26), "-x7Gq2Lk9aB", 1200, 70.5, 9, 1),
        ("chart", date(2026, 9, 27), "-x7Gq2Lk9aB", 1300, 80.25, 7, 2),
        ("totals", date(2026, 9, 26), None, 1500, None, None, None),
        ("totals", date(2026, 9, 27), None, 1700, None, None, None),
    ]
    assert json.loads(daily[0][-1]) == {"Likes": "88"}


def test_columns_in_another_order_and_a_bad_cell_stays_in_its_cell(landing):
    text = (
        "Content,Views,Duration,Video title,Video publish time\n"
        "Total,30,,,\n"
        'abc,10,1:00:00,A,"Sep 1, 2026"\n'
        "def,lots,60,B,2026-09-02 10:00:00\n"
        ",5,60,No id,\n"
    )
    source = landing.add("youtube", "acme", "2026-09-29", name="Table data.csv", data=text.encode())
    landing.ingest()
    # "lots" is no number: that cell is NULL, the video and its duration load.
    assert landing.rows(
        "select video_id, views, duration_seconds from raw.raw_youtube_videos order by 1"
    ) == [("abc", 10, 3600), ("def", None, 60)]
    assert landing.nulled_cells(source) == [
        (2, "Views", "Views: cannot parse lots (cell set to NULL, the row loaded)")
    ]
    # A video without its id has no grain: the row is quarantined.
    assert landing.quarantine(source) == [(3, "Content: missing")]
    assert landing.outcome(source).cells_nulled == 1


def test_video_without_a_publish_time_loads_with_a_null_publish_time(landing):
    # Deleted or private videos have an empty "Video publish time": a fact, not an error.
    text = "Content,Video title,Video publish time,Views\nTotal,,,12\nabc,Gone,,12\n"
    source = landing.add("youtube", "acme", "2026-09-29", name="Table data.csv", data=text.encode())
    landing.ingest()
    assert landing.rows("select video_id, published_at, views from raw.raw_youtube_videos") == [
        ("abc", None, 12)
    ]
    assert landing.quarantine(source) == [] and landing.nulled_cells(source) == []


def test_german_studio_zip_members_are_read_by_their_german_names(landing):
    # The dd.mm.yyyy publish date tells German from English ("1.010" alone cannot).
    table = (
        "Videos;Videotitel;Veröffentlichungszeitpunkt des Videos;Aufrufe\n"
        "Total;;;1.010\nabc;Erstes Video;26.09.2026;1.010\n"
    )
    chart = "Datum;Aufrufe\n27.09.2026;4\n28.09.2026;6\n"
    folder = "Inhalte 2026-09-01_2026-09-28"
    archive = zipped({
        f"{folder}/Tabellendaten.csv": table.encode(), f"{folder}/Diagrammdaten.csv": chart.encode(),
    })  # fmt: skip
    path = landing.add("youtube", "acme", "2026-09-29", name="Inhalte.zip", data=archive)
    landing.ingest()
    assert landing.quarantine(path) == []
    assert landing.rows("select video_id, views from raw.raw_youtube_videos") == [("abc", 1010)]
    assert landing.rows(
        "select activity_date::varchar, series, views from raw.raw_youtube_daily order by 1"
    ) == [("2026-09-27", "chart", 4), ("2026-09-28", "chart", 6)]


def test_youtube_zip_without_table_data_is_quarantined_whole(landing):
    archive = _studio_zip("Chart data.csv", "Totals.csv")
    path = landing.add("youtube", "acme", "2026-09-29", name="Content.zip", data=archive)
    landing.ingest()
    [(number, reason)] = landing.quarantine(path)
    assert number is None
    assert reason.startswith("YouTube Studio export without Table data.csv")


def _videos(landing, *columns: str) -> list[tuple]:
    return landing.rows(
        f"select {', '.join(columns)} from raw.raw_youtube_videos order by _source_file, _source_row"
    )


def test_portuguese_studio_zips_member_names_titles_and_truncation_note(landing):
    # yt-download-zip: members at the root, Portuguese names and titles, exclusive end date.
    lifetime = landing.add(
        "youtube", "escola", "2025-04-16",
        f"{REAL}/yt-download-zip/2025-04-16/Conteúdo 2025-04-01_2025-04-16 Escola Aurora de Música.zip",
    )  # fmt: skip
    landing.ingest()
    # The Total row and "Mostrando os primeiros 500 resultados" are not records.
    assert landing.outcome(f"{lifetime}!/Dados da tabela.csv").rows_read == 2
    assert _videos(landing, "video_id", "published_at", "duration_seconds", "views",
                   "watch_time_hours", "subscribers_net", "impressions", "impressions_ctr_pct") == [
        ("aZk3Lm9Qx1T", datetime(2025, 4, 3), 912, 1210, 44.8125, 17, 9800, 7.35),
        ("-aZp0Rt7Wv2", datetime(2025, 4, 9), 1805, 520, 16.4292, 6, 5600, 4.2),
    ]  # fmt: skip
    # A lifetime export whose chart holds no video: loads nothing, and says so.
    chart = landing.outcome(f"{lifetime}!/Dados do gráfico.csv")
    assert (chart.status, chart.rows_read, chart.reason) == (
        "loaded", 0, "no data rows: the file holds headers only",
    )  # fmt: skip
    assert landing.rows(
        "select series, min(activity_date)::varchar, max(activity_date)::varchar, sum(views) "
        "from raw.raw_youtube_daily group by series"
    ) == [("totals", "2025-04-01", "2025-04-15", 1730)]


def test_portuguese_zip_with_daily_members_only_is_incomplete(landing):
    archive = zipped({"Dados do gráfico.csv": b"Data,Visualiza\xc3\xa7\xc3\xb5es\n",
                      "Total.csv": b"Data,Visualiza\xc3\xa7\xc3\xb5es\n2025-06-01,4\n"})  # fmt: skip
    path = landing.add("youtube", "escola", "2025-06-02", name="Conteúdo.zip", data=archive)
    landing.ingest()
    [(_, reason)] = landing.quarantine(path)
    assert reason.startswith("YouTube Studio export without Table data.csv")


def test_german_2021_soft_hyphens_in_titles_total_label_and_note(landing):
    folder = f"{REAL}/yt-table-de-softhyphen-2021/2021-01-01"
    table = landing.add("youtube", "weima", "2021-01-01", f"{folder}/Tabellendaten.csv")
    landing.add("youtube", "weima", "2021-01-01", f"{folder}/Diagrammdaten.csv")
    landing.add("youtube", "weima", "2021-01-01", f"{folder}/Gesamtwerte.csv")
    landing.ingest()
    # "Ge\u00adsamt" and the soft-hyphenated note are no records; negative net subscribers
    # and an empty publish time are facts.
    assert landing.outcome(table).rows_read == 3
    assert landing.quarantine(table) == [] and landing.nulled_cells(table) == []
    assert _videos(landing, "video_id", "published_at", "views", "subscribers_net") == [
        ("hW9kL1zX3cV", datetime(2020, 12, 27), 3900, 8),
        ("-hW5nM7qW9eR", None, 410, -3),
        ("hW0rT2yU4iO", datetime(2020, 12, 29), 850, 1),
    ]
    assert landing.rows(
        "select series, count(*), count(video_id), sum(views) from raw.raw_youtube_daily "
        "group by series order by series"
    ) == [("chart", 14, 14, 4750), ("totals", 7, 0, 5160)]


def test_german_2025_videos_column_likes_and_subscriber_flows(landing):
    table = landing.add("youtube", "kanal", "2025-10-01",
                        f"{REAL}/yt-table-de-2025/2025-10-01/Tabellendaten.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(table).rows_read == 3
    assert _videos(landing, "video_id", "video_title", "published_at", "likes",
                   "subscribers_gained", "subscribers_lost", "impressions", "views",
                   "average_view_duration_seconds", "watch_time_hours") == [
        ("iX0lZ2xC4vB", None, None, 88, 10, 1, 2600, 15000, 14, 58.3333),
        ("iX6mQ8wE0rT", None, None, None, None, None, 7, None, None, None),
        ("iX3vB5nM7qW", None, None, 7, 1, 0, 30, 900, 14, 3.5),
    ]  # fmt: skip


def test_known_metrics_of_the_28_column_set_typed_the_others_kept(landing):
    landing.add("youtube", "clips", "2025-07-01",
                f"{REAL}/yt-table-en-28col/2025-07-01/Table data.csv")  # fmt: skip
    landing.ingest()
    [first, second] = _videos(landing, "video_id", "views", "engaged_views", "likes", "shares",
                              "comments", "subscribers_gained", "subscribers_lost",
                              "average_view_duration_seconds", "extra_metrics")  # fmt: skip
    assert first[:-1] == ("gV8jK0lZ2xC", 1720, 1530, 36, 4, 6, 5, 1, 17)
    assert second[:-1] == ("gV4bN6mQ8wE", 320, 280, 5, 1, 1, 1, 0, 29)
    # "0,0,," : viewers computed but not broken down; the text is kept as written.
    assert json.loads(second[-1]) == {
        "Average percentage viewed (%)": "61.9", "Stayed to watch (%)": "40.2",
        "Unique viewers": "248", "Unique reach": "490", "Average views per viewer": "1.1290",
        "New viewers": "0", "Returning viewers": "0", "Casual viewers": "", "Regular viewers": "",
        "Dislikes": "0", "Likes (vs. dislikes) (%)": "100", "Post subscribers": "0",
    }  # fmt: skip


def test_engaged_views_are_their_own_metric_never_views(landing):
    folder = f"{REAL}/yt-table-en-wide-engaged-views/2025-11-17"
    for name in ("Table data.csv", "Chart data.csv", "Totals.csv"):
        landing.add("youtube", "ghost", "2025-11-17", f"{folder}/{name}")
    landing.ingest()
    assert _videos(landing, "video_id", "engaged_views", "views", "likes", "comments") == [
        ("eT2xC4vB6nM", 2976, 4032, 290, 52),
        ("eT9aS1dF3gH", 254, 378, 15, 5),
        ("eT7qW9eR1tY", 0, 0, 0, 0),
        ("eT6gH8jK0lZ", None, None, None, None),  # every metric cell empty
    ]
    # Lifetime since 2007-04-01: Engaged views typed, views unknown (NULL, not 0).
    assert landing.rows(
        "select series, min(activity_date)::varchar, count(*), sum(engaged_views), count(views) "
        "from raw.raw_youtube_daily group by series order by series"
    ) == [("chart", "2007-04-01", 6805, 2976, 0), ("totals", "2007-04-01", 6805, 3230, 0)]


def test_stayed_to_watch_revenue_and_negative_net_subscribers(landing):
    table = landing.add("youtube", "josh", "2025-03-01",
                        f"{REAL}/yt-table-en-stayed-to-watch-revenue/2025-03-01/Table data.csv")  # fmt: skip
    landing.ingest()
    assert landing.quarantine(table) == [] and landing.nulled_cells(table) == []
    rows = _videos(landing, "video_id", "published_at", "subscribers_net", "extra_metrics")
    assert [row[:-1] for row in rows] == [
        ("fU8wE0rT2yU", datetime(2025, 2, 23), 3),
        ("-fU3cV5bN7mQ", datetime(2025, 2, 26), -2),
        ("fU7hJ9kL1zX", None, -2),
    ]
    assert [json.loads(row[-1])["Estimated revenue (USD)"] for row in rows] == ["12.347", "", ""]


def test_truncation_note_padded_with_commas_crlf_and_no_total_row(landing):
    table = landing.add(
        "youtube", "danger", "2024-12-10",
        f"{REAL}/yt-table-resaved-crlf-top500/2024-12-10/MyChannel_Content.csv",
    )  # fmt: skip
    landing.ingest()
    assert landing.outcome(table).rows_read == 2
    assert _videos(
        landing, "video_id", "published_at", "views", "average_view_duration_seconds"
    ) == [
        ("oA3cV5bN7mQ", None, 3, 49),
        ("oA9rT1yU3iO", datetime(2020, 6, 7), 15400, 491),
    ]


def test_portuguese_table_with_escaped_quotes_and_revenue_chart(landing):
    folder = f"{REAL}/yt-table-pt/2023-06-30"
    for name in ("Dados da tabela.csv", "Dados do gráfico.csv", "Total.csv"):
        landing.add("youtube", "gian", "2023-06-30", f"{folder}/{name}")
    landing.ingest()
    assert _videos(landing, "video_id", "video_title", "views", "impressions") == [
        ("jY1zX3cV5bN", 'Review: o "melhor" fone, testado', 9800, 110000),
        ("-jY7wE9rT1yU", "Unboxing rápido", 3100, 40000),
    ]
    # Revenue is no typed metric: kept per row as written (41.002 in all, as the Table's
    # Total says), views unknown.
    assert landing.rows(
        "select series, count(*), count(views), "
        "sum(cast(extra_metrics->>'Estimated revenue (USD)' as decimal(9, 3)))::varchar "
        "from raw.raw_youtube_daily group by series order by series"
    ) == [("chart", 14, 0, "41.002"), ("totals", 7, 0, "41.002")]


def test_portuguese_engaged_views_column_set_in_a_renamed_file(landing):
    landing.add(
        "youtube", "ufscar", "2025-06-30",
        f"{REAL}/yt-table-pt-engaged-views/2025-06-30/Dados da tabela youtube 30-06.csv",
    )  # fmt: skip
    landing.ingest()
    assert _videos(landing, "video_id", "engaged_views", "views", "average_view_duration_seconds",
                   "subscribers_net") == [
        ("jE2aS4dF6gH", 1900, 2300, 44, 12), ("jE8gH0jK2lZ", 310, 380, 23, 2),
    ]  # fmt: skip


def test_chart_data_per_video_keeps_the_days_before_publication(landing):
    chart = landing.add("youtube", "pri", "2026-06-13",
                        f"{REAL}/yt-chart-data-en/2026-06-13/Chart data.csv")  # fmt: skip
    landing.ingest()
    assert landing.outcome(chart).rows_read == 14
    assert landing.rows(
        "select activity_date::varchar, views from raw.raw_youtube_daily "
        "where video_id = 'kZ8eR0tY2uI' order by activity_date limit 4"
    ) == [("2026-06-06", 0), ("2026-06-07", 0), ("2026-06-08", 0), ("2026-06-09", 540)]


def test_date_dimension_tables_resaved_are_daily_channel_rows(landing):
    folder = f"{REAL}/yt-pt-resaved/2023-03-03"
    sources = [landing.add("youtube", "natalia", "2023-03-03", f"{folder}/{name}")
               for name in ("Canal_Visualizacoes.csv", "Canal_Inscritos.csv", "Canal_Alcance.csv")]  # fmt: skip
    landing.ingest()
    # Total rows (at the end), the stray "," line and the padded note are no days.
    assert [landing.outcome(s).rows_read for s in sources] == [6, 6, 6]
    assert landing.rows(
        "select activity_date::varchar, series, views, subscribers_net, "
        "extra_metrics->>'Unique viewers' from raw.raw_youtube_daily "
        "where activity_date = '2023-03-01' order by _source_file"
    ) == [
        ("2023-03-01", "table", None, None, "388"),
        ("2023-03-01", "table", None, 6, None),
        ("2023-03-01", "table", 491, None, None),
    ]


def test_a_renamed_date_table_without_a_summary_line_is_not_taken_for_youtube(landing):
    # "Data,Visualizações" alone says nothing of YouTube Studio: not guessed.
    text = "Data,Visualizações\r\n2023-02-24,84\r\n2023-02-25,131"
    path = landing.add("youtube", "natalia", "2023-03-03", name="views.csv", data=text.encode())
    landing.ingest()
    [(_, reason)] = landing.quarantine(path)
    assert reason.startswith("unrecognised format")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Table data.csv", f"YouTube Studio Geography table: {DIMENSION_TABLE}"),
        ("Subscription_status.csv", f"YouTube Studio Subscription status table: {DIMENSION_TABLE}"),
        ("Subscription status_Chart data.csv", "YouTube Studio Subscription status chart data: "
         "audience breakdown, not per-video or channel daily metrics"),
        ("Viewer_gender.csv", f"YouTube Studio Viewer gender table: {DIMENSION_TABLE}"),
        ("viewer_age.csv", f"YouTube Studio Viewer age table: {DIMENSION_TABLE}"),
        ("Viewer_Cities.csv", f"YouTube Studio Cities table: {DIMENSION_TABLE}"),
    ],
)  # fmt: skip
def test_dimension_tables_are_skipped_with_their_dimension(landing, name, reason):
    path = landing.add("youtube", "danger", "2024-12-10",
                       f"{REAL}/yt-dimension-tables/2024-12-10/{name}")  # fmt: skip
    landing.ingest()
    outcome = landing.outcome(path)
    assert (outcome.status, outcome.reason) == ("skipped", reason)
    assert landing.quarantine(path) == []  # not bad input


def test_traffic_source_zip_skips_its_breakdowns_and_loads_its_totals(landing):
    path = landing.add(
        "youtube", "canal", "2024-12-10",
        f"{REAL}/yt-dimension-tables/2024-12-10/Origem do tráfego 2024-12-03_2024-12-10 Canal Exemplo.zip",
    )  # fmt: skip
    landing.ingest()
    table = landing.outcome(f"{path}!/Dados da tabela.csv")
    assert (table.status, table.reason) == (
        "skipped",
        f"YouTube Studio Traffic source table: {DIMENSION_TABLE}",
    )
    assert landing.outcome(f"{path}!/Dados do gráfico.csv").status == "skipped"
    # Total.csv is the channel's daily total whatever the tab: 120 + 300 on 2024-12-03.
    assert landing.rows(
        "select series, count(*), sum(views) from raw.raw_youtube_daily group by series"
    ) == [("totals", 7, 2956)]
    assert landing.rows(
        "select views from raw.raw_youtube_daily where activity_date = '2024-12-03'"
    ) == [(420,)]


def test_a_content_cell_that_is_no_video_id_quarantines_its_row(landing):
    # A truncation note in a language the reader does not know is no video; ids with "-"
    # and "_" (and a leading space) are.
    text = (
        "Content,Video title,Video publish time,Views\n"
        "Total,,,40\n"
        ' -a_B-c1D2e3,First,"Sep 1, 2026",30\n'
        "Zz9_yY8-xX7,Second,,10\n"
        "Affichage des 500 premiers résultats,,,\n"
    )
    source = landing.add("youtube", "acme", "2026-09-29", name="Table data.csv", data=text.encode())
    landing.ingest()
    assert _videos(landing, "video_id", "views") == [("-a_B-c1D2e3", 30), ("Zz9_yY8-xX7", 10)]
    assert landing.quarantine(source) == [
        (3, "Content: cannot parse Affichage des 500 premiers résultats")
    ]


def test_a_chart_row_whose_content_is_no_video_id_is_quarantined(landing):
    text = "Date,Content,Views\n2026-09-01,a_B-c1D2e3F,4\n2026-09-02,not a video,5\n"
    source = landing.add("youtube", "acme", "2026-09-29", name="Chart data.csv", data=text.encode())
    landing.ingest()
    assert landing.rows("select video_id, views from raw.raw_youtube_daily") == [("a_B-c1D2e3F", 4)]
    assert landing.quarantine(source) == [(2, "Content: cannot parse not a video")]


def test_negative_likes_shares_comments_and_engaged_views_are_nulled_in_their_cell(landing):
    text = (
        "Content,Engaged views,Likes,Shares,Comments added,Subscribers\n"
        "abcdefghijk,12,3,1,2,-1\n"
        "bcdefghijkl,-4,-1,-2,-3,-2\n"
    )
    source = landing.add("youtube", "acme", "2026-09-29", name="Table data.csv", data=text.encode())
    landing.ingest()
    # Net subscribers may be negative; counts may not: their cells are NULL, the row loads.
    assert _videos(landing, "engaged_views", "likes", "shares", "comments", "subscribers_net") == [
        (12, 3, 1, 2, -1), (None, None, None, None, -2),
    ]  # fmt: skip
    nulled = "(cell set to NULL, the row loaded)"
    assert landing.nulled_cells(source) == [
        (2, "Comments added", f"Comments added: negative count -3 {nulled}"),
        (2, "Engaged views", f"Engaged views: negative count -4 {nulled}"),
        (2, "Likes", f"Likes: negative count -1 {nulled}"),
        (2, "Shares", f"Shares: negative count -2 {nulled}"),
    ]


def test_totals_resaved_day_first_with_dashes_are_read_day_first(landing):
    landing.add("youtube", "pri", "2025-06-17",
                f"{REAL}/yt-totals-excel-ddmmyyyy-crlf/2025-06-17/Totals.csv")  # fmt: skip
    landing.ingest()
    # 13-06-2025 decides: the file is day-first.
    assert landing.rows(
        "select min(activity_date)::varchar, max(activity_date)::varchar, sum(views) "
        "from raw.raw_youtube_daily"
    ) == [("2025-06-10", "2025-06-16", 3453)]


def test_totals_resaved_month_first_with_slashes_are_read_month_first(landing):
    landing.add("youtube", "dean", "2022-01-17",
                f"{REAL}/yt-totals-excel-mdy-crlf-2metrics/2022-01-17/Totals.csv")  # fmt: skip
    landing.ingest()
    # 1/13/2022 decides: the file is month-first; Subscribers is the net daily change.
    assert landing.rows(
        "select activity_date::varchar, views, subscribers_net from raw.raw_youtube_daily "
        "where activity_date = '2022-01-13'"
    ) == [("2022-01-13", 301, -1)]


def test_totals_resaved_with_only_ambiguous_dates_are_quarantined_with_the_reason(landing):
    # One day, 3/4/2022: March 4 or April 3, and no other date of the file decides.
    text = "Date,Views\r\n3/4/2022,310\r\n"
    source = landing.add("youtube", "dean", "2022-03-05", name="Totals.csv", data=text.encode())
    landing.ingest()
    assert landing.quarantine(source) == [
        (1, "Date: cannot parse 3/4/2022 (day/month or month/day: no other date of the file "
            "decides)")
    ]  # fmt: skip
