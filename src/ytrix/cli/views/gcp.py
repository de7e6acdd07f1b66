"""How the gcp commands look. Step lines on stderr as they run: `Enabling YouTube Data
API... ✅`.

The title is written when the step starts and the mark when it ends, on the same line;
a notice in between (a rate-limit pause) first ends the open line, and the mark then
repeats the title on a line of its own. --quiet hides steps but never warnings.
On stdout: the manual steps Google offers no API for, numbered; the inventory of a
project; the outcome of clone and init, step by step.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console as RichConsole

    from ytrix.cli.console import Console
    from ytrix.gcp.clone import Outcome
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


MARKS = {"done": "✅", "exists": "✔", "skipped": "–", "failed": "❌", "planned": "→"}


def _print_lines(console: RichConsole, lines: list[str]) -> None:
    for line in lines:
        console.print(line, markup=False, highlight=False)


class InventoryResult(Result):
    def render(self, console: RichConsole) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table

        d = self.data
        labels = ", ".join(f"{k}={v}" for k, v in sorted(d["labels"].items())) or "(none)"
        if d["billing_enabled"] is None:
            billing = f"unknown ({d['billing_note']})"
        elif d["billing_enabled"]:
            billing = f"enabled ({d['billing_account']})"
        else:
            billing = "none"
        for line in (
            f"Project:  {d['project_id']} (number {d['project_number']})",
            f"Name:     {d['name']}",
            f"Parent:   {d['parent'] or '(none)'}",
            f"State:    {d['state']}",
            f"Labels:   {labels}",
            f"Billing:  {billing}",
        ):
            footer(console, line)  # on stderr when piped: stdout keeps the table rows
        services = [[name, d["service_titles"].get(name, "")] for name in d["enabled_services"]]
        show_table(
            console,
            [Column("Service", whole=True), Column("Title")],
            services,
            f"Enabled services ({len(services)})",
        )
        accounts = [
            [
                sa["email"],
                sa["display_name"],
                "Google-managed" if sa["google_managed"] else "user-managed",
            ]
            for sa in d["service_accounts"]
        ]
        show_table(
            console,
            [Column("Email", whole=True), Column("Display name"), Column("Kind", whole=True)],
            accounts,
            f"Service accounts ({len(accounts)})",
        )


class SetupResult(Result):
    """gcp_clone / gcp_init: the actions with their status, then the manual steps."""

    def __init__(self, outcome: Outcome):
        super().__init__(data=outcome.as_dict())
        self.outcome = outcome

    def render(self, console: RichConsole) -> None:
        from ytrix.cli.views.gcp import guide_lines

        outcome = self.outcome
        lines = []
        if outcome.dry_run:
            lines.append("Dry run: nothing was changed. The plan:")
        head = outcome.new_project
        if outcome.source_project:
            head = f"{outcome.source_project} -> {head}"
        lines.append(head + (f" (under {outcome.parent})" if outcome.parent else ""))
        for action in outcome.actions:
            detail = f" ({action.detail})" if action.detail else ""
            lines.append(
                f"  {MARKS.get(action.status, '?')} {action.status:<8} {action.title}{detail}"
            )
        lines.append("")
        lines.extend(guide_lines(outcome.manual_steps))
        _print_lines(console, lines)
