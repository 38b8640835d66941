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
