"""Microseconds the door adds to each API call: project selection + the reservation
(pre-call check and charge in one transaction) + settling, measured against a
zero-latency ytemu on loopback, for each state backend in the same run: SQLite, and
PostgreSQL (a private server started for the run from the PostgreSQL binaries, or
the database YTRIX_DATABASE_URL names).

    python benchmarks/overhead.py [--calls 400] [--backend both|sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from _sandbox import Figures, bench_main, fresh_home
from tests.helpers.pg_server import start_server
from tests.ytrix_env import setup_env

from ytemu.testing import RunningEmulator, start_emulator
from ytrix.core.clock import Clock
from ytrix.core.config import load_config, select_profile
from ytrix.core.paths import Paths
from ytrix.quota.ledger import Ledger
from ytrix.quota.pool import Pool
from ytrix.storage import open_state

QUOTAS = {"main": 1_000_000, "backup": 1_000_000, "spare": 1_000_000}


def per_call_us(func: Callable[[], object], calls: int) -> float:
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


@contextmanager
def postgres_url() -> Iterator[str]:
    given = os.environ.get("YTRIX_DATABASE_URL")
    if given:
        yield given
        return
    server = start_server()
    try:
        yield server.create_database("bench")
    finally:
        server.destroy()


def measure_backend(emu: RunningEmulator, calls: int, url: str | None) -> Figures:
    home = fresh_home()
    if url is None:
        os.environ.pop("YTRIX_DATABASE_URL", None)
    else:
        os.environ["YTRIX_DATABASE_URL"] = url
    setup_env(emu, home, QUOTAS)
    paths = Paths.for_user(None)
    config = load_config(paths.config_file)
    assert config is not None
    pool = Pool(select_profile(config, None), paths, Ledger(open_state(paths, Clock())))

    def door() -> None:
        pool.call("channels.list", lambda svc: svc.channels().list(part="id", mine=True))

    door()  # warm: token refresh, client build, migrations
    service = pool.clients.get(pool.current_project())

    def raw() -> None:
        service.channels().list(part="id", mine=True).execute()

    raw()
    rounds = [(per_call_us(raw, calls), per_call_us(door, calls)) for _ in range(3)]
    raw_us = statistics.median(r for r, _ in rounds)
    door_us = statistics.median(d for _, d in rounds)
    project = pool.current_project()
    select_us = per_call_us(lambda: pool._pick(1, False), calls)
    reserve_us = per_call_us(
        lambda: pool.ledger.reserve(project.name, "bench.noop", 0, 10**9, pool.clock.now()), calls
    )
    return {
        "raw_us": raw_us,
        "door_us": door_us,
        "overhead_us": door_us - raw_us,
        "select_us": select_us,
        "reserve_us": reserve_us,
    }


def measure(args: argparse.Namespace) -> Figures:
    figures: Figures = {"calls": args.calls}
    with start_emulator(seed="demo") as emu:
        if args.backend in ("both", "sqlite"):
            figures["sqlite"] = measure_backend(emu, args.calls, None)
        if args.backend in ("both", "postgresql"):
            with postgres_url() as url:
                figures["postgresql"] = measure_backend(emu, args.calls, url)
            from ytrix.storage.postgres import close_all

            close_all()
    first = figures.get("sqlite") or figures["postgresql"]
    # The headline figures (run_all.py) are the default backend's.
    figures.update({k: first[k] for k in ("raw_us", "door_us", "overhead_us")})
    return figures


def report(figures: Figures) -> None:
    print(f"calls per measurement          {figures['calls']} (median of 3 rounds)")
    for backend in ("sqlite", "postgresql"):
        if backend not in figures:
            continue
        f = figures[backend]
        print(f"{backend}:")
        print(f"  raw client call (median)     {f['raw_us']:9.0f} us")
        print(f"  through the door (median)    {f['door_us']:9.0f} us")
        print(f"  door overhead per call       {f['overhead_us']:9.0f} us")
        print(f"    selection + pre-call check {f['select_us']:9.0f} us")
        print(f"    reservation (one commit)   {f['reserve_us']:9.0f} us")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
