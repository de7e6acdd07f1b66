"""Wall time of a fresh `ytrix` process for the commands that must start fast.

Each command runs as its own interpreter (`python -m ytrix ...`), as a user runs it,
against a home with three projects, two tokens and a day of usage in the ledger, so
`projects` and `quota_status` render real tables. Prints the median wall time of N
runs each, and the median CPU time (user + sys of the child), which a busy machine
disturbs less than wall time.

Bytecode is cached as after `pip install` (in a temporary PYTHONPYCACHEPREFIX, even
when PYTHONDONTWRITEBYTECODE is set), and one untimed run per command warms it.

    python benchmarks/startup.py [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _sandbox import Figures, bench_main, fresh_home

COMMANDS = (
    ["--help"],
    ["version"],
    ["config"],
    ["projects"],
    ["quota_status"],
)


def prepare(home: Path) -> None:
    from ytrix.core.clock import Clock
    from ytrix.core.paths import Paths
    from ytrix.quota.ledger import Ledger
    from ytrix.storage.sqlite import SqliteStore

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "".join(
            f'[[projects]]\nname = "{name}"\nclient_id = "{name}-id"\n'
            f'client_secret = "{name}-secret"\npriority = {i}\n'
            for i, name in enumerate(("main", "backup", "spare"))
        )
    )
    (home / "tokens").mkdir()
    for name in ("main", "backup"):
        token = {"refresh_token": f"1//{name}", "token": None, "scopes": []}
        (home / "tokens" / f"{name}.json").write_text(json.dumps(token))
    ledger = Ledger(SqliteStore(Paths.for_user(None).state_db, Clock()))
    now = ledger.clock.now()
    ledger.charge("main", "playlists.insert", 50, now)
    for _ in range(199):
        ledger.charge("main", "playlistItems.insert", 50, now)
    ledger.mark_exhausted("main", now, "quotaExceeded")
    ledger.record_rotation("main", "backup", "quota exhausted", now)
    ledger.charge("backup", "playlistItems.insert", 50, now)
    ledger.close()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="ytrix-bench-pyc-")
    return env


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_ms(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples, cpu = [], []
    for attempt in range(runs + 1):
        cpu_start = child_cpu()
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "ytrix", *args],
            capture_output=True,
            env=env,
            check=False,
        )
        if attempt:  # the first run warms the bytecode cache
            samples.append(time.perf_counter() - start)
            cpu.append(child_cpu() - cpu_start)
        if proc.returncode != 0:
            raise SystemExit(f"ytrix {' '.join(args)} failed:\n{proc.stderr.decode()}")
    return statistics.median(samples) * 1000, statistics.median(cpu) * 1000


def measure(options: argparse.Namespace) -> Figures:
    prepare(fresh_home())
    env = child_env()
    baseline = median_ms_python(options.runs, env)
    commands = {}
    for args in COMMANDS:
        wall, cpu = median_ms(args, options.runs, env)
        commands[" ".join(args)] = {"wall_ms": wall, "cpu_ms": cpu}
    return {
        "runs": options.runs,
        "python": sys.version.split()[0],
        "python_c_pass_ms": baseline,
        "commands": commands,
    }


def report(figures: Figures) -> None:
    print(f"median of {figures['runs']} runs each (python {figures['python']})")
    print(f"  {'command':<22} {'wall':>9} {'cpu':>9}")
    print(f"  {'python -c pass':<22} {figures['python_c_pass_ms']:6.1f} ms")
    for command, times in figures["commands"].items():
        print(f"  {'ytrix ' + command:<22} {times['wall_ms']:6.1f} ms {times['cpu_ms']:6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    return bench_main(parser, measure, report)


def median_ms_python(runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    sys.exit(main())
