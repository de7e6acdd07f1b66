"""Everything ytrix says on stderr while it works: notices, warnings, progress.

stdout carries only the result (a table, or one JSON document), so
`ytrix --json-output ls | jq` always works. Notices show without --verbose;
--quiet hides only progress bars and chatter, never warnings or errors.
"""

from __future__ import annotations

import logging
import re
import shlex
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_log = logging.getLogger("ytrix.core.ui")
_quiet = False
_stderr_console: Console | None = None
_line_open = False  # raw_stderr left a line without its newline (`Reading project x... `)
_user_commands: tuple[re.Pattern[str], str] | None = None


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


def name_user_in_commands(user: str | None, commands: Iterable[str] = ()) -> None:
    """Under `--user alice`, every command ytrix tells the user to run must carry
    `--user alice` too: `ytrix projects_auth main` alone would act on the top-level
    projects. Set once per run by the root command; applied by `with_user`."""
    global _user_commands
    names = sorted(commands, key=len, reverse=True)
    if user is None or not names:
        _user_commands = None
        return
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(rf"(?<![\w./-])ytrix (?=(?:{alternatives})(?![\w-]))")
    _user_commands = (pattern, f"ytrix --user {shlex.quote(user)} ")


def with_user(text: str) -> str:
    """`text` with `--user NAME` added to each `ytrix COMMAND` it names (see above)."""
    if _user_commands is None:
        return text
    pattern, replacement = _user_commands
    return pattern.sub(replacement, text)


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    return _quiet


def console(*, stderr: bool) -> Console:
    """A rich console whose printed strings pass through `with_user`: tables and
    footers name commands too (`Fix: ytrix projects_auth main`)."""
    from rich.console import Console

    class UserConsole(Console):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            shown = [
                printable(with_user(o), keep_newlines=True) if isinstance(o, str) else o
                for o in objects
            ]
            super().print(*shown, **kwargs)

    return UserConsole(stderr=stderr, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    global _stderr_console
    if _stderr_console is None:
        _stderr_console = console(stderr=True)
    return _stderr_console


def reset() -> None:
    """Forget the cached console (tests run many CLIs in one process)."""
    global _stderr_console, _quiet, _line_open, _user_commands
    _stderr_console = None
    _quiet = False
    _line_open = False
    _user_commands = None


def _emit(text: str, style: str | None) -> None:
    end_line()
    console = stderr_console()
    console.print(printable(with_user(text), keep_newlines=True), style=style, markup=False)


def notice(text: str) -> None:
    """Something the user must see even without --verbose (rotation, pauses)."""
    _log.info(text)
    _emit(text, "yellow")


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
    text = printable(text, keep_newlines=True)
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
