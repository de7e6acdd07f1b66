"""Typed results become JSON by naming their fields once."""

from __future__ import annotations

from typing import Any


def pick(obj: object, names: str) -> dict[str, Any]:
    """`{name: obj.name}` for each space-separated name, in order (fields or properties)."""
    return {name: getattr(obj, name) for name in names.split()}
