"""A real yt-dlp extractor for ytemu (the offline emulator), so that everything after
extraction -- format and subtitle selection, HTTP downloads, file writing, cookies --
runs yt-dlp's own code against loopback, exactly as it does against YouTube.

ytemu serves yt-dlp-shaped info JSON at `/ytdlp/v1/playlist?list=ID`,
`/ytdlp/v1/video?v=ID` and `/ytdlp/v1/channel?c=@handle&tab=playlists`; unplayable
videos and missing playlists come back as `{"error": {"reason": ...}}` with YouTube's
own wording. This extractor then does what yt-dlp's YouTube extractor does with the
same page (yt_dlp/extractor/youtube/_video.py): a reason that asks to sign in gets
yt-dlp's cookie hint and is raised as an expected ExtractorError, and caption tracks
YouTube marks as needing a PO token (`exp=xpe`) are dropped, with yt-dlp's warning,
unless `--extractor-args "youtube:po_token=web.subs+TOKEN"` gives one. This module
imports yt-dlp: import it lazily (only `ytrix.sources.ytdlp` does, for ytemu).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from yt_dlp.extractor.common import InfoExtractor
from yt_dlp.utils import ExtractorError, join_nonempty, remove_end

PLAYLIST_PATH = "/ytdlp/v1/playlist"
VIDEO_PATH = "/ytdlp/v1/video"
CHANNEL_PATH = "/ytdlp/v1/channel"
# As in yt-dlp's YouTube extractor (_base.py, _video.py).
COOKIE_HOWTO_WIKI_URL = "https://github.com/yt-dlp/yt-dlp/wiki/Extractors#exporting-youtube-cookies"
PO_TOKEN_GUIDE_URL = "https://github.com/yt-dlp/yt-dlp/wiki/PO-Token-Guide"
POT_EXPERIMENTS = ("xpe", "xpv")


def playlist_url(endpoint: str, playlist_id: str) -> str:
    return f"{endpoint.rstrip('/')}{PLAYLIST_PATH}?list={urllib.parse.quote(playlist_id)}"


def video_url(endpoint: str, video_id: str) -> str:
    return f"{endpoint.rstrip('/')}{VIDEO_PATH}?v={urllib.parse.quote(video_id)}"


def channel_tab_url(endpoint: str, channel: str, tab: str = "playlists") -> str:
    """A channel's tab (`@handle` or `UC…` id): what `youtube.com/@handle/playlists` is."""
    return f"{endpoint.rstrip('/')}{CHANNEL_PATH}?c={urllib.parse.quote(channel)}&tab={tab}"


class YtemuIE(InfoExtractor):  # type: ignore[misc]
    IE_NAME = "ytemu"
    IE_DESC = "ytemu, ytrix's offline YouTube emulator"
    _VALID_URL = (
        r"https?://[^/?#]+/ytdlp/v1/(?P<kind>playlist|video|channel)\?(?:list|v|c)=(?P<id>[^&#]+)"
    )

    def _real_extract(self, url: str) -> dict[str, Any]:
        kind, item_id = self._match_valid_url(url).group("kind", "id")
        item_id = urllib.parse.unquote(item_id)
        data = self._download_json(url, item_id, note=f"Downloading {kind} info")
        if not isinstance(data, dict):
            raise ExtractorError("Unexpected response from ytemu", video_id=item_id)
        error = data.get("error")
        if isinstance(error, dict):
            reason = self._reason(str(error.get("reason")))
            raise ExtractorError(reason, expected=True, video_id=item_id)
        if kind in ("playlist", "channel"):
            for entry in data.get("entries") or []:
                entry["ie_key"] = self.ie_key()
        else:
            self._drop_po_token_subtitles(data, item_id)
        return data

    @property
    def _youtube_login_hint(self) -> str:
        return (
            f"{self._login_hint(method='cookies')}. Also see  {COOKIE_HOWTO_WIKI_URL}  "
            "for tips on effectively exporting YouTube cookies"
        )

    def _reason(self, reason: str) -> str:
        """YouTube's reason as yt-dlp reports it: sign-in reasons get the cookie hint."""
        if "sign in" in reason.lower():
            reason = remove_end(reason, "This helps protect our community. Learn more")
            reason = f"{remove_end(reason.strip(), '.')}. {self._youtube_login_hint}"
        return reason

    def _subs_po_token(self) -> str | None:
        for value in self._configuration_arg("po_token", [], ie_key="youtube", casesense=True):
            client_context, _, token = str(value).partition("+")
            if client_context.lower() == "web.subs" and token:
                return token
        return None

    def _drop_po_token_subtitles(self, info: dict[str, Any], video_id: str) -> None:
        """yt-dlp's rule for the web client: caption tracks whose URL carries a PO-token
        experiment need a subtitles PO token; without one they are discarded."""
        subtitles: dict[str, Any] = info.get("subtitles") or {}
        automatic: dict[str, Any] = info.get("automatic_captions") or {}
        formats = [f for fmts in (*subtitles.values(), *automatic.values()) for f in fmts]
        requires = any(
            e in urllib.parse.parse_qs(urllib.parse.urlsplit(f.get("url", "")).query).get("exp", [])
            for f in formats
            for e in POT_EXPERIMENTS
        )
        if not requires:
            return
        token = self._subs_po_token()
        if token:
            query = urllib.parse.urlencode({"pot": token, "potc": "1", "c": "WEB"})
            for fmt in formats:
                fmt["url"] = f"{fmt['url']}&{query}"
            return
        need_subs = sorted(subtitles)
        need_caps = sum(1 for key in automatic if key.endswith("-orig"))
        info["subtitles"], info["automatic_captions"] = {}, {}
        self.write_debug(
            f"{video_id}: Some web client subtitles require a PO Token which was not provided. "
            "They will be discarded since they are not downloadable as-is. You can manually "
            'pass a Subtitles PO Token for this client with --extractor-args "youtube:po_token='
            f'web.subs+XXX" . For more information, refer to  {PO_TOKEN_GUIDE_URL}'
        )
        if not (need_subs or need_caps):
            return
        message = join_nonempty(
            f"{video_id}: There are missing subtitles languages because a PO token was not "
            "provided.",
            need_subs and f"Subtitles for these languages are missing: {', '.join(need_subs)}.",
            need_caps and f"Automatic captions for {need_caps} languages are missing.",
            delim=" ",
        )
        wanted = any(
            self.get_param(p) for p in ("writesubtitles", "writeautomaticsub", "listsubtitles")
        )
        if wanted:
            self.report_warning(message, only_once=True)
        else:
            self.write_debug(message, only_once=True)
