{#- Stable surrogate key of an account: platform plus its resolved identity
    (the platform's own account id when any export gives one, else the first
    account folder it was landed under); see int_accounts_resolved. -#}
{% macro account_key(platform_column, identity_column) -%}
    {{ dbt.hash(dbt.concat([platform_column, "'/'", identity_column])) }}
{%- endmacro %}
