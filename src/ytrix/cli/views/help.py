"""`ytrix --help`: the commands grouped into panels in the order a user meets them,
the short aliases beside the names they stand for, and one paragraph on the names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer.core

if TYPE_CHECKING:
    import click

# The names follow the earlier ytrix: a plist is any playlist, an mlist one of mine.
NAMES = (
    "Names: a plist is any playlist (yours or anyone's), an mlist one of your own; "
    "a plural means many. plist2mlist (copy) copies one playlist into yours, "
    "plists2mlist (merge) merges many into one, plist2mlists (split) splits one into "
    "many, plists2mlists (batch) copies many, one to one."
)

ALIASES = {
    "copy": "plist2mlist",
    "merge": "plists2mlist",
    "split": "plist2mlists",
    "batch": "plists2mlists",
}

# Panels in order; a command in none of them lands in "Other" (a panel with no
# registered command is not shown).
PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Playlists",
        ("ls", "plist2mlist", "plists2mlist", "plist2mlists", "cache_stats", "cache_clear"),
    ),
    ("Batches", ("plists2mlists", "journal_status")),
    ("YAML", ("mlists2yaml", "mlist2yaml", "yaml2mlists", "yaml2mlist")),
    (
        "Projects and quota",
        ("projects", "projects_auth", "projects_select", "projects_add", "quota_status"),
    ),
    ("Google Cloud", ("gcp_inventory", "gcp_clone", "gcp_init", "gcp_guide")),
    ("Subtitles", ("plist2info", "plists2info")),
    ("Other", ()),
)


def panel_of(name: str) -> str:
    for panel, names in PANELS:
        if name in names:
            return panel
    return "Other"


def aliases_of(name: str) -> list[str]:
    return [alias for alias, target in ALIASES.items() if target == name]


def label(name: str) -> str:
    """`plist2mlist, copy`: the name as the command list shows it."""
    return ", ".join([name, *aliases_of(name)])


def panels(group: click.Group, ctx: click.Context) -> list[tuple[str, list[str]]]:
    """The visible commands of `group`, by panel, in the panels' order."""
    visible = [
        name
        for name in group.list_commands(ctx)
        if (command := group.get_command(ctx, name)) is not None and not command.hidden
    ]
    grouped: list[tuple[str, list[str]]] = []
    for panel, _names in PANELS:
        members = [name for name in visible if panel_of(name) == panel]
        order = {name: index for index, name in enumerate(_names)}
        members.sort(key=lambda name: order.get(name, len(order)))
        if members:
            grouped.append((panel, members))
    return grouped


class PanelGroup(typer.core.TyperGroup):
    """The root command: its command list is shown in panels."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        grouped = panels(self, ctx)
        if not grouped:
            return
        width = max(len(label(name)) for _panel, names in grouped for name in names)
        limit = formatter.width - 6 - width
        for panel, names in grouped:
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                assert command is not None
                rows.append((label(name), command.get_short_help_str(limit)))
            with formatter.section(panel):
                formatter.write_dl(rows)
