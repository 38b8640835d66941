with

source as (
    select * from {{ source('raw', 'raw_linkedin_updates') }}
),

renamed as (
    select
        row_kind,
        metric_date,
        post_url,
        -- The update's activity id (urn:li:activity:<id>, also share / ugcPost), else the link.
        coalesce(nullif(regexp_extract(post_url, 'urn:li:[A-Za-z]+:([0-9]+)', 1), ''), post_url) as post_id,
        post_title,
        unique_impressions_organic,
        impressions_organic,
        impressions_sponsored,
        impressions_total,
        clicks_organic,
        clicks_sponsored,
        clicks_total,
        reactions_organic,
        reactions_sponsored,
        reactions_total,
        comments_organic,
        comments_sponsored,
        comments_total,
        reposts_organic,
        reposts_sponsored,
        reposts_total,
        engagement_rate_organic,
        engagement_rate_sponsored,
        engagement_rate_total,
        views,
        follows,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
