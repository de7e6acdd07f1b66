"""YouTube quota: cost table, charging policy and the per-project, per-Pacific-day ledger.

Charging policy (ytrix's ``youtube/costs.py`` mirrors it independently; tests compare
totals). Google: "All API requests, including invalid requests, incur a quota cost of
at least one point" (developers.google.com/youtube/data/determine_quota_cost); whether a
failed write costs 1 or its full cost is not documented, so errors take the
conservative bound (platform-limits.md §4):

* 2xx response: the method's full cost (every page is its own request and costs again).
* A refusal for quota (403 ``quotaExceeded``/``dailyLimitExceeded``): **0 units** -- the
  project has nothing left to charge.
* Rate-limited (any 429, 403 ``rateLimitExceeded``/``userRateLimitExceeded``) or
  unauthorized (401): **1 unit**, the floor Google states for every request.
* Any other error after the request reached YouTube (400, other 403s, 404, 409, 5xx --
  injected ones included, also "409 ABORTED with the write applied") and a connection
  dropped or hung by fault injection: **the method's full cost**.
* Before running, a metered request is rejected with 403 ``quotaExceeded`` (0 units) when
  ``used + cost > limit``.  ``used`` is the project's total for the current Pacific day
  (America/Los_Angeles, DST-aware) on the emulator clock, so it resets at local midnight.

A 401 is charged to the project of the token's OAuth client when the token is known
(expired or revoked); a token the emulator never issued names no project and costs
nothing anywhere.  Only routes registered with a ``cost`` are metered (the YouTube Data
API); OAuth, admin and Cloud routes are not.
"""

from __future__ import annotations

from typing import Any

#: Units per call, from the official table (reference §1).
COSTS: dict[str, int] = {
    "youtube.channels.list": 1,
    "youtube.channels.update": 50,
    "youtube.playlists.list": 1,
    "youtube.playlists.insert": 50,
    "youtube.playlists.update": 50,
    "youtube.playlists.delete": 50,
    "youtube.playlistItems.list": 1,
    "youtube.playlistItems.insert": 50,
    "youtube.playlistItems.update": 50,
    "youtube.playlistItems.delete": 50,
    "youtube.videos.list": 1,
    "youtube.videos.insert": 1600,
    "youtube.videos.update": 50,
    "youtube.videos.delete": 50,
    "youtube.videos.rate": 50,
    "youtube.videos.getRating": 1,
    "youtube.search.list": 100,
    "youtube.subscriptions.list": 1,
    "youtube.captions.list": 50,
}

#: Refusals for quota: nothing left to charge.
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
#: 403 reasons of a rate limit (429 is always one).
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def cost_of(api_method: str) -> int:
    return COSTS.get(api_method, 1)


def is_write(api_method: str) -> bool:
    return api_method.rsplit(".", 1)[-1] in {"insert", "update", "delete", "rate"}


def charge(cost: int, status: int, reason: str | None) -> int:
    """Units charged for a response with ``status``/``reason`` (status 0 = dropped/hung)."""
    if 200 <= status < 300:
        return cost
    if status == 403 and reason in QUOTA_REASONS:
        return 0
    if status in (401, 429) or (status == 403 and reason in RATE_LIMIT_REASONS):
        return min(1, cost)
    return cost


class QuotaLedger:
    """Units used per project per Pacific day, split by api method. Not thread-safe by
    itself: callers hold the world lock."""

    def __init__(self) -> None:
        # project -> day (ISO) -> method -> units
        self.usage: dict[str, dict[str, dict[str, int]]] = {}
        # project -> minute index -> writes (not persisted)
        self.minute_writes: dict[str, dict[int, int]] = {}

    def used(self, project: str, day: str) -> int:
        return sum(self.usage.get(project, {}).get(day, {}).values())

    def by_method(self, project: str, day: str) -> dict[str, int]:
        return dict(self.usage.get(project, {}).get(day, {}))

    def add(self, project: str, day: str, method: str, units: int) -> None:
        if units <= 0:
            self.usage.setdefault(project, {}).setdefault(day, {}).setdefault(method, 0)
            return
        per_day = self.usage.setdefault(project, {}).setdefault(day, {})
        per_day[method] = per_day.get(method, 0) + units

    def writes_in_minute(self, project: str, minute: int) -> int:
        return self.minute_writes.get(project, {}).get(minute, 0)

    def count_write(self, project: str, minute: int) -> None:
        per = self.minute_writes.setdefault(project, {})
        for old in [m for m in per if m < minute - 5]:
            del per[old]
        per[minute] = per.get(minute, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        return {"usage": self.usage}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuotaLedger:
        ledger = cls()
        usage = data.get("usage", {})
        ledger.usage = {
            str(p): {str(d): {str(m): int(u) for m, u in ms.items()} for d, ms in days.items()}
            for p, days in usage.items()
        }
        return ledger
