"""The marts against the generator's ground truth: identities across renames,
follower totals and flows, daily engagement figures, posts and KPIs."""

from __future__ import annotations

import pytest

# Daily metrics each platform's exports report (truth column = mart column).
DAILY_METRICS = {
    "instagram": ["views", "reach", "profile_visits", "link_clicks", "interactions"],
    "facebook": ["views", "reach", "profile_visits", "link_clicks", "interactions"],
    "x": ["impressions", "video_views", "media_views", "profile_visits", "likes", "comments",
          "shares", "saves", "reposts", "posts_published"],
    "tiktok": ["views", "profile_visits", "likes", "comments", "shares"],
    "linkedin": ["impressions", "link_clicks", "likes", "comments", "reposts"],
    "youtube": ["views"],
}  # fmt: skip

TRUTH_JOIN = """
    from truth_account_daily as t
    inner join account_map as m on m.account_id = t.account_id
    left join marts.fct_account_daily as f
        on f.account_key = m.account_key and f.activity_date = t.date
"""


def scalar(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def test_every_account_keeps_one_key_across_renames(mart_db):
    per_account = mart_db.execute(
        "select account_id, count(distinct account_key) from account_map group by 1"
    ).fetchall()
    assert len(per_account) == scalar(mart_db, "select count(*) from truth_accounts")
    assert all(keys == 1 for _, keys in per_account)
    assert scalar(mart_db, "select count(distinct account_key) from account_map") == len(
        per_account
    )
    assert scalar(mart_db, "select count(*) from marts.dim_accounts") == len(per_account)


def test_renamed_account_shows_its_current_handle_and_history(mart_db):
    renamed = mart_db.execute(
        "select account_id, handle, handle_history from truth_accounts where renamed_on is not null"
    ).fetchall()
    assert renamed, "the test world must rename an account"
    for account_id, current_handle, history in renamed:
        name, handles = mart_db.execute(
            """
            select d.account_name, d.handle_history
            from marts.dim_accounts as d
            inner join account_map as m on m.account_key = d.account_key
            where m.account_id = ?
            """,
            [account_id],
        ).fetchone()
        assert name == current_handle
        assert [h.split("@")[0] for h in handles.split("|")] == [
            h.split("@")[0] for h in history.split("|")
        ]


def test_daily_handle_follows_the_rename(mart_db):
    """Days before the rename carry the old handle, days from the new folder's
    first export on the new one (the exports date the rename, to within the
    export interval)."""
    rows = mart_db.execute(
        """
        select
            count(*) filter (where f.activity_date < h.valid_from and f.account_name = old.handle),
            count(*) filter (where f.activity_date < h.valid_from),
            count(*) filter (where f.activity_date >= d.first_export_date and f.account_name = h.handle),
            count(*) filter (where f.activity_date >= d.first_export_date),
            max(d.first_export_date - h.valid_from)
        from truth_handles as h
        inner join truth_handles as old on old.account_id = h.account_id and old.valid_to = h.valid_from - 1
        inner join account_map as m on m.account_id = h.account_id
        inner join marts.dim_account_handles as d on d.account_key = m.account_key and d.handle = h.handle
        inner join marts.fct_account_daily as f on f.account_key = m.account_key
        """
    ).fetchone()
    old_ok, old_days, new_ok, new_days, lag_days = rows
    assert old_days > 0 and new_days > 0
    assert (old_ok, new_ok) == (old_days, new_days)
    assert 0 <= lag_days < 2  # WORLD.export_every


def test_follower_totals_are_exact_on_days_a_file_reports(mart_db):
    rows = mart_db.execute(
        f"""
        select t.platform, count(*) as days,
            count(*) filter (where f.followers_total = t.followers_total) as exact,
            count(*) filter (where f.followers_total_source in ('api_snapshot', 'tiktok_follower_history')) as observed
        {TRUTH_JOIN}
        where t.total_in_exports
        group by 1
        """
    ).fetchall()
    assert {platform for platform, *_ in rows} == {
        "instagram",
        "facebook",
        "x",
        "tiktok",
        "linkedin",
        "youtube",
    }
    for platform, days, exact, observed in rows:
        assert exact == days, platform
        assert observed == days, platform


def test_unreported_totals_stay_null_unless_reconstructed_and_flagged(mart_db):
    sources = dict(
        mart_db.execute(
            f"""
            select coalesce(f.followers_total_source, 'null'), count(*)
            {TRUTH_JOIN}
            where not t.total_in_exports and f.account_key is not null
            group by 1
            """
        ).fetchall()
    )
    assert set(sources) <= {"null", "reconstructed_from_flows"}
    # A reconstruction from flows is exact unless followers were purged that day.
    wrong = scalar(
        mart_db,
        f"""
        select count(*) {TRUTH_JOIN}
        where f.followers_total_source = 'reconstructed_from_flows'
            and t.purge_loss = 0 and f.followers_total != t.followers_total
        """,
    )
    assert sources.get("reconstructed_from_flows", 0) > 0
    assert wrong == 0


def test_net_change_is_exact_between_two_observed_days_and_null_across_gaps(mart_db):
    exact, total, across_gap = mart_db.execute(
        """
        with days as (
            select f.*, lag(f.activity_date) over (partition by f.account_key order by f.activity_date) as previous_day,
                lag(f.followers_total) over (partition by f.account_key order by f.activity_date) as previous_total
            from marts.fct_account_daily as f
        )
        select
            count(*) filter (where d.followers_net_change = t.net_change),
            count(*) filter (where d.followers_total is not null and d.previous_total is not null
                and d.previous_day = d.activity_date - 1),
            count(*) filter (where d.previous_day != d.activity_date - 1 and d.followers_net_change is not null)
        from days as d
        inner join account_map as m on m.account_key = d.account_key
        inner join truth_account_daily as t on t.account_id = m.account_id and t.date = d.activity_date
        where d.followers_total_source in ('api_snapshot', 'tiktok_follower_history')
            and d.previous_total is not null and d.previous_day = d.activity_date - 1
        """
    ).fetchone()
    assert total > 0
    assert across_gap == 0
    # Where the previous day was reconstructed on a purge day the change differs; elsewhere exact.
    purged_after_reconstruction = scalar(
        mart_db,
        f"""
        select count(*) {TRUTH_JOIN}
        inner join marts.fct_account_daily as prev
            on prev.account_key = f.account_key and prev.activity_date = f.activity_date - 1
        inner join truth_account_daily as tp on tp.account_id = t.account_id and tp.date = t.date - 1
        where prev.followers_total_source = 'reconstructed_from_flows' and tp.purge_loss > 0
            and f.followers_total_source != 'reconstructed_from_flows'
        """,
    )
    assert exact >= total - purged_after_reconstruction


@pytest.mark.parametrize(
    ("platform", "flows"),
    [
        ("instagram", ["gains"]),
        ("facebook", ["gains"]),
        ("x", ["gains", "losses"]),
        ("tiktok", ["gains", "losses"]),
        ("linkedin", ["gains"]),
        ("youtube", ["gains", "losses"]),
    ],
)
def test_follower_flows_are_exact(mart_db, platform, flows):
    for flow in flows:
        reported, exact, truth_days = mart_db.execute(
            f"""
            select count(f.{flow}), count(*) filter (where f.{flow} = t.{flow}), count(*)
            {TRUTH_JOIN}
            where t.platform = ?
            """,
            [platform],
        ).fetchone()
        assert exact == reported, (platform, flow)
        if platform in ("instagram", "facebook"):
            # Meta Follows.csv skips zero days: an absent day is 0 inside the export's window,
            # which ends at the file's last row. A day after the last row of every export
            # holding it stays unknown, and only a zero day can be such a day.
            unknown_nonzero = scalar(
                mart_db,
                f"select count(*) {TRUTH_JOIN} where t.platform = ? "
                f"and f.{flow} is null and t.{flow} != 0",
                [platform],
            )
            assert unknown_nonzero == 0, (platform, flow)
            assert reported >= 0.9 * truth_days, (platform, flow)
        elif platform != "tiktok":
            # X, LinkedIn New followers and YouTube Chart data flows cover every day.
            assert reported == truth_days, (platform, flow)
        else:
            # TikTok gains and losses come from API snapshots only: the day before each export.
            assert reported >= truth_days // 3, (platform, flow)


def test_flows_are_null_where_no_format_reports_them(mart_db):
    reported = scalar(
        mart_db,
        f"""
        select count(f.losses) {TRUTH_JOIN}
        where t.platform in ('instagram', 'facebook', 'linkedin')
        """,
    )
    assert reported == 0


@pytest.mark.parametrize("platform", sorted(DAILY_METRICS))
def test_daily_engagement_figures_are_exact(mart_db, platform):
    for metric in DAILY_METRICS[platform]:
        truth_days, reported, exact = mart_db.execute(
            f"""
            select count(t.{metric}), count(f.{metric}), count(*) filter (where f.{metric} = t.{metric})
            {TRUTH_JOIN}
            where t.platform = ?
            """,
            [platform],
        ).fetchone()
        assert truth_days > 0
        assert reported == truth_days == exact, (platform, metric)


def test_engagements_equal_the_simulated_actions(mart_db):
    # The truth sums the world's own likes, comments, shares, saves and reposts (the
    # generator's ENGAGEMENT_ACTIONS), not the exported columns the marts add up.
    checked, exact = mart_db.execute(
        f"""
        select count(*), count(*) filter (where f.engagements = t.engagement_actions)
        {TRUTH_JOIN}
        where t.platform in ('instagram', 'facebook', 'x', 'tiktok', 'linkedin')
        """
    ).fetchone()
    assert checked > 0 and exact == checked
    youtube_engagements = scalar(
        mart_db, "select count(engagements) from marts.fct_account_daily where platform = 'youtube'"
    )
    assert youtube_engagements == 0  # no YouTube daily export reports engagement counts
    x_reported = mart_db.execute(
        f"""
        select count(*), count(*) filter (where f.platform_reported_engagements = t.engagements)
        {TRUTH_JOIN} where t.platform = 'x'
        """
    ).fetchone()
    assert x_reported[0] > 0 and x_reported[0] == x_reported[1]
    rate_mismatches = scalar(
        mart_db,
        """
        select count(*) from marts.fct_account_daily
        where daily_engagement_rate is distinct from engagements::double / nullif(followers_total, 0)
        """,
    )
    assert rate_mismatches == 0


def test_post_lifetime_metrics_are_exact(mart_db):
    listed, found, exact = mart_db.execute(
        """
        select
            count(*),
            count(p.post_key),
            count(*) filter (where
                coalesce(p.views, p.impressions) = t.views
                and p.likes is not distinct from t.likes
                and p.comments is not distinct from t.comments
                and p.shares is not distinct from t.shares
                and p.saves is not distinct from t.saves
                and p.reposts is not distinct from t.reposts
                and p.reach is not distinct from t.reach
                and p.published_date = cast(t.publish_time as date)
                and p.account_key = m.account_key)
        from truth_posts as t
        inner join account_map as m on m.account_id = t.account_id
        left join marts.fct_post_performance as p on p.platform = t.platform and p.post_id = t.post_id
        where t.listed_in_exports
        """
    ).fetchone()
    assert listed > 0
    assert found == listed
    assert exact == listed


def test_posts_published_counts_the_posts_listed_for_each_day(mart_db):
    wrong = scalar(
        mart_db,
        """
        with listed as (
            select m.account_key, cast(t.publish_time as date) as published_date, count(*) as posts
            from truth_posts as t inner join account_map as m on m.account_id = t.account_id
            where t.listed_in_exports
                and t.platform in ('instagram', 'facebook', 'tiktok', 'linkedin', 'youtube')
            group by all
        )
        select count(*)
        from marts.fct_account_daily as f
        left join listed on listed.account_key = f.account_key and listed.published_date = f.activity_date
        where f.platform in ('instagram', 'facebook', 'tiktok', 'linkedin', 'youtube')
            and f.posts_published != coalesce(listed.posts, 0)
        """,
    )
    assert wrong == 0


def test_monthly_post_kpis_match_truth(mart_db):
    rows = mart_db.execute(
        """
        with truth as (
            select m.account_key, date_trunc('month', cast(t.publish_time as date)) as month,
                count(*) as posts, sum(t.comments) as comments, sum(t.likes) as likes,
                -- Shares and reposts both unknown (YouTube): no amplification to compare.
                sum(case when t.shares is not null or t.reposts is not null
                    then coalesce(t.shares, 0) + coalesce(t.reposts, 0) end) as shares
            from truth_posts as t inner join account_map as m on m.account_id = t.account_id
            where t.listed_in_exports
            group by all
        )
        select k.conversation_rate, truth.comments / truth.posts,
            k.applause_rate, truth.likes / truth.posts,
            k.amplification_rate, truth.shares / truth.posts
        from marts.mart_engagement_kpis as k
        inner join truth on truth.account_key = k.account_key and truth.month = k.period_start_date
        where k.period_grain = 'month'
        """
    ).fetchall()
    assert rows
    for row in rows:
        for mart_rate, truth_rate in zip(row[::2], row[1::2], strict=True):
            # NULL where the platform's posts report no such count (YouTube: views only).
            assert (mart_rate is None and truth_rate is None) or mart_rate == pytest.approx(
                truth_rate
            )


def test_kpi_ratios_are_null_on_zero_or_unknown_denominators(mart_db):
    assert (
        scalar(
            mart_db,
            """
        select count(*) from marts.mart_engagement_kpis
        where (posts = 0 and (conversation_rate is not null or amplification_rate is not null
                              or applause_rate is not null or engagement_rate_by_reach is not null))
            or (opening_followers_total is null and follower_growth_rate is not null)
            or (opening_followers_total = 0 and follower_growth_rate is not null)
        """,
        )
        == 0
    )
    # The day grain's growth rate is the day's relative change.
    assert (
        scalar(
            mart_db,
            """
        select count(*)
        from marts.mart_engagement_kpis as k
        inner join marts.fct_account_daily as f
            on f.account_key = k.account_key and f.activity_date = k.period_start_date
        where k.period_grain = 'day'
            and k.follower_growth_rate is distinct from f.followers_relative_change
        """,
        )
        == 0
    )


def test_weekly_follower_growth_uses_the_totals_around_the_week(mart_db):
    rows = mart_db.execute(
        """
        select k.follower_growth_rate, t_close.followers_total, t_open.followers_total
        from marts.mart_engagement_kpis as k
        inner join account_map as m on m.account_key = k.account_key
        inner join truth_account_daily as t_open
            on t_open.account_id = m.account_id and t_open.date = k.period_start_date - 1
        inner join truth_account_daily as t_close
            on t_close.account_id = m.account_id and t_close.date = k.last_reported_date
        where k.period_grain = 'week' and k.follower_growth_rate is not null
        """
    ).fetchall()
    assert rows
    for growth, closing, opening in rows:
        assert growth == pytest.approx((closing - opening) / opening)
