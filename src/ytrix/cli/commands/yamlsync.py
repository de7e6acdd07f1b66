"""`mlists2yaml`, `mlist2yaml`, `yaml2mlists`, `yaml2mlist`: edit playlists as YAML.

Export writes the file; apply validates the whole file, plans (showing the writes and
their quota), asks before deleting anything, then applies through the pool and the
write journal. The rules live in ops/yamlsync and docs/yaml.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.output import Result, emit
from ytrix.core.errors import ExitCode, UsageError, YtrixError

if TYPE_CHECKING:
    from ytrix.yamlsync.plan import FilePlan


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


def _finish(result: Result, app: AppContext) -> None:
    emit(result, app.json_output)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def _write_export(app: AppContext, entries: list[dict[str, Any]], output: str, what: str) -> None:
    from ytrix.core import ui
    from ytrix.yamlsync.export import dump, write_file

    units = app.pool().units_spent
    videos = sum(len(e.get("videos", [])) for e in entries)
    summary = f"{len(entries)} playlist(s)" + (f", {videos} video(s)" if videos else "")
    data = {"file": output, "count": len(entries), "units": units, "playlists": entries}
    if output == "-":
        if not app.json_output:
            sys.stdout.write(dump(entries, what))
            sys.stdout.flush()
            ui.info(f"Exported {summary} ({units} units)")
            return
        emit(Result(data=data), True)
        return
    path = Path(output)
    write_file(path, dump(entries, what))
    lines = [f"Wrote {summary} to {path} ({units} units)"]
    emit(Result(data=data, lines=lines), app.json_output)


def _check_target(output: str, force: bool) -> None:
    """Refuse to overwrite a file (it may hold unapplied edits) before any API call."""
    if not output.strip():
        raise UsageError("-o needs a file name", "Give a file, or -o - for stdout.")
    if output != "-" and Path(output).is_dir():
        raise UsageError(
            f"{output} is a directory", "Give a file name, e.g. -o playlists.yaml (- for stdout)."
        )
    if output != "-" and Path(output).exists() and not force:
        raise UsageError(
            f"{output} already exists (it may hold edits you have not applied)",
            "Pass --force to overwrite it, or -o to choose another file (-o - for stdout).",
        )


def mlists2yaml(
    ctx: typer.Context,
    output: str = typer.Option(
        "playlists.yaml", "--output", "-o", metavar="FILE", help="File to write (- for stdout)."
    ),
    details: bool = typer.Option(
        False, "--details", help="Also list each playlist's videos (1 unit per 50 videos)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Export all your playlists to a YAML file.

    Private and unlisted ones too; --details adds each playlist's videos."""
    from ytrix.yamlsync.export import export_all

    app = app_context(ctx)
    _check_target(output, force)
    entries = export_all(app.gateway(), details)
    what = "all own playlists" + (" with their videos" if details else "; no videos listed")
    _write_export(app, entries, output, what)


def mlist2yaml(
    ctx: typer.Context,
    playlist: str = typer.Argument(..., help="Playlist URL or ID."),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="File to write (default playlist_<id>.yaml; - for stdout).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Export one playlist with its videos to a YAML file.

    PLAYLIST is a playlist URL or ID (yours or another channel's)."""
    from ytrix.core.config import YtdlpConfig
    from ytrix.sources.models import parse_playlist_ref
    from ytrix.sources.reader import SourceMode, check_sources
    from ytrix.yamlsync.export import export_one

    app = app_context(ctx)
    ref = parse_playlist_ref(playlist)
    check_sources([ref.playlist_id], SourceMode.API, YtdlpConfig())  # WL: not via the API
    target = output or f"playlist_{ref.playlist_id}.yaml"
    _check_target(target, force)
    entry = export_one(app.gateway(), ref.playlist_id)
    if entry is None:
        from ytrix.sources.reader import SourceNotFound

        raise SourceNotFound(  # exit 1, as for every playlist that does not exist
            f"Playlist {ref.playlist_id} not found",
            "Check the ID; private playlists of other channels cannot be read.",
        )
    _write_export(app, [entry], target, "one playlist with its videos")


def _confirm(app: AppContext, plan: FilePlan, stdin_used: bool) -> None:
    from ytrix.yamlsync.report import plan_json

    removed = sum(p.deletes for p in plan.playlists if p.action != "delete")
    dropped = sum(1 for p in plan.playlists if p.action == "delete")
    what = ", ".join(
        part
        for part in (
            f"removes {removed} video(s)" if removed else "",
            f"deletes {dropped} playlist(s)" if dropped else "",
        )
        if part
    )
    if app.json_output or stdin_used or not sys.stdin.isatty():
        raise ConfirmationNeeded(
            f"The plan {what}; nothing was written",
            "Review it with --dry-run, then re-run with --yes to apply it.",
            plan_json(plan),
        )
    sys.stderr.write(f"The plan {what}. Apply it? [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in {"y", "yes"}:
        raise Cancelled("Cancelled; nothing was written")


def _quota_left(app: AppContext) -> int:
    """Units the eligible projects can still spend on writes today."""
    pool = app.pool()
    names = {p.name for p in pool.eligible}
    return sum(
        max(0, s.quota_remaining - s.reserve)
        for s in pool.status_summary()
        if s.name in names and s.state == "available"
    )


def _apply(
    ctx: typer.Context, file: str, dry_run: bool, yes: bool, allow_empty: bool, single: bool
) -> None:
    from ytrix.core import ui
    from ytrix.core.journal import WriteJournal
    from ytrix.yamlsync.apply import Executor, created_earlier
    from ytrix.yamlsync.plan import make_plan, read_playlists_file, refuse_empties
    from ytrix.yamlsync.report import applied_json, applied_lines, plan_json, plan_lines

    app = app_context(ctx)
    document = read_playlists_file(file)  # validation errors: exit 2 before any API call
    if single and len(document.playlists) != 1:
        raise UsageError(
            f"{document.source} has {len(document.playlists)} playlist entries; "
            "yaml2mlist applies a file with exactly one",
            "Use `ytrix yaml2mlists` for a file with several playlists.",
        )
    journal = WriteJournal(
        app.paths.state_db,
        on_ambiguous=lambda key: ui.notice(
            "YouTube's answer was ambiguous; checking whether the write took effect"
        ),
    )
    try:
        gateway = app.gateway()
        plan = make_plan(gateway, document, created_earlier(journal, document))
        refuse_empties(plan, allow_empty)
        planned = plan_json(plan)
        lines = plan_lines(plan)
        if plan.writes:
            left = planned["quota_left_today"] = _quota_left(app)
            if plan.units > left:
                lines.append(
                    f"This needs more than the {left} units left today: the apply stops when "
                    "they run out; re-run the same command after the reset to finish."
                )
        exit_code = ExitCode.PARTIAL_FAILURE if plan.unavailable else ExitCode.OK
        if dry_run or not plan.writes:
            data = {"dry_run": dry_run, "plan": planned, "applied": None}
            _finish(Result(data=data, exit_code=exit_code, lines=lines), app)
            return
        if not app.json_output:
            emit(Result(data=None, lines=lines), False)
        if plan.deletes_anything and not yes:
            _confirm(app, plan, stdin_used=file == "-")
        executor = Executor(gateway, journal, plan, progress=ui.info)
        try:
            report = executor.run()
        except (YtrixError, KeyboardInterrupt):
            done = executor.report.writes
            ui.notice(
                f"Applied {done} of {plan.writes} write(s) before stopping; re-run the same "
                "command to finish (it re-reads the playlists, so nothing is duplicated)."
            )
            raise
        units = gateway.pool.units_spent
        if report.unavailable:
            exit_code = ExitCode.PARTIAL_FAILURE
        data = {"dry_run": False, "plan": planned, "applied": applied_json(report, units)}
        _finish(Result(data=data, exit_code=exit_code, lines=applied_lines(report, units)), app)
    finally:
        journal.close()


FILE_HELP = "The playlists file (- reads stdin)."
DRY_RUN_HELP = "Show the plan and its quota cost; write nothing."
YES_HELP = "Apply a plan that removes videos or deletes playlists without asking."
EMPTY_HELP = "Allow `videos: []` to empty playlists that have videos."


def yaml2mlists(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help=FILE_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    allow_empty: bool = typer.Option(False, "--allow-empty", help=EMPTY_HELP),
) -> None:
    """Apply a playlists YAML file to your channel.

    FILE (- for stdin) is validated as a whole, then planned with its quota cost;
    removals ask first; then it is applied. An absent key leaves things as they are."""
    _apply(ctx, file, dry_run, yes, allow_empty, single=False)


def yaml2mlist(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help=FILE_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    allow_empty: bool = typer.Option(False, "--allow-empty", help=EMPTY_HELP),
) -> None:
    """Apply a one-playlist YAML file (as from mlist2yaml).

    FILE (- for stdin) must hold exactly one entry; otherwise as yaml2mlists."""
    _apply(ctx, file, dry_run, yes, allow_empty, single=True)


def register(app: typer.Typer) -> None:
    app.command("mlists2yaml")(mlists2yaml)
    app.command("mlist2yaml")(mlist2yaml)
    app.command("yaml2mlists")(yaml2mlists)
    app.command("yaml2mlist")(yaml2mlist)
