"""How `cache_stats` looks: a row per cache table, then the file's size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console


class CacheStatsResult(Result):
    def render(self, console: Console) -> None:
        from ytrix.cli.views.tables import Column, footer, show_table

        data = self.data
        columns = [
            Column("table", whole=True),
            Column("rows", justify="right", whole=True),
            Column("valid", justify="right", whole=True),
        ]
        rows = [
            [name, f"{counts['total']:,}", f"{counts['valid']:,}"]
            for name, counts in data["tables"].items()
        ]
        show_table(console, columns, rows, f"Cache {data['path']}")
        footer(console, f"Size: {data['size_bytes'] / 1_000_000:.2f} MB")
