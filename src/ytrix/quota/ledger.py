"""The quota ledger: units charged per project, Pacific day and method; exhaustion
marks with their reset instant; dead credentials; rotation events; failures.

Every executed request is charged here as it happens, so the ledger stays true with
several ytrix processes spending from the same projects at once. A call's units are
reserved before it is sent: the check (will it fit under the limit?) and the charge
are one transaction under the project's lock (`reserve`), so processes on several
machines sharing a PostgreSQL store never together over-commit a project. A new
Pacific day needs no reset: usage is keyed by day and exhaustion marks carry the
instant they expire. The tables are in storage/migrations.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ytrix.core.clock import iso, next_reset, pacific_day, parse_iso
from ytrix.core.jsonify import pick
from ytrix.storage import Store

_USED = "SELECT COALESCE(SUM(units), 0) FROM quota_usage WHERE project = ? AND day = ?"
_UPSERT = (
    "INSERT INTO quota_usage (project, day, method, units, calls) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (project, day, method) DO UPDATE SET "
    "units = quota_usage.units + excluded.units, calls = quota_usage.calls + excluded.calls"
)


def _quota_lock(project: str, day: str) -> str:
    return f"quota:{project}:{day}"


# settings key (+ project): the token file a dead mark was made on
DEAD_TOKEN_KEY = "auth_dead_token:"


@dataclass(frozen=True)
class RotationEvent:
    timestamp: datetime
    from_project: str | None
    to_project: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"timestamp": iso(self.timestamp), **pick(self, "from_project to_project reason")}


@dataclass(frozen=True)
class Failure:
    timestamp: datetime
    project: str
    operation: str
    status: int | None
    reason: str | None
    message: str
    batch_id: str | None


class Ledger:
    def __init__(self, store: Store):
        self.db = store
        self.clock = store.clock

    # -- usage -------------------------------------------------------------------
    def charge(self, project: str, method: str, units: int, at: datetime) -> None:
        self.adjust(project, method, units, 1, at)

    def reserve(self, project: str, method: str, units: int, limit: int, at: datetime) -> bool:
        """Charge `units` (one call) only if the project's total for the day stays
        within `limit`; False (nothing charged) when it would not."""
        day = pacific_day(at).isoformat()
        with self.db.write(lock=_quota_lock(project, day)) as conn:
            row = conn.execute(_USED, (project, day)).fetchone()
            if int(row[0]) + units > limit:
                return False
            conn.execute(_UPSERT, (project, day, method, units, 1))
        return True

    def adjust(self, project: str, method: str, units: int, calls: int, at: datetime) -> None:
        """Correct a reservation once the outcome is known (same day as `at`)."""
        day = pacific_day(at).isoformat()
        with self.db.write(lock=_quota_lock(project, day)) as conn:
            conn.execute(_UPSERT, (project, day, method, units, calls))

    def raise_to(self, project: str, method: str, units: int, at: datetime) -> int:
        """Lift the day's total for `project` to `units` (never lower it), charging the
        difference to `method`; returns the units added. One transaction, so a charge
        made meanwhile by another process is counted before the difference."""
        day = pacific_day(at).isoformat()
        with self.db.write(lock=_quota_lock(project, day)) as conn:
            row = conn.execute(_USED, (project, day)).fetchone()
            missing = units - int(row[0])
            if missing <= 0:
                return 0
            conn.execute(_UPSERT, (project, day, method, missing, 0))
        return missing

    def settle(
        self,
        project: str,
        method: str,
        reserved: int | None,
        units: int,
        at: datetime,
        settled_at: datetime,
        *,
        sent: bool = True,
    ) -> None:
        """Bring a reservation made `at` (None: none was made) to what the call cost."""
        if reserved is not None and pacific_day(settled_at) != pacific_day(at):
            # The call straddled midnight Pacific and Google counts it on the day it
            # arrived, perhaps the new one: count it there, so today's ledger is never
            # below Google's.
            self.adjust(project, method, -reserved, -1, at)
            self.adjust(project, method, units, 1 if sent else 0, settled_at)
            return
        delta_units = units - (reserved or 0)
        delta_calls = (1 if sent else 0) - (0 if reserved is None else 1)
        if delta_units or delta_calls:
            self.adjust(project, method, delta_units, delta_calls, at)

    def used(self, project: str, day: date) -> int:
        row = self.db.one(_USED, (project, day.isoformat()))
        return int(row[0])

    def used_by_project(self, day: date) -> dict[str, int]:
        rows = self.db.all(
            "SELECT project, SUM(units) FROM quota_usage WHERE day = ? GROUP BY project",
            (day.isoformat(),),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def usage_by_method(self, day: date) -> dict[str, dict[str, tuple[int, int]]]:
        """{project: {method: (units, calls)}} for one Pacific day."""
        result: dict[str, dict[str, tuple[int, int]]] = {}
        for row in self.db.all(
            "SELECT project, method, units, calls FROM quota_usage WHERE day = ?",
            (day.isoformat(),),
        ):
            result.setdefault(row["project"], {})[row["method"]] = (row["units"], row["calls"])
        return result

    # -- exhaustion and dead credentials -------------------------------------------
    def mark_exhausted(self, project: str, at: datetime, reason: str) -> datetime:
        reset_at = next_reset(at)
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO quota_exhausted (project, marked_at, reset_at, reason) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (project) DO UPDATE SET "
                "marked_at = excluded.marked_at, reset_at = excluded.reset_at, "
                "reason = excluded.reason",
                (project, iso(at), iso(reset_at), reason),
            )
        return reset_at

    def exhausted_until(self, project: str, now: datetime) -> datetime | None:
        row = self.db.one("SELECT reset_at FROM quota_exhausted WHERE project = ?", (project,))
        if row is None:
            return None
        reset_at = parse_iso(row[0])
        return reset_at if reset_at > now else None

    def clear_expired(self, projects: list[str], now: datetime) -> list[str]:
        """Forget exhaustion marks that expired by `now`; the projects they were on."""
        cleared = []
        with self.db.write() as conn:
            for project in projects:
                row = conn.execute(
                    "SELECT reset_at FROM quota_exhausted WHERE project = ?", (project,)
                ).fetchone()
                if row is not None and parse_iso(row[0]) <= now:
                    conn.execute("DELETE FROM quota_exhausted WHERE project = ?", (project,))
                    cleared.append(project)
        return cleared

    def mark_auth_dead(
        self, project: str, at: datetime, detail: str, token: str | None = None
    ) -> None:
        """`token`: the fingerprint of the token file the mark is made on (see below)."""
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO auth_dead (project, marked_at, detail) VALUES (?, ?, ?) "
                "ON CONFLICT (project) DO UPDATE SET marked_at = excluded.marked_at, "
                "detail = excluded.detail",
                (project, iso(at), detail),
            )
            if token is not None:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (DEAD_TOKEN_KEY + project, token),
                )

    def clear_auth_dead(self, project: str) -> None:
        with self.db.write() as conn:
            conn.execute("DELETE FROM auth_dead WHERE project = ?", (project,))

    def auth_dead(self, project: str, token: str | None = None) -> str | None:
        """Why a project's credentials are marked dead, or None. Given the fingerprint
        of its token file now (`token`), a mark made on another content is stale (the
        user fixed, replaced or removed the file): it is cleared, and the project is
        judged afresh on its next call."""
        row = self.db.one("SELECT detail FROM auth_dead WHERE project = ?", (project,))
        if row is None:
            return None
        marked = self.get_setting(DEAD_TOKEN_KEY + project)
        if token is not None and marked is not None and marked != token:
            self.clear_auth_dead(project)
            return None
        return str(row[0])

    # -- events ----------------------------------------------------------------------
    def record_rotation(
        self, from_project: str | None, to_project: str | None, reason: str, at: datetime
    ) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO rotation_events (ts, from_project, to_project, reason) "
                "VALUES (?, ?, ?, ?)",
                (iso(at), from_project, to_project, reason),
            )

    def _since(self, columns: str, table: str, since: datetime | None) -> list[Any]:
        """Rows of an event table from `since` on (all without it), oldest first."""
        query = f"SELECT {columns} FROM {table} WHERE ts >= ? ORDER BY id"
        return self.db.all(query, (iso(since) if since else "",))

    def rotations(self, since: datetime | None = None) -> list[RotationEvent]:
        rows = self._since("ts, from_project, to_project, reason", "rotation_events", since)
        return [RotationEvent(parse_iso(r[0]), r[1], r[2], r[3]) for r in rows]

    def record_failure(
        self,
        project: str,
        operation: str,
        status: int | None,
        reason: str | None,
        message: str,
        at: datetime,
        batch_id: str | None = None,
    ) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO failures (ts, project, operation, status, reason, message, "
                "batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (iso(at), project, operation, status, reason, message, batch_id),
            )

    def failures(self, since: datetime | None = None) -> list[Failure]:
        columns = "ts, project, operation, status, reason, message, batch_id"
        rows = self._since(columns, "failures", since)
        return [Failure(parse_iso(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    # -- settings ----------------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM settings WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def import_legacy_state(self, path: Path, now: datetime) -> int:
        """Carry today's exhaustion marks over from the earlier ytrix's
        `quota_state.json`, once. Returns how many projects were marked."""
        if self.get_setting("legacy_quota_state_imported") is not None or not path.exists():
            return 0
        marked = 0
        try:
            state: Any = json.loads(path.read_text(encoding="utf-8"))
            today = pacific_day(now).isoformat()
            for entry in state.get("projects", []):
                if entry.get("is_exhausted") and entry.get("last_reset_date") == today:
                    self.mark_exhausted(str(entry["name"]), now, "imported from quota_state.json")
                    marked += 1
        except (ValueError, AttributeError, KeyError, TypeError, OSError):
            pass  # a broken legacy file is just not imported
        self.set_setting("legacy_quota_state_imported", iso(now))
        return marked

    def close(self) -> None:
        self.db.close()
