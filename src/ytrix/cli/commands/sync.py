"""`mirrors` and `sync`: copies that stay up to date. Thin: parse flags, build a
request, call one use case (ytrix.sync), render (cli/views/sync)."""

from __future__ import annotations

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.io import Result
from ytrix.cli.options import DRY_RUN, SOURCE
from ytrix.cli.reads import Reads, deps_for
from ytrix.core.errors import ExitCode, UsageError
from ytrix.sources.models import SourceMode


def _finish(app: AppContext, result: Result) -> None:
    app.io.emit(result)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def _playlist_ids(values: list[str]) -> tuple[str, ...]:
    from ytrix.sources.models import parse_playlist_ref

    return tuple(parse_playlist_ref(v).playlist_id for v in values)


def mirrors(
    ctx: typer.Context,
    check: bool = typer.Option(
        True,
        "--check/--no-check",
        help="Read sources and targets to show what changed since the last sync "
        "(reads only: 1 unit per 50 videos); --no-check makes no API call.",
    ),
    forget: list[str] = typer.Option(
        None,
        "--forget",
        metavar="TARGET",
        help="Stop mirroring into TARGET (repeatable; default: none). The playlist stays.",
    ),
    source: SourceMode = SOURCE,
) -> None:
    """List your mirrors (copies that sync keeps current).

    Mirrors are the copies that `ytrix sync` keeps up to date: plist2mlist, plists2mlist
    and plists2mlists record one for every copy that fits in one playlist. Shows each
    one's sources, last sync, and what changed since."""
    from ytrix.cli.views.sync import mirrors_result
    from ytrix.core.mirrors import MirrorStore
    from ytrix.storage import open_state
    from ytrix.sync.mirrors import list_mirrors

    app = app_context(ctx)
    targets = _playlist_ids(forget or [])
    store = MirrorStore(open_state(app.paths, app.clock))
    try:
        if targets:
            unknown = [t for t in targets if store.get(t) is None]
            if unknown:
                raise UsageError(
                    f"Not a mirror: {', '.join(unknown)}", "`ytrix mirrors` lists your mirrors."
                )
            for target in targets:
                store.forget(target)
            check = False  # the listing that follows is of what is left
        if not check or not store.all():
            rows = list_mirrors(None, store, check=False)
        else:
            deps = deps_for(app, Reads(source, None, None))
            try:
                rows = list_mirrors(deps, store, check=True)
            finally:
                deps.close()
    finally:
        store.close()
    _finish(app, mirrors_result(rows, check))


def _resume_command(targets: list[str], all_mirrors: bool, flags: str) -> str:
    """The command to run again (the run's console adds `--user NAME` to it)."""
    what = "--all" if all_mirrors else " ".join(targets)
    return f"ytrix sync {what}{flags}"


def sync(
    ctx: typer.Context,
    targets: list[str] = typer.Argument(
        None, metavar="TARGET...", help="Mirror playlists (URL or ID) to sync."
    ),
    all_mirrors: bool = typer.Option(False, "--all", help="Sync every mirror."),
    prune: bool = typer.Option(
        False, "--prune", help="Also remove videos that are no longer in the source."
    ),
    no_reorder: bool = typer.Option(
        False, "--no-reorder", help="Keep the target's order; only add (and prune)."
    ),
    dry_run: bool = DRY_RUN,
    source: SourceMode = SOURCE,
) -> None:
    """Bring mirrors up to date with their sources.

    TARGET... are mirror playlists (URL or ID); --all syncs every mirror. Adds new source
    videos at their source positions, removes videos the source dropped (--prune), and
    restores the source's order with the fewest moves. Every write happens exactly once;
    a run stopped by quota (exit 3) or killed is finished by running it again.
    Unavailable videos are reported; they are not a failure."""
    from ytrix.cli.views.sync import sync_result
    from ytrix.core.mirrors import MirrorStore
    from ytrix.storage import open_state
    from ytrix.sync.run import SyncRequest, select_mirrors, sync_mirrors

    app = app_context(ctx)
    request = SyncRequest(_playlist_ids(targets or []), all_mirrors, prune, not no_reorder, dry_run)
    store = MirrorStore(open_state(app.paths, app.clock))
    try:
        select_mirrors(store, request)  # an unknown target is exit 2 before any call
        deps = deps_for(app, Reads(source, None, None))
        try:
            report = sync_mirrors(deps, store, request)
        finally:
            deps.close()
    finally:
        store.close()
    flags = (" --prune" if prune else "") + (" --no-reorder" if no_reorder else "")
    resume = _resume_command(list(request.targets), all_mirrors, flags)
    result = sync_result(report, resume, app.clock.now())
    if report.stop is not None:
        app.io.notice(result.data["error"]["message"])  # on stderr too, as a paused batch
    _finish(app, result)


def register(app: typer.Typer) -> None:
    app.command("mirrors")(mirrors)
    app.command("sync")(sync)
