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

from ytrix.cli.confirm import confirm
from ytrix.cli.context import AppContext, app_context
from ytrix.cli.io import Result
from ytrix.cli.options import DRY_RUN
from ytrix.core.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from ytrix.yamlsync.export import ExportedPlaylist
    from ytrix.yamlsync.plan import FilePlan
    from ytrix.yamlsync.sync import ApplyOutcome


def _finish(result: Result, app: AppContext) -> None:
    app.io.emit(result)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def _write_export(
    app: AppContext, exported: list[ExportedPlaylist], output: str, what: str
) -> None:
    from ytrix.yamlsync.export import dump, write_file

    units = app.pool().units_spent
    entries = [e.to_json() for e in exported]
    videos = sum(len(e.videos or ()) for e in exported)
    summary = f"{len(entries)} playlist(s)" + (f", {videos} video(s)" if videos else "")
    data = {"file": output, "count": len(entries), "units": units, "playlists": entries}
    if output == "-":
        if not app.json_output:
            sys.stdout.write(dump(entries, what))
            sys.stdout.flush()
            app.io.info(f"Exported {summary} ({units} units)")
            return
        app.io.emit(Result(data=data), json_output=True)
        return
    path = Path(output)
    write_file(path, dump(entries, what))
    lines = [f"Wrote {summary} to {path} ({units} units)"]
    app.io.emit(Result(data=data, lines=lines))


def check_target(output: str, force: bool) -> None:
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
    check_target(output, force)
    entries = export_all(app.gateway(), details)
    what = "all own playlists" + (" with their videos" if details else "; no videos listed")
    _write_export(app, entries, output, what)


def output_option(help_text: str) -> Any:
    return typer.Option(None, "--output", "-o", metavar="FILE", help=help_text)


FORCE_OPTION = typer.Option(False, "--force", help="Overwrite FILE if it exists.")


def mlist2yaml(
    ctx: typer.Context,
    playlist: str = typer.Argument(..., help="Playlist URL or ID."),
    output: str | None = output_option("File to write (default playlist_<id>.yaml; - for stdout)."),
    force: bool = FORCE_OPTION,
) -> None:
    """Export one playlist with its videos to a YAML file.

    PLAYLIST is a playlist URL or ID (yours or another channel's)."""
    from ytrix.core.config import YtdlpConfig
    from ytrix.sources.models import SourceMode, parse_playlist_ref
    from ytrix.sources.reader import check_sources
    from ytrix.yamlsync.export import export_one

    app = app_context(ctx)
    ref = parse_playlist_ref(playlist)
    check_sources([ref.playlist_id], SourceMode.API, YtdlpConfig())  # WL: not via the API
    target = output or f"playlist_{ref.playlist_id}.yaml"
    check_target(target, force)
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
    confirm(what, plan_json(plan), json_output=app.json_output, stdin_used=stdin_used)


def _apply(
    ctx: typer.Context, file: str, dry_run: bool, yes: bool, allow_empty: bool, single: bool
) -> None:
    from ytrix.cli.views.yamlsync import outcome_lines, quota_lines
    from ytrix.yamlsync.sync import ApplyHooks, ApplyRequest, apply_file

    app = app_context(ctx)

    def show_plan(outcome: ApplyOutcome) -> None:
        if not app.json_output:
            app.io.emit(Result(data=None, lines=quota_lines(outcome)), json_output=False)

    hooks = ApplyHooks(
        show_plan=show_plan,
        confirm=lambda plan: _confirm(app, plan, stdin_used=file == "-"),
        notice=app.io.notice,
        progress=app.io.info,
    )
    request = ApplyRequest(file, dry_run, yes, allow_empty, single)
    outcome = apply_file(app.pool(), app.gateway(), app.paths, request, hooks)
    lines = outcome_lines(outcome)
    _finish(Result(data=outcome.to_json(), exit_code=outcome.exit_code, lines=lines), app)


FILE = typer.Argument(..., metavar="FILE", help="The playlists file (- reads stdin).")
YES = typer.Option(
    False,
    "--yes",
    "-y",
    help="Apply a plan that removes videos or deletes playlists without asking.",
)
ALLOW_EMPTY = typer.Option(
    False, "--allow-empty", help="Allow `videos: []` to empty playlists that have videos."
)


YAML2MLISTS_HELP = """Apply a playlists YAML file to your channel.

FILE (- for stdin) is validated as a whole, then planned with its quota cost;
removals ask first; then it is applied. An absent key leaves things as they are."""
YAML2MLIST_HELP = """Apply a one-playlist YAML file (as from mlist2yaml).

FILE (- for stdin) must hold exactly one entry; otherwise as yaml2mlists."""


def yaml_apply(
    ctx: typer.Context,
    file: str = FILE,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    allow_empty: bool = ALLOW_EMPTY,
) -> None:
    """yaml2mlists, and yaml2mlist (the same, for a file of exactly one entry)."""
    _apply(ctx, file, dry_run, yes, allow_empty, single=ctx.info_name == "yaml2mlist")


def register(app: typer.Typer) -> None:
    app.command("mlists2yaml")(mlists2yaml)
    app.command("mlist2yaml")(mlist2yaml)
    app.command("yaml2mlists", help=YAML2MLISTS_HELP)(yaml_apply)
    app.command("yaml2mlist", help=YAML2MLIST_HELP)(yaml_apply)
