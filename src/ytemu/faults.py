"""Fault injection rules, applied uniformly to every routed API method.

A rule (JSON / ``FaultRule``) matches a call by

* ``method``: glob on the api method name (``"youtube.playlistItems.*"``; default ``"*"``),
* ``project``: glob on the caller's project (``None`` = any),
* ``playlist_id``: exact playlist id found in the query (``playlistId``, or ``id`` for
  ``*.playlists.*``, or the playlist of the item ``id`` for ``*.playlistItems.*``) or in
  the JSON body (``snippet.playlistId``, or ``id`` for playlists),

and then decides whether to fire on this matching call (each rule counts its own matching
calls, 1-based ``seen``):

* ``nth``: only on call number ``nth``; ``every``: on every ``every``-th call;
* ``first``: on calls ``1..first``; ``probability``: with this chance, drawn from a
  ``random.Random(seed)`` private to the rule (deterministic);
* ``times``: fire at most this many times in total.  With no condition it always fires.

Actions (``action``):

* ``"error"``: answer ``status`` with Google's body for ``reason`` (429 ->
  RESOURCE_EXHAUSTED; 403 rateLimitExceeded/userRateLimitExceeded/quotaExceeded/
  forbidden/playlistItemsNotAccessible; 409 -> ABORTED; 500 backendError; 503
  UNAVAILABLE; anything else -> a generic envelope).
  With ``apply_write`` the real handler runs first and its response is discarded.
* ``"latency"``: sleep ``latency_ms`` before handling (combines with other rules).
* ``"drop"``: close the socket without a response (``graceful`` false -> TCP RST, which
  httplib2 surfaces as ``ConnectionResetError``; true -> clean FIN, which httplib2
  silently retries once).  ``apply_write`` runs the handler first.
* ``"hang"``: hold the connection ``hang_seconds`` then close it (RST), optionally after
  applying the write.

Rules are evaluated in order after authentication and before the quota check; every
matching rule counts the call, latency adds up and the first firing terminal rule wins.
"""

from __future__ import annotations

import fnmatch
import random
from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("error", "latency", "drop", "hang")


@dataclass
class FaultRule:
    id: int = 0
    method: str = "*"
    project: str | None = None
    playlist_id: str | None = None
    nth: int | None = None
    every: int | None = None
    first: int | None = None
    probability: float | None = None
    seed: int = 0
    times: int | None = None
    action: str = "error"
    status: int = 500
    reason: str | None = None
    apply_write: bool = False
    graceful: bool = False
    latency_ms: int = 0
    hang_seconds: float = 1.0
    seen: int = 0
    fired: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; expected one of {ACTIONS}")
        self._rng = random.Random(self.seed)

    def matches(self, method: str, project: str | None, playlist_id: str | None) -> bool:
        if not fnmatch.fnmatchcase(method, self.method):
            return False
        if self.project is not None and not fnmatch.fnmatchcase(project or "", self.project):
            return False
        return self.playlist_id is None or self.playlist_id == playlist_id

    def should_fire(self) -> bool:
        """Count one matching call and decide (updates ``seen``/``fired``)."""
        self.seen += 1
        fire = True
        if self.nth is not None:
            fire = fire and self.seen == self.nth
        if self.every is not None:
            fire = fire and self.every > 0 and self.seen % self.every == 0
        if self.first is not None:
            fire = fire and self.seen <= self.first
        if self.probability is not None:
            fire = (self._rng.random() < self.probability) and fire
        if self.times is not None:
            fire = fire and self.fired < self.times
        if fire:
            self.fired += 1
        return fire

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if not k.startswith("_")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        allowed = {k for k in cls.__dataclass_fields__ if not k.startswith("_")}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown fault rule fields: {sorted(unknown)}")
        return cls(**data)


@dataclass
class FaultDecision:
    """What the matching rules decided for one call."""

    latency_ms: int = 0
    terminal: FaultRule | None = None


class FaultBook:
    """The ordered rule list (callers hold the world lock)."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._next_id = 1

    def add(self, rule: FaultRule) -> FaultRule:
        rule.id = self._next_id
        self._next_id += 1
        self.rules.append(rule)
        return rule

    def remove(self, rule_id: int) -> bool:
        before = len(self.rules)
        self.rules = [r for r in self.rules if r.id != rule_id]
        return len(self.rules) != before

    def clear(self) -> None:
        self.rules.clear()

    def decide(self, method: str, project: str | None, playlist_id: str | None) -> FaultDecision:
        decision = FaultDecision()
        for rule in self.rules:
            if not rule.matches(method, project, playlist_id) or not rule.should_fire():
                continue
            if rule.action == "latency":
                decision.latency_ms += rule.latency_ms
            elif decision.terminal is None:
                decision.terminal = rule
                decision.latency_ms += rule.latency_ms
        return decision

    def to_list(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.rules]

    def load(self, rules: list[dict[str, Any]]) -> None:
        self.rules = []
        for data in rules:
            rule = FaultRule.from_dict(data)
            self.rules.append(rule)
            self._next_id = max(self._next_id, rule.id + 1)
