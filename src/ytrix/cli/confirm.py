"""Asking before a change that removes or reorders: on a terminal a y/N question on
stderr; with --json-output, stdin in use or no terminal, a usage error carrying the
plan (exit 2), so nothing is written without --yes."""

from __future__ import annotations

import sys
from typing import Any

from ytrix.core.errors import UsageError, YtrixError


class Cancelled(YtrixError):
    code = "cancelled"


class ConfirmationNeeded(UsageError):
    """A plan that deletes needs --yes when nobody can be asked."""

    code = "confirmation_needed"

    def __init__(self, message: str, hint: str, plan: dict[str, Any]):
        super().__init__(message, hint)
        self.plan = plan

    def payload(self) -> dict[str, object]:
        return {"plan": self.plan}


def confirm(what: str, plan: dict[str, Any], *, json_output: bool, stdin_used: bool) -> None:
    """`The plan <what>. Apply it? [y/N]`, or ConfirmationNeeded when nobody can answer."""
    if json_output or stdin_used or not sys.stdin.isatty():
        raise ConfirmationNeeded(
            f"The plan {what}; nothing was written",
            "Review it with --dry-run, then re-run with --yes to apply it.",
            plan,
        )
    sys.stderr.write(f"The plan {what}. Apply it? [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in {"y", "yes"}:
        raise Cancelled(
            "Cancelled; nothing was written",
            "The plan is printed above (also with --dry-run); re-run and answer y, or add "
            "--yes, to apply it.",
        )
