with

source as (
    select * from {{ source('raw', 'raw_linkedin_followers') }}
),

renamed as (
    select
        row_kind,
        metric_date,
        sponsored_new_followers,
        organic_new_followers,
        auto_invited_new_followers,
        new_followers_total as new_followers_gross,
        followers_total,
        source_sheet,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
