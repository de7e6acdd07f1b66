"""Microseconds the door adds to each API call: project selection + pre-call ledger
check + ledger charge, measured against a zero-latency ytemu on loopback.

    python benchmarks/overhead.py [--calls 400] [--json]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from _sandbox import Figures, bench_main, fresh_home
from tests.ytrix_env import setup_env

from ytemu.testing import start_emulator
from ytrix.core import clock
from ytrix.core.config import load_config, select_profile
from ytrix.core.paths import Paths
from ytrix.quota.pool import Pool


def per_call_us(func: object, calls: int) -> float:
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def measure(args: argparse.Namespace) -> Figures:
    home = fresh_home()
    with start_emulator(seed="demo") as emu:
        setup_env(emu, home, {"main": 1_000_000, "backup": 1_000_000, "spare": 1_000_000})
        paths = Paths.for_user(None)
        config = load_config(paths.config_file)
        assert config is not None
        pool = Pool(select_profile(config, None), paths, notify=lambda _t: None)

        def door() -> None:
            pool.call("channels.list", lambda svc: svc.channels().list(part="id", mine=True))

        door()  # warm: token refresh, client build
        service = pool.clients.get(pool.current_project())

        def raw() -> None:
            service.channels().list(part="id", mine=True).execute()

        raw()
        rounds = [(per_call_us(raw, args.calls), per_call_us(door, args.calls)) for _ in range(3)]
        raw_us = statistics.median(r for r, _ in rounds)
        door_us = statistics.median(d for _, d in rounds)
        project = pool.current_project()
        select_us = per_call_us(lambda: pool._pick(1, False), args.calls)
        charge_us = per_call_us(
            lambda: pool.ledger.charge(project.name, "bench.noop", 0, clock.now()), args.calls
        )
    return {
        "calls": args.calls,
        "raw_us": raw_us,
        "door_us": door_us,
        "overhead_us": door_us - raw_us,
        "select_us": select_us,
        "charge_us": charge_us,
    }


def report(figures: Figures) -> None:
    print(f"calls per measurement        {figures['calls']}")
    print(f"raw client call (median)     {figures['raw_us']:9.0f} us")
    print(f"through the door (median)    {figures['door_us']:9.0f} us")
    print(f"door overhead per call       {figures['overhead_us']:9.0f} us")
    print(f"  selection + pre-call check {figures['select_us']:9.0f} us")
    print(f"  ledger charge (WAL commit) {figures['charge_us']:9.0f} us")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=400)
    return bench_main(parser, measure, report)


if __name__ == "__main__":
    sys.exit(main())
