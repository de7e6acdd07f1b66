"""`ls`, `plist2mlist`, `plists2mlist`, `plist2mlists`: list, copy, merge and split
playlists. Thin: parse flags, build a request, call one ops function, render."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.cookies import COOKIES, COOKIES_FROM_BROWSER, use_cookies
from ytrix.cli.io import Result
from ytrix.cli.views.tabular import FORMAT_HELP, TableFormat
from ytrix.copy.choices import SplitBy
from ytrix.core.errors import ExitCode
from ytrix.core.wording import units
from ytrix.sources.models import SourceMode
from ytrix.youtube.models import PRIVACIES

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.copy.playlists import Listing
    from ytrix.copy.report import Report, TargetResult
    from ytrix.copy.target import Deps
    from ytrix.youtube.models import Privacy

SKIPPED_SHOWN = 20
PLACEHOLDER_TITLES = {"", "Deleted video", "Private video", "[Deleted video]", "[Private video]"}


PRIVACY_HELP = "Privacy of new playlists (default private: nothing is published by accident)."
SOURCE_HELP = (
    "How to read sources: auto (the Data API, 1 unit per 50 videos; yt-dlp only when no "
    "project has units left for reads), api (never yt-dlp), ytdlp (yt-dlp, no quota)."
)
DRY_RUN_HELP = "Show the plan and its exact quota cost; write nothing."
DEDUP_HELP = "Skip or update an own playlist that already has (most of) these videos."


def privacy_option(default: str | None = "private", extra: str = "") -> Any:
    """`--privacy`, its choices the API's own values."""
    return typer.Option(
        default, "--privacy", click_type=click.Choice(PRIVACIES), help=PRIVACY_HELP + extra
    )


@dataclass(frozen=True)
class Reads:
    """How this command reads its sources: `--source`, the cookies for yt-dlp, and
    the sources themselves (checked before any work: WL needs cookies)."""

    source: SourceMode
    cookies: Path | None
    from_browser: str | None
    playlist_ids: Sequence[str] = ()


def _run(app: AppContext, reads: Reads, use_case: Callable[[Deps], Report]) -> int:
    """Run one playlist use case with its dependencies, then show its report."""
    deps = _deps(app, reads)
    try:
        report = use_case(deps)
    finally:
        deps.close()
    return _emit_report(app, report)


def _deps(app: AppContext, reads: Reads) -> Deps:
    from ytrix.cli.views.progress import bars
    from ytrix.copy.target import Deps

    use_cookies(app, reads.cookies, reads.from_browser, reads.playlist_ids, reads.source.value)
    pool = app.pool()
    return Deps.build(pool, app.paths, pool.profile.api, reads.source, bars(app.io))


# -- rendering -------------------------------------------------------------------------------
class ListResult(Result):
    def __init__(self, listing: Listing, urls: bool):
        super().__init__(data=listing.to_json())
        self.listing = listing
        self.urls = urls

    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, show_table

        if self.urls:
            for playlist in self.listing.playlists:
                console.print(playlist.url, markup=False, highlight=False)
            return
        title = f"Playlists of {self.listing.channel}" if self.listing.channel else "Your playlists"
        columns = [Column("id", whole=True), Column("title"), Column("privacy", whole=True)]
        if self.listing.count:
            columns.append(Column("videos", justify="right", whole=True))
        rows = []
        for p in self.listing.playlists:
            row = [p.playlist_id, p.title, p.privacy]
            if self.listing.count:
                row.append("?" if p.item_count is None else f"{p.item_count:,}")
            rows.append(row)
        title = f"{title} ({len(self.listing.playlists)})"
        if self.listing.read_via == "ytdlp":
            title += " — read with yt-dlp"
        show_table(console, columns, rows, title)


def _target_lines(result: TargetResult, dry_run: bool) -> list[str]:
    plan = result.plan
    privacy = plan.spec.privacy
    title = plan.base_title
    if plan.action == "empty":
        return [f"Nothing to copy into {title!r}: no available videos."]
    if plan.action == "skip":
        from ytrix.sources.models import playlist_url

        match = plan.match
        assert match is not None
        has = "exactly these videos" if match.kind == "exact" else "all these videos"
        return [
            f"Skipped: your playlist {title!r} ({match.playlist.privacy}) already has {has}"
            f" — {playlist_url(match.playlist.playlist_id)}"
        ]
    if dry_run:
        parts = len(plan.part_counts)
        if plan.action == "create":
            head = f"Plan: create {title!r} ({privacy}) with {len(plan.videos)} videos"
            head += f" in {parts} playlists (5,000 per part)" if parts > 1 else ""
        elif plan.action == "update":
            assert plan.match is not None
            head = (
                f"Plan: add {len(plan.videos)} missing videos to your playlist {title!r} "
                f"(it holds {plan.match.overlap:.0%} of the source)"
            )
        else:
            head = f"Plan: continue {title!r}: {len(plan.videos)} videos left to add"
        new = f"{plan.creates} new playlist{'s' if plan.creates != 1 else ''}"
        return [
            head,
            f"Quota estimate: {plan.units:,} units ({new} + {plan.inserts} inserts, 50 units each)",
        ]
    if plan.action == "resume" and not plan.videos:
        return [f"Already complete: {p.title!r} — {p.url}" for p in result.parts]
    verb = {"create": "Created", "update": "Updated", "resume": "Continued"}[plan.action]
    lines = []
    for part in result.parts:
        status = verb if part.status == "created" or plan.action != "create" else "Continued"
        lines.append(f"{status} {part.title!r}: {part.added} videos added — {part.url}")
    return lines


class ReportResult(Result):
    def __init__(self, report: Report):
        super().__init__(
            data=report.to_json(),
            exit_code=ExitCode.PARTIAL_FAILURE if report.partial else ExitCode.OK,
        )
        self.report = report

    def render(self, console: Console) -> None:
        report = self.report
        lines: list[str] = []
        for result in report.results:
            group = result.extra.get("group")
            body = _target_lines(result, report.dry_run)
            lines.extend(f"[{group}] {line}" for line in body) if group else lines.extend(body)
        data = report.data
        for source in [data["source"]] if "source" in data else data.get("sources", []):
            if source.get("read_via") == "ytdlp":
                lines.append(f"Read {source['playlist_id']} with yt-dlp (no quota)")
        skipped = report.skipped
        for skip in skipped[:SKIPPED_SHOWN]:
            label = f" {skip.title}" if skip.title not in PLACEHOLDER_TITLES else ""
            lines.append(f"  skipped {skip.video_id} ({skip.reason}){label}")
        if len(skipped) > SKIPPED_SHOWN:
            lines.append(f"  ... and {len(skipped) - SKIPPED_SHOWN} more (see --json-output)")
        lines.append(report.summary)
        lines.extend(report.order_notes)
        projects = ", ".join(report.projects_used) or "none"
        lines.append(f"Quota: {units(report.units_spent)} spent (projects: {projects})")
        if report.dry_run:
            left = report.data.get("quota_available", 0)
            lines.append(f"Left today across your projects: {left:,} units")
        for line in lines:
            console.print(line, markup=False, highlight=False)


def _emit_report(app: AppContext, report: Report) -> int:
    """Render, then exit 5 (partial success) when videos were skipped."""
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
    source: SourceMode = typer.Option(SourceMode.AUTO, "--source", help=SOURCE_HELP),
    fmt: TableFormat | None = typer.Option(None, "--format", help=FORMAT_HELP + " Default: table."),
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> int:
    """List your playlists, or another channel's.

    Your own include private and unlisted ones (1 unit per 50 playlists)."""
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
    deps = _deps(app, Reads(source, cookies, cookies_from_browser))
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
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help=DEDUP_HELP),
    source: SourceMode = typer.Option(SourceMode.AUTO, "--source", help=SOURCE_HELP),
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
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help=DEDUP_HELP),
    source: SourceMode = typer.Option(SourceMode.AUTO, "--source", help=SOURCE_HELP),
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
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help=DEDUP_HELP),
    source: SourceMode = typer.Option(SourceMode.AUTO, "--source", help=SOURCE_HELP),
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
