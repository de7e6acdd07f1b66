"""`plist_diff` (compare two playlists) and `plist2csv` (a playlist's videos for
spreadsheets). Thin: parse, read (ytrix.sync.diff / ytrix.sync.export), render."""

from __future__ import annotations

from pathlib import Path

import typer

from ytrix.cli.commands.yamlsync import FORCE_OPTION, check_target, output_option
from ytrix.cli.context import app_context
from ytrix.cli.io import Result
from ytrix.cli.options import SOURCE
from ytrix.cli.reads import Reads, deps_for
from ytrix.cli.views.tabular import FORMAT_HELP, RowsResult, TableFormat, format_rows
from ytrix.sources.models import SourceMode


def plist_diff(
    ctx: typer.Context,
    a: str = typer.Argument(..., metavar="A", help="Playlist URL or ID."),
    b: str = typer.Argument(..., metavar="B", help="Playlist URL or ID."),
    fmt: TableFormat | None = typer.Option(None, "--format", help=FORMAT_HELP + " Default: text."),
    source: SourceMode = SOURCE,
) -> None:
    """Compare two playlists.

    A and B are playlist URLs or IDs: videos only in A, only in B, and order
    differences. --format csv|tsv|jsonl prints rows instead. Reads only (1 unit per 50
    videos through the API). The order differences are the fewest videos of both that,
    moved, would give B's order."""
    from ytrix.cli.views.export import diff_lines
    from ytrix.sources.models import parse_playlist_ref
    from ytrix.sync.diff import DIFF_COLUMNS, diff_playlists

    app = app_context(ctx)
    ref_a, ref_b = parse_playlist_ref(a), parse_playlist_ref(b)
    deps = deps_for(app, Reads(source, None, None))
    try:
        result = diff_playlists(deps, ref_a, ref_b)
    finally:
        deps.close()
    if fmt is not None and not app.json_output:
        app.io.emit(RowsResult(None, format_rows(DIFF_COLUMNS, result.rows(), fmt)), False)
        return
    app.io.emit(Result(data=result.to_json(), lines=diff_lines(result)))


def plist2csv(
    ctx: typer.Context,
    playlist: str = typer.Argument(..., help="Playlist URL or ID (yours or another's)."),
    fmt: TableFormat = typer.Option(TableFormat.csv, "--format", help="csv, tsv or jsonl."),
    output: str | None = output_option("File to write (default: stdout; - for stdout too)."),
    force: bool = FORCE_OPTION,
) -> None:
    """Export a playlist's videos for spreadsheets.

    PLAYLIST is a playlist URL or ID; CSV, TSV or JSON Lines. Columns named as in Google
    Takeout's playlist CSV where they overlap (Video ID, Playlist Video Creation
    Timestamp), then position, title, channel, published date, visibility and URL. Reads
    through the API: 1 unit per 50 videos."""
    from ytrix.sources.models import parse_playlist_ref
    from ytrix.sources.reader import SourceNotFound
    from ytrix.sync.export import VIDEO_COLUMNS, playlist_videos

    app = app_context(ctx)
    ref = parse_playlist_ref(playlist)
    if output is not None:
        check_target(output, force)  # before any API call
    export = playlist_videos(app.gateway(), ref.playlist_id)
    if export is None:
        raise SourceNotFound(
            f"Playlist {ref.playlist_id} not found",
            "Check the ID; private playlists of other channels cannot be read.",
        )
    text = format_rows(VIDEO_COLUMNS, export.rows, fmt)
    if output is None or output == "-":
        app.io.emit(RowsResult(export.to_json(), text))
        return
    from ytrix.yamlsync.export import write_file

    write_file(Path(output), text)
    data = {**export.to_json(), "file": str(output), "format": fmt.value}
    lines = [f"Wrote {len(export.rows)} videos of {export.title!r} to {output}"]
    app.io.emit(Result(data=data, lines=lines))


def register(app: typer.Typer) -> None:
    app.command("plist_diff")(plist_diff)
    app.command("plist2csv")(plist2csv)
