"""Stopping a batch cleanly: SIGINT / SIGTERM ask the workers to stop after the write
in flight (a second Ctrl-C stops at once), and `--wait` sleeps until the quota reset,
interruptible the same way, telling a `Countdown` (the CLI draws it on stderr) how
long is left.

The reset instant is read on ytrix's clock (the run's `Clock`, which tests shift
with YTRIX_CLOCK_OFFSET); the sleeping itself is real time (`time.monotonic`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Protocol

from ytrix.copy.execute import StopRequested
from ytrix.core.clock import Clock
from ytrix.core.notify import LoggedNotices, Notices

WAIT_MARGIN_ENV = "YTRIX_WAIT_MARGIN"
DEFAULT_WAIT_MARGIN = 60.0  # seconds after 00:00 Pacific before writing again


class Countdown(Protocol):
    """Shows a wait for the quota reset as it goes (the CLI's: `cli/views/batch.py`)."""

    def tick(self, seconds_left: float) -> None:
        """About once a second while waiting."""

    def end(self) -> None:
        """The wait is over (reset reached, or stopped)."""


class StopControl:
    def __init__(self, notices: Notices | None = None) -> None:
        self.notices = notices if notices is not None else LoggedNotices()
        self._event = threading.Event()
        self.signal_name: str | None = None
        self._signals = 0

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    def stop(self, signal_name: str | None = None) -> None:
        if signal_name is not None and self.signal_name is None:
            self.signal_name = signal_name
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise StopRequested

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self._signals += 1
        name = signal.Signals(signum).name
        if self._signals > 1 and signum == signal.SIGINT:
            raise KeyboardInterrupt
        if self._signals == 1:
            self.notices.notice(
                f"{name}: stopping after the write in flight "
                "(press Ctrl-C again to stop at once; nothing is lost either way)."
            )
        self.stop(name)

    @contextmanager
    def signals(self) -> Iterator[StopControl]:
        """Handle SIGINT and SIGTERM while the batch runs (main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.getsignal(sig)
            signal.signal(sig, self._handle)
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def wait_margin() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_MARGIN_ENV, DEFAULT_WAIT_MARGIN)))
    except ValueError:
        return DEFAULT_WAIT_MARGIN


def wait_for_reset(
    reset_at: datetime,
    clock: Clock,
    control: StopControl,
    countdown: Countdown,
    *,
    margin: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> bool:
    """Sleep until `reset_at` (on ytrix's clock) plus a margin, telling `countdown`
    the seconds left. Returns False when the user stopped the wait."""
    margin = wait_margin() if margin is None else margin
    seconds = max(0.0, (reset_at - clock.now()).total_seconds()) + margin
    deadline = monotonic() + seconds
    try:
        while True:
            left = deadline - monotonic()
            if control.stopped:
                return False
            if left <= 0:
                return True
            countdown.tick(left)
            sleep(min(1.0, max(0.0, left)))
    finally:
        countdown.end()


@contextmanager
def batch_lock(lock_dir: Path, file: Path) -> Iterator[None]:
    """One running batch per source file: a second `plists2mlists` of the same file
    (a cron job and a manual `--resume`, say) is refused instead of racing the first
    on the same writes."""
    name = hashlib.sha256(str(file.resolve()).encode()).hexdigest()[:16]
    with process_lock(
        lock_dir,
        f"batch-{name}",
        f"A batch of {file} is already running",
        "Wait for it to finish, or stop it (Ctrl-C) and run again with --resume.",
    ):
        yield


@contextmanager
def process_lock(lock_dir: Path, name: str, busy: str, hint: str) -> Iterator[None]:
    """Hold `<lock_dir>/<name>.lock` while the block runs; a second holder is refused
    (exit 2, `busy` with the holder's pid). The kernel drops the lock when the
    process dies (kill -9)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, no guard
        yield
        return
    from ytrix.core.errors import UsageError
    from ytrix.core.fsutil import ensure_private_dir

    ensure_private_dir(lock_dir)
    path = lock_dir / f"{name}.lock"
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UsageError(f"{busy} (pid {holder})", hint) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
