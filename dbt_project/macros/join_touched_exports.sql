{#- In an incremental build of a model rebuilt export by export, keep only the
    rows of `relation_alias` whose export (platform, account folder, export
    date) is in the model's `touched_exports` CTE; nothing in a full build. -#}
{% macro join_touched_exports(relation_alias) -%}
    {%- if is_incremental() %}
    inner join touched_exports
        on
            {{ relation_alias }}.platform = touched_exports.platform
            and {{ relation_alias }}.account_folder = touched_exports.account_folder
            and {{ relation_alias }}.export_date = touched_exports.export_date
    {%- endif %}
{%- endmacro %}
