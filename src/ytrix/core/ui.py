"""Everything ytrix says on stderr while it works: notices, warnings, progress.

stdout carries only the result (a table, or one JSON document), so
`ytrix --json-output ls | jq` always works. Notices show without --verbose;
--quiet hides only progress bars and chatter, never warnings or errors.

One `Console` object holds this state (quiet, the rich console, a line left open).
The CLI makes one per run (`cli/io.py`) and makes it current for the run's duration
(`using`); code deep in a use case (the pool announcing a rotation) reaches it through
the functions below, without a console threaded through every call.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console as RichConsole

_log = logging.getLogger("ytrix.ui")


class Console:
    """stderr for one run: notices, warnings, chatter (hidden by --quiet), raw lines."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._rich: RichConsole | None = None
        self._line_open = False  # raw_stderr left a line without its newline
        self._said: set[str] = set()  # keys of the notices said once this run
        self._said_lock = threading.Lock()  # a batch's workers share the run's console

    def stderr_console(self) -> RichConsole:
        if self._rich is None:
            from rich.console import Console as RichConsole

            self._rich = RichConsole(stderr=True, highlight=False, soft_wrap=True)
        return self._rich

    def _emit(self, text: str, style: str | None) -> None:
        self.end_line()
        self.stderr_console().print(text, style=style, markup=False)

    def notice(self, text: str) -> None:
        """Something the user must see even without --verbose (rotation, pauses)."""
        _log.info(text)
        self._emit(text, "yellow")

    def notice_once(self, key: str, text: str) -> None:
        """A notice said once per run, however many readers or workers meet it."""
        with self._said_lock:
            if key in self._said:
                return
            self._said.add(key)
        self.notice(text)

    def warn(self, text: str) -> None:
        # Logged at INFO: the stderr log handler shows WARNING records, and this one
        # is already on stderr.
        _log.info("warning: %s", text)
        self._emit(f"Warning: {text}", "yellow")

    def info(self, text: str) -> None:
        """Chatter: hidden by --quiet."""
        _log.info(text)
        if not self.quiet:
            self._emit(text, None)

    def raw_stderr(self, text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()
        if text:
            self._line_open = not text.endswith("\n")

    def line_open(self) -> bool:
        return self._line_open

    def end_line(self) -> None:
        """End a line raw_stderr left open, so what follows (an `Error:`) starts a line."""
        if self._line_open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._line_open = False


_current: list[Console] = [Console()]  # a stack: the run's console on top


def current() -> Console:
    return _current[-1]


@contextmanager
def using(console: Console) -> Iterator[Console]:
    """Make `console` current for a run (nested runs, as `ytrix demo` makes, stack)."""
    _current.append(console)
    try:
        yield console
    finally:
        _current.remove(console)


def is_quiet() -> bool:
    return current().quiet


def stderr_console() -> RichConsole:
    return current().stderr_console()


def notice(text: str) -> None:
    current().notice(text)


def notice_once(key: str, text: str) -> None:
    current().notice_once(key, text)


def warn(text: str) -> None:
    current().warn(text)


def info(text: str) -> None:
    current().info(text)


def raw_stderr(text: str) -> None:
    current().raw_stderr(text)


def line_open() -> bool:
    return current().line_open()


def end_line() -> None:
    current().end_line()
