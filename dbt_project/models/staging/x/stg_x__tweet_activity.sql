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
        _platform as platform,
        _account as account_folder,
        _export_date as export_date,
        _load_seq as load_seq,
        _source_file as source_file,
        _source_row as source_row,
        _loaded_at as loaded_at
    from source
)

select * from renamed
