-- Handle history (slowly changing dimension, type 2): one row per account and
-- handle with the days it was in effect. valid_from is NULL for an account's
-- first handle (it also names the days before its first export), valid_to is
-- NULL for the current one.
with

account_handles as (
    select * from {{ ref('int_account_handles_historized') }}
),

final as (
    select
        cast(account_key as varchar) as account_key,
        cast(platform as varchar) as platform,
        cast(handle as varchar) as handle,
        cast(handle_number as bigint) as handle_number,
        cast(username as varchar) as username,
        cast(display_name as varchar) as display_name,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        cast(is_current as boolean) as is_current,
        cast(first_export_date as date) as first_export_date,
        cast(last_export_date as date) as last_export_date
    from account_handles
)

select * from final
