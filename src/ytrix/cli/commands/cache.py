"""`cache_stats` and `cache_clear`: the read cache (`cache.db`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ytrix.cli.context import app_context
from ytrix.cli.io import Result

if TYPE_CHECKING:
    pass


def cache_stats(ctx: typer.Context) -> None:
    """Show the read cache: rows, valid rows, file size."""
    from ytrix.cli.views.cache import CacheStatsResult
    from ytrix.sources.cache import TABLES, ReadCache

    app = app_context(ctx)
    path = app.paths.cache_db
    if not path.exists():
        empty = {name: {"total": 0, "valid": 0} for name in TABLES}
        data: dict[str, Any] = {"path": str(path), "size_bytes": 0, "tables": empty}
    else:
        cache = ReadCache(path, app.clock, notices=app.io)
        try:
            data = cache.stats()
        finally:
            cache.close()
    app.io.emit(CacheStatsResult(data=data))


def cache_clear(
    ctx: typer.Context,
    expired_only: bool = typer.Option(False, "--expired-only", help="Only drop expired rows."),
) -> None:
    """Empty the read cache (or only what has expired)."""
    from ytrix.sources.cache import TABLES, ReadCache

    app = app_context(ctx)
    path = app.paths.cache_db
    if path.exists():
        cache = ReadCache(path, app.clock, notices=app.io)
        try:
            deleted = cache.clear(expired_only=expired_only)
        finally:
            cache.close()
    else:
        deleted = dict.fromkeys(TABLES, 0)
    total = sum(deleted.values())
    what = "expired cache rows" if expired_only else "cache rows"
    data = {"deleted": total, "by_table": deleted, "expired_only": expired_only}
    app.io.emit(Result(data=data, lines=[f"Deleted {total:,} {what}"]))


def register(app: typer.Typer) -> None:
    app.command("cache_stats")(cache_stats)
    app.command("cache_clear")(cache_clear)
