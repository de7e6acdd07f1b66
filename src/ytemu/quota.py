"""YouTube quota: cost table, charging policy and the per-project, per-Pacific-day ledger.

Charging policy (ytrix replicates it exactly; tests compare totals):

* 2xx response: the method's full cost (every page is its own request and costs again).
* 403 ``quotaExceeded``, 403 ``rateLimitExceeded``/``userRateLimitExceeded``, any 429,
  and any 401: **0 units**.
* Any other error response (400, other 403s, 404, 409, 5xx -- injected ones included, also
  "409 ABORTED with the write applied") and a connection dropped or hung by fault
  injection: **1 unit**.
* Before running, a metered request is rejected with 403 ``quotaExceeded`` (0 units) when
  ``used + cost > limit``.  ``used`` is the project's total for the current Pacific day
  (America/Los_Angeles, DST-aware) on the emulator clock, so it resets at local midnight.

Only routes registered with a ``cost`` are metered (the YouTube Data API); OAuth, admin and
Cloud routes are not.
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

#: 403 reasons that cost nothing.
FREE_403_REASONS = frozenset({"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded"})


def cost_of(api_method: str) -> int:
    return COSTS.get(api_method, 1)


def is_write(api_method: str) -> bool:
    return api_method.rsplit(".", 1)[-1] in {"insert", "update", "delete", "rate"}


def charge(cost: int, status: int, reason: str | None) -> int:
    """Units charged for a response with ``status``/``reason`` (status 0 = dropped/hung)."""
    if 200 <= status < 300:
        return cost
    if status in (401, 429):
        return 0
    if status == 403 and reason in FREE_403_REASONS:
        return 0
    return 1


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
