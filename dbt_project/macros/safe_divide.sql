{#- Ratio that is NULL (never 0, never an error) when the denominator is zero or unknown. -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif(cast({{ denominator }} as {{ type_double() }}), 0))
{%- endmacro %}
