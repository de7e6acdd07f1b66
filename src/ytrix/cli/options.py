"""Options several commands share, declared once: how sources are read (`--source`,
the cookies for yt-dlp) and how playlists are written (`--privacy`, `--dry-run`,
`--dedup`)."""

from __future__ import annotations

from typing import Any

import click
import typer

from ytrix.sources.models import SourceMode
from ytrix.youtube.models import PRIVACIES

SOURCE_HELP = (
    "How to read sources: auto (the Data API, 1 unit per 50 videos; yt-dlp only when no "
    "project has units left for reads), api (never yt-dlp), ytdlp (yt-dlp, no quota)."
)
COOKIES = typer.Option(
    None,
    "--cookies",
    metavar="FILE",
    help="Cookies for yt-dlp (a Netscape cookies.txt of a browser signed in to YouTube): "
    "past the bot check, and your Watch later (WL). Default: [ytdlp] cookies in config.toml.",
)
COOKIES_FROM_BROWSER = typer.Option(
    None,
    "--cookies-from-browser",
    metavar="BROWSER[:PROFILE]",
    help="Let yt-dlp read YouTube cookies from this browser (firefox, chrome, "
    "'chrome:Profile 1', ...), as yt-dlp's own option of that name. Default: [ytdlp] "
    "cookies_from_browser in config.toml.",
)
PRIVACY_HELP = "Privacy of new playlists (default private: nothing is published by accident)."
DRY_RUN_HELP = "Show the plan and its exact quota cost; write nothing."
DEDUP_HELP = "Skip or update an own playlist that already has (most of) these videos."


def privacy_option(default: str | None = "private", extra: str = "") -> Any:
    """`--privacy`, its choices the API's own values."""
    return typer.Option(
        default, "--privacy", click_type=click.Choice(PRIVACIES), help=PRIVACY_HELP + extra
    )


SOURCE = typer.Option(SourceMode.AUTO, "--source", help=SOURCE_HELP)
DRY_RUN = typer.Option(False, "--dry-run", help=DRY_RUN_HELP)
DEDUP = typer.Option(True, "--dedup/--no-dedup", help=DEDUP_HELP)
