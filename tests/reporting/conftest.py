"""Shared helpers for the reporting tests: retries do not sleep, tables are read as
tab-separated rows (captured stdout is not a terminal)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.01")
    yield


def table_row(text: str, name: str) -> str:
    """The row whose name column is `name`: captured stdout is no terminal, so tables
    are tab-separated rows of full values."""
    for line in text.splitlines():
        if name in line.split("\t"):
            return line
    raise AssertionError(f"no row for {name!r} in:\n{text}")
