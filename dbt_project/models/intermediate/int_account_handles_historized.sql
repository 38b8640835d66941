-- Handle history of each account (slowly changing, type 2): one row per
-- account folder, valid from its first export date until the day before the
-- next folder's first export. The first handle is open-ended backwards (it
-- also names the days its first export looked back on), the current one
-- forwards. Derived from the exports rather than a dbt snapshot: a snapshot
-- records when dbt ran, not when the handle changed, and cannot be rebuilt
-- by a full refresh.
with

accounts as (
    select * from {{ ref('int_accounts_resolved') }}
),

ordered as (
    select
        account_key,
        platform,
        account_folder as handle,
        username,
        display_name,
        first_export_date,
        last_export_date,
        row_number() over (
            partition by account_key order by first_export_date, account_folder
        ) as handle_number,
        lead(first_export_date) over (
            partition by account_key order by first_export_date, account_folder
        ) as next_handle_first_export_date
    from accounts
),

historized as (
    select
        account_key,
        platform,
        handle,
        username,
        display_name,
        handle_number,
        first_export_date,
        last_export_date,
        case when handle_number > 1 then first_export_date end as valid_from,
        {{ add_days(-1, 'next_handle_first_export_date') }} as valid_to,
        next_handle_first_export_date is null as is_current
    from ordered
)

select * from historized
