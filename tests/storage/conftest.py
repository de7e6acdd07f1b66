from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.clock import ytrix_clock
from tests.helpers.pg_server import PgServer, start_server
from ytrix.storage import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The state store on each backend: a fresh SQLite file, a fresh PostgreSQL database."""
    if request.param == "sqlite":
        from ytrix.storage.sqlite import SqliteStore

        sqlite_store = SqliteStore(tmp_path / "state.db", ytrix_clock())
        yield sqlite_store
        sqlite_store.close()
        return
    from ytrix.storage.postgres import shared

    url = request.getfixturevalue("pg_url")
    yield shared(url, ytrix_clock(), "public", 5.0)


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    """A server of the test's own, to stop and start under a running ytrix."""
    try:
        server = start_server()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    server.destroy()
