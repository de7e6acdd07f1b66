"""Planning at scale: `plists2mlists --dry-run` of 1,000 source playlists against a
channel that already has 1,000 playlists — planning time and peak memory.

Sources and own playlists (1..40 videos each, drawn from one pool of videos so dedup
has real candidates to read) are created through ytemu's admin API. The dry run is
the real CLI in a subprocess; its wall time includes reading every source, listing
own playlists and reading each dedup candidate once. Peak memory is the child's
peak resident set size as the child itself sees it at exit (`VmHWM` of its own
address space, so the benchmark's emulator, inherited through fork, does not count;
`resource.getrusage` where /proc is missing), next to the same figure for
`ytrix version` (the interpreter and imports alone). It runs with `--jobs 1` and
`--jobs 4` (reading in parallel), each with an empty read cache.

    python benchmarks/scale.py [--sources 1000] [--own 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _sandbox import ROOT, Figures, bench_main, fresh_home, run_ytrix
from tests.ytrix_env import setup_env

from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import start_emulator

PROJECTS = {"main": 10_000_000}
POOL_VIDEOS = 4_000
MAX_SIZE = 40
JOBS = (1, 4)


# Runs the CLI, then reports the peak RSS of this very process on stderr.
WRAPPER = """
import resource, sys
from ytrix.cli.app import run
code = run(sys.argv[1:])
try:
    with open('/proc/self/status') as status:
        kb = next(int(l.split()[1]) for l in status if l.startswith('VmHWM'))
except OSError:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f'\\nPEAK_KB {kb}\\n')
sys.exit(code)
"""
CLI = [sys.executable, "-c", WRAPPER]


def dry_run(jobs: int) -> list[str]:
    return ["--dry-run", "--jobs", str(jobs)]


def peak_mb(stderr: str) -> float:
    line = next(x for x in stderr.splitlines() if x.startswith("PEAK_KB "))
    return int(line.split()[1]) / 1024


def measure(args: argparse.Namespace) -> Figures:
    rng = random.Random(1000)
    home = fresh_home()
    env = dict(os.environ, YTRIX_HOME=str(home))
    with start_emulator(seed="demo") as emu:
        setup_env(emu, home, PROJECTS)
        owner = channel_id("orbit")
        started = time.monotonic()
        specs = [{"channel_id": owner, "title": f"Scale {n}"} for n in range(POOL_VIDEOS)]
        videos: list[str] = []
        for start in range(0, len(specs), 500):
            videos += emu.admin.create_videos(specs[start : start + 500])
        sources = []
        for n in range(args.sources):
            picks = rng.sample(videos, rng.randint(1, MAX_SIZE))
            sources.append(emu.admin.create_playlist(owner, f"Source {n}", video_ids=picks))
        for n in range(args.own):
            picks = rng.sample(videos, rng.randint(1, MAX_SIZE))
            emu.admin.create_playlist(MINE_CHANNEL_ID, f"Mine {n}", video_ids=picks)
        setup_s = time.monotonic() - started
        file = Path(tempfile.mkdtemp()) / "sources.txt"
        file.write_text("\n".join(sources) + "\n")
        version = subprocess.run(
            [*CLI, "version"], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        baseline_mb = peak_mb(version.stderr)
        runs = {}
        for jobs in JOBS:
            (home / "cache.db").unlink(missing_ok=True)  # each run reads every source afresh
            for suffix in ("-wal", "-shm"):
                (home / f"cache.db{suffix}").unlink(missing_ok=True)
            emu.admin.clear_requests()
            proc, elapsed = run_ytrix(
                home, "--json", "--quiet", "plists2mlists", str(file), *dry_run(jobs), command=CLI
            )
            runs[str(jobs)] = {
                "wall_s": elapsed,
                "ms_per_source": elapsed / args.sources * 1000,
                "api_calls": len(emu.admin.requests()),
                "peak_rss_mb": peak_mb(proc.stderr),
            }
    data = json.loads(proc.stdout)
    actions: dict[str, int] = {}
    for task in data["tasks"]:
        actions[task["action"]] = actions.get(task["action"], 0) + 1
    plan = data["quota_plan"]
    return {
        "sources": args.sources,
        "own": args.own,
        "setup_s": setup_s,
        "jobs": runs,
        "version_peak_rss_mb": baseline_mb,
        "units_spent": data["units_spent"],
        "plan": actions,
        "units_needed": plan["units_needed"],
        "days_needed": plan["days_needed"],
    }


def report(figures: Figures) -> None:
    print(
        f"setup via ytemu admin      {figures['setup_s']:6.1f} s "
        f"({figures['sources']} sources, {figures['own']} own)"
    )
    for jobs, run in figures["jobs"].items():
        print(
            f"dry run --jobs {jobs}          {run['wall_s']:6.1f} s "
            f"({run['ms_per_source']:.1f} ms per source, "
            f"{run['api_calls']:,} API calls), peak RSS {run['peak_rss_mb']:.1f} MB"
        )
    print(f"peak RSS, `ytrix version`  {figures['version_peak_rss_mb']:6.1f} MB")
    print(f"reads spent per dry run    {figures['units_spent']:,} units")
    print(f"plan                       {figures['plan']}")
    print(
        f"quota plan                 {figures['units_needed']:,} units, "
        f"{figures['days_needed']} day(s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--own", type=int, default=1000)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
