"""Quota cost of each Data API method, and what one executed request is charged.

Costs follow Google's table (list 1, insert/update/delete 50; every page is its own
request). Google: "All API requests, including invalid requests, incur a quota cost of
at least one point" (developers.google.com/youtube/data/determine_quota_cost); whether a
failed write costs 1 or its full cost is not documented, so the ledger takes the
conservative bound and never shows less than Google (platform-limits.md §4):

* a success costs the method's units;
* a refusal for quota (``quotaExceeded``, ``dailyLimitExceeded``) costs nothing;
* a rate-limited (429, ``rateLimitExceeded``) or unauthorized (401) request costs 1;
* any other error after the request reached YouTube, and a request lost in transport
  after it was sent, costs the method's full units.

ytemu charges by the same rule independently, which is how tests prove the ledger true.
"""

from __future__ import annotations

METHOD_COSTS: dict[str, int] = {
    "channels.list": 1,
    "playlists.list": 1,
    "playlists.insert": 50,
    "playlists.update": 50,
    "playlists.delete": 50,
    "playlistItems.list": 1,
    "playlistItems.insert": 50,
    "playlistItems.update": 50,
    "playlistItems.delete": 50,
    "videos.list": 1,
}

INSERT_COST = METHOD_COSTS["playlistItems.insert"]  # one video into a playlist

WRITE_METHODS = frozenset(
    m for m in METHOD_COSTS if m.rsplit(".", 1)[1] in {"insert", "update", "delete"}
)

# Refusals for quota: the project has nothing left to charge.
QUOTA_REFUSALS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
# Rate limits (with 429 and 401: the floor of one unit every request costs).
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def method_cost(method: str) -> int:
    try:
        return METHOD_COSTS[method]
    except KeyError:
        raise ValueError(f"no quota cost known for {method!r}") from None


def charged_units(method: str, status: int | None, reason: str | None, sent: bool = True) -> int:
    """Units one executed request costs, by its outcome.

    status None means a transport failure: `sent` tells whether the request left us
    (if it did, it may have run: the full cost, as for any other error).
    """
    cost = method_cost(method)
    if status is None:
        return cost if sent else 0
    if 200 <= status < 300:
        return cost
    if reason in QUOTA_REFUSALS:
        return 0
    if status in (401, 429) or reason in RATE_LIMIT_REASONS:
        return min(1, cost)
    return cost
