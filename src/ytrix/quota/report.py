"""What ytrix decided and why, in words people use: rotation notes and history,
failed operations grouped by project, and what the quota left today can still do.

Pure aggregation: every function takes data (ledger rows, project statuses) and
returns data or sentences; nothing here reads the ledger, the clock or the API.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.core.clock import PACIFIC, iso
from ytrix.core.jsonify import pick
from ytrix.core.wording import units
from ytrix.youtube.costs import INSERT_COST

if TYPE_CHECKING:
    from ytrix.quota.ledger import Failure, RotationEvent
    from ytrix.quota.pool import Pool
    from ytrix.quota.status import ProjectStatus

DEFAULT_PLAYLIST_SIZE = 50
MORE_QUOTA_URL = "https://support.google.com/youtube/contact/yt_api_form"
TERMS_NOTE = (
    "Google's YouTube API terms expect every project to serve a distinct purpose: "
    "projects created only to get around quota limits can be suspended. "
    "For more capacity, request a quota extension:"
)

# (singular, plural) of what a Data API method does, as a person would say it.
OPERATIONS: dict[str, tuple[str, str]] = {
    "playlists.insert": ("playlist creation", "playlist creations"),
    "playlists.update": ("playlist update", "playlist updates"),
    "playlists.delete": ("playlist deletion", "playlist deletions"),
    "playlists.list": ("playlist listing", "playlist listings"),
    "playlistItems.insert": ("video insert", "video inserts"),
    "playlistItems.update": ("video move", "video moves"),
    "playlistItems.delete": ("video removal", "video removals"),
    "playlistItems.list": ("playlist page read", "playlist page reads"),
    "videos.list": ("video lookup", "video lookups"),
    "channels.list": ("channel lookup", "channel lookups"),
    "auth.refresh": ("token refresh", "token refreshes"),
    "google.unseen": ("unit seen only by Google", "units seen only by Google"),
}

REASONS: dict[str, str] = {
    "quotaExceeded": "quota exceeded",
    "dailyLimitExceeded": "quota exceeded",
    "rateLimitExceeded": "rate limited",
    "userRateLimitExceeded": "rate limited",
    "RATE_LIMIT_EXCEEDED": "rate limited",
    "RESOURCE_EXHAUSTED": "rate limited",
    "invalid_grant": "credentials revoked or expired",
    "authError": "401 unauthorized",
    "insufficientPermissions": "insufficient OAuth scopes",
    "forbidden": "403 forbidden",
    "playlistForbidden": "403 forbidden",
    "playlistItemsNotAccessible": "403 forbidden",
    "playlistNotFound": "playlist not found",
    "videoNotFound": "video not found",
    "failedPrecondition": "video private or unavailable",
    "ABORTED": "aborted by YouTube",
    "backendError": "YouTube server error",
    "network": "network error",
    "timeout": "timed out",
}


def operation_label(method: str, count: int = 1) -> str:
    singular, plural = OPERATIONS.get(method, (f"{method} call", f"{method} calls"))
    return singular if count == 1 else plural


def reason_label(status: int | None, reason: str | None) -> str:
    if reason in REASONS:
        return REASONS[reason]
    if status == 429:
        return "rate limited"
    if status is not None and status >= 500:
        return f"YouTube server error ({status})"
    if status is not None:
        return f"{status} {reason or 'error'}"
    return reason or "error"


def pacific_time(instant: datetime, with_date: bool = False) -> str:
    local = instant.astimezone(PACIFIC)
    return local.strftime("%Y-%m-%d %H:%M PT" if with_date else "%H:%M PT")


# -- rotations ---------------------------------------------------------------------------
def rotation_note(event: RotationEvent) -> str:
    """`main quota exhausted at 10:45 PT, switched to backup`."""
    when = pacific_time(event.timestamp)
    if event.from_project is None or event.to_project is None:
        return f"{event.reason[:1].upper()}{event.reason[1:]} at {when}"
    reason = event.reason
    left = re.fullmatch(r"only (\d+) units left today", reason)
    if left and left.group(1) == "0":
        reason = "quota exhausted"
    elif left:
        reason = f"had too little quota left ({left.group(1)} units)"
    elif reason == "credentials no longer valid":
        reason = "lost its credentials"
    return f"{event.from_project} {reason} at {when}, switched to {event.to_project}"


# -- failures ------------------------------------------------------------------------------
@dataclass
class FailureGroup:
    """One (operation, reason) pair on one project."""

    operation: str
    status: int | None
    reason: str | None
    count: int = 0

    @property
    def phrase(self) -> str:
        verb = "failed"
        return (
            f"{self.count} {operation_label(self.operation, self.count)} {verb} "
            f"({reason_label(self.status, self.reason)})"
        )


@dataclass
class ProjectFailures:
    project: str
    groups: list[FailureGroup] = field(default_factory=list)
    last_error: str = ""
    last_reason: str | None = None
    last_operation: str = ""
    last_at: datetime | None = None

    @property
    def operations_failed(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def sentence(self) -> str:
        """`Project main: 2 playlist creations failed (quota exceeded)`."""
        return f"Project {self.project}: " + "; ".join(g.phrase for g in self.groups)

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "operations_failed": self.operations_failed,
            "last_error": self.last_reason or "error",
            "last_error_message": self.last_error,
            "last_operation": self.last_operation,
            "last_error_at": iso(self.last_at) if self.last_at else None,
            "summary": self.sentence,
            "by_operation": [
                {
                    "operation": g.operation,
                    "label": operation_label(g.operation, g.count),
                    "status": g.status,
                    "reason": g.reason,
                    "reason_label": reason_label(g.status, g.reason),
                    "count": g.count,
                }
                for g in self.groups
            ],
        }


def group_failures(failures: list[Failure]) -> list[ProjectFailures]:
    """Failures per project (most failures first), each split by operation and
    reason (most frequent first), with the project's latest error."""
    projects: dict[str, ProjectFailures] = {}
    groups: dict[tuple[str, str, int | None, str | None], FailureGroup] = {}
    for failure in failures:
        entry = projects.setdefault(failure.project, ProjectFailures(failure.project))
        key = (failure.project, failure.operation, failure.status, failure.reason)
        group = groups.get(key)
        if group is None:
            group = groups[key] = FailureGroup(failure.operation, failure.status, failure.reason)
            entry.groups.append(group)
        group.count += 1
        if entry.last_at is None or failure.timestamp >= entry.last_at:
            entry.last_at = failure.timestamp
            entry.last_error = failure.message
            entry.last_reason = failure.reason or (str(failure.status) if failure.status else None)
            entry.last_operation = failure.operation
    for entry in projects.values():
        entry.groups.sort(key=lambda g: -g.count)  # stable: first seen breaks ties
    return sorted(projects.values(), key=lambda p: -p.operations_failed)


# -- capacity and the dashboard ------------------------------------------------------------
@dataclass(frozen=True)
class Capacity:
    video_inserts: int
    playlists: int
    playlist_size: int
    read_units: int

    @property
    def phrase(self) -> str:
        """`~140 video inserts or 2 playlists of 50 videos today`."""
        if self.video_inserts == 0:
            if self.read_units:
                return f"No write capacity left today; {units(self.read_units)} for reads"
            return "No capacity left today"
        text = f"~{self.video_inserts:,} video inserts"
        if self.playlists:
            plural = "playlist" if self.playlists == 1 else "playlists"
            text += f" or {self.playlists:,} {plural} of {self.playlist_size} videos"
        return text + " today"

    def to_json(self) -> dict[str, Any]:
        fields = pick(self, "video_inserts playlists playlist_size read_units")
        return {**fields, "summary": self.phrase}


def write_units_left(pool: Pool) -> int:
    """Units the projects this invocation may use can still spend on writes today."""
    eligible = {p.name for p in pool.eligible}
    statuses = pool.status_summary()
    return sum(usable_units(s, write=True) for s in statuses if s.name in eligible)


def usable_units(status: ProjectStatus, write: bool) -> int:
    """Units a project can still spend today (0 unless it is available)."""
    if status.state != "available":
        return 0
    return max(0, status.quota_remaining - (status.reserve if write else 0))


def capacity(statuses: list[ProjectStatus], playlist_size: int = DEFAULT_PLAYLIST_SIZE) -> Capacity:
    """Every write is one call on one project, so capacity is counted per project;
    a copied playlist costs one creation plus one insert per video."""
    inserts = sum(usable_units(s, write=True) // INSERT_COST for s in statuses)
    reads = sum(usable_units(s, write=False) for s in statuses)
    size = max(1, playlist_size)
    return Capacity(inserts, inserts // (size + 1), size, reads)


def health_label(usable: int, limit: int) -> str:
    if usable <= 0:
        return "EXHAUSTED"
    if usable < 0.1 * limit:
        return "CRITICAL"
    if usable < 0.3 * limit:
        return "LOW"
    return "HEALTHY"


@dataclass(frozen=True)
class QuotaTotals:
    """Today's quota summed over some projects (all, or one quota group)."""

    projects: int
    usable_projects: int
    quota_used: int
    daily_quota: int
    quota_remaining: int
    usable_remaining: int
    status: str  # HEALTHY | LOW | CRITICAL | EXHAUSTED

    def to_json(self) -> dict[str, Any]:
        names = "projects usable_projects quota_used daily_quota quota_remaining"
        return pick(self, f"{names} usable_remaining status")


def _totals(statuses: list[ProjectStatus]) -> QuotaTotals:
    limit = sum(s.daily_quota for s in statuses)
    usable = sum(usable_units(s, write=False) for s in statuses)
    return QuotaTotals(
        projects=len(statuses),
        usable_projects=sum(1 for s in statuses if s.state == "available"),
        quota_used=sum(s.quota_used for s in statuses),
        daily_quota=limit,
        quota_remaining=sum(s.quota_remaining for s in statuses),
        usable_remaining=usable,
        status=health_label(usable, limit),
    )


@dataclass(frozen=True)
class OperationUsage:
    method: str
    units: int
    calls: int

    @property
    def label(self) -> str:
        return operation_label(self.method, 2)

    def to_json(self) -> dict[str, Any]:
        return pick(self, "method label units calls")


def usage_by_operation(
    by_project: dict[str, dict[str, tuple[int, int]]],
) -> list[OperationUsage]:
    """Today's units and calls per method, summed over projects, largest first."""
    units: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for methods in by_project.values():
        for method, (spent, count) in methods.items():
            units[method] += spent
            calls[method] += count
    return [
        OperationUsage(method, units[method], calls[method])
        for method in sorted(units, key=lambda m: (-units[m], m))
    ]


@dataclass(frozen=True)
class LostProject:
    """A project whose quota is unusable until its credentials are renewed."""

    project: str
    state: str  # auth_dead | not_authenticated
    lost_units: int

    @property
    def fix(self) -> str:
        return f"ytrix projects_auth {self.project}"

    def to_json(self) -> dict[str, Any]:
        return pick(self, "project state lost_units fix")


@dataclass(frozen=True)
class Dashboard:
    """Everything `quota_status` shows."""

    totals: QuotaTotals
    groups: tuple[tuple[str, QuotaTotals], ...]  # (quota group, its totals)
    by_operation: tuple[OperationUsage, ...]
    by_project: dict[str, dict[str, tuple[int, int]]]  # project -> method -> (units, calls)
    capacity: Capacity
    needs_auth: tuple[LostProject, ...]
    reset_at: datetime | None
    resets_in_seconds: int | None

    def to_json(self) -> dict[str, Any]:
        by_project = {
            project: {m: {"units": u, "calls": c} for m, (u, c) in sorted(methods.items())}
            for project, methods in sorted(self.by_project.items())
        }
        return {
            "totals": self.totals.to_json(),
            "groups": [{"quota_group": name, **t.to_json()} for name, t in self.groups],
            "by_operation": [op.to_json() for op in self.by_operation],
            "by_project": by_project,
            "capacity": self.capacity.to_json(),
            "needs_auth": [lost.to_json() for lost in self.needs_auth],
            "reset_at": iso(self.reset_at) if self.reset_at else None,
            "resets_in_seconds": self.resets_in_seconds,
            "more_quota_url": MORE_QUOTA_URL,
            "terms_note": TERMS_NOTE,
        }


def dashboard(
    statuses: list[ProjectStatus],
    by_project: dict[str, dict[str, tuple[int, int]]],
    *,
    playlist_size: int = DEFAULT_PLAYLIST_SIZE,
) -> Dashboard:
    """Everything `quota_status` shows, as data."""
    groups: dict[str, list[ProjectStatus]] = {}
    for status in statuses:
        groups.setdefault(status.quota_group, []).append(status)
    first = statuses[0] if statuses else None
    return Dashboard(
        totals=_totals(statuses),
        groups=tuple((name, _totals(members)) for name, members in groups.items()),
        by_operation=tuple(usage_by_operation(by_project)),
        by_project=by_project,
        capacity=capacity(statuses, playlist_size),
        needs_auth=tuple(
            LostProject(s.name, s.state, s.quota_remaining)
            for s in statuses
            if s.state in ("auth_dead", "not_authenticated")
        ),
        reset_at=first.reset_at if first else None,
        resets_in_seconds=first.resets_in_seconds if first else None,
    )
