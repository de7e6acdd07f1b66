"""Run every benchmark and print one table of the headline figures, each with its limit
where one exists and whether it holds.

Each script runs in its own process with `--json`, one after another (they measure
wall time and would disturb each other on a small machine), and its one JSON object
is parsed. Limits on units spent / minimum come from the scripts themselves; the
250 ms limit on `ytrix --help` is kept here. Exit status 1 when a limit is exceeded,
a script fails (non-zero exit, no JSON, time-out) or its figures are not as expected.

    python benchmarks/run_all.py [--quick] [--only NAME ...] [size options]

`--quick` is a smoke run with small sizes everywhere (the sizes given explicitly win);
the default sizes are each script's own.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HELP_LIMIT_MS = 250.0
STARTUP_SHOWN = ("--help", "version", "projects", "quota_status")

Figures = dict[str, Any]


@dataclass
class Row:
    benchmark: str
    figure: str
    value: str
    limit: str = ""
    holds: bool | None = None  # None: no limit

    @property
    def verdict(self) -> str:
        return "" if self.holds is None else "yes" if self.holds else "NO"


# option of this script -> (benchmark, its option, size under --quick)
SIZES: dict[str, tuple[str, str, str]] = {
    "runs": ("startup", "--runs", "3"),
    "fault_rate": ("quota_batch", "--fault-rate", ""),
    "capped_sources": ("quota_batch", "--capped-sources", "12"),
    "videos": ("quota_efficiency", "--videos", "50"),
    "calls": ("overhead", "--calls", "50"),
    "playlists": ("throughput", "--playlists", "2"),
    "playlist_videos": ("throughput", "--videos", "5"),
    "sources": ("scale", "--sources", "50"),
    "own": ("scale", "--own", "50"),
}


def startup_rows(f: Figures) -> list[Row]:
    rows = []
    for command in STARTUP_SHOWN:
        wall = float(f["commands"][command]["wall_ms"])
        row = Row("startup", f"ytrix {command}: wall, median of {f['runs']}", f"{wall:.1f} ms")
        if command == "--help":
            row.limit, row.holds = f"<= {HELP_LIMIT_MS:.0f} ms", wall <= HELP_LIMIT_MS
        rows.append(row)
    return rows


def quota_batch_rows(f: Figures) -> list[Row]:
    rows = []
    for s in f["scenarios"]:
        name = {
            "clean": "batch, no faults",
            "faults": f"batch, {s['faults_fired']} faults (409 applied, 500, 429)",
            "paused": "batch, paused + --resume",
        }.get(s["scenario"], f"batch, {s['scenario']}")
        ratio, limit = float(s["ratio"]), float(s["limit"])
        value = f"{ratio:.4f} ({s['units']:,}/{s['minimum']:,})"
        rows.append(
            Row("quota", f"{name}: units / minimum", value, f"<= {limit:.2f}", ratio <= limit)
        )
    dups = [int(s["dup_videos"]) for s in f["scenarios"]]
    runs = ", ".join(str(s["scenario"]) for s in f["scenarios"])
    value = " / ".join(str(d) for d in dups)
    rows.append(Row("quota", f"duplicate videos ({runs})", value, "0", not any(dups)))
    right = [bool(s["exact"]) and not s["dup_playlists"] for s in f["scenarios"]]
    value = " / ".join("yes" if r else "NO" for r in right)
    rows.append(
        Row("quota", f"final state exact, no extra playlist ({runs})", value, "yes", all(right))
    )
    cap = f.get("capped")
    if cap is not None:
        planned, taken = cap["planned_days"], cap["days_taken"]
        rows.append(
            Row(
                "quota",
                f"creation-capped batch ({cap['sources']} new playlists): days planned / taken",
                f"{planned} / {taken}",
                "equal",
                planned == taken,
            )
        )
        rows.append(
            Row(
                "quota",
                "creation-capped batch: refused creations",
                str(cap["refused_creations"]),
                "0",
                not cap["refused_creations"],
            )
        )
        ratio = float(cap["ratio"])
        value = f"{ratio:.4f} ({cap['units']:,}/{cap['minimum']:,})"
        rows.append(
            Row(
                "quota",
                "creation-capped batch: units / minimum",
                value,
                f"<= {cap['limit']:.2f}",
                ratio <= float(cap["limit"]),
            )
        )
    return rows


def quota_efficiency_rows(f: Figures) -> list[Row]:
    ratio, limit = float(f["ratio"]), float(f["limit"])
    value = f"{ratio:.4f} ({f['spent']:,}/{f['minimum']:,})"
    figure = f"{f['videos']}-video single copy: units / minimum"
    right = f["in_order"] and f["spent"] == f["emu_spent"]
    right = right and all(p["ytemu"] == p["ledger"] for p in f["projects"].values())
    return [
        Row("quota", figure, value, f"<= {limit:.2f}", ratio <= limit),
        Row(
            "quota", "  order kept, ledger = ytemu counters", "yes" if right else "NO", "yes", right
        ),
    ]


def overhead_rows(f: Figures) -> list[Row]:
    figure = f"added per API call by the door (median of {f['calls']} calls x 3)"
    detail = f"{f['raw_us']:.0f} / {f['door_us']:.0f} us"
    return [
        Row("overhead", figure, f"{f['overhead_us']:.0f} us"),
        Row("overhead", "raw client call / through the door", detail),
    ]


def throughput_rows(f: Figures) -> list[Row]:
    batch = f"{f['playlists']}x{f['videos']} videos, {f['latency_ms']} ms latency"
    rows = []
    for jobs, run in f["jobs"].items():
        value = f"{run['per_minute']:.0f} videos/min"
        rows.append(Row("throughput", f"--jobs {jobs}: {batch}", value))
    rows[-1].value += f" ({f['speedup']:.2f}x)"
    return rows


def scale_rows(f: Figures) -> list[Row]:
    rows = []
    size = f"{f['sources']:,} sources vs {f['own']:,} own"
    for jobs, run in f["jobs"].items():
        name = f"dry run {size}, --jobs {jobs}"
        rows.append(Row("scale", f"{name}: planning time", f"{run['wall_s']:.1f} s"))
        rows.append(Row("scale", f"{name}: peak RSS", f"{run['peak_rss_mb']:.1f} MB"))
    return rows


BENCHMARKS: dict[str, Callable[[Figures], list[Row]]] = {
    "startup": startup_rows,
    "quota_batch": quota_batch_rows,
    "quota_efficiency": quota_efficiency_rows,
    "overhead": overhead_rows,
    "throughput": throughput_rows,
    "scale": scale_rows,
}


GROUPS = {name: name.split("_")[0] for name in BENCHMARKS}  # the table's first column


def script_args(name: str, options: argparse.Namespace) -> list[str]:
    args = []
    for dest, (bench, flag, quick) in SIZES.items():
        value = getattr(options, dest)
        if value is None and options.quick and quick:
            value = quick
        if bench == name and value is not None:
            args += [flag, str(value)]
    return args


def run_script(name: str, args: list[str], timeout: float) -> tuple[Figures | None, str]:
    """The script's figures, or None and why not."""
    command = [sys.executable, str(HERE / f"{name}.py"), "--json", *args]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # a time-out ends the CLI processes it started as well
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, f"timed out after {timeout:.0f} s"
    if proc.returncode != 0:
        sys.stderr.write("".join(stderr.splitlines(keepends=True)[-40:]))
    try:
        figures = json.loads(stdout)
    except json.JSONDecodeError:
        return None, f"exit {proc.returncode}, no JSON on stdout"
    if not isinstance(figures, dict):
        return None, "stdout is not one JSON object"
    if proc.returncode != 0:
        return figures, f"exit {proc.returncode}: its own checks failed"
    return figures, ""


def table(rows: list[Row]) -> list[str]:
    header = Row("benchmark", "figure", "value", "limit")
    cells = [
        (r.benchmark, r.figure, r.value, r.limit, "holds" if r is header else r.verdict)
        for r in [header, *rows]
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(5)]
    lines = []
    for n, c in enumerate(cells):
        lines.append(
            f"{c[0]:<{widths[0]}}  {c[1]:<{widths[1]}}  {c[2]:>{widths[2]}}  "
            f"{c[3]:<{widths[3]}}  {c[4]}".rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes everywhere")
    parser.add_argument(
        "--only", action="append", choices=list(BENCHMARKS), help="run only these (repeatable)"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per script")
    parser.add_argument("--runs", type=int, help="startup: runs per command (20)")
    parser.add_argument("--fault-rate", type=float, help="quota_batch: fault rate (0.03)")
    parser.add_argument(
        "--capped-sources", type=int, help="quota_batch: new playlists, creation-capped (24)"
    )
    parser.add_argument("--videos", type=int, help="quota_efficiency: playlist size (500)")
    parser.add_argument("--calls", type=int, help="overhead: calls per measurement (400)")
    parser.add_argument("--playlists", type=int, help="throughput: playlists (8)")
    parser.add_argument("--playlist-videos", type=int, help="throughput: videos each (20)")
    parser.add_argument("--sources", type=int, help="scale: source playlists (1000)")
    parser.add_argument("--own", type=int, help="scale: own playlists (1000)")
    options = parser.parse_args()

    started = time.monotonic()
    rows: list[Row] = []
    failures: list[str] = []
    durations: list[str] = []
    for name, to_rows in BENCHMARKS.items():
        if options.only and name not in options.only:
            continue
        args = script_args(name, options)
        print(f"running {name}.py {' '.join(args)}".rstrip() + " ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        figures, problem = run_script(name, args, options.timeout)
        durations.append(f"{name} {time.monotonic() - began:.0f} s")
        if problem:
            failures.append(f"{name}.py: {problem}")
        if figures is None:
            rows.append(Row(GROUPS[name], f"{name}.py failed: {problem}", "-", "", False))
            continue
        try:
            rows += to_rows(figures)
        except (KeyError, TypeError, ValueError) as error:
            failures.append(f"{name}.py: unexpected figures ({error!r})")
            rows.append(Row(GROUPS[name], f"{name}.py: unexpected figures", "-", "", False))

    elapsed = time.monotonic() - started
    exceeded = [r for r in rows if r.limit and r.holds is False]
    print(
        f"ytrix benchmarks, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"{os.cpu_count()} cores, python {sys.version.split()[0]}"
        + (" (--quick)" if options.quick else "")
    )
    print()
    for line in table(rows):
        print(line)
    print()
    print(f"total {elapsed:.0f} s ({', '.join(durations)})")
    for failure in failures:
        print(f"FAILED {failure}")
    if exceeded or failures:
        print(f"NOT OK: {len(exceeded)} figure(s) off limit, {len(failures)} script(s) failed")
        return 1
    print("all limits hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
