"""`storage migrate --to URL`: move a machine's state into a shared PostgreSQL."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import app_context
from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console

storage_app = typer.Typer(
    help="Share the state between machines (PostgreSQL).",
    no_args_is_help=True,
)


class MigrateResult(Result):
    def render(self, console: Console) -> None:
        from rich.table import Table

        data = self.data
        table = Table(title=f"{data['source']} -> {data['target']}", title_justify="left")
        for name in ("table", "rows", "copied now", "in target"):
            table.add_column(name, justify="left" if name == "table" else "right")
        for row in data["tables"]:
            table.add_row(
                row["table"], f"{row['source']:,}", f"{row['copied']:,}", f"{row['found']:,}"
            )
        console.print(table)
        console.print(
            f"Copied {data['copied']:,} rows; every row is in the target. Set [storage] url "
            "in config.toml (or YTRIX_DATABASE_URL) on each machine to use it.",
            highlight=False,
        )


@storage_app.command("migrate")
def migrate(
    ctx: typer.Context,
    to: str = typer.Option(
        ..., "--to", metavar="URL", help="The PostgreSQL database: postgresql://user@host/db."
    ),
) -> None:
    """Copy this machine's SQLite state into PostgreSQL, verified."""
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
