{#- Post-hook of the incremental account marts: delete rows under an account
    key that no longer exists. A key retires when a folder is linked to an
    account only after its own rows were built (see int_accounts_resolved);
    the account's rows are rebuilt under the surviving key by the same run
    (their loaded_at moves with identity_loaded_at), but delete+insert only
    replaces keys it inserts, so the retired key's rows must go explicitly. -#}
{% macro delete_retired_account_keys() -%}
    delete from {{ this }}
    where account_key not in (
        select account_key from {{ ref('int_accounts_resolved') }}
    )
{%- endmacro %}
