"""Everything ytrix says on stderr while it works: notices, warnings, progress.

stdout carries only the result (a table, or one JSON document), so
`ytrix --json-output ls | jq` always works. Notices show without --verbose;
--quiet hides only progress bars and chatter, never warnings or errors.

One `Console` object holds this state (quiet, the rich console, a line left open).
The CLI makes one per run (`cli/io.py`) and passes it to the use cases as their
`Notices` (`core/notify.py`): the pool announcing a rotation, a reader's warning.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ytrix.core.notify import LoggedNotices

if TYPE_CHECKING:
    from rich.console import Console as RichConsole

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


def rich_console(*, stderr: bool, run: Console | None = None) -> RichConsole:
    """A rich console whose printed strings name `--user` in the commands they suggest
    (as the run's console `run` says) and show control characters escaped: tables'
    footers, errors and results alike."""
    from rich.console import Console as RichConsole

    class SafeConsole(RichConsole):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            rewrite = run.with_user if run is not None else str
            shown = [
                printable(rewrite(o), keep_newlines=True) if isinstance(o, str) else o
                for o in objects
            ]
            super().print(*shown, **kwargs)

    console = SafeConsole(stderr=stderr, highlight=False, soft_wrap=True)
    console.run = run  # type: ignore[attr-defined]  # read by `stderr_beside`
    return console


def stderr_beside(console: RichConsole) -> RichConsole:
    """The stderr console of the run that `console` prints a result for: a table's
    notes go there when stdout is piped, so the rows stay pure data."""
    run: Console | None = getattr(console, "run", None)
    return run.stderr_console() if run is not None else rich_console(stderr=True)


class Console(LoggedNotices):
    """stderr for one run: notices, warnings, chatter (hidden by --quiet), raw lines;
    each logged as well."""

    def __init__(self, quiet: bool = False) -> None:
        super().__init__()
        self.quiet = quiet
        self._rich: RichConsole | None = None
        self._line_open = False  # raw_stderr left a line without its newline
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
            self._rich = rich_console(stderr=True, run=self)
        return self._rich

    def _emit(self, text: str, style: str | None) -> None:
        self.end_line()
        shown = printable(self.with_user(text), keep_newlines=True)
        self.stderr_console().print(shown, style=style, markup=False)

    def notice(self, text: str) -> None:
        super().notice(text)
        self._emit(text, "yellow")

    def warn(self, text: str) -> None:
        super().warn(text)
        self._emit(f"Warning: {text}", "yellow")

    def info(self, text: str) -> None:
        super().info(text)
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
