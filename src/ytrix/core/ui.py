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
import re
import shlex
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console as RichConsole

_log = logging.getLogger("ytrix.ui")

# C0 controls, DEL and C1 controls: a terminal acts on them (ESC sequences retitle the
# window or clear the screen, CR overwrites the line, 0x9b is an 8-bit CSI), so text
# from YouTube must never reach it raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown escaped (`\\x1b`, `\\r`, `\\t`);
    `keep_newlines` keeps line feeds (ytrix's own multi-line messages)."""
    pattern = _CONTROL_KEEP_LINES if keep_newlines else _CONTROL
    return pattern.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def rich_console(*, stderr: bool) -> RichConsole:
    """A rich console whose printed strings name `--user` in the commands they suggest
    and show control characters escaped: tables' footers, errors and results alike."""
    from rich.console import Console as RichConsole

    class SafeConsole(RichConsole):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            shown = [
                printable(with_user(o), keep_newlines=True) if isinstance(o, str) else o
                for o in objects
            ]
            super().print(*shown, **kwargs)

    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=True)


class Console:
    """stderr for one run: notices, warnings, chatter (hidden by --quiet), raw lines."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._rich: RichConsole | None = None
        self._line_open = False  # raw_stderr left a line without its newline
        self._said: set[str] = set()  # keys of the notices said once this run
        self._said_lock = threading.Lock()  # a batch's workers share the run's console
        self._user_commands: tuple[re.Pattern[str], str] | None = None

    def name_user_in_commands(self, user: str | None, commands: Iterable[str] = ()) -> None:
        """Under `--user alice`, every command ytrix tells the user to run must carry
        `--user alice` too: `ytrix projects_auth main` alone would act on the top-level
        projects. Set by the root command; applied by `with_user`."""
        names = sorted(commands, key=len, reverse=True)
        if user is None or not names:
            self._user_commands = None
            return
        alternatives = "|".join(re.escape(name) for name in names)
        pattern = re.compile(rf"(?<![\w./-])ytrix (?=(?:{alternatives})(?![\w-]))")
        self._user_commands = (pattern, f"ytrix --user {shlex.quote(user)} ")

    def with_user(self, text: str) -> str:
        """`text` with `--user NAME` added to each `ytrix COMMAND` it names."""
        if self._user_commands is None:
            return text
        pattern, replacement = self._user_commands
        return pattern.sub(replacement, text)

    def stderr_console(self) -> RichConsole:
        if self._rich is None:
            self._rich = rich_console(stderr=True)
        return self._rich

    def _emit(self, text: str, style: str | None) -> None:
        self.end_line()
        shown = printable(self.with_user(text), keep_newlines=True)
        self.stderr_console().print(shown, style=style, markup=False)

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
        text = printable(text, keep_newlines=True)
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


def with_user(text: str) -> str:
    return current().with_user(text)
