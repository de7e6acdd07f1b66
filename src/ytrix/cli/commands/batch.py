"""`plists2mlists` (copy every playlist a file lists, resumably) and `journal_status`
(the batch journal: progress, failures by project, clearing). Thin: parse flags, call
`ops.batch*`, render."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from ytrix.sources.models import SourceMode

if TYPE_CHECKING:
    from ytrix.youtube.models import Privacy
from ytrix.cli.context import app_context
from ytrix.cli.io import Result
from ytrix.cli.options import (
    COOKIES,
    COOKIES_FROM_BROWSER,
    DEDUP_HELP,
    SOURCE_HELP,
    privacy_option,
)
from ytrix.cli.reads import use_cookies
from ytrix.core.errors import ExitCode, UsageError, YtrixError

MAX_JOBS = 16


def plists2mlists(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, metavar="FILE", help="Playlist URLs/IDs, one per line (# comments)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show the plan per playlist and the quota plan; write nothing."
    ),
    privacy: str | None = privacy_option(None, " A resumed batch keeps its own."),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=1,
        max=MAX_JOBS,
        help="Playlists copied (or, with --dry-run, read) in parallel.",
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue the latest unfinished batch of FILE."
    ),
    wait: bool = typer.Option(
        False, "--wait", help="When all quota is spent, sleep until the reset and carry on."
    ),
    batch: str | None = typer.Option(
        None, "--batch", metavar="ID", help="Resume this batch (see journal_status)."
    ),
    dedup: bool | None = typer.Option(
        None,
        "--dedup/--no-dedup",
        help=DEDUP_HELP + " Default: dedup (a resumed batch keeps its own).",
    ),
    source: SourceMode | None = typer.Option(
        None, "--source", help=SOURCE_HELP + " Default: auto (a resumed batch keeps its own)."
    ),
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """Copy each playlist listed in FILE into your channel.

    FILE lists playlist URLs or IDs, one a line (# comments). Journaled and resumable:
    when every project's quota is spent it pauses (exit 3) with the resume command."""
    from ytrix.batch.dryrun import plan_batch
    from ytrix.batch.run import report_complete, run_batch
    from ytrix.batch.select import BatchRequest, select
    from ytrix.cli.views.batch import batch_bars, plan_lines, run_lines

    app = app_context(ctx)
    request = BatchRequest(
        file=file,
        batch_id=batch,
        resume=resume or batch is not None,
        dry_run=dry_run,
        jobs=jobs,
        wait=wait,
        privacy=cast("Privacy | None", privacy),
        dedup=dedup,
        source=source.value if source else None,
        user=app.user,
    )
    # A bad file or batch: exit 2, nothing written.
    selection = select(app.paths, app.clock, request, app.io)
    if selection.complete:
        done = report_complete(app.paths, app.clock, selection, request)
        assert done.message is not None
        app.io.notice(done.message)
        app.io.emit(Result(done.to_json(), done.exit_code, run_lines(done)))
        return 0
    use_cookies(
        app,
        cookies,
        cookies_from_browser,
        [line.ref.playlist_id for line in selection.source_file.sources],
        selection.options.source,
    )
    pool = app.pool()
    if dry_run:
        plan = plan_batch(pool, selection, jobs)
        app.io.emit(Result(plan.to_json(), lines=plan_lines(plan)))
        return 0
    report = run_batch(pool, app.paths, selection, request, batch_bars(app.io))
    app.io.emit(Result(report.to_json(), report.exit_code, run_lines(report)))
    if report.exit_code != ExitCode.OK:
        raise typer.Exit(int(report.exit_code))
    return 0


def journal_status(
    ctx: typer.Context,
    batch: str | None = typer.Option(
        None, "--batch", metavar="ID", help="Show this batch (default: the latest)."
    ),
    pending_only: bool = typer.Option(
        False, "--pending-only", help="List only the tasks a resume would run."
    ),
    clear: bool = typer.Option(
        False, "--clear", help="Delete the batch records (with --batch: that one only)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --clear."),
) -> int:
    """Show a batch's progress, ETA and failures.

    The latest batch (or --batch ID): tasks by status, units, projects, ETA, and
    failures grouped by project. --clear deletes batch records."""
    from ytrix.batch.status import batch_ids, clear_batches, load_status
    from ytrix.cli.views.batch import status_lines

    app = app_context(ctx)
    if clear:
        ids = batch_ids(app.paths, app.clock, batch)
        if batch is not None and not ids:
            raise UsageError(f"No batch {batch}", "Run `ytrix journal_status` to list them.")
        if ids and not yes:
            what = f"{len(ids)} batch record{'s' if len(ids) != 1 else ''}"
            if app.json_output or not sys.stdin.isatty():
                raise UsageError(
                    f"--clear would delete {what} and needs confirmation",
                    "Add --yes (ytrix never prompts in JSON mode or without a terminal).",
                )
            if not typer.confirm(f"Delete {what}? Playlists and the write journal stay.", err=True):
                app.io.emit(Result({"cleared": []}, lines=["Nothing deleted."]))
                return 0
        cleared = clear_batches(app.paths, app.clock, batch) if ids else []
        lines = [f"Deleted {len(cleared)} batch record(s)."]
        app.io.emit(Result({"cleared": cleared}, lines=lines))
        return 0
    status = load_status(app.paths, app.clock, batch, pending_only)
    if status is None:
        data: dict[str, Any] = {
            "batch": None,
            "failures": [],
            "tasks": [],
            "message": "No batches yet.",
        }
        app.io.emit(
            Result(data, lines=["No batches yet. Start one with `ytrix plists2mlists FILE`."]),
        )
        return 0
    if app.config() is not None:
        from ytrix.batch.report import quota_plan
        from ytrix.batch.status import remaining_units

        try:
            status.quota = quota_plan(app.pool(), remaining_units(status.tasks)[0])
        except YtrixError:
            status.quota = None  # no usable config: the journal alone still shows
    app.io.emit(Result(status.to_json(), lines=status_lines(status)))
    return 0


def register(app: typer.Typer) -> None:
    app.command("plists2mlists")(plists2mlists)
    app.command("journal_status")(journal_status)
