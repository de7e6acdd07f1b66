"""How a command reads YouTube, settled before any work: `--source` (the Data API or
yt-dlp) and the cookies for yt-dlp (`--cookies` / `--cookies-from-browser` replace
`[ytdlp]`'s cookie keys for this run and reach yt-dlp as its own `cookiefile` /
`cookiesfrombrowser` options); then the use case's dependencies built for those reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ytrix.cli.context import AppContext
from ytrix.sources.models import SourceMode

if TYPE_CHECKING:
    from ytrix.copy.target import Deps


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
    from ytrix.sources.reader import check_sources

    config = app.config()
    settings = with_cookies(config.ytdlp if config else YtdlpConfig(), cookies, from_browser)
    check(settings)
    check_sources(sources, SourceMode(mode), settings)
    app.ytdlp = settings


@dataclass(frozen=True)
class Reads:
    """How this command reads its sources: `--source`, the cookies for yt-dlp, and
    the sources themselves (checked before any work: WL needs cookies)."""

    source: SourceMode
    cookies: Path | None
    from_browser: str | None
    playlist_ids: Sequence[str] = ()


def deps_for(app: AppContext, reads: Reads) -> Deps:
    """The pool, readers and progress bars a playlist use case runs with, after the
    reads are checked (exit 2 before any work)."""
    from ytrix.cli.views.progress import bars
    from ytrix.copy.target import Deps

    use_cookies(app, reads.cookies, reads.from_browser, reads.playlist_ids, reads.source.value)
    pool = app.pool()
    return Deps.build(pool, app.paths, pool.profile.api, reads.source, bars(app.io))
