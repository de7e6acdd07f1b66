"""How `quota_status` looks: the dashboard of today's usage, per group and operation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result
from ytrix.cli.views.projects import STATE_LABELS

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.quota.report import Dashboard, QuotaTotals
    from ytrix.quota.status import ProjectStatus


STATUS_COLOURS = {"HEALTHY": "green", "LOW": "yellow", "CRITICAL": "red", "EXHAUSTED": "red"}


def _line(total: QuotaTotals) -> str:
    return (
        f"{total.quota_used:,} of {total.daily_quota:,} units used, "
        f"{total.usable_remaining:,} usable on {total.usable_projects} of "
        f"{total.projects} projects"
    )


class QuotaStatusResult(Result):
    def __init__(self, board: Dashboard, statuses: list[ProjectStatus], data: dict[str, Any]):
        super().__init__(data=data)
        self.board = board
        self.statuses = statuses

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table
        from ytrix.core.clock import format_duration
        from ytrix.quota.report import MORE_QUOTA_URL, TERMS_NOTE

        board = self.board
        total = board.totals
        # the dashboard's sentences explain the tables: on stderr when stdout is piped
        footer(console, f"Quota today: {total.status} — {_line(total)}")
        if len(board.groups) > 1:
            for name, group in board.groups:
                footer(console, f"  group {name}: {_line(group)}")
        footer(console, f"Capacity left: {board.capacity.phrase}")
        if board.resets_in_seconds is not None:
            left = format_duration(board.resets_in_seconds)
            footer(console, f"Quotas reset at 00:00 Pacific: resets in {left}")
        columns = [
            Column("", whole=True),
            Column("name", whole=True),
            Column("group", whole=True),
            Column("used", justify="right", whole=True),
            Column("remaining", justify="right", whole=True),
            Column("state"),
        ]
        rows = [
            [
                "*" if project.active else "",
                project.name,
                project.quota_group,
                f"{project.quota_used:,}",
                f"{project.quota_remaining:,} / {project.daily_quota:,}",
                (STATE_LABELS[project.state], STATUS_COLOURS.get(total.status, "")),
            ]
            for project in self.statuses
        ]
        show_table(console, columns, rows, "Projects")
        if board.by_operation:
            op_columns = [
                Column("operation"),
                Column("method", whole=True),
                Column("calls", justify="right", whole=True),
                Column("units", justify="right", whole=True),
            ]
            op_rows = [
                [op.label, op.method, f"{op.calls:,}", f"{op.units:,}"] for op in board.by_operation
            ]
            show_table(console, op_columns, op_rows, "Units by operation today")
        else:
            footer(console, "No quota spent today.")
        for lost in board.needs_auth:
            footer(
                console,
                f"Warning: project {lost.project} cannot be used "
                f"({lost.state.replace('_', ' ')}): {lost.lost_units:,} units unused. "
                f"Run `{lost.fix}`.",
            )
        footer(console, f"{TERMS_NOTE} {MORE_QUOTA_URL}")
