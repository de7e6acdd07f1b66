"""`--cookies` and `--cookies-from-browser`, on every command that may read YouTube
through yt-dlp: they replace `[ytdlp]`'s cookie keys for this run and reach yt-dlp as
its own `cookiefile` / `cookiesfrombrowser` options."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import typer

from ytrix.cli.context import AppContext

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


def use_cookies(
    app: AppContext,
    cookies: Path | None,
    from_browser: str | None,
    sources: Iterable[str] = (),
    mode: str = "auto",
) -> None:
    """Settle this run's yt-dlp settings: exit 2 before any work for a missing cookie
    file, an unknown browser, or a source they cannot read (WL without cookies)."""
    from ytrix.core.config import YtdlpConfig
    from ytrix.sources.access import check, with_cookies
    from ytrix.sources.models import SourceMode
    from ytrix.sources.reader import check_sources

    config = app.config()
    settings = with_cookies(config.ytdlp if config else YtdlpConfig(), cookies, from_browser)
    check(settings)
    check_sources(sources, SourceMode(mode), settings)
    app.ytdlp = settings
