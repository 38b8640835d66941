{#- The metric columns both legacy X exports share (tweet_activity_metrics, per
    tweet, and daily_tweet_activity_metrics, per day), under their staging
    names; follows_name names the follows made from the tweets. -#}
{% macro x_legacy_activity_columns(follows_name) -%}
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
    {% if follows_name == 'follows' %}follows{% else %}follows as {{ follows_name }}{% endif %},
    email_tweet,
    dial_phone,
    media_views,
    media_engagements
{%- endmacro %}
