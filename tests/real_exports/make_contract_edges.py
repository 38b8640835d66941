"""Write the landing files of ``tests/fixtures/exports/contract_edges``: rows that push every
BI-facing mart's contract and tests to their edge (a negative day of engagements, a post
without a publish date, a lifetime count that goes down, engagements above reach, a follower
total of 0, a file of headers only). The corpus run lands them beside the real shapes: the
warehouse must publish with each of them in it (issue 10, "no input row can fail the build").

Run ``python tests/real_exports/make_contract_edges.py`` to rewrite the files.
"""

from __future__ import annotations

import codecs
from pathlib import Path

EDGES = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "contract_edges"

OVERVIEW = "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
HISTORY = "Date,Followers,Difference in followers from previous day\n"
IG_HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,'
    "Comments,Saves\n"
)


def ig_post(post_id: str, likes: int, reach: int) -> str:
    return (
        f'{post_id},17840000000009901,edge_ig,Edge,hi,,"03/01/2026 10:00",'
        f'https://www.instagram.com/p/{post_id}/,"IG image",,Lifetime,{reach},{reach},{likes},'
        "0,0,0,0\n"
    )


FILES = {
    # More comments deleted than written, nothing else: engagements -5 on a total of 100.
    "tiktok/edge-negative-day/2026-03-05/Overview.csv": OVERVIEW + "March 4,10,0,0,-5,0\n",
    "tiktok/edge-negative-day/2026-03-05/FollowerHistory.csv": HISTORY + "March 4,100,0\n",
    # A total of 0, then 10: no relative change can be computed from 0.
    "tiktok/edge-zero-total/2026-03-05/FollowerHistory.csv": HISTORY
    + "March 3,0,0\nMarch 4,10,10\n",
    # A post whose export states no publish time.
    "instagram/edge-no-publish-time/2026-03-02/Mar-01-2026_Mar-01-2026_101.csv": (
        codecs.BOM_UTF8.decode()
        + IG_HEADER
        + ig_post("18000000000099101", likes=5, reach=50).replace('"03/01/2026 10:00"', "")
    ),
    # Likes go down between two exports (a platform correction), and exceed reach.
    "instagram/edge-correction/2026-03-02/Mar-01-2026_Mar-01-2026_100.csv": codecs.BOM_UTF8.decode()
    + IG_HEADER
    + ig_post("18000000000099001", likes=50, reach=10),
    "instagram/edge-correction/2026-03-03/Mar-01-2026_Mar-02-2026_100.csv": codecs.BOM_UTF8.decode()
    + IG_HEADER
    + ig_post("18000000000099001", likes=40, reach=10),
    # Headers and no rows.
    "tiktok/edge-headers-only/2026-03-05/Overview.csv": OVERVIEW,
    # Two copies of one export date that disagree on 03-03: the later window (to 03-04) wins
    # whatever the names ("a (2).csv" sorts before "b.csv").
    "tiktok/edge-conflict/2026-03-05/a (2).csv": OVERVIEW
    + "March 2,5,0,0,0,0\nMarch 3,50,0,0,0,0\n",
    "tiktok/edge-conflict/2026-03-05/b.csv": OVERVIEW + "March 3,60,0,0,0,0\nMarch 4,70,0,0,0,0\n",
    # The same file again, under a renamed folder and a later export date: a copy, no rename.
    "tiktok/edge-redelivered/2026-03-05/Overview.csv": OVERVIEW + "March 4,33,0,0,0,0\n",
    "tiktok/Edge Redelivered (copy)/2026-03-06/Overview.csv": OVERVIEW + "March 4,33,0,0,0,0\n",
}


def main() -> None:
    for relative, text in FILES.items():
        path = EDGES / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    print(f"wrote {len(FILES)} files under {EDGES}")


if __name__ == "__main__":
    main()
