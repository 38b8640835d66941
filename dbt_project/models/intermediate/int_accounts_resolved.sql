-- One row per (platform, account folder) with the stable account it belongs
-- to. The folder is the handle at export time, so a rename starts a new
-- folder; folders are the same account when they share an identifier:
--   * the platform's own account id (API snapshots, Instagram and Facebook
--     content exports), or
--   * a post id (content exports list the same posts before and after a
--     rename; TikTok, LinkedIn and YouTube native exports carry no account
--     id: TikTok and YouTube video ids, LinkedIn update (activity) ids).
-- Linked folders form one account (connected components, recursive CTE).
-- Its identity is the platform account id when one is known, else its
-- earliest folder; account_key hashes platform + identity.
-- A folder can join an account only once the linking rows land (a renamed
-- account whose first export under the new handle lacks ids): until then it
-- is an account of its own, afterwards its key changes. identity_loaded_at
-- dates that: the load of the newest raw row the current identity depends
-- on. Rows keyed downstream carry it in their loaded_at, so that incremental
-- marts rebuild the whole re-keyed account (and delete the retired key).
with recursive

{%- set folder_sources = [
    'stg_api__follower_snapshots', 'stg_meta__account_metrics', 'stg_instagram__posts',
    'stg_facebook__posts', 'stg_x__account_overview', 'stg_x__posts', 'stg_x__tweet_activity',
    'stg_x__daily_tweet_activity',
    'stg_tiktok__follower_history', 'stg_tiktok__overview', 'stg_tiktok__videos', 'stg_tiktok__viewers',
    'stg_linkedin__followers', 'stg_linkedin__updates', 'stg_linkedin__visitors', 'stg_youtube__daily',
    'stg_youtube__videos', 'stg_pinterest__daily_metrics',
] %}
{#- (model, post id expression, filter): posts listed by a folder's exports. #}
{%- set post_sources = [
    ('stg_instagram__posts', 'post_id', 'true'),
    ('stg_facebook__posts', 'post_id', 'true'),
    ('stg_x__posts', 'post_id', 'true'),
    ('stg_x__tweet_activity', 'post_id', 'true'),
    ('stg_tiktok__videos', 'video_id', 'true'),
    ('stg_youtube__videos', 'video_id', 'true'),
    ('stg_linkedin__updates', 'post_id', "row_kind = 'post'"),
] %}

api_snapshots as (
    select * from {{ ref('stg_api__follower_snapshots') }}
),

instagram_posts as (
    select * from {{ ref('stg_instagram__posts') }}
),

facebook_posts as (
    select * from {{ ref('stg_facebook__posts') }}
),

folder_exports as (
    {%- for model in folder_sources %}
    select
        platform,
        account_folder,
        export_date,
        min(loaded_at) as loaded_at
    from {{ ref(model) }}
    group by platform, account_folder, export_date
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

folders as (
    select
        platform,
        account_folder,
        min(export_date) as first_export_date,
        max(export_date) as last_export_date,
        -- When the folder's first export date became what it is (it orders the root).
        max(case when export_rank = 1 then loaded_at end) as first_export_loaded_at
    from (
        select
            platform,
            account_folder,
            export_date,
            min(loaded_at) as loaded_at,
            row_number() over (partition by platform, account_folder order by export_date) as export_rank
        from folder_exports
        group by platform, account_folder, export_date
    ) as folder_export_loads
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
        display_name,
        loaded_at
    from api_snapshots
    union all
    select
        platform,
        account_folder,
        export_date,
        platform_account_id,
        username,
        display_name,
        loaded_at
    from instagram_posts
    union all
    select
        platform,
        account_folder,
        export_date,
        platform_account_id,
        null as username,
        display_name,
        loaded_at
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

-- Identifiers each folder's exports state, with the load of the first row
-- stating it there (a link exists from the later of its two sides' loads).
folder_identifiers as (
    select
        platform,
        account_folder,
        identifier,
        min(loaded_at) as first_loaded_at
    from (
        select
            platform,
            account_folder,
            'account:' || platform_account_id as identifier,
            loaded_at
        from folder_attributes
        where platform_account_id is not null
        {%- for model, post_id, condition in post_sources %}
        union all
        select
            platform,
            account_folder,
            'post:' || {{ post_id }} as identifier,
            loaded_at
        from {{ ref(model) }}
        where {{ post_id }} is not null and {{ condition }}
        {%- endfor %}
    ) as stated
    group by platform, account_folder, identifier
),

folder_links as (
    select
        this_folder.platform,
        this_folder.account_folder as from_folder,
        other_folder.account_folder as to_folder,
        min({{ greatest_known(['this_folder.first_loaded_at', 'other_folder.first_loaded_at']) }})
            as linked_at
    from folder_identifiers as this_folder
    inner join folder_identifiers as other_folder
        on
            this_folder.platform = other_folder.platform
            and this_folder.identifier = other_folder.identifier
            and this_folder.account_folder != other_folder.account_folder
    group by this_folder.platform, this_folder.account_folder, other_folder.account_folder
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
        folders.first_export_loaded_at,
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
        count(*) as linked_folder_count,
        max(first_export_loaded_at) as members_first_export_loaded_at
    from component_members
    group by platform, account_folder
),

component_links as (
    select
        component_members.platform,
        component_members.account_folder,
        max(folder_links.linked_at) as last_linked_at
    from component_members
    inner join folder_links
        on
            component_members.platform = folder_links.platform
            and component_members.linked_folder = folder_links.from_folder
    group by component_members.platform, component_members.account_folder
),

-- When the component's account id was first stated by any of its folders.
component_id_stated as (
    select
        component_members.platform,
        component_members.account_folder,
        min(folder_identifiers.first_loaded_at) as id_first_loaded_at
    from component_members
    inner join component_identity
        on
            component_members.platform = component_identity.platform
            and component_members.account_folder = component_identity.account_folder
    inner join folder_identifiers
        on
            component_members.platform = folder_identifiers.platform
            and component_members.linked_folder = folder_identifiers.account_folder
            and folder_identifiers.identifier = 'account:' || component_identity.platform_account_id
    group by component_members.platform, component_members.account_folder
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
        {{ greatest_known([
            'component_id_stated.id_first_loaded_at',
            'component_links.last_linked_at',
            'case when component_identity.linked_folder_count > 1 '
            ~ 'then component_identity.members_first_export_loaded_at end',
        ]) }} as identity_loaded_at,
        newest_folder_attributes.username,
        newest_folder_attributes.display_name,
        folders.first_export_date,
        folders.last_export_date
    from folders
    inner join component_identity
        on
            folders.platform = component_identity.platform
            and folders.account_folder = component_identity.account_folder
    left join component_links
        on
            folders.platform = component_links.platform
            and folders.account_folder = component_links.account_folder
    left join component_id_stated
        on
            folders.platform = component_id_stated.platform
            and folders.account_folder = component_id_stated.account_folder
    left join newest_folder_attributes
        on
            folders.platform = newest_folder_attributes.platform
            and folders.account_folder = newest_folder_attributes.account_folder
)

select * from resolved
