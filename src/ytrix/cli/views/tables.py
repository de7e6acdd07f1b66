"""Every table ytrix prints: a rich table when stdout is a terminal, and tab-separated
rows of full values when it is not (a pipe, a file), like gh — so `ytrix ls | cut -f1`
gets whole playlist IDs, never `PL3KNs4vell…`. Cells are plain text: a title holding
`[bold]` or an escape sequence is shown as written, escaped, never acted on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ytrix.cli.console import printable, stderr_beside

if TYPE_CHECKING:
    from rich.console import Console

# A cell: its text, or (text, rich style) for colour on a terminal.
Cell = str | tuple[str, str]


@dataclass(frozen=True)
class Column:
    header: str
    justify: Literal["left", "right"] = "left"
    whole: bool = False  # IDs, names, numbers: never cut or folded on a terminal
    visual: bool = False  # a drawing (a usage bar): left out of the piped rows


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def tsv_rows(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> list[str]:
    """The piped form: no header, no title, one line per row, tabs between full values
    (a tab or line feed inside a value is escaped, so the columns always line up)."""
    keep = [i for i, column in enumerate(columns) if not column.visual]
    return ["\t".join(printable(_text(row[i])) for i in keep) for row in rows]


def show_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    title: str | None = None,
) -> None:
    if not console.is_terminal:
        console.file.write("".join(f"{line}\n" for line in tsv_rows(columns, rows)))
        console.file.flush()
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(printable(title)) if title else None, title_justify="left")
    for index, column in enumerate(columns):
        widest = max((len(printable(_text(row[index]))) for row in rows), default=0)
        table.add_column(
            column.header,
            justify=column.justify,
            no_wrap=column.whole,
            min_width=max(widest, len(column.header)) if column.whole else None,
            overflow="fold",
        )
    for row in rows:
        cells = []
        for cell in row:
            text, style = (cell, "") if isinstance(cell, str) else cell
            cells.append(Text(printable(text), style=style))
        table.add_row(*cells)
    console.print(table)


def footer(console: Console, text: str) -> None:
    """A line that explains a table (a legend, a note): under the table on a terminal;
    on stderr when stdout is piped, so the rows stay pure data."""
    target = console if console.is_terminal else stderr_beside(console)
    target.print(text, markup=False, highlight=False)
