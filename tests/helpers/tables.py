"""Tables as the tests read them: captured stdout is no terminal, so a table arrives
as tab-separated rows of whole values (cli/views/tables.py)."""

from __future__ import annotations


def table_row(text: str, name: str) -> str:
    """The row with a cell equal to `name`."""
    for line in text.splitlines():
        if name in line.split("\t"):
            return line
    raise AssertionError(f"no row for {name!r} in:\n{text}")
