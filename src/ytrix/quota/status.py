"""What the pool knows about each project, for `projects`, `quota_status` and the
demo: usage today, what is left, state, and time to the Pacific reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.core import clock
from ytrix.core.jsonify import pick

if TYPE_CHECKING:
    from ytrix.auth.tokens import TokenChannel, TokenStore
    from ytrix.core.config import ProjectConfig
    from ytrix.quota.ledger import Ledger


@dataclass(frozen=True)
class ProjectStatus:
    name: str
    quota_group: str
    priority: int
    active: bool
    quota_used: int
    quota_remaining: int
    daily_quota: int
    reserve: int
    state: str  # available | exhausted | auth_dead | not_authenticated | wrong_channel
    exhausted_until: datetime | None
    auth_detail: str | None
    reset_at: datetime
    resets_in_seconds: int
    channel: TokenChannel | None = None  # the token's channel, once known
    expected_channel: str | None = None  # the profile's channel

    def to_json(self) -> dict[str, Any]:
        fields = "name active quota_group priority quota_used quota_remaining daily_quota state"
        return {
            **pick(self, fields),
            "reset_at": clock.iso(self.reset_at),
            "resets_in_seconds": self.resets_in_seconds,
            "channel": self.channel.channel_id if self.channel else None,
            "channel_title": self.channel.title if self.channel else None,
            "expected_channel": self.expected_channel,
        }


def project_statuses(
    ledger: Ledger,
    tokens: TokenStore,
    projects: list[ProjectConfig],
    active: str,
    expected_channel: str | None = None,
) -> list[ProjectStatus]:
    """Each project's state now (the ledger's clock), in the order given (the pool
    passes its own). `expected_channel`: the profile's; a token recorded for another is wrong."""
    now = ledger.clock.now()
    today = clock.pacific_day(now)
    used = ledger.used_by_project(today)
    reset_at = clock.next_reset(now)
    statuses = []
    for project in projects:
        exhausted = ledger.exhausted_until(project.name, now)
        dead = ledger.auth_dead(project.name, tokens.fingerprint(project.name))
        channel = tokens.channel(project.name)
        if dead is not None:
            state = "auth_dead"
        elif not tokens.exists(project.name):
            state = "not_authenticated"
        elif channel and expected_channel and channel.channel_id != expected_channel:
            state = "wrong_channel"
        elif exhausted is not None or used.get(project.name, 0) >= project.daily_quota:
            state = "exhausted"
        else:
            state = "available"
        spent = used.get(project.name, 0)
        statuses.append(
            ProjectStatus(
                name=project.name,
                quota_group=project.quota_group,
                priority=project.priority,
                active=project.name == active,
                quota_used=spent,
                quota_remaining=max(0, project.daily_quota - spent),
                daily_quota=project.daily_quota,
                reserve=project.reserve,
                state=state,
                exhausted_until=exhausted,
                auth_detail=dead,
                reset_at=reset_at,
                resets_in_seconds=int(clock.seconds_until_reset(now)),
                channel=channel,
                expected_channel=expected_channel,
            )
        )
    return statuses
