"""Mirrors: which own playlist is a copy of which source playlist(s), recorded by the
copying commands (`plist2mlist`, `plists2mlist`, `plists2mlists`) and kept up to date
by `ytrix sync`. One table in the state database (storage/migrations.py), next to the
write journal and the batches: with a PostgreSQL store, every machine sees the same
mirrors.

A target has one row: copying other sources into the same playlist later replaces
the row (the latest command says what the playlist mirrors).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ytrix.core.clock import iso
from ytrix.core.store import Store

KINDS = ("copy", "merge", "batch")


@dataclass(frozen=True)
class Mirror:
    target: str  # the own playlist's ID
    sources: tuple[str, ...]  # source playlist IDs, in merge order
    kind: str  # copy | merge | batch: the command that made it
    title: str
    created_at: str
    synced_at: str | None = None  # the last sync that finished (or stopped)
    sync_state: str | None = None  # done | paused | failed
    sync_result: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "sources": list(self.sources),
            "kind": self.kind,
            "title": self.title,
            "created_at": self.created_at,
            "synced_at": self.synced_at,
            "sync_state": self.sync_state,
            "last_sync": self.sync_result,
        }


class MirrorStore:
    def __init__(self, store: Store):
        self.db = store

    def record(self, target: str, sources: Sequence[str], kind: str, title: str) -> None:
        """Remember (or update) that `target` mirrors `sources`."""
        stamp = iso(self.db.clock.now())
        with self.db.write() as tx:
            tx.execute(
                "INSERT INTO mirrors (target, sources, kind, title, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET "
                "sources = excluded.sources, kind = excluded.kind, title = excluded.title, "
                "updated_at = excluded.updated_at",
                (target, json.dumps(list(sources)), kind, title, stamp, stamp),
            )

    def synced(self, target: str, state: str, result: dict[str, Any], *, stamp: bool) -> None:
        """Record a sync's outcome; `stamp=False` (a sync that stopped part-way) keeps
        the old time, so the next sync takes this mirror first."""
        # Two statements rather than a boolean parameter, which the backends type apart.
        if stamp:
            sql = "UPDATE mirrors SET synced_at = ?, sync_state = ?, sync_result = ? "
            params: tuple[Any, ...] = (iso(self.db.clock.now()), state, json.dumps(result), target)
        else:
            sql = "UPDATE mirrors SET sync_state = ?, sync_result = ? "
            params = (state, json.dumps(result), target)
        with self.db.write() as tx:
            tx.execute(sql + "WHERE target = ?", params)

    def forget(self, target: str) -> bool:
        with self.db.write() as tx:
            gone = tx.execute("DELETE FROM mirrors WHERE target = ?", (target,)).rowcount
        return gone > 0

    def all(self) -> list[Mirror]:
        """Every mirror, least recently synced first (never synced before all), so a
        sync stopped by quota continues with the ones it had not reached."""
        rows = self.db.all(
            "SELECT target, sources, kind, title, created_at, synced_at, sync_state, "
            "sync_result FROM mirrors ORDER BY synced_at IS NOT NULL, synced_at, created_at, "
            "target"
        )
        return [
            Mirror(
                target=row["target"],
                sources=tuple(json.loads(row["sources"])),
                kind=row["kind"],
                title=row["title"],
                created_at=row["created_at"],
                synced_at=row["synced_at"],
                sync_state=row["sync_state"],
                sync_result=json.loads(row["sync_result"]) if row["sync_result"] else None,
            )
            for row in rows
        ]

    def get(self, target: str) -> Mirror | None:
        return next((m for m in self.all() if m.target == target), None)

    def close(self) -> None:
        self.db.close()
