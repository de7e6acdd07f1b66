"""`projects_auth`: the consent (with Google's account chooser), the token saved, and
which channel it belongs to (the one picked there), recorded with the token and
checked against the profile's."""

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
    token_file: str = ""

    @property
    def wrong(self) -> bool:
        return (
            self.channel is not None
            and self.expected is not None
            and self.channel.channel_id != self.expected
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "authenticated": True,
            "token_file": self.token_file,
            "channel": self.channel.channel_id if self.channel else None,
            "channel_title": self.channel.title if self.channel else None,
            "expected_channel": self.expected,
            "wrong_channel": self.wrong,
        }

    def lines(self) -> list[str]:
        saved = f"Project {self.project} authorized; token saved to {self.token_file}"
        if self.channel is None:
            return [saved, f"Project {self.project}: its channel is checked on first use."]
        line = f"Project {self.project} writes to channel {self.channel.label()}."
        if not self.wrong:
            return [saved, line]
        return [
            saved,
            f"Warning: project {self.project} is authorized for channel "
            f"{self.channel.label()}, not this profile's channel {self.expected}: ytrix "
            f"will not use it. {wrong_channel_fix(self.project)}",
        ]


def authorize_projects(
    pool: Pool, targets: list[ProjectConfig], *, open_browser: bool
) -> list[ChannelCheck]:
    """Consent for each project in turn; each token saved, its channel recorded."""
    from ytrix.auth.flow import authorize

    checks = []
    for project in targets:
        creds = authorize(project, pool.profile.api, open_browser=open_browser)
        pool.tokens.save(project.name, creds, issued_at=pool.clock.now())
        pool.ledger.clear_auth_dead(project.name)
        checks.append(record_channel(pool, project))
    return checks


def record_channel(pool: Pool, project: ProjectConfig) -> ChannelCheck:
    """`channels.list mine=true` with the token just saved (1 unit, in the ledger)."""
    pool.clients.drop(project)
    channel = pool.identity.identify(project)
    token_file = str(pool.tokens.path(project.name))
    return ChannelCheck(project.name, channel, pool.identity.expected(), token_file)
