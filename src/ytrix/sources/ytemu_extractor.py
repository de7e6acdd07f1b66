"""A real yt-dlp extractor for ytemu (the offline emulator), so that everything after
extraction -- format and subtitle selection, HTTP downloads, file writing -- runs
yt-dlp's own code against loopback, exactly as it does against YouTube.

ytemu serves yt-dlp-shaped info JSON at `/ytdlp/v1/playlist?list=ID` and
`/ytdlp/v1/video?v=ID`; unplayable videos and missing playlists come back as
`{"error": {"reason": ...}}` with YouTube's own wording, which this extractor raises
as yt-dlp does (an expected ExtractorError). This module imports yt-dlp: import it
lazily (only `ytrix.sources.ytdlp` does, when it builds a session for ytemu).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from yt_dlp.extractor.common import InfoExtractor
from yt_dlp.utils import ExtractorError

PLAYLIST_PATH = "/ytdlp/v1/playlist"
VIDEO_PATH = "/ytdlp/v1/video"


def playlist_url(endpoint: str, playlist_id: str) -> str:
    return f"{endpoint.rstrip('/')}{PLAYLIST_PATH}?list={urllib.parse.quote(playlist_id)}"


def video_url(endpoint: str, video_id: str) -> str:
    return f"{endpoint.rstrip('/')}{VIDEO_PATH}?v={urllib.parse.quote(video_id)}"


class YtemuIE(InfoExtractor):  # type: ignore[misc]
    IE_NAME = "ytemu"
    IE_DESC = "ytemu, ytrix's offline YouTube emulator"
    _VALID_URL = r"https?://[^/?#]+/ytdlp/v1/(?P<kind>playlist|video)\?(?:list|v)=(?P<id>[^&#]+)"

    def _real_extract(self, url: str) -> dict[str, Any]:
        kind, item_id = self._match_valid_url(url).group("kind", "id")
        item_id = urllib.parse.unquote(item_id)
        data = self._download_json(url, item_id, note=f"Downloading {kind} info")
        if not isinstance(data, dict):
            raise ExtractorError("Unexpected response from ytemu", video_id=item_id)
        error = data.get("error")
        if isinstance(error, dict):
            raise ExtractorError(str(error.get("reason")), expected=True, video_id=item_id)
        if kind == "playlist":
            for entry in data.get("entries") or []:
                entry["ie_key"] = self.ie_key()
        return data
