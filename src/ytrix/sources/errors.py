"""What can go wrong reading YouTube, as typed errors with the user's next step.

yt-dlp's failures are classified by their text (yt-dlp raises one exception type for
all of them): a rate limit (HTTP 429) is waited out; the bot check ("Sign in to confirm
you're not a bot", yt-dlp#11981) and members-only videos are not rate limits, and no
wait fixes them: cookies do (platform-limits §6). Importing this module imports no
yt-dlp.
"""

from __future__ import annotations

import re

from ytrix.core.errors import UsageError, YtrixError

COOKIES_HOWTO = (
    "Give yt-dlp the cookies of a browser signed in to YouTube: --cookies FILE (a "
    "cookies.txt export) or --cookies-from-browser BROWSER[:PROFILE], or [ytdlp] cookies / "
    "cookies_from_browser in config.toml."
)
BOT_CHECK_HINT = f"Waiting does not help. {COOKIES_HOWTO}"
MEMBERS_HINT = (
    "The video is for the channel's members: join the channel, then give yt-dlp the "
    "member account's cookies (--cookies / --cookies-from-browser)."
)
PO_TOKEN_HINT = (
    "YouTube now asks for a PO token before it serves these caption tracks, and yt-dlp "
    "drops them without one. Install a PO-token provider plugin for yt-dlp (see yt-dlp's "
    "PO Token Guide) and re-run: the run resumes with these videos."
)

_BOT_CHECK_RE = re.compile(r"confirm you.{1,3}re not a bot", re.I)
_MEMBERS_RE = re.compile(
    r"available to this channel's members|members-only|join this channel to get access", re.I
)
_RATE_LIMIT_RE = re.compile(r"HTTP Error 429|Too Many Requests|rate.?limit", re.I)
_UNAVAILABLE_RE = re.compile(
    r"Private video|Video unavailable|has been removed|no longer available|"
    r"account .* terminated|This video is private|This playlist is private|"
    r"playlist does not exist|not available in your country|age-restricted|"
    r"HTTP Error 404|HTTP Error 410",
    re.I,
)
_PREFIX_RE = re.compile(r"^(?:ERROR:\s*)?(?:\[[\w:.-]+\]\s*)?(?:[\w-]+:\s)?")
_PO_TOKEN_RE = re.compile(r"subtitles? .*(?:require|because) a PO token", re.I)


class YtdlpError(YtrixError):
    code = "ytdlp"


class RateLimited(YtdlpError):
    """HTTP 429: pause and retry (the pacer does)."""

    code = "rate_limited"


class BotCheck(YtdlpError):
    """ "Sign in to confirm you're not a bot": cookies fix it, waiting does not."""

    code = "bot_check"
    default_hint = BOT_CHECK_HINT


class Unavailable(YtdlpError):
    """A private, deleted or blocked video; a missing or private playlist."""

    code = "unavailable"


class MembersOnly(Unavailable):
    code = "members_only"
    default_hint = MEMBERS_HINT


class CookiesNeeded(UsageError):
    """A list only a signed-in yt-dlp can read (Watch later), and no cookies."""

    code = "cookies_needed"


def cookies_needed(playlist_id: str) -> CookiesNeeded:
    """Watch later or Liked videos asked of yt-dlp without cookies."""
    if playlist_id == "WL":
        name = "Watch later (WL)"
        why = (
            "the YouTube Data API has not served Watch later since 2016, so ytrix reads "
            "it with yt-dlp, and YouTube shows it only to its owner, signed in"
        )
    else:
        name = "Liked videos (LL)"
        why = "on the web YouTube shows it only to its owner, signed in"
    return CookiesNeeded(f"{name} needs your YouTube cookies: {why}", COOKIES_HOWTO)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        exc_info = getattr(item, "exc_info", None)
        if isinstance(exc_info, tuple) and len(exc_info) > 1:
            todo.append(exc_info[1] if isinstance(exc_info[1], BaseException) else None)
        cause = getattr(item, "cause", None)
        todo.append(cause if isinstance(cause, BaseException) else None)
        todo.extend([item.__cause__, item.__context__])
    return seen


def clean_message(exc: BaseException) -> str:
    """yt-dlp's message without `ERROR: [youtube] ID:` decoration."""
    for item in _chain(exc):
        orig = getattr(item, "orig_msg", None)
        if isinstance(orig, str) and orig:
            return orig.strip()
    text = str(exc).strip()
    return _PREFIX_RE.sub("", text, count=1).strip() or text


def classify(exc: BaseException) -> YtdlpError:
    """A yt-dlp exception as BotCheck, RateLimited, MembersOnly, Unavailable or
    YtdlpError. The bot check comes first: YouTube sends it with HTTP 200 or 429 alike."""
    message = clean_message(exc)
    texts = [message] + [str(item) for item in _chain(exc)]
    if any(_BOT_CHECK_RE.search(t) for t in texts):
        return BotCheck(message)
    if any(getattr(item, "status", None) == 429 for item in _chain(exc)):
        return RateLimited(message)
    if any(_RATE_LIMIT_RE.search(t) for t in texts):
        return RateLimited(message)
    if any(_MEMBERS_RE.search(t) for t in texts):
        return MembersOnly(message)
    if any(_UNAVAILABLE_RE.search(t) for t in texts):
        return Unavailable(message)
    return YtdlpError(message)


def is_po_token_warning(text: str) -> bool:
    """yt-dlp's warning that it dropped caption tracks for want of a PO token
    (yt_dlp/extractor/youtube/_video.py `_report_pot_subtitles_skipped`)."""
    return _PO_TOKEN_RE.search(text) is not None
