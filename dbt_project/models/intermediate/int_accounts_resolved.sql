-- One row per (platform, account folder) with the stable account it belongs
-- to. The folder is the handle at export time, so a rename starts a new
-- folder; folders are the same account when they share an identifier:
--   * the platform's own account id (API snapshots, Instagram and Facebook
--     content exports), or
--   * a post id (content exports list the same posts before and after a
--     rename; TikTok and LinkedIn snapshots carry no account id).
-- Linked folders form one account (connected components, recursive CTE).
-- Its identity is the platform account id when one is known, else its
-- earliest folder; account_key hashes platform + identity, so it is stable
-- across renames and across incremental runs (new folders join an existing
-- identity, they never change it).
with recursive

api_snapshots as (
    select * from {{ ref('stg_api__follower_snapshots') }}
),

meta_account_metrics as (
    select * from {{ ref('stg_meta__account_metrics') }}
),

instagram_posts as (
    select * from {{ ref('stg_instagram__posts') }}
),

facebook_posts as (
    select * from {{ ref('stg_facebook__posts') }}
),

x_account_overview as (
    select * from {{ ref('stg_x__account_overview') }}
),

x_posts as (
    select * from {{ ref('stg_x__posts') }}
),

x_tweet_activity as (
    select * from {{ ref('stg_x__tweet_activity') }}
),

tiktok_follower_history as (
    select * from {{ ref('stg_tiktok__follower_history') }}
),

tiktok_overview as (
    select * from {{ ref('stg_tiktok__overview') }}
),

tiktok_videos as (
    select * from {{ ref('stg_tiktok__videos') }}
),

folder_exports as (
    select distinct
        platform,
        account_folder,
        export_date
    from api_snapshots
    union
    select distinct
        platform,
        account_folder,
        export_date
    from meta_account_metrics
    union
    select distinct
        platform,
        account_folder,
        export_date
    from instagram_posts
    union
    select distinct
        platform,
        account_folder,
        export_date
    from facebook_posts
    union
    select distinct
        platform,
        account_folder,
        export_date
    from x_account_overview
    union
    select distinct
        platform,
        account_folder,
        export_date
    from x_posts
    union
    select distinct
        platform,
        account_folder,
        export_date
    from x_tweet_activity
    union
    select distinct
        platform,
        account_folder,
        export_date
    from tiktok_follower_history
    union
    select distinct
        platform,
        account_folder,
        export_date
    from tiktok_overview
    union
    select distinct
        platform,
        account_folder,
        export_date
    from tiktok_videos
),

folders as (
    select
        platform,
        account_folder,
        min(export_date) as first_export_date,
        max(export_date) as last_export_date
    from folder_exports
    group by platform, account_folder
),

-- Account attributes as the exports state them (id, username, display name).
folder_attributes as (
    select
        platform,
        account_folder,
        export_date,
        platform_account_id,
        username,
        display_name
    from api_snapshots
    union all
    select
        platform,
        account_folder,
        export_date,
        platform_account_id,
        username,
        display_name
    from instagram_posts
    union all
    select
        platform,
        account_folder,
        export_date,
        platform_account_id,
        null as username,
        display_name
    from facebook_posts
),

newest_folder_attributes as (
    select
        platform,
        account_folder,
        max(platform_account_id) as platform_account_id,
        max(username) as username,
        max(display_name) as display_name
    from (
        select
            *,
            row_number() over (
                partition by platform, account_folder
                order by export_date desc
            ) as recency_rank
        from folder_attributes
        where platform_account_id is not null or username is not null or display_name is not null
    ) as ranked
    where recency_rank = 1
    group by platform, account_folder
),

folder_identifiers as (
    select distinct
        platform,
        account_folder,
        'account:' || platform_account_id as identifier
    from folder_attributes
    where platform_account_id is not null
    union
    select distinct
        platform,
        account_folder,
        'post:' || post_id as identifier
    from instagram_posts
    union
    select distinct
        platform,
        account_folder,
        'post:' || post_id as identifier
    from facebook_posts
    union
    select distinct
        platform,
        account_folder,
        'post:' || post_id as identifier
    from x_posts
    union
    select distinct
        platform,
        account_folder,
        'post:' || post_id as identifier
    from x_tweet_activity
    union
    select distinct
        platform,
        account_folder,
        'post:' || video_id as identifier
    from tiktok_videos
),

folder_links as (
    select distinct
        this_folder.platform,
        this_folder.account_folder as from_folder,
        other_folder.account_folder as to_folder
    from folder_identifiers as this_folder
    inner join folder_identifiers as other_folder
        on
            this_folder.platform = other_folder.platform
            and this_folder.identifier = other_folder.identifier
            and this_folder.account_folder != other_folder.account_folder
),

linked_folders (platform, account_folder, linked_folder) as (
    select
        platform,
        account_folder,
        account_folder as linked_folder
    from folders
    union
    select
        linked_folders.platform,
        linked_folders.account_folder,
        folder_links.to_folder as linked_folder
    from linked_folders
    inner join folder_links
        on
            linked_folders.platform = folder_links.platform
            and linked_folders.linked_folder = folder_links.from_folder
),

component_members as (
    select
        linked_folders.platform,
        linked_folders.account_folder,
        linked_folders.linked_folder,
        folders.first_export_date,
        newest_folder_attributes.platform_account_id,
        row_number() over (
            partition by linked_folders.platform, linked_folders.account_folder
            order by folders.first_export_date, linked_folders.linked_folder
        ) as age_rank
    from linked_folders
    inner join folders
        on
            linked_folders.platform = folders.platform
            and linked_folders.linked_folder = folders.account_folder
    left join newest_folder_attributes
        on
            linked_folders.platform = newest_folder_attributes.platform
            and linked_folders.linked_folder = newest_folder_attributes.account_folder
),

component_identity as (
    select
        platform,
        account_folder,
        max(case when age_rank = 1 then linked_folder end) as root_folder,
        min(platform_account_id) as platform_account_id,
        count(distinct platform_account_id) as platform_account_id_count,
        count(*) as linked_folder_count
    from component_members
    group by platform, account_folder
),

resolved as (
    select
        folders.platform,
        folders.account_folder,
        {{ account_key(
            'folders.platform',
            "coalesce('id:' || component_identity.platform_account_id, 'folder:' || component_identity.root_folder)",
        ) }} as account_key,
        component_identity.platform_account_id,
        component_identity.root_folder,
        component_identity.platform_account_id_count,
        component_identity.linked_folder_count,
        newest_folder_attributes.username,
        newest_folder_attributes.display_name,
        folders.first_export_date,
        folders.last_export_date
    from folders
    inner join component_identity
        on
            folders.platform = component_identity.platform
            and folders.account_folder = component_identity.account_folder
    left join newest_folder_attributes
        on
            folders.platform = newest_folder_attributes.platform
            and folders.account_folder = newest_folder_attributes.account_folder
)

select * from resolved
