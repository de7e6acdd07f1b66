"""Writes spent by `ytrix sync --prune` versus the minimum possible for the same change.

A source of N videos (default 200) is copied with `plist2mlist` (which records the
mirror); then its owner changes it twice over, and each time `sync --prune` runs as a
user would (`python -m ytrix --json sync TARGET --prune`):

- `edit`: 10% of the videos gained, 5% lost, 5% moved elsewhere;
- `shuffle`: the whole playlist shuffled (the worst case for moves).

The minimum is computed here, independently of ytrix's planner: one insert per new
video, one delete per dropped one, and one move per kept video outside a longest
common subsequence of the two orders (a textbook dynamic programme). Writes are
counted from ytemu's request log; a second sync must write nothing.

    python benchmarks/sync.py [--videos 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from _sandbox import Figures, bench_main, fresh_home, run_ytrix
from tests.helpers.sync import minimum_writes, new_videos, rewrite_playlist
from tests.ytrix_env import setup_env

from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import RunningEmulator, start_emulator

WRITES = ("insert", "update", "delete")
LIMIT = 1.0  # writes spent / minimum: sync plans the minimum exactly


def _writes(emu: RunningEmulator, since: int) -> int:
    return sum(
        1
        for r in emu.admin.requests()[since:]
        if r["method"].rsplit(".", 1)[-1] in WRITES and r["status"] < 300
    )


def _edit(emu: RunningEmulator, videos: list[str], rng: random.Random) -> list[str]:
    n = len(videos)
    order = [v for v in videos if rng.random() >= 0.05]
    for video in rng.sample(order, max(1, n // 20)):
        order.remove(video)
        order.insert(rng.randrange(len(order) + 1), video)
    for video in new_videos(emu, max(1, n // 10), "Bench"):
        order.insert(rng.randrange(len(order) + 1), video)
    return order


def measure(args: argparse.Namespace) -> Figures:
    home = fresh_home()
    rng = random.Random(20261202)
    scenarios = []
    with start_emulator(seed="demo") as emu:
        setup_env(emu, home, {"main": 1_000_000})
        owner = channel_id("synth")
        specs = [{"channel_id": owner, "title": f"Sync bench {n}"} for n in range(args.videos)]
        videos = emu.admin.create_videos(specs)
        source = emu.admin.create_playlist(owner, "Sync bench", video_ids=videos)
        run_ytrix(home, "--quiet", "plist2mlist", source)
        [target] = [
            p["id"]
            for p in emu.admin.channel_playlists(MINE_CHANNEL_ID)
            if p["title"] == "Sync bench"
        ]
        current = list(videos)
        for name in ("edit", "shuffle"):
            if name == "edit":
                wanted = _edit(emu, current, rng)
            else:
                wanted = list(current)
                rng.shuffle(wanted)
            rewrite_playlist(emu, source, wanted)
            minimum = minimum_writes(emu.admin.playlist_video_ids(target), wanted)
            mark = len(emu.admin.requests())
            proc, elapsed = run_ytrix(home, "--json", "--quiet", "sync", target, "--prune")
            spent = _writes(emu, mark)
            exact = emu.admin.playlist_video_ids(target) == wanted
            mark = len(emu.admin.requests())
            run_ytrix(home, "--quiet", "sync", target, "--prune")
            scenarios.append(
                {
                    "scenario": name,
                    "videos": len(wanted),
                    "changes": json.loads(proc.stdout)["mirrors"][0]["plan"]["changes"],
                    "minimum": minimum,
                    "writes": spent,
                    "ratio": spent / minimum if minimum else 1.0,
                    "second_sync_writes": _writes(emu, mark),
                    "exact": exact,
                    "wall_s": elapsed,
                }
            )
            current = wanted
    ok = all(
        s["exact"] and s["writes"] <= s["minimum"] * LIMIT and s["second_sync_writes"] == 0
        for s in scenarios
    )
    return {"videos": args.videos, "limit": LIMIT, "scenarios": scenarios, "ok": ok}


def report(figures: Figures) -> None:
    for s in figures["scenarios"]:
        c = s["changes"]
        print(
            f"sync --prune, {s['scenario']:<7} (+{c['add']} -{c['remove']} ~{c['move']} "
            f"of {s['videos']}): writes {s['writes']} / minimum {s['minimum']} "
            f"({s['ratio']:.3f}); second sync {s['second_sync_writes']} writes; "
            f"exact {'yes' if s['exact'] else 'NO'}; {s['wall_s']:.1f} s"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=200)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
