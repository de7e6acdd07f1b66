"""Quota cost of each Data API method, and what one executed request is charged.

Costs follow Google's table (list 1, insert/update/delete 50; every page is its own
request). The charging rule mirrors how the quota is spent: a success costs the
method's units; a request rejected for quota, rate or authentication costs nothing;
any other error (the backend processed it) costs 1 unit. ytemu charges by the same
rule independently, which is how tests prove the ledger true.
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

WRITE_METHODS = frozenset(
    m for m in METHOD_COSTS if m.rsplit(".", 1)[1] in {"insert", "update", "delete"}
)

# Outcomes rejected before the backend does any work.
FREE_REJECTIONS = frozenset(
    {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded"}
)


def method_cost(method: str) -> int:
    try:
        return METHOD_COSTS[method]
    except KeyError:
        raise ValueError(f"no quota cost known for {method!r}") from None


def charged_units(method: str, status: int | None, reason: str | None, sent: bool = True) -> int:
    """Units one executed request costs, by its outcome.

    status None means a transport failure: `sent` tells whether the request left us.
    """
    if status is None:
        return 1 if sent else 0
    if 200 <= status < 300:
        return method_cost(method)
    if status in (401, 429) or reason in FREE_REJECTIONS:
        return 0
    return 1
