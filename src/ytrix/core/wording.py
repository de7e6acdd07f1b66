"""How quota amounts read: `1 unit`, `2,300 units` (never `1 units`)."""

from __future__ import annotations


def units(count: int) -> str:
    return f"{count:,} unit" if count == 1 else f"{count:,} units"
