{#- The engagement rules, written once (dbt_project/README.md, "KPI formulas"). -#}

{#- Engagements of an account's day: the actions each platform's daily export counts.
    Instagram and Facebook: Meta's "Content interactions" (likes + comments + shares +
    saves); X: likes + replies + reposts + shares + bookmarks; TikTok: likes + comments +
    shares; LinkedIn: reactions + comments + reposts (its Metrics sheet; clicks are not
    engagements here, unlike LinkedIn's own rate); YouTube: none in the daily exports
    (NULL); Pinterest: NULL (its Engagements counts clicks and saves together and no likes,
    comments or shares are exported: it is in platform_reported_engagements); Snapchat: no
    daily metrics (NULL). -#}
{% macro account_day_engagements(relation) -%}
    case {{ relation }}.platform
        when 'instagram' then {{ relation }}.interactions
        when 'facebook' then {{ relation }}.interactions
        when 'x'
            then
                {{ relation }}.likes + {{ relation }}.comments + {{ relation }}.reposts
                + {{ relation }}.shares + {{ relation }}.saves
        when 'tiktok' then {{ relation }}.likes + {{ relation }}.comments + {{ relation }}.shares
        when 'linkedin' then {{ relation }}.likes + {{ relation }}.comments + {{ relation }}.reposts
    end
{%- endmacro %}

{#- An engagement rate: engagements over an audience (followers, reach, impressions),
    NULL when the audience is zero or unknown. -#}
{% macro engagement_rate(engagements, audience) -%}
    {{ safe_divide(engagements, audience) }}
{%- endmacro %}

{#- The two sums a pooled daily engagement rate over several accounts divides: only the
    accounts that report both engagements and a follower total count, so that an account
    without one of them neither inflates nor dilutes the rate. -#}
{% macro pooled_engagement_sums(engagements, followers_total) -%}
    sum(case when {{ followers_total }} is not null then {{ engagements }} end) as engagements_with_followers,
    sum(case when {{ engagements }} is not null then {{ followers_total }} end) as followers_with_engagements
{%- endmacro %}

{#- The pooled daily engagement rate from the sums of pooled_engagement_sums. -#}
{% macro pooled_engagement_rate() -%}
    {{ engagement_rate('engagements_with_followers', 'followers_with_engagements') }}
{%- endmacro %}
