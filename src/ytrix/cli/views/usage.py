"""`projects --sync-usage`: the ledger next to Google's own count and limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.projects.usage_sync import UsageSync

LIMIT_SOURCES = {"config": "config", "google": "Google", "default": "default"}


def _num(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


class UsageSyncResult(Result):
    def __init__(self, sync: UsageSync):
        super().__init__(data=sync.to_json())
        self.sync = sync

    def render(self, console: Console) -> None:
        from rich.markup import escape
        from rich.table import Table

        table = Table(
            title=f"Ledger vs Google, {self.sync.day.isoformat()} (Pacific)", title_justify="left"
        )
        for column in ("name", "cloud project"):
            table.add_column(column)
        for column in ("ledger", "Google", "raised by", "daily limit"):
            table.add_column(column, justify="right")
        for row in self.sync.projects:
            raised = f"[yellow]+{row.raised_by:,}[/]" if row.raised_by else "-"
            table.add_row(
                escape(row.name),
                escape(row.cloud_project or "?"),
                f"{row.ledger_before:,}" + (f" → {row.ledger_after:,}" if row.raised_by else ""),
                _num(row.google_used),
                raised,
                f"{row.daily_quota:,} ({LIMIT_SOURCES[row.limit_source]})",
            )
        console.print(table)
        if not self.sync.notice:
            console.print("The ledger is never lowered; Google's count raises it where higher.")
