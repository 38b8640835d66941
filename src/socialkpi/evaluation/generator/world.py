"""The simulation: accounts, their true daily follower flows, purges, engagement
and posts, and the export schedule. Everything here is truth; the writers only
render it into platform files.

Vectorised with numpy over accounts; the only loop runs over days (followers
depend on yesterday's total). All randomness comes from one
``numpy.random.default_rng(seed)`` drawn in a fixed order.

Day indices: day ``d`` (0 .. T-1) is ``start_date + d``. Export index ``e``
(1 .. T) is the export downloaded on ``start_date + e``; it covers days
``max(0, e - W) .. e - 1`` (never the download day itself) and its API
snapshot gives the total at the end of day ``e - 1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from socialkpi.evaluation.generator.config import REFERENCE_PURGES, PlatformPurge, WorldConfig

# Daily metric columns of the truth, and which ones each platform's exports carry.
DAILY_METRICS = (
    "impressions",
    "views",
    "reach",
    "video_views",
    "media_views",
    "profile_visits",
    "link_clicks",
    "likes",
    "comments",
    "shares",
    "saves",
    "reposts",
    "interactions",
    "engagements",
    "posts_published",
)
PLATFORM_DAILY_METRICS = {
    "instagram": ("views", "reach", "profile_visits", "link_clicks", "interactions"),
    "facebook": ("views", "reach", "profile_visits", "link_clicks", "interactions"),
    "x": (
        "impressions",
        "likes",
        "engagements",
        "saves",
        "shares",
        "comments",
        "reposts",
        "profile_visits",
        "posts_published",
        "video_views",
        "media_views",
    ),
    "tiktok": ("views", "profile_visits", "likes", "comments", "shares"),
    # LinkedIn updates Metrics: impressions, clicks, reactions, comments, reposts (totals).
    "linkedin": ("impressions", "link_clicks", "likes", "comments", "reposts"),
    # YouTube Chart data.csv / Totals.csv: daily views.
    "youtube": ("views",),
}

# Lifetime post metrics (asymptotes), and which ones each platform's content export shows.
POST_METRICS = (
    "views",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "reposts",
    "follows",
    "link_clicks",
    "other_clicks",
    "profile_visits",
    "detail_expands",
    "hashtag_clicks",
    "permalink_clicks",
    "seconds_viewed",
)
PLATFORM_POST_METRICS = {
    "instagram": ("views", "reach", "likes", "shares", "follows", "comments", "saves"),
    "facebook": (
        "views",
        "reach",
        "likes",
        "comments",
        "shares",
        "link_clicks",
        "other_clicks",
        "seconds_viewed",
    ),
    "x": (
        "views",
        "likes",
        "saves",
        "shares",
        "follows",
        "comments",
        "reposts",
        "profile_visits",
        "detail_expands",
        "link_clicks",
        "hashtag_clicks",
        "permalink_clicks",
    ),
    "tiktok": ("views", "likes", "comments", "shares"),
    # LinkedIn All posts: Impressions (as views), Clicks, Reactions, Comments, Reposts.
    "linkedin": ("views", "link_clicks", "likes", "comments", "reposts"),
    # YouTube Table data: views of the videos published in the export window.
    "youtube": ("views",),
}

POST_TYPES = {
    "instagram": (
        ("IG reel", 0.35),
        ("IG image", 0.3),
        ("IG carousel", 0.22),
        ("IG video", 0.06),
        ("IG story", 0.07),
    ),
    "facebook": (
        ("Photos", 0.4),
        ("Reels", 0.25),
        ("Videos", 0.1),
        ("Links", 0.15),
        ("Status", 0.1),
    ),
    "x": (("Post", 1.0),),
    "tiktok": (("Video", 1.0),),
    "linkedin": (("Image", 0.4), ("Text", 0.25), ("Video", 0.15), ("Document", 0.2)),
    "youtube": (("Video", 0.6), ("Short", 0.4)),
}
VIDEO_TYPES = {"IG reel", "IG video", "IG story", "Reels", "Videos", "Video", "Short"}

SPECIAL_NAMES = (
    # (folder name as the user typed it, platform username, preferred platform)
    ("Acme Corp", "acmecorp", "facebook"),
    ("café_paris", "cafe_paris", "instagram"),
    ("o'brien", "obrien", "x"),
)
_NAME_STEMS = (
    "acme",
    "northwind",
    "bluepeak",
    "lumen",
    "atlas",
    "nova",
    "maple",
    "orbit",
    "ember",
    "harbor",
    "pixel",
    "sierra",
    "velvet",
    "copper",
    "aurora",
    "cobalt",
    "juniper",
    "summit",
    "willow",
    "zephyr",
    "tandem",
    "kiwi",
    "saffron",
    "granite",
    "meadow",
    "solstice",
    "tidal",
    "quartz",
    "fable",
    "marigold",
)
_NAME_SUFFIXES = (
    "",
    "_fr",
    "_official",
    "_studio",
    "hq",
    "_shop",
    "_news",
    "_co",
    "_paris",
    "_labs",
    "_uk",
    "_de",
    "_eats",
    "_travel",
)
_TEXT_FRAGMENTS = (
    "New collection is live",
    "Behind the scenes, part 2",
    'Our "best" launch yet',
    "Café du matin ☕",
    "Déjà 10k, merci !",
    "Q&A: ask us anything",
    "New drop — link in bio",
    "Noël approche 🎄",
    "Summer sale, up to 40% off",
    "Meet the team",
    "Été à Paris ☀️",
    "Tutorial: 3 ways to style it",
    "Thank you for 5 years!",
    "Crème brûlée friday",
    "Live now 🔴",
    "Sneak peek 👀",
    "Rétrospective de l'année",
    "We're hiring, apply today",
    "Top 5 tips & tricks",
    "Weekend vibes",
)
_HASHTAGS = ("#newin", "#bts", "#paris", "#tips", "#ootd", "#food", "#travel", "#tech", "")
SIZE_CLASSES = ((1_000, "nano"), (10_000, "micro"), (100_000, "small"), (1_000_000, "mid"))

_B64 = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))


@dataclass
class Account:
    """One simulated account; ``handles`` lists (folder name, username, valid from
    day index), the first valid from 0."""

    index: int
    account_id: str
    platform: str
    handles: list[tuple[str, str, int]]
    display_name: str
    platform_id: str
    size_class: str
    is_bought_followers: bool
    followers_initial: int
    language: str
    thousands_commas: bool
    window: int
    export_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def handle_at(self, index: int) -> tuple[str, str]:
        """(folder name, username) in use on day/export index ``index``."""
        current = self.handles[0]
        for handle in self.handles:
            if handle[2] <= index:
                current = handle
        return current[0], current[1]

    def newest_export(self, days: int) -> np.ndarray:
        """For each day, the newest scheduled export covering it (0 if none)."""
        exports = self.export_days
        pos = np.searchsorted(exports, np.arange(days) + self.window, side="right") - 1
        newest = np.where(pos >= 0, exports[np.clip(pos, 0, None)], 0)
        return np.where(newest >= np.arange(days) + 1, newest, 0)


@dataclass
class Posts:
    """All posts, sorted by account then publish time; ``offsets[a]:offsets[a+1]``
    are account ``a``'s posts. ``final`` holds lifetime asymptotes (floats)."""

    account: np.ndarray
    day: np.ndarray
    minute: np.ndarray
    post_id: list[str]
    code: list[str]
    post_type: list[str]
    text: list[str]
    duration: np.ndarray
    tau: np.ndarray
    final: dict[str, np.ndarray]
    offsets: np.ndarray

    def lifetime(self, sl: slice, export_index: int) -> dict[str, np.ndarray]:
        """Lifetime-to-date values of posts ``sl`` at the start of export day ``export_index``."""
        saturation = post_saturation(export_index, self.day[sl], self.minute[sl], self.tau[sl])
        return {k: np.floor(v[sl] * saturation).astype(np.int64) for k, v in self.final.items()}


def post_saturation(
    export_index, day: np.ndarray, minute: np.ndarray, tau: np.ndarray
) -> np.ndarray:
    """Share of a post's lifetime metrics reached at the start of export day(s)
    ``export_index``: ``1 - exp(-age / tau)``. Computed element by element with
    :func:`math.exp` so that the value never depends on array length or SIMD path
    (content exports and ``posts.csv`` must floor to the same integers)."""
    age = np.maximum(export_index - (day + minute / 1440.0), 0.0)
    return np.array(
        [1.0 - math.exp(-a / t) for a, t in zip(age.tolist(), tau.tolist(), strict=True)]
    )


@dataclass
class World:
    """The simulated truth."""

    config: WorldConfig
    start: date
    days: int
    dates: list[date]
    accounts: list[Account]
    initial: np.ndarray
    daily: dict[str, np.ndarray]
    posts: Posts
    purges: list[dict]
    events: list[dict]
    platform_purges: list[PlatformPurge]
    # Glitched API snapshots: one dict per (account, day), see plant_glitches.
    glitches: list[dict] = field(default_factory=list)

    def glitched_total(self, account: int, day: int) -> int | None:
        """The total the API snapshot of ``day`` reports instead of the truth, or None."""
        return self._glitch_index.get((account, day)) if self.glitches else None

    def note_other_source(self, account: int, day: int, source: str) -> None:
        """A file written for ``day`` states the true total beside the glitched snapshot (a
        LinkedIn workbook's demographic sheets): the truth names it as the glitch's other
        source, since the pipeline then keeps the true total."""
        for glitch in self.glitches:
            if (glitch["account"], glitch["day"]) == (account, day):
                glitch["other_source"] = source

    def __post_init__(self) -> None:
        self._glitch_index = {(g["account"], g["day"]): g["reported_total"] for g in self.glitches}


def _log_uniform(rng: np.random.Generator, low: float, high: float, size=None) -> np.ndarray:
    return np.exp(rng.uniform(math.log(low), math.log(high), size))


def resolve_platform_purges(config: WorldConfig) -> list[PlatformPurge]:
    """The configured platform-wide purges, or the reference ones placed inside the window."""
    if config.platform_purges is not None:
        return [p for p in config.platform_purges if p.platform in config.platforms]
    start, end, days = config.start_date, config.end_date, config.days
    margin = min(14, days // 4)
    purges = []
    for rank, (platform, (month, day, length)) in enumerate(REFERENCE_PURGES.items()):
        if platform not in config.platforms:
            continue
        first = None
        for year in range(end.year, start.year - 1, -1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            last = candidate + timedelta(days=length - 1)
            if candidate >= start + timedelta(days=margin) and last <= end - timedelta(days=1):
                first = candidate
                break
        if first is None:
            first = start + timedelta(days=round(days * (0.55 + 0.15 * rank)))
        purges.append(PlatformPurge(platform, first, length))
    return purges


def _unique_handles(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        stem = _NAME_STEMS[rng.integers(len(_NAME_STEMS))]
        suffix = _NAME_SUFFIXES[rng.integers(len(_NAME_SUFFIXES))]
        name = stem + suffix
        if name in taken:
            name = f"{name}{rng.integers(2, 99)}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _size_class(followers: int) -> str:
    for limit, name in SIZE_CLASSES:
        if followers < limit:
            return name
    return "large"


def _build_accounts(config: WorldConfig, rng: np.random.Generator) -> list[Account]:
    n, platforms = config.accounts, config.platforms
    platform_of = [platforms[i % len(platforms)] for i in range(n)]
    # Stratified log-uniform sizes so that every world spans small to big accounts.
    strata = (rng.permutation(n) + rng.random(n)) / n
    sizes = np.exp(math.log(300) + strata * (math.log(5_000_000) - math.log(300)))
    sizes[int(np.argmin(sizes))] = _log_uniform(rng, 300, 999)
    sizes = np.round(sizes).astype(np.int64)

    folders: list[str | None] = [None] * n
    usernames: list[str | None] = [None] * n
    for folder, username, preferred in SPECIAL_NAMES:
        free = [i for i in range(n) if folders[i] is None]
        if not free:
            break
        chosen = next((i for i in free if platform_of[i] == preferred), free[0])
        folders[chosen], usernames[chosen] = folder, username
    taken = {u for u in usernames if u} | {f for f in folders if f}
    plain = _unique_handles(rng, sum(f is None for f in folders), taken)
    for i in range(n):
        if folders[i] is None:
            folders[i] = usernames[i] = plain.pop(0)

    languages = rng.random(n)
    thousands = rng.random(n) < 0.5
    accounts = []
    tiktok_seen = 0
    for i in range(n):
        platform = platform_of[i]
        language = "en"
        if platform == "tiktok":
            # The second TikTok account is French, later ones 25% of the time.
            language = (
                "fr" if tiktok_seen == 1 or (tiktok_seen > 1 and languages[i] < 0.25) else "en"
            )
            tiktok_seen += 1
        folder = folders[i]
        display = folder if folder != usernames[i] else folder.replace("_", " ").title()
        accounts.append(
            Account(
                index=i,
                account_id=f"acct_{i + 1:04d}",
                platform=platform,
                handles=[(folder, usernames[i], 0)],
                display_name=display,
                platform_id=_platform_id(rng, platform),
                size_class=_size_class(int(sizes[i])),
                is_bought_followers=False,
                followers_initial=int(sizes[i]),
                language=language,
                thousands_commas=bool(thousands[i]),
                window=config.window_for(platform),
            )
        )

    # Renames: the folder (and username) change from the rename day on.
    n_renames = max(1 if n >= 4 else 0, int(rng.binomial(n, config.rename_rate)))
    special = {name for name, _, _ in SPECIAL_NAMES}
    candidates = [a.index for a in accounts if a.handles[0][0] not in special]
    chosen = rng.choice(candidates, size=min(n_renames, len(candidates)), replace=False)
    new_names = _unique_handles(rng, len(chosen), taken)
    for idx, new in zip(sorted(chosen.tolist()), new_names, strict=True):
        day = int(rng.integers(int(config.days * 0.3), int(config.days * 0.8)))
        accounts[idx].handles.append((new, new, day))
    return accounts


def _platform_id(rng: np.random.Generator, platform: str) -> str:
    if platform == "instagram":
        return str(17841400000000000 + int(rng.integers(10**11)))
    if platform == "facebook":
        return str(100000000000000 + int(rng.integers(10**14)))
    if platform == "x":
        return str(int(rng.integers(10**8, 1_600_000_000_000_000_000)))
    if platform == "tiktok":
        return str(int(rng.integers(6_700_000_000_000_000_000, 7_400_000_000_000_000_000)))
    if platform == "linkedin":
        return str(int(rng.integers(10**6, 10**8)))
    return "UC" + "".join(rng.choice(_B64, 22))


def _spike_curves(rng, accounts, days, events, avoid):
    """Viral spikes and bad buzz: multipliers on gains, losses, engagement, comments."""
    n = len(accounts)
    gain_mult = np.ones((n, days))
    loss_mult = np.ones((n, days))
    comment_mult = np.ones((n, days))
    t = np.arange(days)
    busy = [set() for _ in range(n)]
    margin = min(14, days // 4)
    for a in accounts:
        i = a.index
        for _ in range(int(rng.poisson(days / 100))):
            s = int(rng.integers(3, days - 1))
            if s in avoid[i]:
                continue
            m, tau, tail, tau2 = (
                rng.uniform(5, 20),
                rng.uniform(0.7, 2.0),
                rng.uniform(0.08, 0.2),
                rng.uniform(1, 3),
            )
            after = t >= s
            gain_mult[i] += np.where(after, (m - 1) * np.exp(-(t - s) / tau), 0.0)
            loss_mult[i] += np.where(t > s, tail * (m - 1) * np.exp(-(t - s - 1) / tau2), 0.0)
            end = s + int(math.ceil(tau * math.log((m - 1) / 0.05)))
            busy[i].update(range(s - 3, end + 4))
            events.append((i, "viral_spike", s, min(end, days - 1), round(m, 2)))
        if rng.random() < 0.2 and days - 3 > margin:
            b = int(rng.integers(margin, days - 3))
            length = int(rng.integers(1, 4))
            if any(d in avoid[i] for d in range(b - 3, b + length + 3)):
                continue
            m = rng.uniform(8, 30)
            loss_mult[i, b : b + length] *= m
            gain_mult[i, b : b + length] *= 0.6
            comment_mult[i, b : b + length] *= 3.0
            busy[i].update(range(b - 3, b + length + 3))
            events.append((i, "bad_buzz", b, b + length - 1, round(m, 2)))
    return gain_mult, loss_mult, comment_mult, busy


def simulate(config: WorldConfig) -> World:
    """Simulate the whole world (truth only, nothing written)."""
    rng = np.random.default_rng(config.seed)
    start, days = config.start_date, config.days
    dates = [start + timedelta(days=i) for i in range(days + 1)]
    dow = np.array([d.weekday() for d in dates[:days]])
    accounts = _build_accounts(config, rng)
    n = len(accounts)
    by_platform: dict[str, list[int]] = {}
    for a in accounts:
        by_platform.setdefault(a.platform, []).append(a.index)

    # --- purges planned up front (fraction of the pre-purge total lost per day) ---
    platform_purges = resolve_platform_purges(config)
    purge_frac = np.zeros((n, days))
    purge_anchor = np.full((n, days), -1, dtype=np.int64)
    purges: list[dict] = []
    avoid = [set() for _ in range(n)]
    for pp_no, pp in enumerate(platform_purges, start=1):
        members = by_platform.get(pp.platform, [])
        first = (pp.first_date - start).days
        if not members or not 0 <= first < days:
            continue
        n_bought = max(1, round(0.08 * len(members))) if len(members) >= 2 else 0
        for i in rng.choice(members, size=n_bought, replace=False).tolist():
            accounts[i].is_bought_followers = True
        for i in members:
            avoid[i].update(range(first - 3, first + pp.days + 3))
            if accounts[i].is_bought_followers:
                frac = rng.uniform(0.5, 0.9)
            elif rng.random() < 0.9:
                frac = float(_log_uniform(rng, 0.005, 0.06))
            else:
                continue
            length = min(int(rng.integers(1, pp.days + 1)), days - first)
            weights = 0.35 ** np.arange(length)
            purge_frac[i, first : first + length] = frac * weights / weights.sum()
            purge_anchor[i, first : first + length] = first
            purges.append(
                {
                    "account": i,
                    "first": first,
                    "last": first + length - 1,
                    "scope": "platform_wide",
                    "event": f"{pp.platform}-{pp.first_date}",
                    "planned_pct": frac,
                    "no": pp_no,
                }
            )

    events_raw: list[tuple] = []
    gain_spike, loss_spike, comment_mult, busy = _spike_curves(
        rng, accounts, days, events_raw, avoid
    )

    margin = min(14, days // 4)
    eligible = [a.index for a in accounts if not a.is_bought_followers]
    n_specific = max(1 if n >= 3 else 0, int(rng.binomial(n, config.account_purge_rate)))
    for i in rng.permutation(eligible)[:n_specific].tolist():
        calm = [d for d in range(margin, days - 1) if d not in avoid[i] and d not in busy[i]]
        if not calm:
            continue
        day = int(calm[rng.integers(len(calm))])
        frac = float(_log_uniform(rng, 0.02, 0.30))
        purge_frac[i, day] = frac
        purge_anchor[i, day] = day
        purges.append(
            {
                "account": i,
                "first": day,
                "last": day,
                "scope": "account_specific",
                "event": "",
                "planned_pct": frac,
                "no": 0,
            }
        )

    # --- daily flows: rates x trend x weekly season x spikes x noise ---
    t = np.arange(days)
    gain_rate = _log_uniform(rng, 0.0006, 0.004, n)
    loss_rate = gain_rate * rng.uniform(0.45, 1.0, n)
    trend = np.exp(rng.uniform(-0.7, 0.9, n)[:, None] * t[None, :] / days)
    weekend = rng.uniform(0.55, 1.4, n)
    week = rng.uniform(0.9, 1.1, (n, 7))
    week[:, 5:] = weekend[:, None] * rng.uniform(0.95, 1.05, (n, 2))
    season = week[:, dow]
    g_mult = (
        gain_rate[:, None] * trend * season * gain_spike * np.exp(rng.normal(0, 0.2, (n, days)))
    )
    l_season = 1 + (season - 1) * 0.3
    l_mult = loss_rate[:, None] * l_season * loss_spike * np.exp(rng.normal(0, 0.2, (n, days)))

    initial = np.array([a.followers_initial for a in accounts], dtype=np.int64)
    totals = np.zeros((n, days + 1), dtype=np.int64)  # column c = end of day c-1
    totals[:, 0] = initial
    gains = np.zeros((n, days), dtype=np.int64)
    losses = np.zeros((n, days), dtype=np.int64)
    purge_loss = np.zeros((n, days), dtype=np.int64)
    rows = np.arange(n)
    for d in range(days):
        prev = totals[:, d]
        g = rng.poisson(prev * g_mult[:, d])
        lo = np.minimum(rng.poisson(prev * l_mult[:, d]), prev + g)
        anchor = purge_anchor[:, d]
        before = totals[rows, np.maximum(anchor, 0)]
        planned = np.rint(purge_frac[:, d] * before).astype(np.int64)
        planned = np.where((anchor == d) & (purge_frac[:, d] > 0), np.maximum(planned, 1), planned)
        p = np.minimum(np.where(anchor >= 0, planned, 0), prev + g - lo)
        gains[:, d], losses[:, d], purge_loss[:, d] = g, lo, p
        totals[:, d + 1] = prev + g - lo - p

    # --- posts, then daily engagement (X counts posts per day) ---
    posts = _simulate_posts(rng, accounts, days, totals, gain_spike)
    posts_per_day = np.zeros((n, days), dtype=np.int64)
    np.add.at(posts_per_day, (posts.account, posts.day), 1)
    daily = {
        "followers_total": totals[:, 1:],
        "gains": gains,
        "losses": losses,
        "net_change": totals[:, 1:] - totals[:, :-1],
        "purge_loss": purge_loss,
    }
    daily.update(
        _simulate_engagement(rng, accounts, totals[:, 1:], season, gain_spike, comment_mult)
    )
    daily["posts_published"] = posts_per_day

    _schedule_exports(rng, config, accounts, days)
    quiet = [avoid[i] | busy[i] for i in range(n)]
    for pr in purges:
        quiet[pr["account"]].update(range(pr["first"] - 3, pr["last"] + 4))
    glitches = plant_glitches(config, accounts, totals[:, 1:], quiet)

    purge_rows = []
    for k, pr in enumerate(sorted(purges, key=lambda p: (p["first"], p["account"])), start=1):
        i, first, last = pr["account"], pr["first"], pr["last"]
        before = int(totals[i, first])
        after = int(totals[i, last + 1])
        loss = int(purge_loss[i, first : last + 1].sum())
        purge_rows.append(
            {
                "purge_id": f"purge_{k:04d}",
                "platform": accounts[i].platform,
                "account_id": accounts[i].account_id,
                "first_date": dates[first].isoformat(),
                "last_date": dates[last].isoformat(),
                "followers_before": before,
                "followers_after": after,
                "loss": loss,
                "loss_pct": round(100.0 * loss / before, 4) if before else 0.0,
                "scope": pr["scope"],
                "platform_event": pr["event"],
            }
        )
    events = [
        {
            "account_id": accounts[i].account_id,
            "platform": accounts[i].platform,
            "kind": kind,
            "first_date": dates[s].isoformat(),
            "last_date": dates[e].isoformat(),
            "magnitude": m,
        }
        for i, kind, s, e, m in sorted(events_raw, key=lambda ev: (ev[2], ev[0]))
    ]
    return World(
        config,
        start,
        days,
        dates,
        accounts,
        initial,
        daily,
        posts,
        purge_rows,
        events,
        platform_purges,
        glitches,
    )


GLITCH_KINDS = (("zero_total", 0.4), ("jump_down", 0.3), ("jump_up", 0.3))
# Platforms where another file states the same day's total (TikTok FollowerHistory.csv),
# which the pipeline prefers to the API snapshot: there the glitch is one source disagreeing.
# (LinkedIn's workbooks state it too, but only the .xlsx/.xls shapes: the writer notes those.)
GLITCH_OTHER_SOURCE = {"tiktok": "tiktok_follower_history"}


def plant_glitches(config: WorldConfig, accounts, totals: np.ndarray, quiet) -> list[dict]:
    """Glitched API snapshots: with probability ``glitch_rate`` per account and export day
    the snapshot reports 0 (zero_total), 5-60% of the truth (jump_down) or 2-20 times it
    (jump_up) for that one day; the next snapshot is right again. Never within 3 days of
    a purge, a viral spike or bad buzz, nor of another glitch, nor on the world's last 4
    days (a glitch is told from a real change by its revert, which needs the days after).
    Own random stream: a rate of 0 leaves the world unchanged."""
    if config.glitch_rate <= 0:
        return []
    rng = np.random.default_rng([config.seed, 3])
    days = totals.shape[1]
    labels = [k for k, _ in GLITCH_KINDS]
    probs = np.array([p for _, p in GLITCH_KINDS])
    glitches = []
    for a in accounts:
        last = -10
        for e in a.export_days.tolist():
            day = e - 1
            draw = rng.random(3)
            if draw[0] >= config.glitch_rate or day < 3 or day > days - 5:
                continue
            if day - last < 5 or day in quiet[a.index]:
                continue
            true_total = int(totals[a.index, day])
            if true_total < 50:
                continue
            kind = labels[int(np.searchsorted(np.cumsum(probs), draw[1] * probs.sum()))]
            if kind == "zero_total":
                reported = 0
            elif kind == "jump_down":
                reported = round(true_total * (0.05 + 0.55 * draw[2]))
            else:
                reported = round(true_total * math.exp(math.log(2) + draw[2] * math.log(10)))
            last = day
            glitches.append(
                {
                    "account": a.index,
                    "day": day,
                    "export_index": e,
                    "kind": kind,
                    "true_total": true_total,
                    "reported_total": int(reported),
                    "other_source": GLITCH_OTHER_SOURCE.get(a.platform, ""),
                }
            )
    return glitches


def _simulate_engagement(
    rng, accounts, totals, season, spike, comment_mult
) -> dict[str, np.ndarray]:
    n, days = totals.shape
    expo_range = {
        "instagram": (0.05, 0.5),
        "facebook": (0.02, 0.3),
        "x": (0.1, 1.0),
        "tiktok": (0.1, 3.0),
        "linkedin": (0.05, 0.5),
        "youtube": (0.02, 0.4),
    }
    expo_rate = np.array([_log_uniform(rng, *expo_range[a.platform]) for a in accounts])
    season_e = 1 + (season - 1) * rng.uniform(0.5, 1.5, (n, 1))
    noise = np.exp(rng.normal(0, 0.25, (n, days)))
    exposure = rng.poisson(totals * expo_rate[:, None] * season_e * spike**0.85 * noise + 2)

    def ratio(low, high):
        return _log_uniform(rng, low, high, (n, 1))

    reach = rng.binomial(exposure, rng.uniform(0.45, 0.8, (n, 1)))
    likes = rng.poisson(exposure * ratio(0.01, 0.06) * np.exp(rng.normal(0, 0.15, (n, days))))
    comments = rng.poisson(likes * ratio(0.02, 0.08) * comment_mult)
    shares = rng.poisson(likes * ratio(0.02, 0.1))
    saves = rng.poisson(likes * ratio(0.02, 0.1))
    reposts = rng.poisson(likes * ratio(0.05, 0.2))
    profile_visits = rng.poisson(exposure * ratio(0.002, 0.02))
    link_clicks = rng.poisson(exposure * ratio(0.0005, 0.005))
    video_views = rng.binomial(exposure, rng.uniform(0.05, 0.3, (n, 1)))
    media_views = rng.binomial(exposure, rng.uniform(0.1, 0.4, (n, 1)))
    other = rng.poisson(exposure * 0.004)
    return {
        "impressions": exposure,
        "views": exposure.copy(),
        "reach": reach,
        "video_views": video_views,
        "media_views": media_views,
        "profile_visits": profile_visits,
        "link_clicks": link_clicks,
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "saves": saves,
        "reposts": reposts,
        "interactions": likes + comments + shares + saves,
        "engagements": likes + comments + shares + saves + reposts + profile_visits + other,
    }


def _simulate_posts(rng, accounts, days, totals, spike) -> Posts:
    n = len(accounts)
    per_week = _log_uniform(rng, 1.5, 7.0, n)
    counts = rng.poisson(per_week * days / 7)
    account = np.repeat(np.arange(n), counts)
    p = len(account)
    day = rng.integers(0, days, p)
    minute = rng.integers(6 * 60, 23 * 60 + 59, p)
    order = np.lexsort((minute, day, account))
    account, day, minute = account[order], day[order], minute[order]
    offsets = np.concatenate([[0], np.cumsum(counts)])
    platform = np.array([accounts[i].platform for i in account.tolist()], dtype=object)

    post_type = np.empty(p, dtype=object)
    for name, choices in POST_TYPES.items():
        mask = platform == name
        labels = [c[0] for c in choices]
        probs = np.array([c[1] for c in choices])
        post_type[mask] = rng.choice(labels, size=int(mask.sum()), p=probs / probs.sum())
    is_video = np.isin(post_type, list(VIDEO_TYPES))
    duration = np.where(is_video, rng.integers(6, 180, p), 0)

    tiktok = platform == "tiktok"
    tau = np.where(tiktok, _log_uniform(rng, 1.0, 6.0, p), _log_uniform(rng, 0.3, 2.5, p))
    reach_rate = np.where(tiktok, _log_uniform(rng, 0.2, 3.0, p), _log_uniform(rng, 0.03, 0.6, p))
    followers = totals[account, day]
    views = (
        (followers + 20) * reach_rate * spike[account, day] ** 0.85 * np.exp(rng.normal(0, 0.7, p))
    )
    eng = _log_uniform(rng, 0.01, 0.08, p)
    likes = views * eng
    final = {
        "views": views,
        "reach": views * rng.uniform(0.55, 0.9, p),
        "likes": likes,
        "comments": likes * _log_uniform(rng, 0.01, 0.08, p),
        "shares": likes * _log_uniform(rng, 0.01, 0.1, p),
        "saves": likes * _log_uniform(rng, 0.01, 0.1, p),
        "reposts": likes * _log_uniform(rng, 0.03, 0.2, p),
        "follows": views * _log_uniform(rng, 0.0002, 0.003, p),
        "link_clicks": views * _log_uniform(rng, 0.0005, 0.01, p),
        "other_clicks": views * _log_uniform(rng, 0.001, 0.02, p),
        "profile_visits": views * _log_uniform(rng, 0.001, 0.01, p),
        "detail_expands": views * _log_uniform(rng, 0.002, 0.02, p),
        "hashtag_clicks": views * _log_uniform(rng, 0.0001, 0.002, p),
        "permalink_clicks": views * _log_uniform(rng, 0.0001, 0.002, p),
        "seconds_viewed": views * np.where(is_video, rng.uniform(2, 20, p), 0.0),
    }

    # Snowflake-like ids: increasing, unique, different digit counts per platform.
    base = {
        "instagram": 17_900_000_000_000_000,
        "facebook": 100_000_000_000_000,
        "x": 1_800_000_000_000_000_000,
        "tiktok": 7_300_000_000_000_000_000,
        "linkedin": 7_100_000_000_000_000_000,
        "youtube": 0,
    }
    gaps = rng.integers(1, 10**9, p)
    serial = np.cumsum(gaps)
    codes = ["".join(row) for row in rng.choice(_B64, (p, 11)).tolist()]
    # Some YouTube ids start with "-" (the Table data.csv trap); keep a few.
    post_ids = []
    for k in range(p):
        plat = platform[k]
        if plat == "youtube":
            post_ids.append(codes[k])
        elif plat == "facebook":
            post_ids.append(f"{accounts[account[k]].platform_id}_{base[plat] + int(serial[k])}")
        else:
            post_ids.append(str(base[plat] + int(serial[k])))
    frag = rng.integers(0, len(_TEXT_FRAGMENTS), p)
    tags = rng.integers(0, len(_HASHTAGS), p)
    newline = rng.random(p) < 0.05
    texts = []
    for k in range(p):
        text = _TEXT_FRAGMENTS[frag[k]]
        if _HASHTAGS[tags[k]]:
            text += ("\n" if newline[k] and platform[k] == "instagram" else " ") + _HASHTAGS[
                tags[k]
            ]
        texts.append(text)
    return Posts(
        account,
        day,
        minute,
        post_ids,
        codes,
        post_type.tolist(),
        texts,
        duration,
        tau,
        final,
        offsets,
    )


def _schedule_exports(rng, config: WorldConfig, accounts: list[Account], days: int) -> None:
    """Export days per account: every ``export_every`` days back from ``end + 1``,
    minus a few missing days (never the first or last, never leaving a day uncovered)."""
    base = np.arange(days, 0, -config.export_every)[::-1].tolist()
    for a in accounts:
        missing = (rng.random(len(base)) < config.missing_export_rate).tolist()
        missing[0] = missing[-1] = False
        next_kept = [0] * len(base)
        upcoming = base[-1]
        for k in range(len(base) - 1, -1, -1):
            if not missing[k]:
                upcoming = base[k]
            next_kept[k] = upcoming
        kept: list[int] = []
        for k, e in enumerate(base):
            # A day is covered only if consecutive exports are at most a window apart.
            if not missing[k] or next_kept[k] - kept[-1] > a.window:
                kept.append(e)
        a.export_days = np.array(kept, dtype=np.int64)
