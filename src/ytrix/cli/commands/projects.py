"""`projects`, `projects_auth`, `projects_select`: which project is active, how much
quota is left, what rotated and failed, and whether every project's credentials work
(`--history`, `--errors`, `--check`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import typer

from ytrix.cli.context import app_context
from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.projects.health import Health
    from ytrix.projects.permissions import PermissionsReport
    from ytrix.quota.ledger import RotationEvent
    from ytrix.quota.report import ProjectFailures
    from ytrix.quota.status import ProjectStatus

# A project's state as `projects` shows it: from the ledger (available, exhausted,
# auth_dead), from a live `--check` (healthy, auth_needed, unreachable), or either.
STATE_LABELS = {
    "available": "available",
    "exhausted": "EXHAUSTED until reset",
    "auth_dead": "AUTH NEEDED",
    "healthy": "healthy",
    "auth_needed": "AUTH NEEDED",
    "unreachable": "UNREACHABLE",
    "not_authenticated": "not authenticated",
    "wrong_channel": "WRONG CHANNEL",
}
CHECK_COLUMNS = ("name", "token", "refresh", "scopes", "state")


def usage_colour(status: ProjectStatus) -> str:
    if status.state == "exhausted" or status.quota_remaining <= 0:
        return "red"
    if status.quota_remaining < 0.2 * status.daily_quota:
        return "yellow"
    return "green"


def usage_bar(status: ProjectStatus, width: int = 20) -> str:
    filled = min(width, round(width * status.quota_used / max(1, status.daily_quota)))
    if status.state == "exhausted":
        filled = width
    return f"[{usage_colour(status)}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def state_label(status: ProjectStatus) -> str:
    from ytrix.core.clock import format_duration

    if status.state == "exhausted":
        return f"EXHAUSTED until reset (in {format_duration(status.resets_in_seconds)})"
    return STATE_LABELS[status.state]


class ProjectsResult(Result):
    def __init__(self, data: Any, statuses: list[ProjectStatus], notes: list[str]):
        super().__init__(data=data)
        self.statuses = statuses
        self.notes = notes

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table
        from ytrix.core.clock import format_duration

        columns = [
            Column("", whole=True),
            Column("name", whole=True),
            Column("group", whole=True),
            Column("prio", whole=True),
            Column("used", justify="right", whole=True),
            Column("remaining", justify="right", whole=True),
            Column("usage", visual=True),
            Column("state"),
        ]
        rows = [
            [
                "*" if status.active else "",
                status.name,
                status.quota_group,
                str(status.priority),
                f"{status.quota_used:,}",
                (f"{status.quota_remaining:,} / {status.daily_quota:,}", usage_colour(status)),
                usage_bar(status),
                state_label(status),
            ]
            for status in self.statuses
        ]
        show_table(console, columns, rows, "Projects")
        if self.statuses:
            resets = format_duration(self.statuses[0].resets_in_seconds)
            footer(console, f"* active project. Quotas reset at 00:00 Pacific: resets in {resets}")
        for note in self.notes:
            footer(console, note)


MAX_DAYS = 36_500  # `--days 99999999` means "everything": a century is that


def since_days(days: int, now: datetime) -> datetime:
    """The start of the Pacific day `days - 1` days before `now` (1 = today)."""
    from ytrix.core.clock import day_start

    return day_start(now - timedelta(days=min(days, MAX_DAYS) - 1))


def _overview(statuses: list[ProjectStatus], events: list[RotationEvent]) -> list[str]:
    from ytrix.quota.report import rotation_note

    notes = [rotation_note(e) for e in events]
    for status in statuses:
        if status.state == "auth_dead":
            notes.append(
                f"Project {status.name} needs `ytrix projects_auth {status.name}`: "
                f"credentials no longer valid ({status.auth_detail}); its quota is unused."
            )
        elif status.state == "not_authenticated":
            notes.append(
                f"Project {status.name} is not authenticated: "
                f"run `ytrix projects_auth {status.name}` to add its quota."
            )
        elif status.state == "wrong_channel" and status.channel is not None:
            from ytrix.quota.notices import wrong_channel_notice as note

            notes.append(note(status.name, status.channel, status.expected_channel or "?"))
    return notes


class HistoryResult(Result):
    def __init__(self, events: list[RotationEvent], since: datetime):
        from ytrix.core.clock import iso
        from ytrix.quota.report import history_json

        # an object with stable keys, like every JSON document ytrix prints
        super().__init__(data={"since": iso(since), "rotations": history_json(events)})
        self.events = events
        self.since = since

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table
        from ytrix.quota.report import pacific_time

        since = pacific_time(self.since, with_date=True)
        if not self.events:
            footer(console, f"No rotations since {since}.")
            return
        rows = [
            [
                pacific_time(event.timestamp, with_date=True),
                event.from_project or "-",
                event.to_project or "-",
                event.reason,
            ]
            for event in self.events
        ]
        columns = [Column("time", whole=True), Column("from"), Column("to"), Column("reason")]
        show_table(console, columns, rows, f"Rotations since {since}")


class ErrorsResult(Result):
    def __init__(self, groups: list[ProjectFailures], since: datetime):
        from ytrix.core.clock import iso

        data = {"since": iso(since), "failures": [g.to_json() for g in groups]}
        super().__init__(data=data)
        self.groups = groups
        self.since = since

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table
        from ytrix.quota.report import pacific_time

        since = pacific_time(self.since, with_date=True)
        if not self.groups:
            footer(console, f"No failed operations since {since}.")
            return
        columns = [
            Column("project", whole=True),
            Column("failed", justify="right", whole=True),
            Column("what"),
            Column("last error"),
            Column("when", whole=True),
        ]
        rows = [
            [
                group.project,
                str(group.operations_failed),
                "; ".join(g.phrase for g in group.groups),
                group.last_error,
                pacific_time(group.last_at) if group.last_at else "",
            ]
            for group in self.groups
        ]
        show_table(console, columns, rows, f"Failed operations since {since}")
        for group in self.groups:
            footer(console, group.sentence)


class CheckResult(Result):
    def __init__(self, results: list[Health], permissions: PermissionsReport):
        needs = [h.name for h in results if h.needs_auth]
        data = {
            **permissions.to_json(),
            "projects": [h.to_json() for h in results],
            "healthy": sum(1 for h in results if h.state == "healthy"),
            "needs_auth": needs,
            "unreachable": [h.name for h in results if h.state == "unreachable"],
        }
        code = ExitCode.OK
        if needs:
            code = ExitCode.AUTH_NEEDED
        elif data["unreachable"]:
            code = ExitCode.ERROR
        super().__init__(data=data, exit_code=code)
        self.results = results
        self.permissions = permissions

    def render(self, console: Console) -> None:
        from ytrix.cli.views.permissions import permission_lines
        from ytrix.cli.views.tables import Cell, Column, footer, show_table

        columns = [Column(name, whole=name != "state") for name in CHECK_COLUMNS]
        rows: list[list[Cell]] = []
        for health in self.results:
            refresh = {True: "ok", False: "FAILED", None: "-"}[health.refresh_ok]
            scopes = {True: "ok", False: "INSUFFICIENT", None: "-"}[health.scopes_ok]
            colour = "green" if health.state == "healthy" else "red"
            present = "present" if health.token_present else "missing"
            state = (STATE_LABELS[health.state], colour)
            rows.append([health.name, present, refresh, scopes, state])
        show_table(console, columns, rows, "Credential check (no quota spent)")
        for health in self.results:
            if health.problem:
                footer(console, f"{health.name}: {health.problem}")
                if health.fix:
                    footer(console, f"  Fix: {health.fix}")
            if health.warning:
                footer(console, f"Warning: {health.name}: {health.warning}")
            if health.cleared_dead_mark:
                footer(console, f"{health.name}: credentials work again; rotation uses it again.")
        needs = [h.name for h in self.results if h.needs_auth]
        if needs:
            footer(
                console,
                f"{len(needs)} of {len(self.results)} projects need `ytrix projects_auth`: "
                + ", ".join(needs),
            )
        elif all(h.state == "healthy" for h in self.results):
            footer(console, f"All {len(self.results)} projects have working credentials.")
        for line in permission_lines(self.permissions, "ytrix projects --check"):
            footer(console, line)


def projects(
    ctx: typer.Context,
    history: bool = typer.Option(False, "--history", help="List rotation events in order."),
    errors: bool = typer.Option(False, "--errors", help="Failed operations grouped by project."),
    check: bool = typer.Option(
        False, "--check", help="Check every project's credentials (spends no quota)."
    ),
    days: int | None = typer.Option(
        None,
        "--days",
        min=1,
        metavar="N",
        help="With --history/--errors: the last N days (default 1: today).",
    ),
    fix_permissions: bool = typer.Option(
        False, "--fix-permissions", help="With --check: make the config and tokens private."
    ),
    sync_usage: bool = typer.Option(
        False, "--sync-usage", help="Raise the ledger to Google's own count and limit (ADC)."
    ),
) -> None:
    """Show every project's quota, state and reset time.

    One row per project: active marker, group, priority, units used and left today,
    usage bar, state. --history, --errors, --check and --sync-usage (the ledger next to
    Google's own count and limit) are other views."""
    app = app_context(ctx)
    if sum((history, errors, check, sync_usage)) > 1:
        raise UsageError(
            "--history, --errors, --check and --sync-usage are separate views",
            "Use one of them per run.",
        )
    if days is not None and not (history or errors):
        raise UsageError("--days only applies to --history and --errors", "Add --history.")
    if fix_permissions and not check:
        raise UsageError("--fix-permissions only applies to --check", "Add --check.")
    pool = app.pool()
    since = since_days(days or 1, app.clock.now())
    result: Result
    if history:
        result = HistoryResult(pool.ledger.rotations(since=since), since)
    elif errors:
        from ytrix.quota.report import group_failures

        result = ErrorsResult(group_failures(pool.ledger.failures(since=since)), since)
    elif check:
        from ytrix.projects.health import check_all
        from ytrix.projects.permissions import report

        result = CheckResult(check_all(pool), report(app.paths, fix_permissions))
    elif sync_usage:
        from ytrix.cli.views.usage import UsageSyncResult
        from ytrix.projects.usage_sync import sync_usage as run_sync

        result = UsageSyncResult.with_notice(
            run_sync(pool.profile, pool.ledger, notices=app.io), app.io
        )
    else:
        statuses = pool.status_summary()
        events = pool.ledger.rotations(since=app.clock.day_start())
        notes = _overview(statuses, events)
        data = {"projects": [s.to_json() for s in statuses], "notes": notes}
        result = ProjectsResult(data, statuses, notes)
    app.io.emit(result)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def projects_auth(
    ctx: typer.Context,
    name: str | None = typer.Argument(
        None, help="Project to authorize (default: all unauthorized)."
    ),
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Print the URL instead of opening a browser (SSH sessions)."
    ),
) -> None:
    """Authorize a project (OAuth consent in the browser).

    NAME is the project to authorize; without it, every project that has no working
    token. The token is saved in tokens/NAME.json (mode 0600)."""
    from ytrix.projects.channel import authorize_projects

    app = app_context(ctx)
    pool = app.pool()
    profile = pool.profile
    if name is not None:
        targets = [profile.project(name)]
    else:
        targets = [
            p
            for p in profile.projects
            if not pool.tokens.exists(p.name) or pool.dead.reason(p.name)
        ] or ([profile.project(app.project)] if app.project else [pool.current_project()])
    checks = authorize_projects(pool, targets, open_browser=not no_browser)
    data = {"authorized": [c.to_json() for c in checks]}
    app.io.emit(Result(data=data, lines=[line for c in checks for line in c.lines()]))


def projects_select(
    ctx: typer.Context, name: str = typer.Argument(..., help="Project to make active.")
) -> None:
    """Make a project the active one.

    Rotation starts from it. NAME is one of the configured projects (`ytrix projects`
    lists them)."""
    app = app_context(ctx)
    project = app.pool().select(name)
    app.io.emit(
        Result(data={"selected": project.name}, lines=[f"Active project: {project.name}"]),
    )


def register(app: typer.Typer) -> None:
    app.command("projects")(projects)
    app.command("projects_auth")(projects_auth)
    app.command("projects_select")(projects_select)
