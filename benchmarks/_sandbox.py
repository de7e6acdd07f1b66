"""Shared set-up for benchmarks: a ytemu on loopback and a ytrix home pointing at it,
and the `main` every benchmark shares: `measure(args) -> dict` of figures, then either
the human report (default) or, with `--json`, exactly one JSON object on stdout."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Figures = dict[str, Any]
YTRIX = (sys.executable, "-m", "ytrix")


def fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="ytrix-bench-")) / "home"
    os.environ["YTRIX_HOME"] = str(home)
    os.environ.setdefault("NO_COLOR", "1")
    return home


def run_ytrix(
    home: Path, *args: str, command: Sequence[str] = YTRIX
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ytrix in its own process, as a user would, and time it. A failed run
    prints its output and ends the benchmark: its figures would mean nothing."""
    started = time.monotonic()
    proc = subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, YTRIX_HOME=str(home)),
        cwd=ROOT,
        check=False,
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(proc.returncode)
    return proc, elapsed


@contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send everything written to file descriptor 1 (this process, its threads and any
    child that inherits it) to stderr, so stdout carries nothing but the JSON."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def bench_main(
    parser: argparse.ArgumentParser,
    measure: Callable[[argparse.Namespace], Figures],
    report: Callable[[Figures], None],
) -> int:
    """Parse the arguments, measure, print. Exit status 1 when the figures say
    `"ok": false` (a benchmark that checks a limit), else 0; a failed run raises
    SystemExit from `measure` and prints no figures."""
    parser.add_argument(
        "--json", action="store_true", help="print exactly one JSON object of the figures"
    )
    args = parser.parse_args()
    if args.json:
        with stdout_to_stderr():
            figures = measure(args)
        print(json.dumps(figures))
    else:
        figures = measure(args)
        report(figures)
    return 0 if figures.get("ok", True) else 1
