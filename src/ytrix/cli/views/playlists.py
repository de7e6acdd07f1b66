"""How the playlist commands' results look: `ls`'s table, and the copy, merge and split
report (a line per target, the skipped videos, the summary, the quota spent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.cli.io import Result
from ytrix.core.errors import ExitCode
from ytrix.core.wording import units

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.copy.playlists import Listing
    from ytrix.copy.report import Report, TargetResult

SKIPPED_SHOWN = 20
PLACEHOLDER_TITLES = {"", "Deleted video", "Private video", "[Deleted video]", "[Private video]"}


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
        for source in report.sources:
            if source.read_via == "ytdlp":
                lines.append(f"Read {source.playlist_id} with yt-dlp (no quota)")
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
            left = report.quota_available or 0
            lines.append(f"Left today across your projects: {left:,} units")
        for line in lines:
            console.print(line, markup=False, highlight=False)
