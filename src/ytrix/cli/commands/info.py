"""`plist2info` and `plists2info`: subtitles, clean transcripts and metadata for whole
playlists, via yt-dlp (no API quota). The work is in ytrix.info."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ytrix.cli.context import AppContext, app_context
from ytrix.cli.options import COOKIES, COOKIES_FROM_BROWSER
from ytrix.cli.reads import use_cookies
from ytrix.core.errors import ExitCode, UsageError, YtrixError

if TYPE_CHECKING:
    from ytrix.cli.views.info import InfoResult
    from ytrix.info.records import PlaylistOutcome
    from ytrix.info.run import InfoOptions

OUTPUT = typer.Option(
    None, "--output", "-o", metavar="DIR", help="Where the playlist folders go [default: .]"
)
LANGS = typer.Option(
    None,
    "--langs",
    metavar="CODES",
    help="Languages to fetch, by family (en takes en, en-US, en-GB): 'en,de'. Default: the "
    "manual tracks plus the original-language automatic track, no machine translations.",
)
MAX_LANGUAGES = typer.Option(5, "--max-languages", min=1, metavar="N", help="At most N per video.")
TIMESTAMPS = typer.Option(
    None,
    "--timestamps",
    min=1,
    metavar="N",
    help="One paragraph per N seconds, each with a [H:MM:SS] mark (default: paragraphs "
    "break at pauses, no marks).",
)
MAX_WAIT = 3600.0  # seconds: a longer pause would overflow the sleep (inf) or never end


def _finite(value: float) -> float:
    """`nan` passes click's range check (every comparison with it is false)."""
    if math.isnan(value):
        raise typer.BadParameter("must be a number of seconds, not nan")
    return value


DELAY = typer.Option(
    1.0,
    "--delay",
    min=0.0,
    max=MAX_WAIT,
    callback=_finite,
    metavar="S",
    help="Seconds between videos (doubles after a rate limit).",
)
BACKOFF = typer.Option(
    30.0,
    "--backoff",
    min=0.0,
    max=MAX_WAIT,
    callback=_finite,
    metavar="S",
    envvar="YTRIX_INFO_BACKOFF",
    help="First pause after a rate limit (HTTP 429 / bot check), doubling per retry, 5 retries.",
)
JOBS = typer.Option(1, "--jobs", "-j", min=1, max=16, metavar="N", help="Playlists at a time.")


def _options(
    app: AppContext,
    output: Path | None,
    langs: str | None,
    max_languages: int,
    timestamps: int | None,
    delay: float,
    backoff: float,
    jobs: int = 1,
) -> InfoOptions:
    from ytrix.info.languages import LanguageRequest, parse_langs
    from ytrix.info.run import InfoOptions
    from ytrix.sources.access import ytdlp_params
    from ytrix.sources.ytdlp import endpoint_for

    folder = (output or Path.cwd()).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is not a directory", "Give a directory path.")
    assert app.ytdlp is not None  # use_cookies ran first
    return InfoOptions(
        output=folder,
        request=LanguageRequest(parse_langs(langs), max_languages),
        timestamps=timestamps,
        delay=delay,
        backoff=backoff,
        endpoint=endpoint_for(app.config()),
        jobs=jobs,
        ytdlp_params=ytdlp_params(app.ytdlp),
    )


def _run(app: AppContext, sources: list[str], options: InfoOptions) -> list[PlaylistOutcome]:
    from ytrix.cli.views.info import reporter
    from ytrix.info.run import run_playlists

    with reporter(app.io) as shown:
        return run_playlists(sources, options, shown, notice=app.io.notice)


def _finish(app: AppContext, result: InfoResult, outcomes: list[PlaylistOutcome]) -> None:
    app.io.emit(result)
    if any(o.failed for o in outcomes):
        raise typer.Exit(ExitCode.PARTIAL_FAILURE)


def plist2info(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="SOURCE", help="Playlist URL or ID."),
    output: Path | None = OUTPUT,
    langs: str | None = LANGS,
    max_languages: int = MAX_LANGUAGES,
    timestamps: int | None = TIMESTAMPS,
    delay: float = DELAY,
    backoff: float = BACKOFF,
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> None:
    """Save a playlist's subtitles and clean transcripts.

    Subtitles (.srt/.vtt), clean Markdown transcripts and playlist.yaml for every
    video of the playlist SOURCE (a URL or ID), in DIR/<title> [<id>]/. Uses yt-dlp: no
    API quota. A re-run skips what is complete. Exit 5 when some videos failed."""
    from ytrix.cli.views.info import InfoResult
    from ytrix.sources.models import parse_playlist_ref

    app = app_context(ctx)
    playlist_id = parse_playlist_ref(source).playlist_id
    use_cookies(app, cookies, cookies_from_browser, [playlist_id], "ytdlp")  # yt-dlp only
    options = _options(app, output, langs, max_languages, timestamps, delay, backoff)
    [outcome] = _run(app, [playlist_id], options)
    if outcome.error:
        raise YtrixError(
            f"Cannot read playlist {playlist_id}: {outcome.error}",
            "Check the ID; private playlists cannot be read without the API.",
        )
    _finish(app, InfoResult([outcome]), [outcome])


def plists2info(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="Playlist URLs or IDs, one a line."),
    output: Path | None = OUTPUT,
    langs: str | None = LANGS,
    max_languages: int = MAX_LANGUAGES,
    timestamps: int | None = TIMESTAMPS,
    delay: float = DELAY,
    backoff: float = BACKOFF,
    jobs: int = JOBS,
    cookies: Path | None = COOKIES,
    cookies_from_browser: str | None = COOKIES_FROM_BROWSER,
) -> None:
    """Run plist2info for every playlist listed in FILE.

    FILE lists playlist URLs or IDs, one a line (# comments and blank lines are
    ignored). N playlists at a time, then a summary. Exit 5 when anything failed."""
    from ytrix.cli.views.info import InfoResult
    from ytrix.sources.listfile import read_list_file

    app = app_context(ctx)
    sources = [ref.playlist_id for ref in read_list_file(file).refs]
    use_cookies(app, cookies, cookies_from_browser, sources, "ytdlp")  # yt-dlp only
    options = _options(app, output, langs, max_languages, timestamps, delay, backoff, jobs)
    outcomes = _run(app, sources, options)
    from ytrix.info.records import InfoSummary

    result = InfoResult(outcomes, InfoSummary.of(outcomes))
    _finish(app, result, outcomes)


def register(app: typer.Typer) -> None:
    app.command("plist2info")(plist2info)
    app.command("plists2info")(plists2info)
