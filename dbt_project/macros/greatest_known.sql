{#- Greatest of the non-NULL expressions, NULL when all are NULL. GREATEST
    ignores NULLs on DuckDB and Postgres but returns NULL on Snowflake and
    BigQuery, so spell it out. -#}
{% macro greatest_known(expressions) -%}
    case
        {%- for candidate in expressions %}
        when {{ candidate }} is not null
            {%- for other in expressions if other != candidate %}
            and ({{ other }} is null or {{ candidate }} >= {{ other }})
            {%- endfor %}
            then {{ candidate }}
        {%- endfor %}
    end
{%- endmacro %}
