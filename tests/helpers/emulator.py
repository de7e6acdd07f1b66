"""The ytemu fixtures, registered for every test by ``tests/conftest.py`` (they live
with the tests, not in the installed package, which does not depend on pytest).

* ``ytemu``: a fresh :class:`ytemu.testing.RunningEmulator` per test, seeded with
  ``demo`` unless the test says otherwise with
  ``@pytest.mark.ytemu(seed=None, playlist_capacity=3, ...)`` (keywords of
  :func:`ytemu.testing.start_emulator`).
* ``ytemu_factory``: ``ytemu_factory(seed=..., **opts)`` starts more emulators; all are
  stopped at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ytemu.testing import RunningEmulator, start_emulator


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "ytemu(**opts): options for the ytemu fixture (seed=..., settings...)"
    )


@pytest.fixture
def ytemu_factory() -> Iterator[Callable[..., RunningEmulator]]:
    started: list[RunningEmulator] = []

    def factory(seed: str | None = "demo", **opts: Any) -> RunningEmulator:
        emu = start_emulator(seed, **opts)
        started.append(emu)
        return emu

    yield factory
    for emu in started:
        emu.stop()


@pytest.fixture
def ytemu(
    request: pytest.FixtureRequest, ytemu_factory: Callable[..., RunningEmulator]
) -> RunningEmulator:
    marker = request.node.get_closest_marker("ytemu")
    opts: dict[str, Any] = dict(marker.kwargs) if marker else {}
    seed = opts.pop("seed", "demo")
    return ytemu_factory(seed, **opts)
