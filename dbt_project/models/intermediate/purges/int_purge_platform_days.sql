-- One row per platform and day with at least one observed account total:
-- how many tracked accounts the purge detector flagged that day, and the
-- cross-sectional median relative change. A platform-wide purge day has at
-- least var('purge_platform_min_accounts') accounts flagged and either
-- var('purge_platform_min_share') of the tracked accounts flagged or a median
-- change at or below var('purge_platform_median_change').
with

interval_scores as (
    select * from {{ ref('int_purge_interval_scores') }}
),

platform_days as (
    select
        platform,
        activity_date,
        count(*) as tracked_accounts,
        sum(case when is_flagged then 1 else 0 end) as flagged_accounts,
        {{ median('relative_change') }} as median_relative_change
    from interval_scores
    group by platform, activity_date
),

final as (
    select
        platform,
        activity_date,
        tracked_accounts,
        flagged_accounts,
        {{ safe_divide('flagged_accounts', 'tracked_accounts') }} as flagged_share,
        median_relative_change,
        coalesce(
            flagged_accounts >= {{ var('purge_platform_min_accounts') }}
            and (
                {{ safe_divide('flagged_accounts', 'tracked_accounts') }} >= {{ var('purge_platform_min_share') }}
                or median_relative_change <= {{ var('purge_platform_median_change') }}
            ),
            false
        ) as is_platform_wide_purge_day
    from platform_days
)

select * from final
