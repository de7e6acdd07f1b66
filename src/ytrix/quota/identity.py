"""Which channel each project's token belongs to, and which channel the profile is.

A Google account can own several channels (Brand Accounts); a token authorizes the
one picked on the consent screen, and `channels.list mine=true` (1 unit) says which
(platform-limits.md §5). `projects_auth` records it with the token; a token from
before that is checked once, on first use. The profile's channel is `channel_id`
when set, else the channel of its first authorized project (priority order). A
project whose token belongs to another channel is never used: not for a write, not
for a `mine=true` read (rotating onto it would split a batch across two channels).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from ytrix.auth.tokens import TokenChannel
from ytrix.channel.creations import CreationBudget
from ytrix.core.clock import Clock
from ytrix.quota.notices import wrong_channel_notice
from ytrix.storage import open_state
from ytrix.youtube.costs import charged_units
from ytrix.youtube.errors import from_http_error, httplib2_error, transport_was_sent

if TYPE_CHECKING:
    from ytrix.auth.tokens import TokenStore
    from ytrix.core.config import Profile, ProjectConfig
    from ytrix.core.paths import Paths
    from ytrix.quota.ledger import Ledger
    from ytrix.youtube.client import ClientCache

# The pool's `_settle(project, method, reserved, units, at, sent=...)`.
Settle = Callable[..., None]
METHOD = "channels.list"


def fetch_channel(service: Any) -> TokenChannel | None:
    """The channel of the token behind `service` (raises the client's errors)."""
    response = service.channels().list(part="snippet", mine=True).execute(num_retries=0)
    items = response.get("items") or []
    if not items:
        return None
    title = items[0].get("snippet", {}).get("title", "")
    return TokenChannel(str(items[0]["id"]), str(title))


class Parts(Protocol):
    """What identity needs of the pool (the pool itself, seen without importing it)."""

    profile: Profile
    paths: Paths
    clock: Clock
    tokens: TokenStore
    ledger: Ledger
    clients: ClientCache


class ChannelIdentity:
    def __init__(self, pool: Parts, notify: Callable[[str], None], settle: Settle):
        self.profile = pool.profile
        self.tokens = pool.tokens
        self.ledger = pool.ledger
        self.clock = pool.clock
        self.clients = pool.clients
        self.notify = notify
        self.settle = settle
        self._ok: set[str] = set()  # projects whose channel is checked and right
        self._lock = threading.RLock()

    def share(self, other: ChannelIdentity) -> None:
        """Workers of one job check each token once between them."""
        self._ok = other._ok
        self._lock = other._lock

    def _authorized(self) -> ProjectConfig | None:
        for project in sorted(self.profile.projects, key=lambda p: p.priority):
            name = project.name
            if (
                self.tokens.exists(name)
                and self.ledger.auth_dead(name, self.tokens.fingerprint(name)) is None
            ):
                return project
        return None

    def expected(self) -> str | None:
        """The profile's channel, from the config or the recorded tokens (no call)."""
        if self.profile.channel_id:
            return self.profile.channel_id
        first = self._authorized()
        channel = self.tokens.channel(first.name) if first is not None else None
        return channel.channel_id if channel is not None else None

    def wrong(self, project: ProjectConfig) -> TokenChannel | None:
        """The token's channel when it is not the profile's."""
        channel = self.tokens.channel(project.name)
        expected = self.expected()
        if channel is None or expected is None or channel.channel_id == expected:
            return None
        return channel

    def key(self) -> str:
        """What the channel's own limits (new playlists, claims) are counted under."""
        self.ensure_expected()
        return self.expected() or f"profile:{self.profile.user or 'default'}"

    def ensure_expected(self) -> None:
        """Without `channel_id`, check the first authorized project's token once if it
        predates channel records: it names the profile's channel."""
        if self.profile.channel_id:
            return
        first = self._authorized()
        if first is not None and self.tokens.channel(first.name) is None:
            self.identify(first)

    def refused(self, project: ProjectConfig) -> bool:
        """Check a token's channel once, on first use; True when it is another
        channel's (the caller picks another project)."""
        if project.name in self._ok:
            return False
        with self._lock:
            self.ensure_expected()
            channel = self.tokens.channel(project.name) or self.identify(project)
            wrong = self.wrong(project)
            if wrong is not None:
                self.notify(wrong_channel_notice(project.name, wrong, self.expected() or "?"))
                return True
            if channel is not None:
                self._ok.add(project.name)
        return False

    def identify(self, project: ProjectConfig) -> TokenChannel | None:
        """`channels.list mine=true` through this project (1 unit, charged to the
        ledger like any call), recorded with the token. None when the call failed:
        the pool's call path then meets the same failure and handles it."""
        from googleapiclient.errors import HttpError

        try:
            service = self.clients.get(project)
            service.refresh_if_expired()
        except Exception:  # a dead or unreadable token: the call path marks it
            return None
        at: datetime = self.clock.now()
        self.ledger.charge(project.name, METHOD, 1, at)
        try:
            channel = fetch_channel(service)
        except HttpError as exc:
            error = from_http_error(exc, METHOD, project.name)
            self.settle(project, METHOD, 1, charged_units(METHOD, error.status, error.reason), at)
            return None
        except (OSError, httplib2_error()) as exc:
            sent = transport_was_sent(exc)
            units = charged_units(METHOD, None, None, sent=sent)
            self.settle(project, METHOD, 1, units, at, sent=sent)
            return None
        self.settle(project, METHOD, 1, 1, at)
        if channel is not None:
            self.tokens.set_channel(project.name, channel)
        return channel


def channel_limits(
    pool: Parts, notify: Callable[[str], None], settle: Settle
) -> tuple[ChannelIdentity, CreationBudget]:
    """The pool's view of its channel: whose tokens are whose, and the budget of new
    playlists counted under the channel's ID."""
    identity = ChannelIdentity(pool, notify, settle)
    limit = pool.profile.playlist_creation_limit
    return identity, CreationBudget(open_state(pool.paths, pool.clock), limit, identity.key)
