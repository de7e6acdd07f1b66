"""Tables read as plain text (NO_COLOR, wide COLUMNS: set by the root conftest)."""

from __future__ import annotations


def table_row(text: str, name: str) -> str:
    """The table line whose name column is `name`."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if name in cells:
            return line
    raise AssertionError(f"no row for {name!r} in:\n{text}")
