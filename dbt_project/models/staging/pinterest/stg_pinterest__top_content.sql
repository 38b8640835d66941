with

source as (
    select * from {{ source('raw', 'raw_pinterest_top_content') }}
),

renamed as (
    select
        item_kind,
        item_url,
        pin_id,
        impressions,
        engagements,
        pin_clicks,
        outbound_clicks,
        saves,
        content_type,
        content_source,
        is_canonical,
        range_start as range_start_date,
        range_end as range_end_date,
        estimated_from as estimated_from_date,
        table_note,
        view_filters,
        is_filtered_view,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
