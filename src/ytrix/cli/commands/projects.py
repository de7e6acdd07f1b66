"""`projects`, `projects_auth`, `projects_select`: which project is active, how much
quota is left, what rotated and failed, and whether every project's credentials work
(`--history`, `--errors`, `--check`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import typer

from ytrix.cli.context import app_context
from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode, UsageError

MAX_DAYS = 36_500  # `--days 99999999` means "everything": a century is that


def since_days(days: int, now: datetime) -> datetime:
    """The start of the Pacific day `days - 1` days before `now` (1 = today)."""
    from ytrix.core.clock import day_start

    return day_start(now - timedelta(days=min(days, MAX_DAYS) - 1))


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
    from ytrix.cli.views.projects import (
        CheckResult,
        ErrorsResult,
        HistoryResult,
        ProjectsResult,
        overview_notes,
    )

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
        notes = overview_notes(statuses, events)
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
