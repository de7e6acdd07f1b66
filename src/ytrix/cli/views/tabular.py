"""Rows as text for spreadsheets and scripts: CSV (RFC 4180, with a header), TSV or
JSON Lines (one object a line, keyed by the column names). In CSV and TSV a control
character inside a value (a tab, a line break) is shown escaped, as everywhere in
ytrix's output."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console


class TableFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"


FORMAT_HELP = (
    "Print rows for spreadsheets instead of a table: csv, tsv or jsonl "
    "(--json-output still prints one JSON document)."
)


def _cell(value: Any) -> str:
    """A value as text; control characters from YouTube shown escaped (`\\t`, `\\x1b`),
    so no cell breaks a row or reaches a terminal raw (JSON Lines escapes its own)."""
    from ytrix.cli.console import printable

    return "" if value is None else printable(str(value))


def format_rows(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: TableFormat) -> str:
    import csv  # imported when rows are printed: `ytrix --help` does not pay for it
    import io
    import json

    if fmt is TableFormat.jsonl:
        return "".join(
            json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n" for row in rows
        )
    out = io.StringIO()
    if fmt is TableFormat.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
        return out.getvalue()
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


class RowsResult(Result):
    """Rows on stdout exactly as formatted (no wrapping, no markup); the JSON document
    with --json-output."""

    def __init__(self, data: Any, text: str):
        super().__init__(data=data)
        self.text = text

    def render(self, console: Console) -> None:
        import sys

        sys.stdout.write(self.text)
        sys.stdout.flush()
