"""How `storage migrate` looks: a row per table copied, then where to point each machine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console


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
