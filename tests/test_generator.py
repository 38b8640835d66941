"""The synthetic world generator: determinism, truth identities, and export
files that follow the landing contract (parsed here independently)."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from socialkpi.evaluation.generator import PlatformPurge, WorldConfig, generate_world
from socialkpi.evaluation.generator import cli as generator_cli
from socialkpi.evaluation.generator.badfiles import BAD_KINDS, MALFORMED
from socialkpi.evaluation.generator.world import post_saturation, simulate

# A tiny world whose 60-day TikTok windows cross New Year, with two accounts on
# Instagram (so one holds bought followers) and a purge on both Instagram and X.
TINY = WorldConfig(seed=11, accounts=8, days=40, end_date=date(2026, 1, 20))

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            1,
        )
    },
}


def _landing_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("world")
    generate_world(TINY, base / "landing", base / "truth", progress=False)
    return base / "landing", base / "truth"


@pytest.fixture(scope="module")
def truth(world) -> dict[str, pd.DataFrame]:
    _, truth_dir = world
    names = (
        "accounts",
        "account_daily",
        "purges",
        "files",
        "bad_files",
        "undefined_cells",
        "posts",
    )
    return {n: pd.read_csv(truth_dir / f"{n}.csv", keep_default_na=False, dtype=str) for n in names}


def _daily(truth) -> pd.DataFrame:
    frame = truth["account_daily"].copy()
    for col in ("followers_total", "gains", "losses", "net_change", "purge_loss"):
        frame[col] = frame[col].astype(int)
    return frame


def _genuine(truth, fmt: str) -> pd.DataFrame:
    files = truth["files"]
    return files[(files.format == fmt) & (files.is_bad == "False") & (files.is_duplicate_of == "")]


def _yearless(text: str, export_date: date) -> date:
    """``December 30`` / ``30 décembre`` -> the latest such date before the export date."""
    first, second = text.split(" ")
    day, month = (int(second), MONTHS[first]) if first in MONTHS else (int(first), MONTHS[second])
    candidate = date(export_date.year, month, day)
    return candidate if candidate < export_date else date(export_date.year - 1, month, day)


def test_same_seed_gives_byte_identical_landing_zone_and_truth(world, tmp_path):
    landing, truth_dir = world
    generate_world(TINY, tmp_path / "landing", tmp_path / "truth", progress=False)
    assert _landing_hashes(tmp_path / "landing") == _landing_hashes(landing)
    assert _landing_hashes(tmp_path / "truth") == _landing_hashes(truth_dir)


def test_different_seed_gives_different_files(world, tmp_path):
    landing, _ = world
    other = WorldConfig(seed=TINY.seed + 1, accounts=8, days=40, end_date=TINY.end_date)
    generate_world(other, tmp_path / "landing", tmp_path / "truth", progress=False)
    mine, theirs = _landing_hashes(landing), _landing_hashes(tmp_path / "landing")
    same_path_same_bytes = sum(mine.get(path) == digest for path, digest in theirs.items())
    assert same_path_same_bytes < 0.05 * len(theirs)


def test_totals_follow_flows_minus_purges_and_never_go_negative(truth):
    daily = _daily(truth)
    initial = truth["accounts"].set_index("account_id").followers_initial.astype(int)
    for account_id, rows in daily.groupby("account_id"):
        rows = rows.sort_values("date")
        previous = pd.concat([pd.Series([initial[account_id]]), rows.followers_total.iloc[:-1]])
        expected = previous.to_numpy() + rows.gains - rows.losses - rows.purge_loss
        assert (rows.followers_total.to_numpy() == expected.to_numpy()).all()
        assert (
            rows.net_change.to_numpy() == (rows.followers_total.to_numpy() - previous.to_numpy())
        ).all()
    assert (daily.followers_total >= 0).all()


def test_purges_csv_matches_daily_purge_loss(truth):
    daily = _daily(truth).set_index(["account_id", "date"]).sort_index()
    purges = truth["purges"]
    assert set(purges.scope) == {"platform_wide", "account_specific"}
    covered = set()
    for p in purges.itertuples():
        rows = daily.loc[p.account_id].loc[p.first_date : p.last_date]
        assert rows.purge_loss.sum() == int(p.loss) > 0
        day_before = (date.fromisoformat(p.first_date) - timedelta(days=1)).isoformat()
        before = daily.loc[p.account_id].followers_total.get(day_before)
        if before is not None:
            assert int(p.followers_before) == before
        assert int(p.followers_after) == rows.followers_total.iloc[-1]
        covered |= {(p.account_id, d) for d in rows.index}
    outside = daily[[key not in covered for key in daily.index]]
    assert (outside.purge_loss == 0).all()


def test_bought_follower_accounts_lose_most_of_their_audience(truth):
    accounts = truth["accounts"]
    bought = set(accounts[accounts.is_bought_followers == "True"].account_id)
    assert bought
    purges = truth["purges"]
    hit = purges[purges.account_id.isin(bought) & (purges.scope == "platform_wide")]
    assert len(hit) == len(bought)
    assert hit.loss_pct.astype(float).between(45, 91).all()


def test_tiktok_follower_history_rows_equal_truth_across_new_year(world, truth):
    landing, _ = world
    daily = _daily(truth).set_index(["account_id", "date"])
    undefined = {(u.path, u.date, u.column) for u in truth["undefined_cells"].itertuples()}
    checked, wrapped, french = 0, False, False
    files = pd.concat([_genuine(truth, "tiktok_follower_history"), _genuine(truth, "tiktok_zip")])
    assert len(files)
    for f in files.itertuples():
        raw = (landing / f.path).read_bytes()
        if f.format == "tiktok_zip":
            raw = zipfile.ZipFile(io.BytesIO(raw)).read("FollowerHistory.csv")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        assert rows[0] == ["Date", "Followers", "Difference in followers from previous day"]
        export_date = date.fromisoformat(f.export_date)
        for label, total, diff in rows[1:]:
            day = _yearless(label, export_date)
            french |= not label[0].isalpha()
            wrapped |= day.year < export_date.year
            truth_row = daily.loc[(f.account_id, day.isoformat())]
            for column, cell, expected in (
                ("Followers", total, truth_row.followers_total),
                ("Difference in followers from previous day", diff, truth_row.net_change),
            ):
                if cell == "undefined":
                    assert (f.path, day.isoformat(), column) in undefined
                else:
                    assert int(cell) == expected
            checked += 1
    assert checked and wrapped and french


def test_meta_metric_files_are_utf16_with_sep_line_and_sparse_gross_follows(world, truth):
    landing, _ = world
    daily = _daily(truth).set_index(["account_id", "date"])
    files = truth["files"]
    meta = files[files.format.str.startswith("meta_") & (files.is_bad == "False")]
    assert len(meta)
    for f in meta.itertuples():
        raw = (landing / f.path).read_bytes()
        assert raw[:2] == b"\xff\xfe"
        lines = raw[2:].decode("utf-16-le").split("\n")
        assert lines[0] == "sep=,"
        assert lines[2] == '"Date","Primary"'
        if f.format == "meta_follows":
            assert lines[1] == (
                '"Instagram follows"' if f.platform == "instagram" else '"Facebook follows"'
            )
            rows = list(csv.reader(lines[3:-1]))
            days = {r[0][:10]: int(r[1]) for r in rows}
            assert all(v > 0 for v in days.values())
            for d in pd.date_range(f.covers_from, f.covers_to):
                assert (
                    days.get(d.date().isoformat(), 0)
                    == daily.loc[(f.account_id, d.date().isoformat())].gains
                )


def test_x_newest_export_holds_final_values_and_older_ones_are_restated(world, truth):
    landing, _ = world
    daily = _daily(truth).set_index(["account_id", "date"])
    seen: dict[tuple[str, str], tuple[str, int, int]] = {}
    restated = 0
    for f in _genuine(truth, "x_account_overview").sort_values("export_date").itertuples():
        rows = list(csv.DictReader(io.StringIO((landing / f.path).read_text("utf-8"))))
        for r in rows:
            day = pd.to_datetime(r["Date"], format="%a, %b %d, %Y").date().isoformat()
            gains, losses = (
                int(r["New follows"].replace(",", "")),
                int(r["Unfollows"].replace(",", "")),
            )
            restated += (f.account_id, day) in seen and seen[(f.account_id, day)][1:] != (
                gains,
                losses,
            )
            seen[(f.account_id, day)] = (f.export_date, gains, losses)
    for (account_id, day), (_, gains, losses) in seen.items():
        assert (gains, losses) == (
            daily.loc[(account_id, day)].gains,
            daily.loc[(account_id, day)].losses,
        )
    assert restated > 0


def test_api_snapshot_gives_total_at_end_of_previous_day(world, truth):
    landing, _ = world
    daily = _daily(truth).set_index(["account_id", "date"])
    paths = {
        "instagram": lambda d: d["followers_count"],
        "facebook": lambda d: d["followers_count"],
        "x": lambda d: d["data"]["public_metrics"]["followers_count"],
        "tiktok": lambda d: d["data"]["metrics"][0]["daily_total_followers"],
        "linkedin": lambda d: d["firstDegreeSize"],
        "youtube": lambda d: int(d["items"][0]["statistics"]["subscriberCount"]),
    }
    files = truth["files"]
    snapshots = files[files.format.str.startswith("api_snapshot_") & (files.is_bad == "False")]
    assert set(snapshots.platform) == set(paths)
    for f in snapshots.itertuples():
        body = json.loads((landing / f.path).read_bytes())
        day = (date.fromisoformat(f.export_date) - timedelta(days=1)).isoformat()
        assert paths[f.platform](body) == daily.loc[(f.account_id, day)].followers_total


def test_instagram_content_export_matches_posts_truth_at_last_export(world, truth):
    landing, _ = world
    posts = truth["posts"].set_index("post_id")
    content = _genuine(truth, "instagram_content")
    matched = 0
    for f in content.itertuples():
        text = (landing / f.path).read_bytes().decode("utf-8")
        assert text.startswith("\ufeffPost ID,Account ID,Account username")
        for r in csv.DictReader(io.StringIO(text[1:])):
            assert r["Date"] == "Lifetime"
            post = posts.loc[r["Post ID"]]
            if post.last_export_date == f.export_date:
                for column in ("Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"):
                    assert int(r[column].replace(",", "")) == int(post[column.lower()])
                matched += 1
    assert matched


def _linkedin_sheets(path: Path) -> dict[str, list[list[str]]]:
    """The sheets of a LinkedIn export as text rows: a workbook (read with calamine), or
    one sheet saved as CSV (``<workbook> - <sheet>.csv``)."""
    if path.suffix == ".csv":
        return {path.stem.rsplit(" - ", 1)[1]: list(csv.reader(io.StringIO(path.read_text())))}
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {
        name: [
            [str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in row]
            for row in book.get_sheet_by_name(name).to_python()
        ]
        for name in book.sheet_names
    }


def _after_title(rows: list[list[str]], first_header: str) -> list[dict[str, str]]:
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    header = [h for h in rows[start] if h]
    return [dict(zip(header, r, strict=False)) for r in rows[start + 1 :] if any(r)]


def test_linkedin_exports_come_as_xlsx_xls_and_csv_and_hold_the_truth(world, truth):
    landing, _ = world
    daily = _daily(truth).set_index(["account_id", "date"])
    posts = truth["posts"].set_index("post_id")
    files = truth["files"]
    linkedin = files[
        files.format.str.startswith("linkedin_")
        & (files.is_bad == "False")
        & (files.is_duplicate_of == "")  # a re-dropped copy sits in a later folder
    ]
    suffixes = {Path(p).suffix for p in linkedin.path}
    assert suffixes == {".xlsx", ".xls", ".csv"}
    assert set(linkedin.format) == {
        "linkedin_followers", "linkedin_updates", "linkedin_followers_csv",
        "linkedin_metrics_csv", "linkedin_posts_csv",
    }  # fmt: skip
    simulated = simulate(TINY)
    sim_posts = simulated.posts
    post_index = {post_id: k for k, post_id in enumerate(sim_posts.post_id)}
    checked_days = checked_posts = 0
    for f in linkedin.itertuples():
        sheets = _linkedin_sheets(landing / f.path)
        raw = (landing / f.path).read_bytes()
        assert raw[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or f.path.endswith(".xls")
        if "New followers" in sheets:
            # A title line above the header, in the workbook and in its CSV save alike.
            assert sheets["New followers"][0][0] == "Follower metrics of the page"
            for r in _after_title(sheets["New followers"], "Date"):
                day = pd.to_datetime(r["Date"], format="%m/%d/%Y").date().isoformat()
                assert int(r["Total followers"]) == daily.loc[(f.account_id, day)].gains
        if "Metrics" in sheets:
            for r in _after_title(sheets["Metrics"], "Date"):
                day = pd.to_datetime(r["Date"], format="%m/%d/%Y").date().isoformat()
                expected = daily.loc[(f.account_id, day)]
                for title, column in (("Impressions", "impressions"), ("Clicks", "link_clicks"),
                                      ("Reactions", "likes"), ("Comments", "comments"),
                                      ("Reposts", "reposts")):  # fmt: skip
                    organic, sponsored = (
                        int(r[f"{title} (organic)"]),
                        int(r[f"{title} (sponsored)"]),
                    )
                    assert (
                        organic + sponsored == int(r[f"{title} (total)"]) == int(expected[column])
                    )
                checked_days += 1
        if "All posts" in sheets:
            # posts.csv leaves LinkedIn posts unlisted (no mart models them yet), so the
            # lifetime-to-date values are recomputed from the simulation itself.
            export_index = (date.fromisoformat(f.export_date) - simulated.start).days
            for r in _after_title(sheets["All posts"], "Update title"):
                post_id = r["Update link"].rsplit(":", 1)[1]
                assert posts.loc[post_id].account_id == f.account_id
                k = post_index[post_id]
                reached = post_saturation(
                    export_index, sim_posts.day[k : k + 1], sim_posts.minute[k : k + 1],
                    sim_posts.tau[k : k + 1],
                )[0]  # fmt: skip
                for title, metric in (("Impressions", "views"), ("Clicks", "link_clicks"),
                                      ("Reactions", "likes"), ("Comments", "comments"),
                                      ("Reposts", "reposts")):  # fmt: skip
                    assert int(r[title]) == math.floor(sim_posts.final[metric][k] * reached)
                checked_posts += 1
    assert checked_days and checked_posts


def test_every_file_on_disk_is_registered_and_duplicates_are_identical(world, truth):
    landing, _ = world
    files = truth["files"].set_index("path")
    hashes = _landing_hashes(landing)
    assert set(hashes) == set(files.index)
    assert all(files.loc[p].sha256 == h for p, h in hashes.items())
    duplicates = files[files.is_duplicate_of != ""]
    assert len(duplicates)
    for path, row in duplicates.iterrows():
        assert hashes[path] == hashes[row.is_duplicate_of]


def test_folders_use_special_names_and_switch_on_rename(truth):
    files, accounts = truth["files"], truth["accounts"]
    assert {"Acme Corp", "café_paris", "o'brien"} <= set(files.account_folder)
    renamed = accounts[accounts.renamed_on != ""]
    assert len(renamed)
    for a in renamed.itertuples():
        mine = files[files.account_id == a.account_id]
        old = a.handle_history.split("|")[0].split("@")[0]
        assert set(mine[mine.export_date < a.renamed_on].account_folder) == {old}
        assert set(mine[mine.export_date >= a.renamed_on].account_folder) == {a.handle}


def test_bad_files_exist_exactly_as_listed(world, truth):
    landing, _ = world
    bad, files = truth["bad_files"], truth["files"]
    assert set(bad.kind) == set(BAD_KINDS)
    assert set(bad.path) == set(files[files.is_bad == "True"].path)
    for b in bad.itertuples():
        raw = (landing / b.path).read_bytes()
        if b.kind == "empty":
            assert raw == b""
        elif b.kind == "truncated_zip":
            with pytest.raises(zipfile.BadZipFile):
                zipfile.ZipFile(io.BytesIO(raw)).testzip()
        elif b.kind in ("wrong_encoding", "binary_garbage"):
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        elif b.kind == "platform_mismatch":
            assert b.platform == "facebook"
            assert raw[2:].decode("utf-16-le").split("\n")[1] == '"Instagram follows"'
        elif b.kind == "malformed_rows":
            fmt = files.set_index("path").loc[b.path].format
            header_lines, broken_rows = MALFORMED[fmt]
            utf16 = raw.startswith(b"\xff\xfe")
            lines = (raw[2:].decode("utf-16-le") if utf16 else raw.decode("utf-8")).split("\n")[:-1]
            bad_lines = [int(n) for n in b.bad_lines.split(";")]
            assert sorted(lines[n - 1] for n in bad_lines) == sorted(broken_rows)
            width = len(next(csv.reader([lines[header_lines - 1]])))
            good = [
                line for n, line in enumerate(lines, 1) if n > header_lines and n not in bad_lines
            ]
            assert all(len(next(csv.reader([line]))) == width for line in good)
            assert int(b.valid_rows) == len(good) > 0


def test_no_bad_files_when_switched_off(tmp_path):
    config = WorldConfig(
        seed=5,
        accounts=4,
        days=20,
        bad_files=False,
        platforms=("x", "tiktok"),
        platform_purges=(PlatformPurge("x", date(2026, 11, 10), 2),),
    )
    generate_world(config, tmp_path / "landing", tmp_path / "truth", progress=False)
    files = pd.read_csv(tmp_path / "truth" / "files.csv")
    assert not files.is_bad.any()
    assert pd.read_csv(tmp_path / "truth" / "bad_files.csv").empty
    purges = pd.read_csv(tmp_path / "truth" / "purges.csv")
    assert set(purges[purges.scope == "platform_wide"].first_date) == {"2026-11-10"}


def test_cli_generates_a_world_and_refuses_to_overwrite(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    generator_cli.add_arguments(parser)
    argv = [
        "--seed",
        "3",
        "--accounts",
        "6",
        "--days",
        "21",
        "--landing",
        str(tmp_path / "l"),
        "--truth",
        str(tmp_path / "t"),
        "--platforms",
        "instagram,x",
        "--no-progress",
    ]
    assert generator_cli.run(parser.parse_args(argv)) == 0
    assert "6 accounts x 21 days" in capsys.readouterr().out
    assert (tmp_path / "t" / "account_daily.csv").exists()
    assert generator_cli.run(parser.parse_args(argv)) == 2
    assert generator_cli.run(parser.parse_args([*argv, "--overwrite"])) == 0
