"""Everything ytrix says on stderr while it works: notices, warnings, progress.

stdout carries only the result (a table, or one JSON document), so
`ytrix --json-output ls | jq` always works. Notices show without --verbose;
--quiet hides only progress bars and chatter, never warnings or errors.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

_log = logging.getLogger("ytrix.core.ui")
_quiet = False
_stderr_console: Console | None = None
_line_open = False  # raw_stderr left a line without its newline (`Reading project x... `)
_said: set[str] = set()  # keys of notices said once per run (across worker threads)
_said_lock = threading.Lock()


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    return _quiet


def stderr_console() -> Console:
    global _stderr_console
    if _stderr_console is None:
        from rich.console import Console

        _stderr_console = Console(stderr=True, highlight=False, soft_wrap=True)
    return _stderr_console


def reset() -> None:
    """Forget the cached console (tests run many CLIs in one process)."""
    global _stderr_console, _quiet, _line_open
    _stderr_console = None
    _quiet = False
    _line_open = False
    _said.clear()


def _emit(text: str, style: str | None) -> None:
    end_line()
    console = stderr_console()
    console.print(text, style=style, markup=False)


def notice(text: str) -> None:
    """Something the user must see even without --verbose (rotation, pauses)."""
    _log.info(text)
    _emit(text, "yellow")


def notice_once(key: str, text: str) -> None:
    """A notice said once per run, however many readers or workers meet it."""
    with _said_lock:
        if key in _said:
            return
        _said.add(key)
    notice(text)


def warn(text: str) -> None:
    # Logged at INFO: the stderr log handler shows WARNING records, and this one
    # is already on stderr.
    _log.info("warning: %s", text)
    _emit(f"Warning: {text}", "yellow")


def info(text: str) -> None:
    """Chatter: hidden by --quiet."""
    _log.info(text)
    if not _quiet:
        _emit(text, None)


def step(text: str) -> None:
    """A step of a longer job, as it runs (`Enabling YouTube Data API... ✅`)."""
    _log.info(text)
    if not _quiet:
        _emit(text, None)


def raw_stderr(text: str) -> None:
    global _line_open
    sys.stderr.write(text)
    sys.stderr.flush()
    if text:
        _line_open = not text.endswith("\n")


def line_open() -> bool:
    return _line_open


def end_line() -> None:
    """End a line raw_stderr left open, so what follows (an `Error:`) starts a line."""
    global _line_open
    if _line_open:
        sys.stderr.write("\n")
        sys.stderr.flush()
        _line_open = False
