"""One interface over two readers: the Data API (1 unit per page of 50; private and
own playlists) and yt-dlp (free; public and unlisted playlists, a channel's playlists
tab), with the read cache in front.

Which reader (`--source`):
- `auto` (default): yt-dlp for public sources, falling back to the API when yt-dlp
  cannot read the playlist; the API for the user's own playlists; and the API
  whenever `[api] youtube_endpoint` is not Google's (the emulator world).
- `api`: always the Data API.  `ytdlp`: always yt-dlp, no fallback.

yt-dlp itself is driven by `ytrix.sources.ytdlp` (imported lazily); this module only
chooses, falls back and caches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ytrix.core import ui
from ytrix.core.errors import UsageError, YtrixError
from ytrix.sources.models import (
    Availability,
    ChannelRef,
    PlaylistInfo,
    PlaylistRef,
    SourceMode,
    VideoEntry,
    playlist_url,
)

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig
    from ytrix.sources.cache import ReadCache
    from ytrix.youtube.gateway import Gateway, OwnPlaylist, PlaylistItem

log = logging.getLogger(__name__)

PlaylistFetcher = Callable[[str], PlaylistInfo]


class SourceNotFound(YtrixError):
    code = "source_not_found"


@dataclass(frozen=True)
class PlaylistSummary:
    """One row of a playlist listing (own or another channel's)."""

    playlist_id: str
    title: str
    privacy: str = "public"
    item_count: int | None = None
    channel: str = ""

    @property
    def url(self) -> str:
        return playlist_url(self.playlist_id)


def entry_from_item(item: PlaylistItem) -> VideoEntry:
    """A Data API playlist item as a source entry. Deleted and blocked videos report
    `privacyStatusUnspecified`; others' private videos `private` with no owner."""
    availability: Availability = "public"
    if item.privacy == "privacyStatusUnspecified" or item.title == "Deleted video":
        availability = "deleted"
    elif item.privacy == "private" or (item.title == "Private video" and not item.channel_id):
        availability = "private"
    elif item.privacy == "unlisted":
        availability = "unlisted"
    upload = item.published_at[:10].replace("-", "") if item.published_at else None
    return VideoEntry(
        video_id=item.video_id,
        title=item.title,
        channel=item.channel,
        channel_id=item.channel_id,
        upload_date=upload or None,
        availability=availability,
    )


def summary_from_own(playlist: OwnPlaylist) -> PlaylistSummary:
    return PlaylistSummary(
        playlist.playlist_id,
        playlist.title,
        playlist.privacy,
        playlist.item_count,
        playlist.channel_title,
    )


def _default_ytdlp_fetcher(endpoint: str | None) -> PlaylistFetcher | None:
    try:
        from ytrix.sources.ytdlp import read_playlist_flat
    except ImportError:  # the yt-dlp reader is optional for this module
        return None

    def fetch(playlist_id: str) -> PlaylistInfo:
        return read_playlist_flat(playlist_id, endpoint=endpoint)

    return fetch


class SourceReader:
    def __init__(
        self,
        gateway: Gateway,
        api: ApiConfig,
        *,
        cache: ReadCache | None = None,
        mode: SourceMode = SourceMode.AUTO,
        ytdlp_fetch: PlaylistFetcher | None = None,
    ):
        self.gateway = gateway
        self.api = api
        self.cache = cache
        self.mode = mode
        endpoint = None if api.is_google else api.youtube_endpoint.rstrip("/")
        self._ytdlp = ytdlp_fetch or _default_ytdlp_fetcher(endpoint)
        self.via: dict[str, str] = {}  # playlist id -> "api" | "ytdlp" | "cache"

    # -- playlists ------------------------------------------------------------------
    def _prefers_ytdlp(self, own: bool) -> bool:
        """Own playlists always go through the API (they may be private)."""
        if own or self.mode is SourceMode.API:
            return False
        if self.mode is SourceMode.YTDLP:
            return True
        return self.api.is_google and self._ytdlp is not None

    def read_playlist(
        self, ref: PlaylistRef, *, own: OwnPlaylist | None = None, fresh: bool = False
    ) -> PlaylistInfo:
        """The playlist with its entries in order (duplicates kept). `own`: the user's
        listing row when it is one of theirs (read via the API, no metadata call)."""
        playlist_id = ref.playlist_id
        if self.cache is not None and not fresh:
            cached = self.cache.get_playlist(
                playlist_id, own.item_count if own is not None else None
            )
            if cached is not None:
                self.via[playlist_id] = "cache"
                return cached
        info: PlaylistInfo | None = None
        via = "api"
        if self._prefers_ytdlp(own is not None):
            try:
                info = self._read_ytdlp(playlist_id)
                via = "ytdlp"
            except UsageError:
                raise
            except YtrixError as exc:
                if self.mode is SourceMode.YTDLP:
                    raise
                ui.info(f"yt-dlp could not read {playlist_id} ({exc.message}); using the API")
        if info is None:
            info = self._read_api(playlist_id, own)
        self.via[playlist_id] = via
        if self.cache is not None:
            self.cache.put_playlist(info, via)
        return info

    def _read_ytdlp(self, playlist_id: str) -> PlaylistInfo:
        if self._ytdlp is None:
            raise YtrixError("the yt-dlp reader is not available in this installation")
        info = self._ytdlp(playlist_id)
        if info.playlist_id != playlist_id:
            info = PlaylistInfo(
                playlist_id,
                info.title,
                info.description,
                info.channel,
                info.channel_id,
                info.privacy,
                info.entries,
            )
        return info

    def _read_api(self, playlist_id: str, own: OwnPlaylist | None) -> PlaylistInfo:
        from ytrix.youtube.errors import ApiError

        meta = own or self.gateway.get_playlist(playlist_id)
        if meta is None:
            raise SourceNotFound(
                f"Playlist {playlist_id} not found (or private and not yours)",
                "Check the URL or ID; private playlists can only be read by their owner.",
            )
        try:
            items = self.gateway.list_items(playlist_id)
        except ApiError as exc:
            if exc.status in (403, 404):
                raise SourceNotFound(
                    f"Playlist {playlist_id} cannot be read ({exc.reason})",
                    "Check the URL or ID; private playlists can only be read by their owner.",
                ) from None
            raise
        return PlaylistInfo(
            playlist_id=playlist_id,
            title=meta.title,
            description=meta.description,
            channel=meta.channel_title,
            channel_id=meta.channel_id,
            privacy=meta.privacy,
            entries=tuple(entry_from_item(item) for item in items),
        )

    # -- channel listings -------------------------------------------------------------
    def channel_playlists(self, ref: ChannelRef) -> list[PlaylistSummary]:
        """Another channel's public playlists."""
        key = ref.channel_id or ref.handle or ""
        if self.cache is not None:
            rows = self.cache.get_channel_playlists(key)
            if rows is not None:
                return [PlaylistSummary(**row) for row in rows]
        summaries: list[PlaylistSummary] | None = None
        via = "api"
        if self._prefers_ytdlp(False) and self.api.is_google:
            try:
                summaries = _ytdlp_channel_playlists(ref)
                via = "ytdlp"
            except YtrixError as exc:
                if self.mode is SourceMode.YTDLP:
                    raise
                ui.info(f"yt-dlp could not list {ref.url} ({exc.message}); using the API")
        if summaries is None:
            summaries = self._api_channel_playlists(ref)
        if self.cache is not None:
            self.cache.put_channel_playlists(key, via, [asdict(s) for s in summaries])
        return summaries

    def _api_channel_playlists(self, ref: ChannelRef) -> list[PlaylistSummary]:
        channel_id = ref.channel_id
        if channel_id is None:
            assert ref.handle is not None
            channel_id = self.gateway.channel_for_handle(ref.handle)
            if channel_id is None:
                raise SourceNotFound(
                    f"No channel has the handle {ref.handle}", "Check the spelling of the handle."
                )
        return [summary_from_own(p) for p in self.gateway.list_channel_playlists(channel_id)]


def _ytdlp_channel_playlists(ref: ChannelRef) -> list[PlaylistSummary]:
    """The channel's playlists tab, flat (real YouTube only)."""
    try:
        import yt_dlp
    except ImportError:  # pragma: no cover - a declared dependency
        raise YtrixError("yt-dlp is not installed") from None
    options = {"extract_flat": "in_playlist", "quiet": True, "skip_download": True}
    try:
        with yt_dlp.YoutubeDL(options) as ydl:
            info: Any = ydl.extract_info(f"{ref.url}/playlists", download=False)
    except Exception as exc:
        try:
            from ytrix.sources.ytdlp import classify
        except ImportError:
            raise YtrixError(str(exc)) from exc
        raise classify(exc) from exc
    return channel_tab_summaries(info if isinstance(info, dict) else {})


def channel_tab_summaries(info: dict[str, Any]) -> list[PlaylistSummary]:
    """Rows of a flat `/playlists` tab extraction."""
    channel = str(info.get("channel") or info.get("uploader") or "")
    rows = []
    for entry in info.get("entries") or []:
        if not isinstance(entry, dict) or not entry.get("id"):
            continue
        count = entry.get("playlist_count")
        rows.append(
            PlaylistSummary(
                playlist_id=str(entry["id"]),
                title=str(entry.get("title") or ""),
                privacy="public",
                item_count=int(count) if isinstance(count, int) else None,
                channel=channel,
            )
        )
    return rows
