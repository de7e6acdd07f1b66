"""`quota_status`: the dashboard. Totals across projects and per quota group, units
by operation today, what the quota left can still do in plain terms, time to the
reset, which projects' capacity is lost to dead credentials, and where to ask
Google for more."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ytrix.cli.commands.projects import STATE_LABELS
from ytrix.cli.context import app_context
from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console

STATUS_COLOURS = {"HEALTHY": "green", "LOW": "yellow", "CRITICAL": "red", "EXHAUSTED": "red"}


def _line(total: dict[str, Any]) -> str:
    return (
        f"{total['quota_used']:,} of {total['daily_quota']:,} units used, "
        f"{total['usable_remaining']:,} usable on {total['usable_projects']} of "
        f"{total['projects']} projects"
    )


class QuotaStatusResult(Result):
    def render(self, console: Console) -> None:
        from rich.markup import escape
        from rich.table import Table

        from ytrix.core.clock import format_duration

        data = self.data
        total = data["totals"]
        colour = STATUS_COLOURS[total["status"]]
        console.print(
            f"Quota today: [{colour}]{total['status']}[/] — {escape(_line(total))}",
            highlight=False,
        )
        if len(data["groups"]) > 1:
            for group in data["groups"]:
                console.print(
                    f"  group {escape(group['quota_group'])}: {escape(_line(group))}",
                    highlight=False,
                )
        console.print(f"Capacity left: {escape(data['capacity']['summary'])}", highlight=False)
        if data["resets_in_seconds"] is not None:
            console.print(
                f"Quotas reset at 00:00 Pacific: resets in "
                f"{format_duration(data['resets_in_seconds'])}",
                highlight=False,
            )
        projects = Table(title="Projects", title_justify="left")
        for column in ("", "name", "group", "used", "remaining", "state"):
            projects.add_column(
                column, justify="right" if column in {"used", "remaining"} else "left"
            )
        for project in data["projects"]:
            projects.add_row(
                "*" if project["active"] else "",
                escape(project["name"]),
                escape(project["quota_group"]),
                f"{project['quota_used']:,}",
                f"{project['quota_remaining']:,} / {project['daily_quota']:,}",
                STATE_LABELS[project["state"]],
            )
        console.print(projects)
        if data["by_operation"]:
            ops = Table(title="Units by operation today", title_justify="left")
            for column in ("operation", "method", "calls", "units"):
                ops.add_column(column, justify="right" if column in {"calls", "units"} else "left")
            for op in data["by_operation"]:
                ops.add_row(op["label"], op["method"], f"{op['calls']:,}", f"{op['units']:,}")
            console.print(ops)
        else:
            console.print("No quota spent today.")
        for lost in data["needs_auth"]:
            console.print(
                f"[yellow]Warning:[/] project {escape(lost['project'])} cannot be used "
                f"({lost['state'].replace('_', ' ')}): {lost['lost_units']:,} units unused. "
                f"Run `{escape(lost['fix'])}`.",
                highlight=False,
            )
        console.print(
            f"{escape(data['terms_note'])} {data['more_quota_url']}",
            highlight=False,
        )


def quota_status(
    ctx: typer.Context,
    playlist_size: int = typer.Option(
        50, "--playlist-size", min=1, metavar="N", help="Videos per playlist in the estimate."
    ),
) -> None:
    """Show the quota dashboard.

    Usage today across projects, per quota group and per operation, what the quota
    left still buys, the time to the reset, and capacity lost to dead credentials."""
    from ytrix.cli.commands.projects import status_json
    from ytrix.core import clock
    from ytrix.quota.report import dashboard

    app = app_context(ctx)
    pool = app.pool()
    statuses = pool.status_summary()
    data = dashboard(
        statuses,
        pool.ledger.usage_by_method(clock.pacific_day()),
        playlist_size=playlist_size,
    )
    data["day"] = clock.pacific_day().isoformat()
    data["projects"] = [status_json(s) for s in statuses]
    app.io.emit(QuotaStatusResult(data=data))


def register(app: typer.Typer) -> None:
    app.command("quota_status")(quota_status)
