"""What a playlist command reports: per target its plan and what running it did, and
for the command the targets together (JSON for scripts, a summary line for people)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ytrix.copy.execute import CopyOutcome, PartResult
from ytrix.copy.plan import CopyPlan, Skip
from ytrix.sources.models import PlaylistInfo
from ytrix.youtube.sorting import order_message


@dataclass(frozen=True)
class SourceRead:
    """A source playlist as the command read it, and how (Data API or yt-dlp)."""

    playlist_id: str
    url: str
    title: str
    channel: str
    videos: int
    read_via: str | None

    @classmethod
    def of(cls, info: PlaylistInfo, via: str | None) -> SourceRead:
        url, count = info.url, len(info.entries)
        return cls(info.playlist_id, url, info.title, info.channel, count, via)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TargetResult:
    """One target playlist: its plan, and what running it did (None for a dry run)."""

    plan: CopyPlan
    outcome: CopyOutcome | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def parts(self) -> list[PartResult]:
        if self.outcome is not None and self.outcome.parts:
            return self.outcome.parts
        plan = self.plan
        if plan.match is not None and plan.action == "skip":
            target = plan.match.playlist
            return [PartResult(1, target.playlist_id, target.title, "existing", target.item_count)]
        if plan.current is not None:
            c = plan.current
            return [PartResult(c.number, c.playlist_id, c.title, "existing", c.count)]
        return []

    @property
    def skipped(self) -> list[Skip]:
        extra = self.outcome.skipped if self.outcome is not None else []
        return [*self.plan.skipped, *extra]

    @property
    def added(self) -> int:
        return len(self.outcome.added) if self.outcome is not None else 0

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "action": plan.action,
            "title": plan.base_title,
            "privacy": plan.spec.privacy,
            "playlists": [p.to_json() for p in self.parts],
            "videos_planned": len(plan.videos),
            "videos_added": self.added,
            "skipped": [s.to_json() for s in self.skipped],
            "skipped_by_reason": dict(Counter(s.reason for s in self.skipped)),
            "duplicates_removed": plan.duplicates,
            "match": plan.match.to_json() if plan.match is not None else None,
            "quota_estimate": plan.estimate_json(),
            **self.extra,
        }


def summary_line(
    added: int, planned: int, skipped: Sequence[Skip], duplicates: int, dry_run: bool
) -> str:
    """`48 added, 2 skipped (1 private, 1 deleted)` — or what a dry run would do."""
    reasons = Counter(s.reason for s in skipped)
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    text = f"{planned} to add" if dry_run else f"{added} added"
    text += f", {len(skipped)} skipped" + (f" ({detail})" if detail else "")
    if duplicates:
        text += f", {duplicates} duplicate{'s' if duplicates != 1 else ''} removed"
    return text


@dataclass
class Report:
    """A playlist command's result: its sources, its targets, and spend.
    `details`: the command's own JSON keys (merge's file, split's key and groups);
    `skipped_extra`/`duplicates_extra`: source-level ones not tied to one target."""

    command: str
    dry_run: bool
    results: list[TargetResult]
    sources: list[SourceRead]
    details: dict[str, Any] = field(default_factory=dict)
    several_sources: bool = False  # JSON `sources` (a merge), else `source`
    quota_available: int | None = None  # a dry run: write units left today
    units_spent: int = 0
    projects_used: list[str] = field(default_factory=list)
    skipped_extra: list[Skip] = field(default_factory=list)
    duplicates_extra: int = 0

    @property
    def skipped(self) -> list[Skip]:
        return [*self.skipped_extra, *(s for r in self.results for s in r.skipped)]

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def duplicates(self) -> int:
        return self.duplicates_extra + sum(r.plan.duplicates for r in self.results)

    @property
    def summary(self) -> str:
        planned = sum(len(r.plan.videos) for r in self.results)
        return summary_line(self.added, planned, self.skipped, self.duplicates, self.dry_run)

    @property
    def unsorted(self) -> list[PartResult]:
        """Playlists whose order could not be kept: not sorted manually."""
        return [p for r in self.results if r.outcome is not None for p in r.outcome.unsorted]

    @property
    def order_notes(self) -> list[str]:
        return [order_message(p.title) for p in self.unsorted]

    @property
    def partial(self) -> bool:
        return not self.dry_run and bool(self.skipped or self.unsorted)

    def to_json(self) -> dict[str, Any]:
        sources = [source.to_json() for source in self.sources]
        out: dict[str, Any] = {"command": self.command, "dry_run": self.dry_run}
        out.update({"sources": sources} if self.several_sources else {"source": sources[0]})
        out.update(self.details)
        if self.quota_available is not None:
            out["quota_available"] = self.quota_available
        if len(self.results) == 1 and "groups" not in self.details:
            out.update(self.results[0].to_json())
        out["videos_added"] = self.added
        out["skipped"] = [s.to_json() for s in self.skipped]
        out["skipped_by_reason"] = dict(Counter(s.reason for s in self.skipped))
        out["duplicates_removed"] = self.duplicates
        out["quota_estimate"] = {
            "creates": sum(r.plan.creates for r in self.results),
            "inserts": sum(r.plan.inserts for r in self.results),
            "units": sum(r.plan.units for r in self.results),
        }
        out["units_spent"] = self.units_spent
        out["projects_used"] = self.projects_used
        out["summary"] = self.summary
        out["order_not_kept"] = [p.playlist_id for p in self.unsorted]
        out["notes"] = self.order_notes
        return out
