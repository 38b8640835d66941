with

source as (
    select * from {{ source('raw', 'raw_x_tweet_activity') }}
),

renamed as (
    select
        post_id,
        post_url,
        post_text,
        posted_at as published_at_utc,
        impressions,
        engagements as platform_reported_engagements,
        engagement_rate as platform_reported_engagement_rate,
        retweets,
        replies,
        likes,
        user_profile_clicks,
        url_clicks,
        hashtag_clicks,
        detail_expands,
        permalink_clicks,
        app_opens,
        app_installs,
        follows,
        email_tweet,
        dial_phone,
        media_views,
        media_engagements,
        {{ lineage_columns() }}
    from source
)

select * from renamed
