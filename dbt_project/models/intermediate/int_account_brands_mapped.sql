-- The brand of each account, from the user-edited seed: a row naming any of
-- the account's handles (past or current) maps the account.
with

brands as (
    select * from {{ ref('brands') }}
),

account_handles as (
    select * from {{ ref('int_account_handles_historized') }}
),

mapped as (
    select distinct
        account_handles.account_key,
        brands.brand
    from brands
    inner join account_handles
        on
            brands.platform = account_handles.platform
            and brands.handle = account_handles.handle
)

select * from mapped
