"""Quota efficiency of a copy: units spent versus the minimum a copy can cost.

Copies a 500-video playlist (built in ytemu through its admin API; the demo seed stops
at 300) into the user's channel across three projects of 10,000 units each, running
the real CLI as a user would (`python -m ytrix --json plist2mlist ...`), then prints
what was spent, where, and how far above the minimum (1 create + 500 inserts at 50
units each) the reads brought it.

    python benchmarks/quota_efficiency.py [--videos 500] [--latency-ms 0] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from _sandbox import Figures, bench_main, fresh_home, run_ytrix
from tests.ytrix_env import setup_env

from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import start_emulator

PROJECTS = {"main": 10_000, "backup": 10_000, "spare": 10_000}
LIMIT = 1.02  # units spent / minimum


def measure(args: argparse.Namespace) -> Figures:
    home = fresh_home()
    with start_emulator(seed="demo") as emu:
        env = setup_env(emu, home, PROJECTS)
        owner = channel_id("synth")
        specs = [{"channel_id": owner, "title": f"Bench {n}"} for n in range(args.videos)]
        videos = emu.admin.create_videos(specs)
        title = f"Benchmark {args.videos}"
        source = emu.admin.create_playlist(owner, title, video_ids=videos)
        emu.admin.set_latency(args.latency_ms)
        emu.admin.clear_requests()
        proc, elapsed = run_ytrix(home, "--json", "--quiet", "plist2mlist", source)
        result = json.loads(proc.stdout)
        copies = [p for p in emu.admin.channel_playlists(MINE_CHANNEL_ID) if p["title"] == title]
        in_order = len(copies) == 1 and emu.admin.playlist_video_ids(copies[0]["id"]) == videos
        by_method: Counter[str] = Counter()
        calls: Counter[str] = Counter()
        for record in emu.admin.requests():
            by_method[record["method"].removeprefix("youtube.")] += record["cost"]
            calls[record["method"].removeprefix("youtube.")] += 1
        used = {name: env.emu_used(name) for name in PROJECTS}
        ledger = {name: env.ledger_used(name) for name in PROJECTS}

    minimum = 50 + 50 * args.videos
    spent = result["units_spent"]
    emu_total = sum(used.values())
    within = spent <= minimum * LIMIT
    return {
        "videos": args.videos,
        "latency_ms": args.latency_ms,
        "videos_added": result["videos_added"],
        "in_order": in_order,
        "minimum": minimum,
        "spent": spent,
        "emu_spent": emu_total,
        "reads": sum(u for m, u in by_method.items() if m.endswith(".list")),
        "ratio": spent / minimum,
        "limit": LIMIT,
        "within_limit": within,
        "projects": {name: {"ytemu": used[name], "ledger": ledger[name]} for name in PROJECTS},
        "methods": {m: {"calls": calls[m], "units": by_method[m]} for m in sorted(by_method)},
        "wall_s": elapsed,
        "ok": in_order and spent == emu_total and within and ledger == used,
    }


def report(figures: Figures) -> None:
    videos, minimum, spent = figures["videos"], figures["minimum"], figures["spent"]
    print(f"videos copied           {figures['videos_added']} of {videos}")
    print(f"order kept, 1 playlist  {'yes' if figures['in_order'] else 'NO'}")
    print(f"minimum (writes only)   {minimum:,} units (1 create + {videos} inserts x 50)")
    print(f"spent (ytrix)           {spent:,} units")
    print(f"spent (ytemu counters)  {figures['emu_spent']:,} units")
    print(f"of which reads          {figures['reads']:,} units")
    print(f"above minimum           {spent - minimum:,} units ({figures['ratio'] - 1:.3%})")
    print(f"within 2% of minimum    {'yes' if figures['within_limit'] else 'NO'}")
    for name, used in figures["projects"].items():
        print(f"  project {name:<7} ytemu {used['ytemu']:>6,}  ledger {used['ledger']:>6,}")
    for method, row in figures["methods"].items():
        print(f"  {method:<24} {row['calls']:>4} calls {row['units']:>7,} units")
    print(
        f"wall time               {figures['wall_s']:.1f} s "
        f"(ytemu latency {figures['latency_ms']} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=500)
    parser.add_argument("--latency-ms", type=int, default=0)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
