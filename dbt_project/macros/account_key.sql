{#- Stable surrogate key of an account: platform plus the landing folder name. -#}
{% macro account_key(platform_column, account_column) -%}
    md5({{ platform_column }} || '/' || {{ account_column }})
{%- endmacro %}
