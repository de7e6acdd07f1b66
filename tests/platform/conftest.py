"""Platform-limit tests run the real CLI against ytemu; retries wait 100x shorter (an
autouse fixture of tests/helpers) and a wait for a reset ends 1 s after it."""

from __future__ import annotations

import pytest

from tests.helpers.backoff import fast_backoff  # noqa: F401 (an autouse fixture)


@pytest.fixture(autouse=True)
def short_wait_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YTRIX_WAIT_MARGIN", "1")
