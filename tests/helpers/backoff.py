"""Retries in the tests do not sleep for real: the backoff is 100x shorter."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.01")
