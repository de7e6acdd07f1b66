"""The channel's budget of new playlists.

YouTube refuses `playlists.insert` after about 10 creations a day per channel ("You
are creating too many playlists. Please wait a while before creating further
playlists.", 429 or 400; platform-limits.md §1), and one user reports losing the
channel two days after hitting it a few times. So ytrix counts its own successful
creations per channel over a rolling 24 h in the state database (shared by every
process of the profile), creates nothing once `playlist_creation_limit` is reached,
and after a refusal from YouTube creates nothing more until a slot frees: at most one
refused creation, ever, per window.

A creation is reserved before the call (so two processes cannot both take the last
slot), confirmed with the new playlist's ID, and released only when the call surely
made nothing. A reservation left by a killed process, or an ambiguous failure, keeps
counting: the budget errs toward creating less. When the next run tries the same
playlist again (its write journal found nothing made), it takes that reservation over
instead of adding one, so kills never eat the budget.

The tables are in storage/migrations.py. A reservation is one transaction under the
channel's lock, so processes on several machines sharing a PostgreSQL store never
together exceed the limit (the same approach as the ledger's quota reservation).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ytrix.channel.claims import process_alive
from ytrix.core import clock
from ytrix.core.errors import ExitCode, YtrixError
from ytrix.core.store import Params, Store

Query = Callable[[str, Params], list[Any]]  # a read: the store's, or a transaction's

WINDOW = timedelta(hours=24)
DEFAULT_LIMIT = 10
RESERVED, CREATED = "reserved", "created"
LIMIT_KEY = "playlist_creation_limit"
RISK = (
    "Switching projects does not help: the limit is the channel's, and pushing it has "
    "cost users their channel."
)


@dataclass(frozen=True)
class BudgetStatus:
    channel: str
    limit: int
    made: int  # creations in the last 24 h (reservations in flight included)
    next_at: datetime | None  # when the next creation is possible; None: now
    as_of: datetime  # the instant these counts were read (the sentences count from it)
    refused_at: datetime | None = None  # YouTube's last refusal, while it still blocks

    @property
    def left(self) -> int:
        return 0 if self.next_at is not None else max(0, self.limit - self.made)


class CreationLimitReached(YtrixError):
    """No new playlist on this channel until `next_at` (a pause, like spent quota)."""

    exit_code = ExitCode.QUOTA_EXHAUSTED
    code = "playlist_creation_limit"

    def __init__(self, status: BudgetStatus):
        assert status.next_at is not None
        self.status = status
        self.next_at = status.next_at
        self.reset_at = status.next_at  # what a batch's --wait sleeps until
        super().__init__(
            limit_sentence(status),
            f"{RISK} Run the same command again after that time: it continues where it stopped.",
        )

    def payload(self) -> dict[str, object]:
        status = self.status
        return {
            "channel": status.channel,
            "limit": status.limit,
            "made_last_24h": status.made,
            "next_possible_at": clock.iso(self.next_at),
            "next_possible_in_seconds": int(
                max(0.0, (self.next_at - status.as_of).total_seconds())
            ),
            "refused_by_youtube": status.refused_at is not None,
        }


def when(instant: datetime, now: datetime) -> str:
    """`14:05 Pacific (in 3h 12m)`, seen from `now`."""
    local = instant.astimezone(clock.PACIFIC)
    left = clock.format_duration(max(0.0, (instant - now).total_seconds()))
    day = "" if local.date() == clock.pacific_day(now) else local.strftime("%a %b %d ")
    return f"{day}{local:%H:%M} Pacific (in {left})"


def limit_sentence(status: BudgetStatus) -> str:
    made = f"{status.made} made in the last 24 h"
    if status.refused_at is not None:
        head = (
            f'YouTube refused a new playlist on channel {status.channel} ("You are creating '
            f"too many playlists\"): the channel's new-playlist limit is reached ({made} "
            f"by ytrix)"
        )
    else:
        head = (
            f"Channel {status.channel} reached its new-playlist limit: {made} "
            f"({LIMIT_KEY} = {status.limit})"
        )
    assert status.next_at is not None
    return f"{head}. The next new playlist is possible at {when(status.next_at, status.as_of)}"


def _creation_lock(channel: str) -> str:
    return f"creations:{channel}"


class CreationBudget:
    """The creations of one channel, counted in the state database. `channel` is
    resolved on first use (it may need the token's channel)."""

    def __init__(self, store: Store, limit: int, channel: Callable[[], str]):
        self.db = store
        self.clock = store.clock
        self.limit = limit
        self._channel = channel
        self._resolved: str | None = None

    @property
    def channel(self) -> str:
        if self._resolved is None:
            self._resolved = self._channel()
        return self._resolved

    def status(self, at: datetime | None = None) -> BudgetStatus:
        return self._status(self.db.all, at or self.clock.now())

    def _status(self, query: Query, now: datetime) -> BudgetStatus:
        since = clock.iso(now - WINDOW)
        times = [
            clock.parse_iso(row[0])
            for row in query(
                "SELECT at FROM playlist_creations WHERE channel = ? AND at > ? ORDER BY at",
                (self.channel, since),
            )
        ]
        made = len(times)
        refusals = query(
            "SELECT refused_at, until FROM playlist_creation_refusals WHERE channel = ?",
            (self.channel,),
        )
        refusal = refusals[0] if refusals else None
        if refusal is not None and clock.parse_iso(refusal[1]) > now:
            refused_at = clock.parse_iso(refusal[0])
            until = clock.parse_iso(refusal[1])
            return BudgetStatus(self.channel, self.limit, made, until, now, refused_at)
        next_at = times[made - self.limit] + WINDOW if made >= self.limit else None
        return BudgetStatus(self.channel, self.limit, made, next_at, now)

    def check(self) -> None:
        status = self.status()
        if status.next_at is not None:
            raise CreationLimitReached(status)

    def reserve(self, title: str = "") -> int:
        """Take a slot (raises CreationLimitReached when there is none); returns the
        reservation to confirm or release. A reservation of `title` left by a process
        that is gone is taken over (a retry of the same creation) instead."""
        now = self.clock.now()
        host, pid = socket.gethostname(), os.getpid()
        with self.db.write(lock=_creation_lock(self.channel)) as tx:
            for row in tx.execute(
                "SELECT id, host, pid FROM playlist_creations WHERE channel = ? AND "
                "state = ? AND title = ? AND at > ?",
                (self.channel, RESERVED, title, clock.iso(now - WINDOW)),
            ).fetchall():
                if row[1] == host and row[2] != pid and not process_alive(int(row[2])):
                    tx.execute(
                        "UPDATE playlist_creations SET at = ?, pid = ? WHERE id = ?",
                        (clock.iso(now), pid, row[0]),
                    )
                    return int(row[0])
            status = self._status(lambda sql, p: tx.execute(sql, p).fetchall(), now)
            if status.next_at is not None:
                raise CreationLimitReached(status)
            # RETURNING: both SQLite (3.35+) and PostgreSQL name the new row's id.
            row = tx.execute(
                "INSERT INTO playlist_creations (channel, at, state, title, host, pid) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (self.channel, clock.iso(now), RESERVED, title, host, pid),
            ).fetchone()
            return int(row[0])

    def confirm(self, token: int, playlist_id: str) -> None:
        with self.db.write() as tx:
            tx.execute(
                "UPDATE playlist_creations SET state = ?, playlist_id = ? WHERE id = ?",
                (CREATED, playlist_id, token),
            )

    def release(self, token: int) -> None:
        """The call surely created nothing (refused before YouTube acted)."""
        with self.db.write() as tx:
            tx.execute("DELETE FROM playlist_creations WHERE id = ?", (token,))

    def refused(self, token: int, message: str) -> CreationLimitReached:
        """YouTube said "creating too many playlists": nothing more until a slot frees
        (the oldest creation in the window leaves it; with none recorded, 24 h)."""
        now = self.clock.now()
        with self.db.write(lock=_creation_lock(self.channel)) as tx:
            tx.execute("DELETE FROM playlist_creations WHERE id = ?", (token,))
            oldest = tx.execute(
                "SELECT MIN(at) FROM playlist_creations WHERE channel = ? AND at > ?",
                (self.channel, clock.iso(now - WINDOW)),
            ).fetchone()[0]
            until = clock.parse_iso(oldest) + WINDOW if oldest else now + WINDOW
            tx.execute(
                "INSERT INTO playlist_creation_refusals (channel, refused_at, until, message) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE SET "
                "refused_at = excluded.refused_at, until = excluded.until, "
                "message = excluded.message",
                (self.channel, clock.iso(now), clock.iso(until), message),
            )
            status = self._status(lambda sql, p: tx.execute(sql, p).fetchall(), now)
        return CreationLimitReached(status)

    def close(self) -> None:
        self.db.close()
