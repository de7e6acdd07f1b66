"""Reconciling the ledger with Google's own count (`projects --sync-usage`, and
`[api] sync_usage = true`: once per run before the first write).

For each project: the units Google counted today (Pacific day) and the effective daily
limit, read with Application Default Credentials (`ytrix.gcp.usage`). The ledger is
raised to Google's count where Google's is higher (other applications spend from the
same project; a failed write may cost more than assumed) and never lowered; Google's
limit is adopted for projects whose `daily_quota` is not set in config. Without ADC or
permission the ledger is used as before, with one notice saying why.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ytrix.core import clock
from ytrix.core.errors import AuthNeeded, YtrixError
from ytrix.quota.limits import (
    ADOPTED_KEY,
    adopted_limit,
    limit_is_configured,
    with_adopted_limits,
)

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig, Profile, ProjectConfig
    from ytrix.core.notify import Notices
    from ytrix.gcp.transport import CloudClient
    from ytrix.quota.ledger import Ledger
    from ytrix.quota.pool import Pool

SYNC_METHOD = "google.unseen"  # ledger rows for units only Google saw


@dataclass(frozen=True)
class ProjectSync:
    name: str
    cloud_project: str | None
    ledger_before: int
    google_used: int | None  # None: not read
    raised_by: int
    google_limit: int | None
    daily_quota: int  # the limit in force after the sync
    limit_source: str  # config | google | default
    problem: str | None = None
    limit_changed: bool = False  # Google's limit replaced the one in force

    @property
    def ledger_after(self) -> int:
        return self.ledger_before + self.raised_by

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "cloud_project": self.cloud_project,
            "ledger_before": self.ledger_before,
            "ledger": self.ledger_after,
            "google_used": self.google_used,
            "raised_by": self.raised_by,
            "google_limit": self.google_limit,
            "daily_quota": self.daily_quota,
            "limit_source": self.limit_source,
            "limit_changed": self.limit_changed,
            "problem": self.problem,
        }


@dataclass(frozen=True)
class UsageSync:
    day: date
    projects: list[ProjectSync]
    notice: str | None  # why Google's numbers were not (all) read
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "projects": [p.to_json() for p in self.projects],
            "notice": self.notice,
            "hint": self.hint,
        }


def _limit_source(project: ProjectConfig, google: int | None) -> str:
    if limit_is_configured(project):
        return "config"
    return "google" if google is not None else "default"


def _connect(api: ApiConfig, notices: Notices | None) -> CloudClient:
    from ytrix.gcp.transport import CloudClient

    client = CloudClient(api, notices=notices)
    client.monitoring  # noqa: B018 - loads and refreshes ADC now, before any project
    return client


def _problem(exc: YtrixError) -> str:
    status = getattr(exc, "status", None)
    if status == 403:
        return "no permission to read its quota with your ADC account (HTTP 403)"
    return exc.message


def sync_usage(
    profile: Profile,
    ledger: Ledger,
    *,
    client: CloudClient | None = None,
    notices: Notices | None = None,
) -> UsageSync:
    """Read Google's numbers for every project of `profile` and reconcile `ledger`."""
    from ytrix.gcp.usage import cloud_project_of, daily_limit, used_since

    now = ledger.clock.now()
    day = clock.pacific_day(now)
    rows: list[ProjectSync] = []
    notice = hint = None
    if client is None:
        try:
            client = _connect(profile.api, notices)
        except (AuthNeeded, YtrixError) as exc:
            client = None
            notice = f"Google's quota numbers were not read: {exc.message}"
            hint = exc.hint
    for project in profile.projects:
        cloud = cloud_project_of(project.client_id, project.cloud_project)
        before = ledger.used(project.name, day)
        used = limit = None
        raised = 0
        problem = None
        if client is not None and cloud is None:
            problem = "its Cloud project is unknown: set cloud_project for it in config.toml"
        elif client is not None and cloud is not None:
            try:
                used = used_since(client, cloud, clock.day_start(now), now)
                limit = daily_limit(client, cloud)
            except AuthNeeded as exc:  # credentials died mid-way: stop asking Google
                notice = f"Google's quota numbers were not read: {exc.message}"
                hint, client = exc.hint, None
            except YtrixError as exc:
                problem = _problem(exc)
        if used is not None:
            raised = ledger.raise_to(project.name, SYNC_METHOD, used, now)
        if limit is not None and not limit_is_configured(project):
            ledger.set_setting(ADOPTED_KEY + project.name, str(limit))
        in_force = project.daily_quota
        if not limit_is_configured(project):
            in_force = limit or adopted_limit(ledger, project.name) or project.daily_quota
        rows.append(
            ProjectSync(
                project.name,
                cloud,
                before,
                used,
                raised,
                limit,
                in_force,
                _limit_source(project, limit),
                problem,
                in_force != project.daily_quota,
            )
        )
    failed = [r for r in rows if r.problem]
    if notice is None and failed:
        names = ", ".join(f"{r.name} ({r.problem})" for r in failed)
        notice = f"Google's quota numbers were not read for {names}; the ledger is used as before."
        hint = (
            "Give your ADC account the Monitoring Viewer and Service Usage Consumer roles on "
            "those projects, or set cloud_project in config.toml."
        )
    elif notice is not None:
        notice += "; the ledger is used as before."
    return UsageSync(day, rows, notice, hint)


def summary(result: UsageSync) -> list[str]:
    """Lines for the notice a write run prints after syncing."""
    lines = []
    for row in result.projects:
        if row.raised_by:
            lines.append(
                f"Project {row.name}: Google counted {row.google_used:,} units today; the "
                f"ledger had {row.ledger_before:,} and is raised by {row.raised_by:,}."
            )
        if row.limit_changed:
            lines.append(f"Project {row.name}: daily limit {row.daily_quota:,} (from Google).")
    if result.notice:
        lines.append(result.notice)
    return lines


class SyncGate:
    """`[api] sync_usage`: the pool's hook before its first write. Runs the sync once
    for all pools of one run (worker threads share the gate)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.result: UsageSync | None = None
        self.done = False

    def run(self, pool: Pool) -> None:
        with self._lock:
            if not self.done:
                self.done = True
                self.result = sync_usage(pool.profile, pool.ledger, notices=pool.notices)
                for line in summary(self.result):
                    pool.notify(line)
        pool.profile = with_adopted_limits(pool.profile, pool.ledger)
