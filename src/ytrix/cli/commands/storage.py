"""`storage migrate --to URL`: move a machine's state into a shared PostgreSQL."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import app_context

if TYPE_CHECKING:
    pass

storage_app = typer.Typer(
    help="Share the state between machines (PostgreSQL).",
    no_args_is_help=True,
)


@storage_app.command("migrate")
def migrate(
    ctx: typer.Context,
    to: str = typer.Option(
        ..., "--to", metavar="URL", help="The PostgreSQL database: postgresql://user@host/db."
    ),
) -> None:
    """Copy this machine's SQLite state into PostgreSQL, verified."""
    from ytrix.cli.views.storage import MigrateResult
    from ytrix.storage.migrate import migrate_state

    app = app_context(ctx)
    report = migrate_state(app.paths, to, app.clock)
    data = {
        "source": report.source,
        "target": report.target,
        "copied": report.copied,
        "tables": [asdict(t) for t in report.tables],
    }
    app.io.emit(MigrateResult(data=data))


def register(app: typer.Typer) -> None:
    app.add_typer(storage_app, name="storage")
