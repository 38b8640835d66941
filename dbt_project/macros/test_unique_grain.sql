{#- Grain test: no two rows share the given combination of columns
    (dbt_utils.unique_combination_of_columns, written here because dbt hub
    packages cannot be installed in this environment). -#}
{% test unique_grain(model, columns) %}
select {{ columns | join(', ') }}, count(*) as row_count
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
