"""Exactly-once writes: every write is journaled as an intent before the call and an
outcome after it, in `state.db` next to the ledger.

`WriteJournal.run_once(key, perform, reconcile)`:
- a key already done returns its stored result without any call (re-runs are free);
- a key left as an intent (the process died mid-call) or a call whose outcome is
  ambiguous (409 ABORTED, 5xx, timeout after sending) is first reconciled by reading
  the target: if the effect is there it is recorded as done, else the write runs
  (again). So a kill -9 at any point and a re-run never duplicate a playlist or video.

Keys are deterministic names of the intended effect, chosen by the operation
(`copy:<job>:create`, `copy:<job>:insert:<video id>`), so a re-run of the same
command finds its own earlier work.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ytrix.core.clock import iso
from ytrix.core.errors import RequestFailed
from ytrix.core.store import Store

log = logging.getLogger(__name__)

MAX_AMBIGUOUS_RETRIES = 5

INTENT, DONE, FAILED = "intent", "done", "failed"


@dataclass(frozen=True)
class OpRecord:
    key: str
    job: str
    state: str
    params: dict[str, Any]
    result: Any
    error: str | None
    attempts: int


def job_key(kind: str, *parts: str) -> str:
    """A stable job name from what the command was asked to do."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"{kind}:{digest}"


class WriteJournal:
    def __init__(self, store: Store, on_ambiguous: Callable[[str], None] | None = None):
        self.db = store
        self._on_ambiguous = on_ambiguous or (lambda _key: None)

    # -- jobs -----------------------------------------------------------------------
    def start_job(self, job: str, kind: str, params: dict[str, Any]) -> None:
        stamp = iso(self.db.clock.now())
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO jobs (job, kind, params, state, created_at, updated_at) "
                "VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT (job) DO UPDATE "
                "SET state = 'running', updated_at = excluded.updated_at",
                (job, kind, json.dumps(params), stamp, stamp),
            )

    def finish_job(self, job: str, state: str, result: Any = None) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET state = ?, result = ?, updated_at = ? WHERE job = ?",
                (state, json.dumps(result), iso(self.db.clock.now()), job),
            )

    # -- operations -------------------------------------------------------------------
    def get(self, key: str) -> OpRecord | None:
        row = self.db.one(
            "SELECT key, job, state, params, result, error, attempts FROM write_ops WHERE key = ?",
            (key,),
        )
        return None if row is None else _record(row)

    def ops(self, job: str) -> list[OpRecord]:
        rows = self.db.all(
            "SELECT key, job, state, params, result, error, attempts FROM write_ops "
            "WHERE job = ? ORDER BY rowid",
            (job,),
        )
        return [_record(row) for row in rows]

    def _set(
        self,
        key: str,
        job: str,
        state: str,
        params: dict[str, Any],
        result: Any = None,
        error: str | None = None,
        attempt: bool = False,
    ) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO write_ops (key, job, state, params, result, error, attempts, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "state = excluded.state, result = excluded.result, error = excluded.error, "
                "attempts = write_ops.attempts + ?, updated_at = excluded.updated_at",
                (
                    key,
                    job,
                    state,
                    json.dumps(params),
                    json.dumps(result) if result is not None else None,
                    error,
                    1 if attempt else 0,
                    iso(self.db.clock.now()),
                    1 if attempt else 0,
                ),
            )

    def record_done(self, key: str, job: str, params: dict[str, Any], result: Any) -> None:
        """Record an effect found without a call (e.g. already present)."""
        self._set(key, job, DONE, params, result)

    def record_failed(self, key: str, job: str, params: dict[str, Any], error: str) -> None:
        self._set(key, job, FAILED, params, error=error)

    def run_once(
        self,
        key: str,
        job: str,
        params: dict[str, Any],
        perform: Callable[[], Any],
        reconcile: Callable[[], Any],
    ) -> Any:
        """Perform a write exactly once. `reconcile()` reads the target and returns
        the effect's result if it happened, else None."""
        record = self.get(key)
        if record is not None and record.state == DONE:
            return record.result
        if record is not None and record.state == INTENT:
            found = reconcile()
            if found is not None:
                log.info("journal: %s found done on reconcile", key)
                self._set(key, job, DONE, params, found)
                return found
        ambiguous_retries = 0
        while True:
            self._set(key, job, INTENT, params, attempt=True)
            try:
                result = perform()
            except RequestFailed as error:
                if not error.ambiguous:
                    self._set(key, job, FAILED, params, error=error.message)
                    raise
                self._on_ambiguous(key)
                found = reconcile()
                if found is not None:
                    self._set(key, job, DONE, params, found)
                    return found
                ambiguous_retries += 1
                if ambiguous_retries > MAX_AMBIGUOUS_RETRIES:
                    self._set(key, job, FAILED, params, error=error.message)
                    raise
                continue
            self._set(key, job, DONE, params, result)
            return result

    def close(self) -> None:
        self.db.close()


def _record(row: Any) -> OpRecord:
    return OpRecord(
        key=row["key"],
        job=row["job"],
        state=row["state"],
        params=json.loads(row["params"]),
        result=json.loads(row["result"]) if row["result"] is not None else None,
        error=row["error"],
        attempts=row["attempts"],
    )
