"""`ls`, `plist2mlist`, `plists2mlist`, `plist2mlists`: list, copy, merge and split
playlists. Thin: parse flags, build a request, call one use case, show its result
(`views/playlists.py`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.options import COOKIES, COOKIES_FROM_BROWSER, DEDUP, DRY_RUN, SOURCE, privacy_option
from ytrix.cli.reads import Reads, deps_for
from ytrix.cli.views.tabular import FORMAT_HELP, TableFormat
from ytrix.copy.choices import SplitBy
from ytrix.core.errors import ExitCode
from ytrix.sources.models import SourceMode

if TYPE_CHECKING:
    from ytrix.copy.report import Report
    from ytrix.copy.target import Deps
    from ytrix.youtube.models import Privacy


def _run(app: AppContext, reads: Reads, use_case: Callable[[Deps], Report]) -> int:
    """Run one playlist use case with its dependencies, then show its report."""
    deps = deps_for(app, reads)
    try:
        report = use_case(deps)
    finally:
        deps.close()
    return _emit_report(app, report)


def _emit_report(app: AppContext, report: Report) -> int:
    """Render, then exit 5 (partial success) when videos were skipped."""
    from ytrix.cli.views.playlists import ReportResult

    result = ReportResult(report)
    app.io.emit(result)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))
    return 0


# -- commands ----------------------------------------------------------------------------------
def ls(
    ctx: typer.Context,
    count: bool = typer.Option(False, "--count", help="Show each playlist's video count."),
    user: str | None = typer.Option(
        None,
        "--user",
        metavar="CHANNEL",
        help="Another channel's public playlists (@handle, UC..., or channel URL). "
        "To pick a config profile instead, put --user before the command.",
    ),
    urls: bool = typer.Option(False, "--urls", help="Print one playlist URL per line."),
    source: SourceMode = SOURCE,
    fmt: TableFormat | None = typer.Option(None, "--format", help=FORMAT_HELP + " Default: table."),
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """List your playlists, or another channel's.

    Your own include private and unlisted ones (1 unit per 50 playlists)."""
    from ytrix.cli.views.playlists import ListResult
    from ytrix.copy.playlists import ListRequest, list_playlists
    from ytrix.sources.models import parse_channel_ref

    app = app_context(ctx)
    if fmt is not None and urls:
        from ytrix.core.errors import UsageError

        raise UsageError("--urls and --format do not go together", "Choose one of them.")
    if user is not None:
        try:
            parse_channel_ref(user)
        except Exception as exc:
            from ytrix.core.errors import UsageError

            raise UsageError(
                str(exc),
                f"`ls --user` takes a channel. To use the config profile {user!r}, "
                f"write `ytrix --user {user} ls`.",
            ) from None
    deps = deps_for(app, Reads(source, cookies, cookies_from_browser))
    try:
        listing = list_playlists(deps, ListRequest(user=user, count=count))
    finally:
        deps.close()
    if fmt is not None and not app.json_output:
        from ytrix.cli.views.tabular import RowsResult, format_rows
        from ytrix.sync.export import PLAYLIST_COLUMNS, playlist_rows

        text = format_rows(PLAYLIST_COLUMNS, playlist_rows(listing.playlists), fmt)
        app.io.emit(RowsResult(None, text))
        return 0
    app.io.emit(ListResult(listing, urls))
    return 0


def plist2mlist(
    ctx: typer.Context,
    source_arg: str = typer.Argument(..., metavar="SOURCE", help="Playlist URL or ID."),
    title: str | None = typer.Option(None, "--title", help="Title (default: the source's)."),
    privacy: str = privacy_option(),
    dry_run: bool = DRY_RUN,
    dedup: bool = DEDUP,
    source: SourceMode = SOURCE,
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """Copy a playlist into your channel.

    SOURCE is a playlist URL or ID. The copy is private unless --privacy says otherwise.
    An own playlist with exactly these videos is reported instead; one that holds 75% or
    more is topped up. A re-run finishes the job and never duplicates. Exit 5 when
    videos were skipped as unavailable."""
    from ytrix.copy.playlists import CopyRequest, copy_playlist
    from ytrix.sources.models import parse_playlist_ref

    app = app_context(ctx)
    ref = parse_playlist_ref(source_arg)  # a bad source is exit 2 before anything runs
    request = CopyRequest(ref, title, cast("Privacy", privacy), dry_run, dedup)
    reads = Reads(source, cookies, cookies_from_browser, [ref.playlist_id])
    return _run(app, reads, lambda deps: copy_playlist(deps, request))


def plists2mlist(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="Playlist URLs/IDs, one per line."),
    title: str | None = typer.Option(
        None, "--title", help="Title (default: 'Merged Playlist (N videos)')."
    ),
    privacy: str = privacy_option(),
    dry_run: bool = DRY_RUN,
    dedup: bool = DEDUP,
    source: SourceMode = SOURCE,
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """Merge the playlists listed in FILE into one.

    FILE lists playlist URLs or IDs, one a line (# comments). Duplicates are removed:
    the first occurrence wins and the order is kept."""
    from ytrix.copy.merge import MergeRequest, merge_playlists
    from ytrix.sources.listfile import read_list_file

    app = app_context(ctx)
    sources = tuple(read_list_file(file).refs)  # a bad line is exit 2 before anything runs
    request = MergeRequest(file, sources, title, cast("Privacy", privacy), dry_run, dedup)
    reads = Reads(source, cookies, cookies_from_browser, [s.playlist_id for s in sources])
    return _run(app, reads, lambda deps: merge_playlists(deps, request))


def plist2mlists(
    ctx: typer.Context,
    source_arg: str = typer.Argument(..., metavar="SOURCE", help="Playlist URL or ID."),
    by: SplitBy = typer.Option(SplitBy.CHANNEL, "--by", help="Group by channel or upload year."),
    privacy: str = privacy_option(),
    dry_run: bool = DRY_RUN,
    dedup: bool = DEDUP,
    source: SourceMode = SOURCE,
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """Split a playlist by channel or by upload year.

    SOURCE is a playlist URL or ID. One new playlist per group, titled
    '<source title> - <group>', each in the source's order."""
    from ytrix.copy.split import SplitRequest, split_playlist
    from ytrix.sources.models import parse_playlist_ref

    app = app_context(ctx)
    ref = parse_playlist_ref(source_arg)
    request = SplitRequest(ref, by, cast("Privacy", privacy), dry_run, dedup)
    reads = Reads(source, cookies, cookies_from_browser, [ref.playlist_id])
    return _run(app, reads, lambda deps: split_playlist(deps, request))


def register(app: typer.Typer) -> None:
    app.command("ls")(ls)
    app.command("plist2mlist")(plist2mlist)
    app.command("plists2mlist")(plists2mlist)
    app.command("plist2mlists")(plist2mlists)
