"""How yt-dlp reaches YouTube, as users run it: cookies (a cookies.txt file or a
browser's store), the JavaScript runtime current YouTube needs (yt-dlp[default] ships
the challenge solver scripts; the runtime is deno, node, bun or quickjs, yt-dlp#15012),
and whether all that is in place.

The settings (`[ytdlp]` in config.toml, `--cookies` / `--cookies-from-browser` on the
commands that use yt-dlp) become yt-dlp's own options: `cookiefile`,
`cookiesfrombrowser`, `js_runtimes`. :func:`readiness` imports no yt-dlp, so `ytrix
config` stays fast.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ytrix.core.config import BROWSER_SPEC_RE, YtdlpConfig
from ytrix.core.errors import UsageError

# The executable yt-dlp looks for per runtime (yt_dlp/utils/_jsruntime.py); deno is
# the only one it enables unless told otherwise.
RUNTIME_EXECUTABLES = {"deno": "deno", "node": "node", "bun": "bun", "quickjs": "qjs"}
DEFAULT_RUNTIMES = ("deno",)
COOKIE_FLAGS_HINT = (
    "Give --cookies FILE (a Netscape cookies.txt) or --cookies-from-browser "
    "BROWSER[+KEYRING][:PROFILE][::CONTAINER], e.g. firefox or chrome:Profile 1."
)


def with_cookies(
    settings: YtdlpConfig, cookies: Path | None, from_browser: str | None
) -> YtdlpConfig:
    """The config's settings, with the command line's cookies replacing the config's
    (either flag replaces both keys: one source of cookies per run)."""
    if cookies is None and from_browser is None:
        return settings
    try:
        return YtdlpConfig(
            cookies=str(cookies) if cookies is not None else None,
            cookies_from_browser=from_browser,
            js_runtimes=settings.js_runtimes,
        )
    except ValidationError:
        raise UsageError(
            f"--cookies-from-browser {from_browser!r} is not BROWSER[:PROFILE]",
            COOKIE_FLAGS_HINT,
        ) from None


def cookie_file(settings: YtdlpConfig) -> Path | None:
    return Path(settings.cookies).expanduser() if settings.cookies else None


def check(settings: YtdlpConfig) -> None:
    """Exit 2 before any work for a cookie file that is not there or an unknown
    browser or keyring (yt-dlp would say so only at its first request)."""
    path = cookie_file(settings)
    if path is not None and not path.is_file():
        raise UsageError(f"Cookie file {path} does not exist", COOKIE_FLAGS_HINT)
    if settings.cookies_from_browser:
        from yt_dlp.cookies import SUPPORTED_BROWSERS, SUPPORTED_KEYRINGS

        browser, _profile, keyring, _container = browser_tuple(settings.cookies_from_browser)
        if browser not in SUPPORTED_BROWSERS:
            raise UsageError(
                f"yt-dlp cannot read cookies from {browser!r}",
                f"Supported browsers: {', '.join(sorted(SUPPORTED_BROWSERS))}.",
            )
        if keyring is not None and keyring not in SUPPORTED_KEYRINGS:
            raise UsageError(
                f"yt-dlp knows no keyring {keyring!r}",
                f"Supported keyrings: {', '.join(sorted(SUPPORTED_KEYRINGS))}.",
            )


def browser_tuple(spec: str) -> tuple[str, str | None, str | None, str | None]:
    """`BROWSER[+KEYRING][:PROFILE][::CONTAINER]` as yt-dlp's `cookiesfrombrowser`
    (browser, profile, keyring, container), parsed as yt-dlp's command line does."""
    match = BROWSER_SPEC_RE.fullmatch(spec)
    if match is None:
        raise UsageError(f"Not BROWSER[:PROFILE]: {spec!r}", COOKIE_FLAGS_HINT)
    browser, keyring, profile, container = match.group("name", "keyring", "profile", "container")
    return browser.strip().lower(), profile, keyring.upper() if keyring else None, container


def ytdlp_params(settings: YtdlpConfig) -> dict[str, Any]:
    """The settings as yt-dlp's own `YoutubeDL` options."""
    params: dict[str, Any] = {}
    path = cookie_file(settings)
    if path is not None:
        params["cookiefile"] = str(path)
    if settings.cookies_from_browser:
        params["cookiesfrombrowser"] = browser_tuple(settings.cookies_from_browser)
    if settings.js_runtimes:
        params["js_runtimes"] = {name: {} for name in settings.js_runtimes}
    return params


def has_cookies(params: dict[str, Any]) -> bool:
    return bool(params.get("cookiefile") or params.get("cookiesfrombrowser"))


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Readiness:
    """Whether yt-dlp can read current YouTube here; `problems` say what is missing."""

    version: str | None
    ejs_version: str | None
    js_runtimes_enabled: tuple[str, ...]
    js_runtimes_found: dict[str, str]  # runtime name -> its executable
    cookies: Path | None
    cookies_from_browser: str | None
    cookies_configured: bool
    problems: tuple[str, ...]

    @property
    def js_runtime(self) -> str | None:
        """The runtime yt-dlp will use: the first enabled one that is installed."""
        usable = [name for name in self.js_runtimes_enabled if name in self.js_runtimes_found]
        return usable[0] if usable else None

    @property
    def ready(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        cookies = self.cookies
        return {
            "version": self.version,
            "ejs_version": self.ejs_version,
            "js_runtimes_enabled": list(self.js_runtimes_enabled),
            "js_runtimes_found": self.js_runtimes_found,
            "js_runtime": self.js_runtime,
            "cookies": str(cookies) if cookies is not None else None,
            "cookies_file_exists": cookies.is_file() if cookies is not None else None,
            "cookies_from_browser": self.cookies_from_browser,
            "cookies_configured": self.cookies_configured,
            "ready": self.ready,
            "problems": list(self.problems),
        }


def readiness(settings: YtdlpConfig) -> Readiness:
    """Whether yt-dlp can read current YouTube here: its version, the challenge solver
    scripts, a JavaScript runtime it will use, and the cookies it gets."""
    enabled = tuple(settings.js_runtimes) or DEFAULT_RUNTIMES
    found = {
        name: path
        for name, exe in RUNTIME_EXECUTABLES.items()
        if (path := shutil.which(exe)) is not None
    }
    usable = [name for name in enabled if name in found]
    cookies = cookie_file(settings)
    problems: list[str] = []
    version = _version("yt-dlp")
    ejs = _version("yt-dlp-ejs")
    if version is None:
        problems.append("yt-dlp is not installed: reinstall ytrix (it depends on yt-dlp[default])")
    if ejs is None:
        problems.append("yt-dlp-ejs is missing: install yt-dlp[default]")
    if not usable:
        others = [name for name in found if name not in enabled]
        fix = (
            f"; {', '.join(others)} is installed: set [ytdlp] js_runtimes = "
            f'["{others[0]}"] in config.toml'
            if others
            else f"; install one of {', '.join(RUNTIME_EXECUTABLES)} (deno is yt-dlp's default)"
        )
        problems.append(f"no JavaScript runtime yt-dlp uses ({', '.join(enabled)}) found{fix}")
    if cookies is not None and not cookies.is_file():
        problems.append(f"the cookie file {cookies} does not exist")
    return Readiness(
        version,
        ejs,
        tuple(enabled),
        found,
        cookies,
        settings.cookies_from_browser,
        settings.has_cookies,
        tuple(problems),
    )
