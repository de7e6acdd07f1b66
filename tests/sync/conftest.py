"""Sync tests run the real CLI against ytemu; retries wait 100x shorter."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.01")
