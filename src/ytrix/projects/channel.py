"""After `projects_auth`: which channel the new token belongs to (the one picked on
Google's account chooser), recorded with the token, and whether it is the profile's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.quota.notices import wrong_channel_fix

if TYPE_CHECKING:
    from ytrix.auth.tokens import TokenChannel
    from ytrix.core.config import ProjectConfig
    from ytrix.quota.pool import Pool


@dataclass(frozen=True)
class ChannelCheck:
    project: str
    channel: TokenChannel | None  # None: the check call failed (checked on first use)
    expected: str | None

    @property
    def wrong(self) -> bool:
        return (
            self.channel is not None
            and self.expected is not None
            and self.channel.channel_id != self.expected
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel.channel_id if self.channel else None,
            "channel_title": self.channel.title if self.channel else None,
            "expected_channel": self.expected,
            "wrong_channel": self.wrong,
        }

    def lines(self) -> list[str]:
        if self.channel is None:
            return [f"Project {self.project}: its channel is checked on first use."]
        line = f"Project {self.project} writes to channel {self.channel.label()}."
        if not self.wrong:
            return [line]
        return [
            f"Warning: project {self.project} is authorized for channel "
            f"{self.channel.label()}, not this profile's channel {self.expected}: ytrix "
            f"will not use it. {wrong_channel_fix(self.project)}"
        ]


def record_channel(pool: Pool, project: ProjectConfig) -> ChannelCheck:
    """`channels.list mine=true` with the token just saved (1 unit, in the ledger)."""
    pool.clients.drop(project)
    channel = pool.identity.identify(project)
    return ChannelCheck(project.name, channel, pool.identity.expected())
