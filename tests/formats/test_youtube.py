"""YouTube Studio export: a zip of Table data.csv, Chart data.csv and Totals.csv."""

from __future__ import annotations

import json
from datetime import date, datetime

from landing_zone import FIXTURES, zipped

STUDIO = FIXTURES / "youtube" / "studio"


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
        "average_view_duration_seconds, extra_metrics from raw.raw_youtube_videos "
        "order by _source_row"
    )
    assert [r[:-1] for r in rows] == [
        (report.load_id, 1, "-x7Gq2Lk9aB", "Launch day, part 1", datetime(2026, 9, 26),
         754, 4100, 250.25, 15, 60000, 5.2, 220),
        (report.load_id, 2, "dQw4w9WgXcQ", "Behind the scenes", datetime(2026, 7, 20, 13, 18),
         3725, 1110, 60.25, -3, 20000, 2.5, 3665),
    ]  # fmt: skip
    assert [json.loads(r[-1]) for r in rows] == [{"Likes": "300"}, {"Likes": "41"}]

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
