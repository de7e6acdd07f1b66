"""Batch throughput: videos copied per minute with `--jobs 1` and `--jobs 4` when every
API call takes 100 ms (ytemu latency), running the real CLI in a subprocess.

The batch: N fresh public playlists of M videos each on another channel (built with
ytemu's admin API), copied into the user's channel; quota is plentiful. Wall time
includes the process start, reading the sources and listing own playlists.

    python benchmarks/throughput.py [--playlists 8] [--videos 20] [--latency-ms 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _sandbox import Figures, bench_main, fresh_home, run_ytrix
from tests.ytrix_env import setup_env

from ytemu.seed import channel_id
from ytemu.testing import start_emulator

PROJECTS = {"main": 1_000_000, "backup": 1_000_000}
JOBS = (1, 4)

CLI = ("--json", "--quiet", "plists2mlists")


def copy_batch(jobs: int, playlists: int, videos: int, latency_ms: int) -> tuple[int, float]:
    home = fresh_home()
    with start_emulator(seed="demo") as emu:
        setup_env(emu, home, PROJECTS)
        owner = channel_id("kitchen")
        lines = []
        for n in range(playlists):
            specs = [{"channel_id": owner, "title": f"T{n}-{v}"} for v in range(videos)]
            ids = emu.admin.create_videos(specs)
            lines.append(emu.admin.create_playlist(owner, f"Throughput {n}", video_ids=ids))
        file = Path(tempfile.mkdtemp()) / "batch.txt"
        file.write_text("\n".join(lines) + "\n")
        emu.admin.set_latency(latency_ms)
        proc, elapsed = run_ytrix(home, *CLI, str(file), "--jobs", str(jobs))
    data = json.loads(proc.stdout)
    added = sum(int(t["videos_added"]) for t in data["tasks"])
    return added, elapsed


def measure(args: argparse.Namespace) -> Figures:
    runs = {}
    for jobs in JOBS:
        added, elapsed = copy_batch(jobs, args.playlists, args.videos, args.latency_ms)
        runs[str(jobs)] = {"videos": added, "wall_s": elapsed, "per_minute": added / elapsed * 60}
    return {
        "playlists": args.playlists,
        "videos": args.videos,
        "latency_ms": args.latency_ms,
        "jobs": runs,
        "speedup": runs["4"]["per_minute"] / runs["1"]["per_minute"],
    }


def report(figures: Figures) -> None:
    print(
        f"batch: {figures['playlists']} playlists x {figures['videos']} videos, "
        f"ytemu latency {figures['latency_ms']} ms per call"
    )
    for jobs, run in figures["jobs"].items():
        print(
            f"--jobs {jobs}: {run['videos']} videos in {run['wall_s']:5.1f} s "
            f"= {run['per_minute']:6.0f} videos/minute"
        )
    print(f"speed-up with --jobs 4: {figures['speedup']:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--playlists", type=int, default=8)
    parser.add_argument("--videos", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=100)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
