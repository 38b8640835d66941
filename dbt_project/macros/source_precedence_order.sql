{#- The ORDER BY terms ranking sources of one export date (int_source_precedence, joined as
    `relation`): the later window first, then more rows, then the content hash. -#}
{% macro source_precedence_order(relation) -%}
    {{ relation }}.last_day desc nulls last,
    {{ relation }}.rows_loaded desc nulls last,
    {{ relation }}.content_hash desc
{%- endmacro %}
