-- One row per account (stable across handle renames): platform, current
-- handle, handle history, identifiers, brand, and the days it was seen.
with

accounts as (
    select * from {{ ref('int_accounts_resolved') }}
),

account_handles as (
    select * from {{ ref('int_account_handles_historized') }}
),

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

account_brands as (
    select * from {{ ref('int_account_brands_mapped') }}
),

handle_summary as (
    select
        account_key,
        platform,
        {{ dbt.listagg(
            "handle || '@' || cast(first_export_date as varchar)",
            "'|'",
            "order by first_export_date, handle",
        ) }} as handle_history,
        count(*) as handle_count,
        min(first_export_date) as first_export_date,
        max(last_export_date) as last_export_date
    from account_handles
    group by account_key, platform
),

current_handles as (
    select
        account_key,
        handle as account_name,
        username,
        display_name
    from account_handles
    where is_current
),

account_identifiers as (
    select
        account_key,
        max(platform_account_id) as platform_account_id
    from accounts
    group by account_key
),

activity_range as (
    select
        account_key,
        min(activity_date) as first_activity_date,
        max(activity_date) as last_activity_date
    from account_daily
    group by account_key
),

brand_per_account as (
    select
        account_key,
        min(brand) as brand
    from account_brands
    group by account_key
),

final as (
    select
        cast(handle_summary.account_key as varchar) as account_key,
        cast(handle_summary.platform as varchar) as platform,
        cast(current_handles.account_name as varchar) as account_name,
        cast(current_handles.username as varchar) as username,
        cast(current_handles.display_name as varchar) as display_name,
        cast(account_identifiers.platform_account_id as varchar) as platform_account_id,
        cast(brand_per_account.brand as varchar) as brand,
        cast(handle_summary.handle_history as varchar) as handle_history,
        cast(handle_summary.handle_count as bigint) as handle_count,
        cast(handle_summary.first_export_date as date) as first_export_date,
        cast(handle_summary.last_export_date as date) as last_export_date,
        cast(activity_range.first_activity_date as date) as first_activity_date,
        cast(activity_range.last_activity_date as date) as last_activity_date
    from handle_summary
    inner join current_handles
        on handle_summary.account_key = current_handles.account_key
    inner join account_identifiers
        on handle_summary.account_key = account_identifiers.account_key
    left join activity_range
        on handle_summary.account_key = activity_range.account_key
    left join brand_per_account
        on handle_summary.account_key = brand_per_account.account_key
)

select * from final
