"""Every test runs with its own YTRIX_HOME and HOME (nothing touches the real home),
and starts with every clock at the pinned instant (tests/helpers/clock.py)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.clock import pin_clocks
from tests.helpers.pg_server import PgServer, start_server

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
    monkeypatch.delenv("YTRIX_DATABASE_URL", raising=False)
    yield home


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One private PostgreSQL server for the session, started on first use. In CI a
    server that cannot start fails the tests that need it; locally they skip."""
    try:
        server = start_server()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests need a server: {exc}")
        pytest.skip(f"no PostgreSQL server here ({exc}); in CI this fails")
    yield server
    server.destroy()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh database of its own for one test."""
    from ytrix.storage.postgres import close_all

    name = f"t_{secrets.token_hex(6)}"
    url = pg_server.create_database(name)
    yield url
    close_all()  # this process's pools, before the database goes
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def state_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once per state backend: PostgreSQL through YTRIX_DATABASE_URL, which
    the CLI (in process or as a subprocess) picks up."""
    if request.param == "postgresql":
        monkeypatch.setenv("YTRIX_DATABASE_URL", request.getfixturevalue("pg_url"))
    return str(request.param)
