"""What the Cloud setup steps report as they run (the CLI draws them as lines:
`cli/views/gcp.py`), and the marks a step ends with."""

from __future__ import annotations

from typing import Protocol

DONE = "✅"
EXISTS = "✔ already done"
SKIPPED = "– skipped"
FAILED = "❌"


class StepLog(Protocol):
    def start(self, title: str) -> None:
        """A step begins (`Enabling YouTube Data API... `)."""

    def finish(self, title: str, mark: str, note: str = "") -> None:
        """It ends with a mark (and a note)."""

    def line(self, title: str, mark: str, note: str = "") -> None:
        """A step that needs no call: title and mark at once."""

    def interrupt(self) -> None:
        """Something else must print now (a rate-limit pause)."""

    def warn(self, text: str) -> None: ...

    def note(self, text: str) -> None: ...
