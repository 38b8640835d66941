{#- The lineage the ingest writes on every raw row, renamed for the staging
    layer: platform and account folder of the landing path, export date, load
    order, source file (zip member included), row number and load time. -#}
{% macro lineage_columns() -%}
    _platform as platform,
    _account as account_folder,
    _export_date as export_date,
    _load_seq as load_seq,
    _source_file as source_file,
    _source_row as source_row,
    _loaded_at as loaded_at
{%- endmacro %}
