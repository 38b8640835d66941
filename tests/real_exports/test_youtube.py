"""YouTube Studio shapes of the real-exports corpus, as the published marts show them.

Fixtures: ``tests/fixtures/exports/real/youtube/<shape>/`` (values written by
``make_youtube_fixtures.py``). Every expected value is worked out by hand from the
fixture rows; the comment next to it says how.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.airflow


def posted(real_world, *post_ids: str) -> list[str]:
    """Which of these videos ``marts.fct_post_performance`` holds."""
    rows = real_world.rows(
        "select post_id from marts.fct_post_performance where platform = 'youtube' "
        f"and post_id in ({', '.join('?' for _ in post_ids)}) order by post_id",
        list(post_ids),
    )
    return [post_id for (post_id,) in rows]


def days_with_views(real_world, account: str) -> int:
    [(days,)] = real_world.rows(
        "select count(d.views) from marts.fct_account_daily d "
        "join marts.dim_account_handles h on h.account_key = d.account_key "
        "where d.platform = 'youtube' and h.handle = ?",
        [account],
    )
    return days


def test_portuguese_studio_zips_lifetime_and_seven_days(real_world):
    # Lifetime zip Total.csv, 2025-04-10 (10th row from 2025-04-01): 210.
    assert real_world.daily("youtube", "yt-download-zip", "2025-04-10", "views") == (210,)
    # 7-day zip Total.csv, 2025-05-29: 301 (recital) + 39 (lesson) + 22 (rehearsal).
    assert real_world.daily("youtube", "yt-download-zip", "2025-05-29", "views") == (362,)
    # Published inside the 7-day window: its 874 views are lifetime, as of 2025-06-01.
    assert real_world.post("aZw5Yh2Nc8D", "views", "impressions", "published_date",
                "latest_snapshot_date") == (874, 7300, date(2025, 5, 28), date(2025, 6, 1))  # fmt: skip
    # Published before the 7-day window: only the lifetime zip's row (1210) is a snapshot.
    assert real_world.post("aZk3Lm9Qx1T", "views", "latest_snapshot_date") == (
        1210, date(2025, 4, 15),
    )  # fmt: skip
    # The leading-space id " -aZp0Rt7Wv2" is the video -aZp0Rt7Wv2 (lifetime: 520 views).
    assert real_world.post("-aZp0Rt7Wv2", "views") == (520,)
    lifetime = "youtube/yt-download-zip/2025-04-16/Conteúdo 2025-04-01_2025-04-16 Escola Aurora de Música.zip"
    assert real_world.load(f"{lifetime}!/Dados do gráfico.csv") == (
        "loaded", 0, 0, 0, 0, "no data rows: the file holds headers only",
    )  # fmt: skip
    # Two videos: the Total row and the truncation note are no records.
    assert real_world.load(f"{lifetime}!/Dados da tabela.csv") == ("loaded", 2, 2, 0, 0, None)


def test_english_table_data_basic_column_set(real_world):
    # Totals.csv 2025-08-28.
    assert real_world.daily("youtube", "yt-table-en-basic", "2025-08-28", "views") == (1720,)
    assert real_world.post("bQ1rT5uW9xA", "views", "impressions", "published_date") == (
        4120, 52000, date(2025, 8, 27),
    )  # fmt: skip
    assert real_world.post("-bQ7yU3iO5p", "views") == (1503,)
    # Views, watch time and subscribers empty, impressions 3: only what the row states.
    assert real_world.post("bQ8kL0zX2cV", "views", "impressions") == (None, 3)
    assert real_world.post("bQ3vB5nM7qW", "views", "impressions") == (0, 0)
    # Published on Jun 2, before the window (Totals from 2025-08-25): its 702 views are
    # the window's, not lifetime; no publish time: cannot be placed. Neither is a post.
    assert posted(real_world, "bQ9pO1iU3yT", "bQ2sD4fG6hJ") == []


def test_english_table_data_2022_six_columns(real_world):
    # Totals.csv 2022-11-27.
    assert real_world.daily("youtube", "yt-table-en-6col-2022", "2022-11-27", "views") == (790,)
    assert real_world.post("cR4tY6uI8oP", "views", "published_date") == (2480, date(2022, 11, 24))
    assert real_world.post("-cR0aS2dF4gH", "views") == (830,)


def test_english_table_data_shorts_columns_map_likes(real_world):
    # Totals.csv 2024-04-20.
    assert real_world.daily("youtube", "yt-table-en-shorts-15col", "2024-04-20", "views") == (5300,)
    # Likes 390; no Comments added / Shares columns: engagements unknown.
    assert real_world.post("dS5fG7hJ9kL", "views", "likes", "comments", "engagements") == (
        14200, 390, None, None,
    )  # fmt: skip


def test_engaged_views_lifetime_export_likes_comments_shares(real_world):
    # Lifetime from 2007-04-01: every video with a publish time is a lifetime snapshot.
    # 290 likes + 52 comments added + 39 shares = 381.
    assert real_world.post("eT2xC4vB6nM", "views", "likes", "comments", "shares",
                "engagements", "impressions") == (4032, 290, 52, 39, 381, 81000)  # fmt: skip
    # 15 + 5 + 2.
    assert real_world.post("eT9aS1dF3gH", "views", "engagements") == (378, 22)
    assert real_world.post("eT7qW9eR1tY", "views", "engagements") == (0, 0)
    # Every metric cell empty: nothing is known, nothing invented.
    assert real_world.post("eT6gH8jK0lZ", "views", "likes", "engagements") == (None, None, None)
    # Chart data and Totals of Engaged views are not views: no daily views at all.
    assert days_with_views(real_world, "yt-table-en-wide-engaged-views") == 0


def test_stayed_to_watch_and_revenue_columns(real_world):
    # Totals.csv 2025-02-26.
    assert real_world.daily(
        "youtube", "yt-table-en-stayed-to-watch-revenue", "2025-02-26", "views"
    ) == (1650,)
    assert real_world.post("fU8wE0rT2yU", "views") == (2650,)
    assert real_world.post("-fU3cV5bN7mQ", "views") == (2827,)
    # The private draft has no publish time.
    assert posted(real_world, "fU7hJ9kL1zX") == []


def test_twenty_eight_columns(real_world):
    # Totals.csv 2025-06-27.
    assert real_world.daily("youtube", "yt-table-en-28col", "2025-06-27", "views") == (380,)
    # 36 likes + 6 comments added + 4 shares = 46; 5 + 1 + 1 = 7.
    assert real_world.post("gV8jK0lZ2xC", "views", "likes", "comments", "shares",
                "engagements", "impressions") == (1720, 36, 6, 4, 46, 300)  # fmt: skip
    assert real_world.post("gV4bN6mQ8wE", "engagements") == (7,)


def test_german_2021_soft_hyphens(real_world):
    # Gesamtwerte.csv 2020-12-29: 900 (shredder) + 300 (fair) + 60 (maintenance).
    assert real_world.daily("youtube", "yt-table-de-softhyphen-2021", "2020-12-29", "views") == (
        1260,
    )  # fmt: skip
    assert real_world.post("hW9kL1zX3cV", "views", "published_date") == (3900, date(2020, 12, 27))
    assert real_world.post("hW0rT2yU4iO", "views") == (850,)
    # Wartung Teil 2 has no publish time.
    assert posted(real_world, "-hW5nM7qW9eR") == []


def test_table_data_landed_alone_gives_no_post_but_loads(real_world):
    # German 2025, Portuguese engaged views, a re-saved top-500 table: each landed without the
    # daily files of its download, so the window its values cover is unknown and none is known
    # to be a lifetime value: no post snapshot; the rows are in raw, loaded.
    assert posted(real_world, "iX0lZ2xC4vB", "jE2aS4dF6gH", "oA9rT1yU3iO", "oA3cV5bN7mQ") == []
    [(status, loaded)] = real_world.rows(
        "select load_status, rows_loaded from marts.ops_file_loads "
        "where source_file like 'youtube/yt-table-resaved-crlf-top500/%'"
    )
    assert status == "loaded" and loaded > 0


def test_portuguese_revenue_export(real_world):
    assert real_world.post("jY1zX3cV5bN", "views", "impressions", "published_date") == (
        9800, 110000, date(2023, 6, 24),
    )  # fmt: skip
    assert real_world.post("-jY7wE9rT1yU", "views") == (3100,)
    # Its Chart data and Total.csv hold revenue, not views.
    assert days_with_views(real_world, "yt-table-pt") == 0


def test_chart_data_per_video_sets_the_window(real_world):
    # Chart rows start on 2026-06-06 (zeros before the publish date included).
    assert real_world.post("kZ8eR0tY2uI", "views", "published_date") == (2100, date(2026, 6, 9))
    assert posted(real_world, "kZ2xC4vB6nM") == []  # published in January
    # Per-video chart rows are not the channel's: no daily views.
    assert days_with_views(real_world, "yt-chart-data-en") == 0


def test_totals_iso(real_world):
    assert real_world.daily("youtube", "yt-totals-en-iso", "2020-09-03", "views") == (31,)


def test_totals_resaved_day_first_dashes(real_world):
    # 13-06-2025 can only be day-first: the file is D-M-Y; 601 views that day.
    assert real_world.daily("youtube", "yt-totals-excel-ddmmyyyy-crlf", "2025-06-13", "views") == (
        601,
    )  # fmt: skip


def test_totals_resaved_month_first_slashes(real_world):
    # 1/13/2022 can only be month-first: the file is M/D/Y; 301 views on 2022-01-13.
    assert real_world.daily(
        "youtube", "yt-totals-excel-mdy-crlf-2metrics", "2022-01-13", "views"
    ) == (301,)


def test_dimension_tables_skipped_their_totals_loaded(real_world):
    folder = "youtube/yt-dimension-tables/2024-12-10"
    traffic = f"{folder}/Origem do tráfego 2024-12-03_2024-12-10 Canal Exemplo.zip"
    reasons = dict(
        real_world.rows(
            "select source_file, reason from marts.ops_file_loads "
            "where account_name = 'yt-dimension-tables' and load_status = 'skipped'"
        )
    )
    table = "audience breakdown, not per-video or daily metrics"
    chart = "audience breakdown, not per-video or channel daily metrics"
    assert reasons == {
        f"{folder}/Table data.csv": f"YouTube Studio Geography table: {table}",
        f"{folder}/Subscription_status.csv": f"YouTube Studio Subscription status table: {table}",
        f"{folder}/Subscription status_Chart data.csv": (
            f"YouTube Studio Subscription status chart data: {chart}"
        ),
        f"{folder}/Viewer_gender.csv": f"YouTube Studio Viewer gender table: {table}",
        f"{folder}/viewer_age.csv": f"YouTube Studio Viewer age table: {table}",
        f"{folder}/Viewer_Cities.csv": f"YouTube Studio Cities table: {table}",
        f"{traffic}!/Dados da tabela.csv": f"YouTube Studio Traffic source table: {table}",
        f"{traffic}!/Dados do gráfico.csv": f"YouTube Studio Traffic source chart data: {chart}",
    }
    # The traffic-source zip's Total.csv is the channel's: 2024-12-05 = 130 + 310.
    assert real_world.daily("youtube", "yt-dimension-tables", "2024-12-05", "views") == (440,)


def test_portuguese_date_dimension_tables_resaved(real_world):
    # Canal_Visualizacoes.csv, 2023-03-01 (the Total row at the end is not a day).
    assert real_world.daily("youtube", "yt-pt-resaved", "2023-03-01", "views") == (491,)
    # 2023-02-26 is not in the table (top days only): unknown, not 0. Six days listed.
    assert days_with_views(real_world, "yt-pt-resaved") == 6
