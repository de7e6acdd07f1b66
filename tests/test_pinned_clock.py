"""The suite's clocks start at the pinned instant: ytrix's, every in-process emulator's
and a `ytemu serve` subprocess's, all agreeing; `ytemu serve --clock` sets its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers.batch import set_clocks
from tests.helpers.clock import AWKWARD_INSTANTS, pinned_instant, ytrix_clock
from tests.test_pool import make_pool
from tests.ytrix_env import setup_env
from ytemu.admin import EmuAdmin
from ytemu.clock import parse_instant
from ytemu.testing import RunningEmulator, start_emulator
from ytrix.core import clock
from ytrix.youtube.gateway import Gateway

pytestmark = pytest.mark.clock

CLOSE = timedelta(seconds=30)  # both clocks run forward in real time from the pin


def test_ytrix_and_emulator_clocks_start_at_the_pinned_instant(ytemu: RunningEmulator) -> None:
    pinned = pinned_instant()
    ours = ytrix_clock().now()
    theirs = ytemu.admin.now()
    assert pinned <= ours < pinned + CLOSE
    assert pinned <= theirs < pinned + CLOSE
    assert abs((theirs - ours).total_seconds()) < 5


def test_the_pinned_instant_is_never_the_real_date() -> None:
    if "YTRIX_TEST_NOW" not in os.environ:
        assert pinned_instant().isoformat().startswith("2026-06-10T19:00")
    with start_emulator(None) as emu:
        assert emu.admin.now().date() == pinned_instant().date()


def test_an_emulator_reset_keeps_the_pinned_clock(ytemu: RunningEmulator) -> None:
    ytemu.admin.advance_clock(5 * 86400)
    ytemu.admin.reset("demo")
    assert pinned_instant() <= ytemu.admin.now() < pinned_instant() + CLOSE


@contextmanager
def serve(*args: str) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytemu", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def base_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("ytemu listening on "), line
    return line.rsplit(" ", 1)[1]


def test_ytemu_serve_inherits_the_pinned_clock() -> None:
    with serve("--seed", "demo") as proc:
        now = EmuAdmin(base_url(proc)).now()
    assert pinned_instant() <= now < pinned_instant() + CLOSE


@pytest.mark.parametrize("instant", sorted(AWKWARD_INSTANTS.values()))
def test_ytemu_serve_clock_option(instant: str) -> None:
    with serve("--clock", instant) as proc:
        info = EmuAdmin(base_url(proc)).clock()
    now = parse_instant(info["now"])
    start = parse_instant(instant)
    assert start <= now < start + CLOSE
    # the next reset is the next midnight Pacific, on 23- and 25-hour days alike
    assert parse_instant(info["next_reset"]) == clock.next_reset(now)


def test_ytemu_serve_refuses_a_bad_clock() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ytemu", "serve", "--clock", "tomorrow"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "'tomorrow' is not an ISO-8601 instant" in done.stderr
    assert "Traceback" not in done.stderr


def test_next_reset_across_both_dst_changes() -> None:
    ends = parse_instant(AWKWARD_INSTANTS["dst-ends"])  # 01:59:30 PDT on a 25-hour day
    assert clock.next_reset(ends) - ends == timedelta(hours=23, seconds=30)
    assert clock.format_duration(clock.seconds_until_reset(ends)) == "23h 0m"
    starts = parse_instant(AWKWARD_INSTANTS["dst-starts"])  # 01:59:30 PST on a 23-hour day
    assert clock.next_reset(starts) - starts == timedelta(hours=21, seconds=30)
    late = parse_instant(AWKWARD_INSTANTS["before-midnight"])
    assert clock.seconds_until_reset(late) == 30
    tomorrow = clock.pacific_day(late) + timedelta(days=1)
    assert clock.pacific_day(late + timedelta(seconds=31)) == tomorrow
    assert clock.day_start(late + timedelta(seconds=31)) == clock.next_reset(late)


def test_the_check_script_reruns_at_the_awkward_instants() -> None:
    script = (Path(__file__).parents[1] / "scripts" / "test.sh").read_text()
    for instant in AWKWARD_INSTANTS.values():
        assert f" {instant}" in script, instant


def test_a_call_in_flight_at_midnight_counts_on_the_new_day(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reserved at 23:59:59.6, answered after midnight: Google may count it on the new
    day, so the ledger does (it had counted it on the old one, below Google's today)."""
    midnight = clock.next_reset(ytrix_clock().now())
    set_clocks(ytemu, midnight - timedelta(seconds=0.4), monkeypatch)
    env = setup_env(ytemu, isolated_home, {"main": 10_000})
    yesterday = ytrix_clock().pacific_day()
    ytemu.admin.set_latency(1500)
    Gateway(make_pool(isolated_home, [])).create_playlist("Midnight", "", "private")
    ytemu.admin.set_latency(0)
    today = ytrix_clock().pacific_day()
    assert today > yesterday
    assert env.days_used("main", [today]) == (50, 50)
    assert env.days_used("main", [yesterday])[0] == 0
