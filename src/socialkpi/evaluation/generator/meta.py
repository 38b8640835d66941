"""Meta Business Suite exports (Instagram and Facebook).

Per export folder: six account metric files (UTF-16 LE with BOM, ``sep=,``
line, quoted title line, ``"Date","Primary"``, one ``"YYYY-MM-DDT00:00:00","n"``
row per day, ascending; ``Follows.csv`` holds gross gains and omits zero days)
and one content export ``<Mon-DD-YYYY>_<Mon-DD-YYYY>_<account id>.csv`` (UTF-8
with BOM, one row per post published in the window, lifetime-to-date values
at the export date, ``Date`` = ``Lifetime``).
"""

from __future__ import annotations

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.textfmt import count_cell, csv_field, meta_range_date

# (file name, format, truth column, title per platform)
METRIC_FILES = (
    (
        "Follows.csv",
        "meta_follows",
        "gains",
        {"instagram": "Instagram follows", "facebook": "Facebook follows"},
    ),
    ("Views.csv", "meta_views", "views", {"instagram": "Views", "facebook": "Views"}),
    ("Reach.csv", "meta_reach", "reach", {"instagram": "Reach", "facebook": "Reach"}),
    (
        "Interactions.csv",
        "meta_interactions",
        "interactions",
        {"instagram": "Content interactions", "facebook": "Content interactions"},
    ),
    (
        "Visits.csv",
        "meta_visits",
        "profile_visits",
        {"instagram": "Instagram profile visits", "facebook": "Facebook visits"},
    ),
    (
        "Link clicks.csv",
        "meta_link_clicks",
        "link_clicks",
        {"instagram": "Link clicks", "facebook": "Link clicks"},
    ),
)

INSTAGRAM_CONTENT_HEADER = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
    "Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves"
)
FACEBOOK_CONTENT_HEADER = (
    "Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,"
    "Permalink,Is crosspost,Is share,Post type,Data comment,Date,Views,Reach,"
    '"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks,Link Clicks,'
    "Other Clicks,Seconds viewed"
)
UTF16_BOM = b"\xff\xfe"
UTF8_BOM = "\ufeff"


def utf16_file(title: str, rows: str) -> bytes:
    """A Meta account metric file: UTF-16 LE with BOM, ``sep=,`` and title lines."""
    text = f'sep=,\n"{title}"\n"Date","Primary"\n{rows}'
    return UTF16_BOM + text.encode("utf-16-le")


class MetaWriter(AccountWriter):
    """Instagram or Facebook account exports."""

    def __init__(self, world, account, rng) -> None:
        super().__init__(world, account, rng)
        iso = [d.isoformat() for d in world.dates[: world.days]]
        self.rows: list[list[str]] = []
        for _, _, column, _ in METRIC_FILES:
            values = world.daily[column][self.a].tolist()
            sparse = column == "gains"
            self.rows.append(
                [
                    "" if sparse and v == 0 else f'"{day}T00:00:00","{v}"\n'
                    for day, v in zip(iso, values, strict=True)
                ]
            )
        posts = world.posts
        first, last = int(posts.offsets[self.a]), int(posts.offsets[self.a + 1])
        self.publish = {
            k: world.dates[int(posts.day[k])].strftime("%m/%d/%Y")
            + f" {posts.minute[k] // 60:02d}:{posts.minute[k] % 60:02d}"
            for k in range(first, last)
        }

    def export(self, export_index: int) -> list[ExportFile]:
        lo, hi = self.window_of(export_index)
        platform = self.account.platform
        files = [
            ExportFile(name, fmt, utf16_file(titles[platform], "".join(rows[lo:hi])), (lo, hi - 1))
            for (name, fmt, _, titles), rows in zip(METRIC_FILES, self.rows, strict=True)
        ]
        files.append(self._content(export_index, lo, hi))
        return files

    def _content(self, export_index: int, lo: int, hi: int) -> ExportFile:
        world, account, posts = self.world, self.account, self.world.posts
        sl = self.post_slice(lo, hi)
        values = {k: v.tolist() for k, v in posts.lifetime(sl, export_index).items()}
        _, username = account.handle_at(export_index)
        name_cell = csv_field(account.display_name)
        lines = []
        for j, k in enumerate(range(sl.start, sl.stop)):
            text = csv_field(posts.text[k])
            ptype = posts.post_type[k]
            v = {m: values[m][j] for m in values}
            if account.platform == "instagram":
                if ptype == "IG story":
                    link = f"https://www.instagram.com/stories/{username}/{posts.post_id[k]}/"
                elif ptype == "IG reel":
                    link = f"https://www.instagram.com/reel/{posts.code[k]}/"
                else:
                    link = f"https://www.instagram.com/p/{posts.code[k]}/"
                cells = [
                    posts.post_id[k],
                    account.platform_id,
                    username,
                    name_cell,
                    text,
                    str(posts.duration[k]),
                    self.publish[k],
                    link,
                    ptype,
                    "",
                    "Lifetime",
                    *(
                        count_cell(v[m])
                        for m in (
                            "views",
                            "reach",
                            "likes",
                            "shares",
                            "follows",
                            "comments",
                            "saves",
                        )
                    ),
                ]
            else:
                page_id, _, number = posts.post_id[k].partition("_")
                rcs = v["likes"] + v["comments"] + v["shares"]
                clicks = v["link_clicks"] + v["other_clicks"]
                cells = [
                    posts.post_id[k],
                    page_id,
                    name_cell,
                    "",
                    text,
                    str(posts.duration[k]),
                    self.publish[k],
                    "",
                    f"https://www.facebook.com/{page_id}/posts/{number}",
                    "No",
                    "No",
                    ptype,
                    "",
                    "Lifetime",
                    *(
                        count_cell(x)
                        for x in (
                            v["views"],
                            v["reach"],
                            rcs,
                            v["likes"],
                            v["comments"],
                            v["shares"],
                            clicks,
                            v["link_clicks"],
                            v["other_clicks"],
                            v["seconds_viewed"],
                        )
                    ),
                ]
            lines.append(",".join(cells) + "\n")
        header = (
            INSTAGRAM_CONTENT_HEADER if account.platform == "instagram" else FACEBOOK_CONTENT_HEADER
        )
        name = (
            f"{meta_range_date(world.dates[lo])}_{meta_range_date(world.dates[hi - 1])}_"
            f"{account.platform_id}.csv"
        )
        data = (UTF8_BOM + header + "\n" + "".join(lines)).encode("utf-8")
        return ExportFile(name, f"{account.platform}_content", data, (lo, hi - 1))
