"""Real yt-dlp pointed at ytemu (its extractor registered), with yt-dlp's messages kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yt_dlp

from ytemu.testing import RunningEmulator
from ytrix.sources.ytemu_extractor import YtemuIE


class Messages:
    """A yt-dlp logger that keeps what yt-dlp says."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.debug_lines: list[str] = []

    def debug(self, msg: str) -> None:
        self.debug_lines.append(msg)

    def info(self, msg: str) -> None:
        self.debug_lines.append(msg)

    def warning(self, msg: str) -> None:
        self.warnings.append(msg)

    def error(self, msg: str) -> None:
        self.debug_lines.append(msg)


class YtDlp:
    def __init__(self, emu: RunningEmulator, cookies: Path | None = None, **params: Any) -> None:
        self.messages = Messages()
        options: dict[str, Any] = {
            "quiet": True,
            "extract_flat": "in_playlist",
            "skip_download": True,
            "cachedir": False,
            "logger": self.messages,
            "writesubtitles": True,
            "writeautomaticsub": True,
            **params,
        }
        if cookies is not None:
            options["cookiefile"] = str(cookies)  # what `yt-dlp --cookies FILE` sets
        self.ydl = yt_dlp.YoutubeDL(options)
        self.ydl.add_info_extractor(YtemuIE())

    def extract(self, url: str, process: bool = True) -> dict[str, Any]:
        info = self.ydl.extract_info(url, download=False, process=process, ie_key=YtemuIE.ie_key())
        assert isinstance(info, dict)
        return info

    def error(self, url: str) -> str:
        """The message yt-dlp fails with."""
        try:
            self.ydl.extract_info(url, download=False, ie_key=YtemuIE.ie_key())
        except yt_dlp.utils.DownloadError as exc:
            return str(exc)
        raise AssertionError(f"yt-dlp read {url}")


def cookie_file(emu: RunningEmulator, channel: str, path: Path) -> Path:
    """The channel's browser cookies, as a Netscape cookie file."""
    path.write_text(emu.admin.youtube_cookies(channel)["netscape"], encoding="utf-8")
    return path
