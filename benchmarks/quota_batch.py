"""Quota efficiency of a batch: units spent copying the reference batch versus the
theoretical minimum, and how many videos ended up duplicated.

The reference batch (tests/batch/helpers.py): 12 demo playlists of 1..300 videos, one
an exact duplicate of an own playlist (skipped), one 80% held by an own playlist
(topped up), one with a private video, one listing a video twice. Each scenario runs
the real CLI in a subprocess (`python -m ytrix plists2mlists FILE`) against a fresh
ytemu:

- clean: no faults, quota enough for the whole batch;
- faults: 409 ABORTED with the write applied, 500 backendError and 429 each on ~3%
  of the writes (ytrix reconciles by reading the target before any retry);
- paused: three projects that cannot hold it in a day: the run pauses (exit 3), both
  clocks pass midnight Pacific, `--resume` finishes it.

And a creation-capped batch: 24 small playlists against the channel's cap of 10 new
playlists per 24 h (ytemu's default, ytrix's `playlist_creation_limit`), with quota
for all of it. The dry run's plan says how many days it takes (the larger of the
units' and the new playlists' days); the run pauses (exit 3) after each window's 10,
both clocks move 24 h, `--resume` continues, until done. Printed: the days planned
and taken (they must be equal), refused creations (must be 0), units / minimum.

Minimum = the writes the batch needs (a create per new playlist, an insert per
missing video, 50 units each) + the reads it cannot avoid (each source's metadata
and item pages, one page of own playlists). Units spent come from ytemu's counters.
A 409 that applied the write costs its full 50 units, like the success it was.

    python benchmarks/quota_batch.py [--fault-rate 0.03] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _sandbox import ROOT, Figures, bench_main, fresh_home
from tests.helpers.batch import OVERLAP, Reference, build_reference, check_final
from tests.helpers.copies import copies, sources, write_list
from tests.helpers.playlists import copyable, items, mix, own
from tests.ytrix_env import setup_env

from ytemu.testing import RunningEmulator, start_emulator
from ytrix.core import clock

BIG = {"main": 100_000, "backup": 100_000, "spare": 100_000}
SMALL = {"main": 6_000, "backup": 6_000, "spare": 6_000}
NOON = datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC)
# Scenarios, in the order they run, and their limit on units spent / minimum.
LIMITS = {"clean": 1.02, "faults": 1.05, "paused": 1.02}


def use_offset(offset: float) -> None:
    """ytrix's clock in the runs it starts and in the test helpers used here (each
    builds its clock from the variable, as a run's edge does)."""
    os.environ[clock.CLOCK_OFFSET_ENV] = str(offset)


def minimum_units(emu: RunningEmulator, ref: Reference) -> int:
    writes = 0
    for source in ref.copied:
        writes += 50 * (1 + len(copyable(emu, source)))
    wanted = copyable(emu, mix(OVERLAP))
    writes += 50 * len([v for v in wanted if v not in ref.overlap_before])
    reads = sum(1 + math.ceil(len(emu.admin.playlist_video_ids(s)) / 50) for s in ref.sources)
    return writes + reads + 1


def duplicates(emu: RunningEmulator, ref: Reference) -> tuple[int, int]:
    """(duplicated videos in any own playlist, extra copies of a playlist)."""
    videos = 0
    titles: dict[str, int] = {}
    for playlist in own(emu):
        ids = items(emu, playlist["id"])
        videos += len(ids) - len(set(ids))
        if playlist["id"] not in ref.own_before:
            titles[playlist["title"]] = titles.get(playlist["title"], 0) + 1
    return videos, sum(n - 1 for n in titles.values())


def run(home: Path, offset: float, *args: str) -> int:
    env = dict(os.environ, YTRIX_HOME=str(home), YTRIX_BACKOFF_SCALE="0.01")
    env[clock.CLOCK_OFFSET_ENV] = str(offset)
    proc = subprocess.run(
        [sys.executable, "-m", "ytrix", "--quiet", "plists2mlists", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode not in (0, 3):
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
    return proc.returncode


def spent(emu: RunningEmulator, projects: dict[str, str], days: list[str]) -> int:
    return sum(emu.admin.quota(p, day=day)[p]["used"] for p in projects.values() for day in days)


def scenario(name: str, fault_rate: float) -> Figures:
    home = fresh_home()
    with start_emulator(seed="demo") as emu:
        emu.admin.set_clock(NOON.astimezone(UTC))
        offset = (NOON - datetime.now(UTC)).total_seconds()
        use_offset(offset)
        env = setup_env(emu, home, SMALL if name == "paused" else BIG)
        ref = build_reference(emu, Path(tempfile.mkdtemp()))
        minimum = minimum_units(emu, ref)
        if name == "faults":
            for n, (status, extra) in enumerate(
                [(409, {"apply_write": True}), (500, {}), (429, {})]
            ):
                for method in ("youtube.playlistItems.insert", "youtube.playlists.insert"):
                    emu.admin.add_fault(
                        method, status=status, probability=fault_rate, seed=7 + n, **extra
                    )
        days = [emu.admin.clock()["pacific_day"]]
        codes = [run(home, offset, str(ref.file))]
        if codes[-1] == 3:
            step = clock.Clock(offset).seconds_until_reset() + 60
            emu.admin.advance_clock(step)
            offset += step
            use_offset(offset)
            days.append(emu.admin.clock()["pacific_day"])
            codes.append(run(home, offset, str(ref.file), "--resume"))
        rules = emu.admin.faults()
        fired = sum(int(rule["fired"]) for rule in rules)
        units = spent(emu, env.projects, days)
        dup_videos, dup_playlists = duplicates(emu, ref)
        try:
            use_offset(offset)
            check_final(emu, ref)
            exact = True
        except AssertionError:
            exact = False
    ratio = units / minimum
    return {
        "scenario": name,
        "exit_codes": codes,
        "faults_fired": fired,
        "units": units,
        "minimum": minimum,
        "ratio": ratio,
        "limit": LIMITS[name],
        "dup_videos": dup_videos,
        "dup_playlists": dup_playlists,
        "exact": exact,
        "ok": ratio <= LIMITS[name] and dup_videos == 0 and dup_playlists == 0 and exact,
    }


CAPPED_LIMIT = 1.05  # units / minimum: deferred sources are read again after each pause
DAY = 24 * 3600


def dry_run(home: Path, offset: float, file: Path) -> Any:
    env = dict(os.environ, YTRIX_HOME=str(home))
    env[clock.CLOCK_OFFSET_ENV] = str(offset)
    proc = subprocess.run(
        [sys.executable, "-m", "ytrix", "--json", "plists2mlists", str(file), "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout)


def capped(count: int, size: int = 2) -> Figures:
    """A batch bound by the channel's cap on new playlists, not by quota."""
    home = fresh_home()
    with start_emulator(seed="demo") as emu:
        emu.admin.set_clock(NOON.astimezone(UTC))
        offset = (NOON - datetime.now(UTC)).total_seconds()
        use_offset(offset)
        env = setup_env(emu, home, BIG)
        before = {p["id"] for p in own(emu)}
        made = sources(emu, count, size=size)
        file = write_list(Path(tempfile.mkdtemp()) / "capped.txt", list(made))
        plan = dry_run(home, offset, file)  # its reads are cached: the run reuses them
        days = [emu.admin.clock()["pacific_day"]]
        codes = [run(home, offset, str(file))]
        while codes[-1] == 3 and len(codes) < 10:
            emu.admin.advance_clock(DAY + 60)
            offset += DAY + 60
            days.append(emu.admin.clock()["pacific_day"])
            codes.append(run(home, offset, str(file), "--resume"))
        refused = [
            r
            for r in emu.admin.requests()
            if r["method"] == "youtube.playlists.insert" and r["status"] != 200
        ]
        units = spent(emu, env.projects, days)
        try:
            exact = len(copies(emu, made, before)) == count
        except AssertionError:
            exact = False
    minimum = 50 * (count + count * size) + 2 * count + 1
    ratio = units / minimum
    planned_days = plan["days_needed"]
    return {
        "sources": count,
        "planned_days": planned_days,
        "planned_units_days": plan["quota_plan"]["days_needed"],
        "planned_creation_days": plan["creation_plan"]["days_needed"],
        "days_taken": len(codes),
        "exit_codes": codes,
        "refused_creations": len(refused),
        "units": units,
        "minimum": minimum,
        "ratio": ratio,
        "limit": CAPPED_LIMIT,
        "exact": exact,
        "ok": planned_days == len(codes) and not refused and exact and ratio <= CAPPED_LIMIT,
    }


def measure(args: argparse.Namespace) -> Figures:
    rows = [scenario(name, args.fault_rate) for name in LIMITS]
    cap = capped(args.capped_sources)
    return {
        "fault_rate": args.fault_rate,
        "scenarios": rows,
        "capped": cap,
        "ok": all(row["ok"] for row in rows) and cap["ok"],
    }


def report(figures: Figures) -> None:
    print(
        f"{'scenario':<9} {'exit codes':<11} {'faults':>6} {'units':>8} {'minimum':>8} "
        f"{'ratio':>7} {'limit':>6} {'dup videos':>10} {'dup lists':>9} exact"
    )
    for row in figures["scenarios"]:
        codes = ",".join(str(c) for c in row["exit_codes"])
        print(
            f"{row['scenario']:<9} {codes:<11} {row['faults_fired']:>6} {row['units']:>8,} "
            f"{row['minimum']:>8,} {row['ratio']:>7.4f} {row['limit']:>6.2f} "
            f"{row['dup_videos']:>10} {row['dup_playlists']:>9} {'yes' if row['exact'] else 'NO'}"
        )
    cap = figures["capped"]
    codes = ",".join(str(c) for c in cap["exit_codes"])
    print(
        f"creation-capped: {cap['sources']} new playlists, plan {cap['planned_days']} days "
        f"(units {cap['planned_units_days']}, new playlists {cap['planned_creation_days']}), "
        f"taken {cap['days_taken']} (exit codes {codes}); refused creations "
        f"{cap['refused_creations']}; units {cap['units']:,} / minimum {cap['minimum']:,} = "
        f"{cap['ratio']:.4f} (limit {cap['limit']:.2f}); exact {'yes' if cap['exact'] else 'NO'}"
    )
    print(
        "all within limits, no duplicates"
        if figures["ok"]
        else "LIMIT EXCEEDED or duplicates found"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fault-rate", type=float, default=0.03)
    parser.add_argument("--capped-sources", type=int, default=24)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
