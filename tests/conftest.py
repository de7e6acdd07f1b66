"""Every test runs with its own YTRIX_HOME and HOME (nothing touches the real home),
and starts with every clock at the pinned instant (tests/helpers/clock.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.clock import pin_clocks

# Fixture modules shared by every test folder (`ytemu`, `ytemu_factory`).
pytest_plugins = ["tests.helpers.emulator"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "ytrix-home"
    monkeypatch.setenv("YTRIX_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    pin_clocks(monkeypatch)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    yield home
