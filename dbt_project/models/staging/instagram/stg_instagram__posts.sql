with

source as (
    select * from {{ source('raw', 'raw_instagram_content') }}
),

renamed as (
    select
        post_id,
        account_id as platform_account_id,
        account_username as username,
        account_name as display_name,
        description as post_text,
        duration_sec,
        published_at as published_at_local,
        permalink as post_url,
        post_type,
        data_comment,
        metrics_period,
        views,
        reach,
        likes,
        shares,
        follows,
        comments,
        saves,
        profile_visits,
        link_clicks,
        {{ lineage_columns() }}
    from source
)

select * from renamed
