"""Step lines on stderr as they run: `Enabling YouTube Data API... ✅`.

The title is written when the step starts and the mark when it ends, on the same line;
a notice in between (a rate-limit pause) first ends the open line, and the mark then
repeats the title on a line of its own. --quiet hides steps but never warnings.
And the manual steps Google offers no API for, numbered, on stdout.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ytrix.cli.console import Console
    from ytrix.gcp.guide import ManualStep

_log = logging.getLogger("ytrix.gcp")


class Steps:
    """`gcp.steps.StepLog` on the run's console."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.open: str | None = None  # the title whose line awaits its mark
        self.broken = False  # a notice ended that line early

    def start(self, title: str) -> None:
        self.interrupt()
        _log.info("step: %s", title)
        if not self.console.quiet:
            self.console.raw_stderr(f"{title}... ")
        self.open, self.broken = title, False

    def interrupt(self) -> None:
        """End the open line so a notice starts on its own line."""
        if self.open is not None and not self.broken:
            if not self.console.quiet:
                self.console.raw_stderr("\n")
            self.broken = True

    def finish(self, title: str, mark: str, note: str = "") -> None:
        text = f"{mark} {note}".rstrip() if note else mark
        _log.info("step %s: %s", title, text)
        if not self.console.quiet:
            if self.open == title and not self.broken and self.console.line_open():
                self.console.raw_stderr(f"{text}\n")
            else:
                self.console.raw_stderr(f"{title}... {text}\n")
        self.open, self.broken = None, False

    def line(self, title: str, mark: str, note: str = "") -> None:
        """A step that needs no call: title and mark at once."""
        self.interrupt()
        self.open = None
        self.finish(title, mark, note)

    def warn(self, text: str) -> None:
        self.interrupt()
        self.console.warn(text)

    def note(self, text: str) -> None:
        self.interrupt()
        self.console.info(text)


def guide_lines(steps: Sequence[ManualStep]) -> list[str]:
    """The manual steps, numbered, each with its console page and what to do there."""
    lines = ["Manual steps (Google offers no API for these):"]
    for number, step in enumerate(steps, 1):
        lines.append(f"  {number}. {step.step}")
        if step.url:
            lines.append(f"     {step.url}")
        lines.append(f"     {step.detail}")
    return lines
