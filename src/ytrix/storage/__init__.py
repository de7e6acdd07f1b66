"""The state interface: the ledger, the write journal and the batch store on one of
two backends, SQLite (a file per profile, the default) or PostgreSQL (shared by
several machines: `[storage] url` or YTRIX_DATABASE_URL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.core.store import Store

if TYPE_CHECKING:
    from ytrix.core.clock import Clock
    from ytrix.core.paths import Paths


def state_exists(paths: Paths) -> bool:
    """Whether there is state to read: always with a PostgreSQL URL (the server has
    it), else when the profile's `state.db` exists (reading must not create it)."""
    from ytrix.storage.url import configured_url

    url, _source = configured_url(paths.config_file)
    return url is not None or paths.state_db.exists()


def open_state(paths: Paths, clock: Clock) -> Store:
    """The state database of a profile: PostgreSQL when a URL is configured (psycopg
    is imported only then), else the profile's `state.db`."""
    from ytrix.storage.url import configured_url, retry_seconds, schema_for

    url, _source = configured_url(paths.config_file)
    if url is None:
        from ytrix.storage.sqlite import SqliteStore

        return SqliteStore(paths.state_db, clock)
    from ytrix.storage.postgres import shared

    return shared(url, clock, schema_for(paths.user), retry_seconds(paths.config_file))


__all__ = ["Store", "open_state", "state_exists"]
