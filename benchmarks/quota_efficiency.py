"""Quota efficiency of a copy: units spent versus the minimum a copy can cost.

Copies a 500-video playlist (built in ytemu through its admin API; the demo seed stops
at 300) into the user's channel across three projects of 10,000 units each, running
the real CLI as a user would (`python -m ytrix --json plist2mlist ...`), then prints
what was spent, where, and how far above the minimum (1 create + 500 inserts at 50
units each) the reads brought it.

    python benchmarks/quota_efficiency.py [--videos 500] [--latency-ms 0]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter

from _sandbox import ROOT, fresh_home
from tests.ytrix_env import setup_env

from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import start_emulator

PROJECTS = {"main": 10_000, "backup": 10_000, "spare": 10_000}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=500)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
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
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "ytrix", "--json", "--quiet", "plist2mlist", source],
            capture_output=True,
            text=True,
            env=dict(os.environ, YTRIX_HOME=str(home)),
            cwd=ROOT,
            check=False,
        )
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
            return proc.returncode
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
    reads = sum(u for m, u in by_method.items() if m.endswith(".list"))
    print(f"videos copied           {result['videos_added']} of {args.videos}")
    print(f"order kept, 1 playlist  {'yes' if in_order else 'NO'}")
    print(f"minimum (writes only)   {minimum:,} units (1 create + {args.videos} inserts x 50)")
    print(f"spent (ytrix)           {spent:,} units")
    print(f"spent (ytemu counters)  {emu_total:,} units")
    print(f"of which reads          {reads:,} units")
    print(f"above minimum           {spent - minimum:,} units ({(spent / minimum - 1):.3%})")
    print(f"within 2% of minimum    {'yes' if spent <= minimum * 1.02 else 'NO'}")
    for name in PROJECTS:
        print(f"  project {name:<7} ytemu {used[name]:>6,}  ledger {ledger[name]:>6,}")
    for method in sorted(by_method):
        print(f"  {method:<24} {calls[method]:>4} calls {by_method[method]:>7,} units")
    print(f"wall time               {elapsed:.1f} s (ytemu latency {args.latency_ms} ms)")
    ok = in_order and spent == emu_total and spent <= minimum * 1.02 and ledger == used
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
