"""Meta Business Suite shapes of the corpus, in the published marts (values by hand from the
fixtures written by make_fixtures.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.airflow

IG_FOLLOWS = "instagram/meta-metric-utf16/2026-06-22"


def test_sparse_follows_are_zero_inside_the_window_and_unknown_after_the_last_row(real_world):
    daily = real_world.daily
    # Rows 05-25 (3), 05-28 (1), 06-02 (5), 06-13 (2); the window runs 05-25..06-21.
    assert daily("instagram", "meta-metric-utf16", "2026-05-26", "gains") == (0,)
    assert daily("instagram", "meta-metric-utf16", "2026-06-13", "gains") == (2,)
    # After the file's last row no file says anything: unknown, never 0.
    assert daily("instagram", "meta-metric-utf16", "2026-06-14", "gains") == (None,)
    # Views 1000 + 10 * day index, reach 500 + index: 06-21 is index 27.
    assert daily("instagram", "meta-metric-utf16", "2026-06-21", "views", "reach") == (1270, 527)


def test_a_time_of_day_in_the_dates_does_not_move_the_day(real_world):
    # 2025-03-09T01:00:00 is 03-09 (the third row, 42), 03-10T00:00:00 the fourth (43).
    assert real_world.daily("facebook", "meta-metric-dst", "2025-03-09", "reach") == (42,)
    assert real_world.daily("facebook", "meta-metric-dst", "2025-03-10", "reach") == (43,)


def test_a_pages_file_with_an_instagram_section_gives_the_page_its_own_numbers(real_world):
    daily = real_world.daily
    # Follows section: 2, 0, 1, 0, 3 (03-01..03-05); Facebook visits 10..14.
    assert daily("facebook", "meta-metric-multisection", "2024-03-02", "gains") == (0,)
    assert daily("facebook", "meta-metric-multisection", "2024-03-05", "gains") == (3,)
    assert daily("facebook", "meta-metric-multisection", "2024-03-03", "profile_visits") == (12,)
    status, *_, reason = real_world.load(
        "facebook/meta-metric-multisection/2024-03-06/Follows.csv#section-2"
    )
    assert status == "skipped" and "content says 'instagram'" in reason


def test_value_columns_titled_after_the_metric_are_read_by_the_section_title(real_world):
    # "Facebook visits" over "Date","Facebook Page likes": 1, 2, 3 visits, not page likes.
    assert real_world.daily("facebook", "meta-metric-2023", "2023-09-12", "profile_visits") == (3,)
    # A zero the file states is a zero.
    assert real_world.daily("facebook", "meta-metric-2023", "2023-09-11", "reach") == (0,)


def test_portuguese_metric_files(real_world):
    daily = real_world.daily
    # Alcance 30..33 (05-29..06-01); Seguidores no Instagram: one row, 05-30 = 2, so the
    # window ends on 05-30: 05-29 is 0, 05-31 unknown.
    assert daily("instagram", "meta-metric-ptbr", "2025-06-01", "reach") == (33,)
    assert daily("instagram", "meta-metric-ptbr", "2025-05-29", "gains") == (0,)
    assert daily("instagram", "meta-metric-ptbr", "2025-05-30", "gains") == (2,)
    assert daily("instagram", "meta-metric-ptbr", "2025-05-31", "gains") == (None,)


@pytest.mark.parametrize(
    ("account", "day", "column", "value"),
    [
        ("meta-metric-semicolon", "2025-11-01", "gains", 0),  # 4, 0, 2, 1 from 10-31
        ("meta-metric-semicolon", "2025-11-03", "gains", 1),
        ("meta-metric-tab", "2024-03-04", "reach", 123),  # 120 + index 3
        ("meta-metric-xlsx", "2024-03-02", "profile_visits", 11),  # 10 + index 1
    ],
)
def test_spreadsheet_resaves_of_metric_files(real_world, account, day, column, value):
    assert real_world.daily("facebook", account, day, column) == (value,)


def test_instagram_posts_of_both_column_orders_and_portuguese(real_world):
    post = real_world.post
    # 2026 order: likes 200 + comments 10 + shares 50 + saves 7 = 267 engagements.
    assert post("18000000000000201", "views", "reach", "engagements") == (4000, 3000, 267)
    # 2025 order (Comments, Saves, Follows last): 30 + 6 + 4 + 9 = 49.
    assert post("18000000000000301", "views", "reach", "comments", "engagements") == (
        700, 650, 6, 49,
    )  # fmt: skip
    # Portuguese titles: Curtidas 120 + Comentários 8 + Compartilhamentos 15 + Salvamentos 11.
    assert post("18000000000000901", "views", "reach", "likes", "engagements") == (
        2000, 1800, 120, 154,
    )  # fmt: skip
    # Each record re-wrapped in one cell by a spreadsheet: 12 + 3 + 0 + 1 = 16.
    assert post("18000000000001001", "views", "engagements") == (834, 16)


def test_instagram_story_without_comments_has_no_engagement_total(real_world):
    # Stories report no comments and no saves: engagements unknown, not a partial sum.
    assert real_world.post(
        "18000000000000401", "views", "reach", "profile_visits", "link_clicks", "engagements"
    ) == (250, 240, 6, 4, None)


def test_facebook_post_generations(real_world):
    post = real_world.post
    # 2023-24: Impressions 120, no Views; reactions 8 + comments 2 + shares 1.
    assert post("100000000000501_200000000000501", "impressions", "views", "engagements") == (
        120, None, 11,
    )  # fmt: skip
    # 2025 with Views written twice: the first one; 50 + 6 + 4.
    assert post("100000000000601_200000000000601", "views", "reach", "engagements") == (
        1500, 1200, 60,
    )  # fmt: skip
    # 2026 with data-named columns at the end: 70 + 12 + 8.
    assert post("100000000000701_200000000000701", "views", "link_clicks", "engagements") == (
        3000, 9, 90,
    )  # fmt: skip
    # Meta's error row has no post id: quarantined with the row, the post beside it loaded.
    assert real_world.load(
        "facebook/meta-content-fb-2023/2024-03-06/Dec-12-2023_Mar-06-2024_1032400000000501.csv"
    ) == ("loaded", 2, 1, 1, 0, "1 row(s) quarantined")


@pytest.mark.parametrize(
    ("source", "starts_with"),
    [
        ("facebook/meta-content-fb-videos/2026-08-01/Jul-01-2026_Jul-31-2026_1267800000000801.csv",
         "Facebook video export"),
        ("instagram/meta-audience/2026-06-22/Audience.csv", "Meta Business Suite audience"),
        ("instagram/meta-audience/2026-06-22/Audience (1).csv", "Meta Business Suite audience"),
        ("instagram/meta-audience/2026-06-22/Top content formats.csv",
         "Meta Business Suite audience"),
    ],
)  # fmt: skip
def test_exports_with_no_home_in_the_warehouse_say_why(real_world, source, starts_with):
    status, read, *_, reason = real_world.load(source)
    assert (status, read) == ("skipped", 0) and reason.startswith(starts_with)
