with

source as (
    select * from {{ source('raw', 'raw_linkedin_visitors') }}
),

renamed as (
    select
        metric_date,
        overview_page_views_desktop,
        overview_page_views_mobile,
        overview_page_views_total,
        overview_unique_visitors_desktop,
        overview_unique_visitors_mobile,
        overview_unique_visitors_total,
        life_page_views_desktop,
        life_page_views_mobile,
        life_page_views_total,
        life_unique_visitors_desktop,
        life_unique_visitors_mobile,
        life_unique_visitors_total,
        jobs_page_views_desktop,
        jobs_page_views_mobile,
        jobs_page_views_total,
        jobs_unique_visitors_desktop,
        jobs_unique_visitors_mobile,
        jobs_unique_visitors_total,
        total_page_views_desktop,
        total_page_views_mobile,
        total_page_views_total,
        total_unique_visitors_desktop,
        total_unique_visitors_mobile,
        total_unique_visitors_total,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
