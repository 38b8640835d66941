{#- First day an incremental mart must rebuild: the earliest day of any input
    row loaded after the mart's watermark (the latest loaded_at it holds),
    minus var('incremental_lookback_days'). inputs: list of [relation, date
    column]; each relation carries loaded_at, the load time of the newest raw
    row behind each of its rows. NULL (nothing to rebuild) when no input row is new, so
    `where day >= <this>` selects nothing. -#}
{% macro incremental_rebuild_from(inputs) -%}
    (
        select {{ add_days(-1 * var('incremental_lookback_days') | int, 'min(touched_date)') }}
        from (
            {%- for relation, date_column in inputs %}
            select min({{ date_column }}) as touched_date
            from {{ relation }}
            where loaded_at > ({{ incremental_watermark() }})
            {% if not loop.last %}union all{% endif %}
            {%- endfor %}
        ) as touched_dates
    )
{%- endmacro %}


{#- The latest loaded_at an incremental model holds (1900-01-01 when empty):
    its input rows loaded after it are new to the model. -#}
{% macro incremental_watermark() -%}
    select coalesce(max(loaded_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) as loaded_at
    from {{ this }}
{%- endmacro %}
