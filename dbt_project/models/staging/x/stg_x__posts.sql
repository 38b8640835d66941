with

source as (
    select * from {{ source('raw', 'raw_x_content') }}
),

renamed as (
    select
        post_id,
        posted_date as published_date,
        post_text,
        post_url,
        impressions,
        likes,
        engagements as platform_reported_engagements,
        bookmarks,
        shares,
        new_follows,
        replies,
        reposts,
        profile_visits,
        detail_expands,
        url_clicks,
        hashtag_clicks,
        permalink_clicks,
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
