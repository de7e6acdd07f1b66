"""Shared helpers for the reporting tests: retries do not sleep, tables are read as
plain text (NO_COLOR, wide COLUMNS: set by the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.01")
    yield


def table_row(text: str, name: str) -> str:
    """The table line whose name column is `name`."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if name in cells:
            return line
    raise AssertionError(f"no row for {name!r} in:\n{text}")
