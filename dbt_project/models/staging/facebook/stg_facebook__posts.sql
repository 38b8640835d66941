with

source as (
    select * from {{ source('raw', 'raw_facebook_content') }}
),

renamed as (
    select
        post_id,
        page_id as platform_account_id,
        page_name as display_name,
        title as post_title,
        description as post_text,
        duration_sec,
        published_at as published_at_local,
        caption_type,
        permalink as post_url,
        is_crosspost,
        is_share,
        post_type,
        data_comment,
        metrics_period,
        views,
        reach,
        impressions,
        reactions_comments_shares,
        reactions,
        comments,
        shares,
        total_clicks,
        link_clicks,
        other_clicks,
        seconds_viewed,
        {{ lineage_columns() }}
    from source
)

select * from renamed
