"""Fixtures for the ytemu tests (the `ytemu` fixture comes from tests/helpers/emulator.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ytemu.testing import RawClient, RunningEmulator


@pytest.fixture
def raw(ytemu: RunningEmulator) -> RawClient:
    return RawClient(ytemu)


@pytest.fixture
def yt(ytemu: RunningEmulator) -> Any:
    return ytemu.youtube("demo-main")
