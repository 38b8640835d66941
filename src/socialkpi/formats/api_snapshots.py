"""API snapshots: the platform's own JSON response saved by a scheduled pull.

They are the only source of the follower **total** for most platforms, hence
of purge detection. The document is recognised from its keys, never from the
file name:

=========  ===================================  =========================================
platform   object                               follower total
=========  ===================================  =========================================
instagram  Graph API IG user                    ``followers_count``
facebook   Graph API Page                       ``followers_count`` (older: ``fan_count``)
x          API v2 user                          ``data.public_metrics.followers_count``
tiktok     Business API ``business/get``        ``data.metrics[].daily_total_followers``
linkedin   networkSizes                         ``firstDegreeSize``
youtube    Data API channels                    ``items[].statistics.subscriberCount``
pinterest  API v5 ``user_account``              ``follower_count``
snapchat   Public Profile API profile           ``public_profiles[].public_profile``
                                                ``.subscriber_count``
=========  ===================================  =========================================

A single-total response carries no date: its ``snapshot_date`` is the export
date minus one day (the total at the end of the day before the pull). TikTok
gives one row per ``date`` with gains and losses too. YouTube rounds
``subscriberCount`` down to three significant figures.

Pinterest and Snapchat are documented only (no committed response was found; the
fixtures say so): Pinterest's ``GET /v5/user_account`` gives ``follower_count``
(``following_count``, ``pin_count``; its ``monthly_views`` is a 30-day figure with no
column here); Snapchat's ``GET /v1/public_profiles/{id}`` wraps the Public Profile
entity, whose optional ``subscriber_count`` is the subscriber total, in the Marketing
API envelope (``public_profiles[].public_profile``). Snapchat's ``/stats`` counts are
not totals (:mod:`socialkpi.formats.snapchat`).

Graph API **insights** documents are recognised so that they are refused with a
clear reason instead of "unrecognised": the Instagram ``follower_count`` metric
(``period=day``) is the day's *new* followers, not the total, and loading it as
a total would fake a purge every day. Every value row of an insights document
is quarantined; gross gains come from Meta's ``Follows.csv``.

A document is tiny, so its fields are picked in Python into plain text tuples
(``staging_rows``); the engine stages the tuples of every snapshot of a run in
one table, and the typing and the error rules are the same SQL macros as for CSV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from socialkpi.formats.base import (
    PLATFORMS,
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    json_value_text,
    register,
)

COLUMNS_DDL = """
    snapshot_date date,
    api_platform varchar,
    account_id varchar,
    handle varchar,
    account_name varchar,
    followers_total bigint,
    gains bigint,
    losses bigint,
    following_total bigint,
    media_total bigint,
    source_field varchar
"""

# Keys only an Instagram user or only a Facebook Page has (both have followers_count).
_INSTAGRAM_KEYS = frozenset(
    {"follows_count", "media_count", "ig_id", "biography", "profile_picture_url"}
)
_FACEBOOK_KEYS = frozenset(
    {"fan_count", "category", "category_list", "link", "about", "talking_about_count"}
)

INSIGHTS_FOLLOWER_COUNT_REASON = (
    "Instagram insights follower_count (period=day) counts the day's new followers, "
    "not the follower total: not loaded as a snapshot"
)


@dataclass(frozen=True)
class _Shape:
    # graph_user, x_user, tiktok_business, linkedin_network, youtube_channels,
    # pinterest_user_account, snapchat_public_profiles or insights
    kind: str
    platform: str | None  # None: the document does not say (a bare Graph API followers_count)


def _is_insights_metric(metric: Any) -> bool:
    return isinstance(metric, dict) and "name" in metric and isinstance(metric.get("values"), list)


def _shape(document: Any) -> _Shape | None:
    if not isinstance(document, dict):
        return None
    data = document.get("data")
    if isinstance(data, dict) and isinstance(data.get("public_metrics"), dict):
        return _Shape("x_user", "x")
    if isinstance(data, dict) and isinstance(data.get("metrics"), list):
        return _Shape("tiktok_business", "tiktok")
    if isinstance(data, list) and data and all(map(_is_insights_metric, data)):
        page_metrics = all(str(m["name"]).startswith(("page_", "post_")) for m in data)
        return _Shape("insights", "facebook" if page_metrics else "instagram")
    if "firstDegreeSize" in document:
        return _Shape("linkedin_network", "linkedin")
    items = document.get("items")
    if isinstance(items, list) and (
        document.get("kind") == "youtube#channelListResponse"
        or any(isinstance(i, dict) and isinstance(i.get("statistics"), dict) for i in items)
    ):
        return _Shape("youtube_channels", "youtube")
    if "follower_count" in document and ("username" in document or "account_type" in document):
        return _Shape("pinterest_user_account", "pinterest")
    profiles = document.get("public_profiles")
    if isinstance(profiles, list) and any(
        isinstance(p, dict) and isinstance(p.get("public_profile"), dict) for p in profiles
    ):
        return _Shape("snapchat_public_profiles", "snapchat")
    if "followers_count" in document or "fan_count" in document:
        keys = document.keys()
        instagram, facebook = bool(keys & _INSTAGRAM_KEYS), bool(keys & _FACEBOOK_KEYS)
        platform = "instagram" if instagram and not facebook else None
        platform = "facebook" if facebook and not instagram else platform
        return _Shape("graph_user", platform)
    return None


@dataclass(frozen=True)
class _Row:
    """One snapshot row as text, before typing in SQL."""

    api_platform: str | None
    account_id: Any = None
    handle: Any = None
    account_name: Any = None
    date_text: Any = None  # None: the total at the end of the day before the export
    followers: Any = None
    gains: Any = None
    losses: Any = None
    following: Any = None
    media: Any = None
    source_field: str | None = None
    reject: str | None = None
    raw: Any = None

    def cells(self) -> tuple[Any, ...]:
        """The values typed in SQL, in ``_snapshot_src`` column order."""
        return (
            self.account_id,
            self.handle,
            self.account_name,
            self.date_text,
            self.followers,
            self.gains,
            self.losses,
            self.following,
            self.media,
        )


def _rows(shape: _Shape, doc: dict) -> list[_Row]:
    if shape.kind == "graph_user":
        field = "followers_count" if "followers_count" in doc else "fan_count"
        return [
            _Row(
                shape.platform,
                doc.get("id"),
                doc.get("username"),
                doc.get("name"),
                followers=doc.get(field),
                following=doc.get("follows_count"),
                media=doc.get("media_count"),
                source_field=field,
                raw=doc,
            )
        ]
    if shape.kind == "x_user":
        user = doc["data"]
        metrics = user["public_metrics"]
        return [
            _Row(
                "x",
                user.get("id"),
                user.get("username"),
                user.get("name"),
                followers=metrics.get("followers_count"),
                following=metrics.get("following_count"),
                media=metrics.get("tweet_count"),
                source_field="data.public_metrics.followers_count",
                raw=doc,
            )
        ]
    if shape.kind == "tiktok_business":
        data = doc["data"]
        if not data["metrics"]:
            raise SourceRejected("TikTok business/get response has no data.metrics entries")
        return [
            _Row(
                "tiktok",
                None,
                data.get("username"),
                data.get("display_name"),
                date_text=_field(day, "date") or "",
                followers=_field(day, "daily_total_followers"),
                gains=_field(day, "daily_new_followers"),
                losses=_field(day, "daily_lost_followers"),
                source_field="data.metrics[].daily_total_followers",
                raw=day,
            )
            for day in data["metrics"]
        ]
    if shape.kind == "linkedin_network":
        return [
            _Row(
                "linkedin",
                followers=doc.get("firstDegreeSize"),
                source_field="firstDegreeSize",
                raw=doc,
            )
        ]
    if shape.kind == "youtube_channels":
        if not doc["items"]:
            raise SourceRejected("YouTube channels response has no items (channel not found)")
        rows = []
        for item in doc["items"]:
            item = item if isinstance(item, dict) else {}
            stats = item.get("statistics") if isinstance(item.get("statistics"), dict) else {}
            snippet = item.get("snippet") if isinstance(item.get("snippet"), dict) else {}
            hidden = stats.get("hiddenSubscriberCount") is True and "subscriberCount" not in stats
            rows.append(
                _Row(
                    "youtube",
                    item.get("id"),
                    snippet.get("customUrl"),
                    snippet.get("title"),
                    followers=stats.get("subscriberCount"),
                    media=stats.get("videoCount"),
                    source_field="items[].statistics.subscriberCount",
                    reject="subscriber count hidden by the channel" if hidden else None,
                    raw=item,
                )
            )
        return rows
    if shape.kind == "pinterest_user_account":
        return [
            _Row(
                "pinterest",
                doc.get("id"),
                doc.get("username"),
                doc.get("business_name"),
                followers=doc.get("follower_count"),
                following=doc.get("following_count"),
                media=doc.get("pin_count"),
                source_field="follower_count",
                raw=doc,
            )
        ]
    if shape.kind == "snapchat_public_profiles":
        rows = []
        for entry in doc["public_profiles"]:
            profile = _field(entry, "public_profile")
            profile = profile if isinstance(profile, dict) else {}
            status = _field(entry, "sub_request_status")
            failed = status is not None and status != "SUCCESS"
            rows.append(
                _Row(
                    "snapchat",
                    profile.get("id"),
                    profile.get("snap_user_name"),
                    profile.get("display_name"),
                    followers=profile.get("subscriber_count"),
                    source_field="public_profiles[].public_profile.subscriber_count",
                    reject=f"sub_request_status {status}" if failed else None,
                    raw=entry,
                )
            )
        return rows
    # Graph API insights: every value refused, with the reason.
    rows = []
    for metric in doc["data"]:
        name, period = metric.get("name"), metric.get("period")
        if name == "follower_count":
            reason = INSIGHTS_FOLLOWER_COUNT_REASON
        else:
            reason = f"Graph API insights metric {name!r} (period={period}) is not a follower total"
        for value in metric["values"]:
            rows.append(
                _Row(
                    shape.platform,
                    date_text=_field(value, "end_time") or "",
                    source_field=f"data[].values[] ({name})",
                    reject=reason,
                    raw={"name": name, "period": period, "value": value},
                )
            )
    return rows


def _field(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


# The text tuples staged per record, in ``staging_rows`` order.
STAGING_COLUMNS = tuple(
    (name, "varchar")
    for name in (
        "api_platform", "account_id", "handle", "account_name", "date_text", "followers_text",
        "gains_text", "losses_text", "following_text", "media_text", "source_field", "reject",
        "_raw_text",
    )
)  # fmt: skip


def staging_rows(sniff: Sniff) -> list[tuple]:
    """The records of a snapshot document as text tuples (``STAGING_COLUMNS``)."""
    shape = _shape(sniff.document)
    assert shape is not None, "staging_rows called on a document detect() refused"
    return [
        (
            row.api_platform,
            *map(json_value_text, row.cells()),
            row.source_field,
            row.reject,
            json.dumps(row.raw, ensure_ascii=False, separators=(",", ":")),
        )
        for row in _rows(shape, sniff.document)
    ]


# Typing: each cell parsed once; a single total carries no date (the day before the export).
SELECT_SQL = """
    case when date_text is null then _export_date - 1
         else sk_iso_date(date_text) end as snapshot_date,
    api_platform,
    sk_text(account_id) as account_id,
    sk_text(handle) as handle,
    sk_text(account_name) as account_name,
    sk_count_nonneg(followers_text) as followers_total,
    sk_count_nonneg(gains_text) as gains,
    sk_count_nonneg(losses_text) as losses,
    sk_count_nonneg(following_text) as following_total,
    sk_count_nonneg(media_text) as media_total,
    source_field,
    reject, date_text, followers_text, gains_text, losses_text, following_text, media_text
"""

# Errors, from the parsed values and the cells (evaluated over SELECT_SQL's result).
ERROR_SQL = """
    nullif(concat_ws('; ',
        reject,
        case when date_text is not null and snapshot_date is null
             then 'date: cannot parse ' || coalesce(nullif(date_text, ''), '(missing)') end,
        case when not sk_is_blank(followers_text) and followers_total is null
             then source_field || ': cannot parse ' || followers_text end,
        case when not sk_is_blank(gains_text) and gains is null
             then 'gains: cannot parse ' || gains_text end,
        case when not sk_is_blank(losses_text) and losses is null
             then 'losses: cannot parse ' || losses_text end,
        case when not sk_is_blank(following_text) and following_total is null
             then 'following: cannot parse ' || following_text end,
        case when not sk_is_blank(media_text) and media_total is null
             then 'media: cannot parse ' || media_text end,
        case when reject is null and sk_is_blank(followers_text)
                  and sk_is_blank(gains_text) and sk_is_blank(losses_text)
             then source_field || ': missing' end
    ), '')
"""


API_FOLLOWER_SNAPSHOT = register(
    ExportFormat(
        name="api_follower_snapshot",
        platforms=frozenset(PLATFORMS),
        raw_table="raw_api_follower_snapshots",
        detect=lambda sniff: _shape(sniff.document) is not None,
        columns_ddl=COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=STAGING_COLUMNS,
            rows=staging_rows,
            select_sql=SELECT_SQL,
            error_sql=ERROR_SQL,
        ),
        platform_of_content=lambda sniff: (_shape(sniff.document) or _Shape("", None)).platform,
        description="Follower total per account and day from API responses (JSON).",
        dated_by_export=True,
    )
)
