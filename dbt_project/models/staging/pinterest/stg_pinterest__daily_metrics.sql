with

source as (
    select * from {{ source('raw', 'raw_pinterest_daily_metrics') }}
),

renamed as (
    select
        metric_date as activity_date,
        impressions,
        engagements,
        pin_clicks,
        outbound_clicks,
        saves,
        total_audience,
        engaged_audience,
        extra_metrics,
        is_estimate,
        data_status,
        range_start as range_start_date,
        range_end as range_end_date,
        view_filters,
        is_filtered_view,
        {{ lineage_columns() }}
    from source
)

select * from renamed
