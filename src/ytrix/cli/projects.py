"""`projects`, `projects_auth`, `projects_select`: which project is active, how much
quota is left, and credentials per project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ytrix.cli.context import app_context
from ytrix.cli.output import Result, emit

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.quota.status import ProjectStatus

STATE_LABELS = {
    "available": "available",
    "exhausted": "EXHAUSTED until reset",
    "auth_dead": "AUTH NEEDED",
    "not_authenticated": "not authenticated",
}


def status_json(status: ProjectStatus) -> dict[str, Any]:
    from ytrix.quota.clock import iso

    return {
        "name": status.name,
        "active": status.active,
        "quota_group": status.quota_group,
        "priority": status.priority,
        "quota_used": status.quota_used,
        "quota_remaining": status.quota_remaining,
        "daily_quota": status.daily_quota,
        "state": status.state,
        "reset_at": iso(status.reset_at),
        "resets_in_seconds": status.resets_in_seconds,
    }


def usage_bar(status: ProjectStatus, width: int = 20) -> str:
    filled = min(width, round(width * status.quota_used / max(1, status.daily_quota)))
    if status.state == "exhausted":
        colour = "red"
    elif status.quota_remaining < 0.2 * status.daily_quota:
        colour = "yellow"
    else:
        colour = "green"
    return f"[{colour}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


class ProjectsResult(Result):
    def __init__(self, data: Any, statuses: list[ProjectStatus], notes: list[str]):
        super().__init__(data=data)
        self.statuses = statuses
        self.notes = notes

    def render(self, console: Console) -> None:
        from rich.markup import escape
        from rich.table import Table

        from ytrix.quota.clock import format_duration

        table = Table(title="Projects", title_justify="left")
        for column in ("", "name", "group", "prio", "used", "remaining", "usage", "state"):
            table.add_column(column, justify="right" if column in {"used", "remaining"} else "left")
        for status in self.statuses:
            table.add_row(
                "*" if status.active else "",
                escape(status.name),
                escape(status.quota_group),
                str(status.priority),
                f"{status.quota_used:,}",
                f"{status.quota_remaining:,} / {status.daily_quota:,}",
                usage_bar(status),
                STATE_LABELS[status.state],
            )
        console.print(table)
        if self.statuses:
            resets = format_duration(self.statuses[0].resets_in_seconds)
            console.print(f"Quotas reset at 00:00 Pacific: resets in {resets}")
        for note in self.notes:
            console.print(escape(note), highlight=False)


def projects(ctx: typer.Context) -> None:
    """Show every project: active marker, quota used and left today, state, reset time."""
    from ytrix.quota import clock

    app = app_context(ctx)
    pool = app.pool()
    statuses = pool.status_summary()
    notes = []
    for event in pool.ledger.rotations(since=clock.day_start()):
        when = event.timestamp.astimezone(clock.PACIFIC).strftime("%H:%M")
        if event.to_project:
            notes.append(
                f"{event.from_project} {event.reason} at {when} PT, switched to {event.to_project}"
            )
        else:
            notes.append(f"{event.reason} at {when} PT")
    emit(ProjectsResult([status_json(s) for s in statuses], statuses, notes), app.json_output)


def projects_auth(
    ctx: typer.Context,
    name: str | None = typer.Argument(
        None, help="Project to authorize (default: all unauthorized)."
    ),
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Print the URL instead of opening a browser (SSH sessions)."
    ),
) -> None:
    """Authorize ytrix for a project (OAuth consent in the browser); stores its token."""
    from ytrix.auth.flow import authorize
    from ytrix.quota import clock

    app = app_context(ctx)
    pool = app.pool()
    profile = pool.profile
    if name is not None:
        targets = [profile.project(name)]
    else:
        targets = [
            p
            for p in profile.projects
            if not pool.tokens.exists(p.name) or pool.ledger.auth_dead(p.name)
        ] or ([profile.project(app.project)] if app.project else [pool.current_project()])
    done = []
    for project in targets:
        creds = authorize(project, profile.api, open_browser=not no_browser)
        pool.tokens.save(project.name, creds, issued_at=clock.now())
        pool.ledger.clear_auth_dead(project.name)
        done.append(
            {
                "project": project.name,
                "authenticated": True,
                "token_file": str(pool.tokens.path(project.name)),
            }
        )
    lines = [f"Project {d['project']} authorized; token saved to {d['token_file']}" for d in done]
    emit(Result(data={"authorized": done}, lines=lines), app.json_output)


def projects_select(
    ctx: typer.Context, name: str = typer.Argument(..., help="Project to make active.")
) -> None:
    """Make a project the active one (rotation starts from it)."""
    app = app_context(ctx)
    project = app.pool().select(name)
    emit(
        Result(data={"selected": project.name}, lines=[f"Active project: {project.name}"]),
        app.json_output,
    )


def register(app: typer.Typer) -> None:
    app.command("projects")(projects)
    app.command("projects_auth")(projects_auth)
    app.command("projects_select")(projects_select)
