"""Scheduled API snapshots, saved as the platform's own JSON response.

One file per export folder, ``api_snapshot_<platform>_<YYYY-MM-DD>.json``
named after the download day E; it reports the follower total at the END of
day E-1 (the last complete day), like every other file of the folder.
Only TikTok's response carries a date (``data.metrics[].date`` = E-1).
"""

from __future__ import annotations

import json

import numpy as np

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile


class ApiSnapshotWriter(AccountWriter):
    """API snapshot for any platform."""

    def __init__(self, world, account, rng) -> None:
        super().__init__(world, account, rng)
        daily = world.daily
        self.totals = daily["followers_total"][self.a].tolist()
        self.gains = daily["gains"][self.a].tolist()
        self.losses = daily["losses"][self.a].tolist()
        self.views = daily["views"][self.a].tolist()
        self.profile = daily["profile_visits"][self.a].tolist()
        self.post_count = (
            int(rng.integers(20, 3000)) + np.cumsum(daily["posts_published"][self.a])
        ).tolist()
        self.view_count = (
            int(rng.integers(10**4, 10**8)) + np.cumsum(daily["views"][self.a])
        ).tolist()
        self.following = int(rng.integers(50, 3000))
        self.listed = int(rng.integers(0, 500))
        self.likes_given = int(rng.integers(100, 50000))
        self.fan_ratio = float(rng.uniform(0.8, 0.98))
        self.etag = "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz0123456789_-"), 27))

    def export(self, export_index: int) -> list[ExportFile]:
        day = export_index - 1
        account, platform = self.account, self.account.platform
        _, username = account.handle_at(export_index)
        total = self.totals[day]
        glitched = self.world.glitched_total(self.a, day)
        if glitched is not None:
            total = glitched
        if platform == "instagram":
            body = {
                "followers_count": total,
                "follows_count": self.following,
                "media_count": self.post_count[day],
                "username": username,
                "name": account.display_name,
                "id": account.platform_id,
            }
        elif platform == "facebook":
            body = {
                "id": account.platform_id,
                "name": account.display_name,
                "fan_count": round(total * self.fan_ratio),
                "followers_count": total,
            }
        elif platform == "x":
            body = {
                "data": {
                    "id": account.platform_id,
                    "name": account.display_name,
                    "username": username,
                    "public_metrics": {
                        "followers_count": total,
                        "following_count": self.following,
                        "tweet_count": self.post_count[day],
                        "listed_count": self.listed,
                        "like_count": self.likes_given,
                    },
                }
            }
        elif platform == "tiktok":
            request_id = f"{self.world.dates[export_index]:%Y%m%d}{account.platform_id[-12:]}"
            body = {
                "code": 0,
                "message": "OK",
                "request_id": request_id,
                "data": {
                    "metrics": [
                        {
                            "date": self.world.dates[day].isoformat(),
                            "daily_total_followers": total,
                            "daily_new_followers": self.gains[day],
                            "daily_lost_followers": self.losses[day],
                            "video_views": self.views[day],
                            "profile_views": self.profile[day],
                        }
                    ]
                },
            }
        elif platform == "linkedin":
            body = {"firstDegreeSize": total}
        else:
            body = {
                "kind": "youtube#channelListResponse",
                "etag": self.etag,
                "pageInfo": {"totalResults": 1, "resultsPerPage": 5},
                "items": [
                    {
                        "kind": "youtube#channel",
                        "etag": self.etag[::-1],
                        "id": account.platform_id,
                        "snippet": {"title": account.display_name, "customUrl": f"@{username}"},
                        "statistics": {
                            "viewCount": str(self.view_count[day]),
                            "subscriberCount": str(total),
                            "hiddenSubscriberCount": False,
                            "videoCount": str(self.post_count[day]),
                        },
                    }
                ],
            }
        data = json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
        name = f"api_snapshot_{platform}_{self.world.dates[export_index].isoformat()}.json"
        return [
            ExportFile(
                name, f"api_snapshot_{platform}", data, (day, day), dated=platform == "tiktok"
            )
        ]
