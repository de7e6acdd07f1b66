"""`projects --sync-usage`: the ledger next to Google's own count and limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.core.notify import Notices
    from ytrix.projects.usage_sync import UsageSync

LIMIT_SOURCES = {"config": "config", "google": "Google", "default": "default"}


def _num(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


class UsageSyncResult(Result):
    def __init__(self, sync: UsageSync):
        super().__init__(data=sync.to_json())
        self.sync = sync

    @classmethod
    def with_notice(cls, sync: UsageSync, notices: Notices) -> UsageSyncResult:
        """The result, after its one notice (on stderr, JSON or not) when Google's
        numbers were not read."""
        if sync.notice:
            notices.notice(sync.notice + (f" Hint: {sync.hint}" if sync.hint else ""))
        return cls(sync)

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Cell, Column, footer, show_table

        columns = [
            Column("name", whole=True),
            Column("cloud project", whole=True),
            Column("ledger", "right", whole=True),
            Column("Google", "right", whole=True),
            Column("raised by", "right", whole=True),
            Column("daily limit", "right", whole=True),
        ]
        rows: list[list[Cell]] = []
        for row in self.sync.projects:
            ledger = f"{row.ledger_before:,}"
            if row.raised_by:
                ledger += f" → {row.ledger_after:,}"
            rows.append(
                [
                    row.name,
                    row.cloud_project or "?",
                    ledger,
                    _num(row.google_used),
                    (f"+{row.raised_by:,}", "yellow") if row.raised_by else "-",
                    f"{row.daily_quota:,} ({LIMIT_SOURCES[row.limit_source]})",
                ]
            )
        show_table(console, columns, rows, f"Ledger vs Google, {self.sync.day} (Pacific)")
        if not self.sync.notice:
            footer(console, "The ledger is never lowered; Google's count raises it where higher.")
