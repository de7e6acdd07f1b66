"""One interface over two readers, with the read cache in front: the Data API (1 unit
per page of 50; exact: privacy, positions, owners; the user's private playlists and
Liked videos) and yt-dlp (free; public and unlisted playlists, a channel's playlists
tab, and with cookies the user's Watch later).

Which reader (`--source`, platform-limits §6: a read costs 0.04% of copying what it
read, so the API is the default everywhere):
- `auto` (default): the Data API; yt-dlp only when no project has units left for
  reads, said once in a notice.
- `api`: the Data API only.  `ytdlp`: yt-dlp only (the user's own playlists still go
  through the API: they may be private).
Watch later is read by yt-dlp with the user's cookies whatever the mode: the API has
not served it since 2016. Every read records its path in `via` for the result.

yt-dlp itself is driven by `ytrix.sources.ytdlp` (imported lazily); this module only
chooses, falls back and caches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import UsageError, YtrixError
from ytrix.core.notify import LoggedNotices, Notices
from ytrix.sources.access import has_cookies, ytdlp_params
from ytrix.sources.errors import BotCheck, cookies_needed
from ytrix.sources.models import (
    LIKED,
    OWN_LISTS,
    UPLOADS_LISTED,
    Availability,
    ChannelRef,
    PlaylistInfo,
    PlaylistRef,
    SourceMode,
    VideoEntry,
    playlist_url,
    uploads_truncated,
)
from ytrix.youtube.errors import QuotaExhausted

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig, YtdlpConfig
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


def _default_ytdlp_fetcher(endpoint: str | None, params: dict[str, Any]) -> PlaylistFetcher:
    def fetch(playlist_id: str) -> PlaylistInfo:
        from ytrix.sources.ytdlp import read_playlist_flat

        return read_playlist_flat(playlist_id, endpoint=endpoint, params=params)

    return fetch


def own_list_via(playlist_id: str, mode: SourceMode, signed_in: bool) -> str:
    """How the user's Liked videos or Watch later is read: Liked videos through the
    API (its owner may read it), Watch later with yt-dlp and cookies, the only way
    left (platform-limits §6). Raises, before any work, when it cannot be read."""
    if playlist_id == LIKED and mode is not SourceMode.YTDLP:
        return "api"
    if mode is SourceMode.API:
        raise UsageError(
            "Watch later (WL) cannot be read through the YouTube Data API "
            "(YouTube stopped serving it in 2016)",
            "Drop --source api: ytrix reads WL with yt-dlp and your cookies.",
        )
    if not signed_in:
        raise cookies_needed(playlist_id)
    return "ytdlp"


def check_sources(playlist_ids: Iterable[str], mode: SourceMode, settings: YtdlpConfig) -> None:
    """Exit 2 before any work for a list these settings cannot read (WL without
    cookies, WL through the API only)."""
    for playlist_id in playlist_ids:
        if playlist_id in OWN_LISTS:
            own_list_via(playlist_id, mode, settings.has_cookies)


FALLBACK_NOTICE = (
    "No project has units left for reads today: reading {what} with yt-dlp instead "
    "(free; public and unlisted playlists only)."
)


class SourceReader:
    def __init__(
        self,
        gateway: Gateway,
        api: ApiConfig,
        *,
        cache: ReadCache | None = None,
        mode: SourceMode = SourceMode.AUTO,
        ytdlp: YtdlpConfig | None = None,
        ytdlp_fetch: PlaylistFetcher | None = None,
        notices: Notices | None = None,
    ):
        self.gateway = gateway
        self.notices = notices if notices is not None else LoggedNotices()
        self.api = api
        self.cache = cache
        self.mode = mode
        self.endpoint = None if api.is_google else api.youtube_endpoint.rstrip("/")
        self.params = ytdlp_params(ytdlp) if ytdlp is not None else {}
        self._ytdlp = ytdlp_fetch or _default_ytdlp_fetcher(self.endpoint, self.params)
        self.via: dict[str, str] = {}  # playlist or channel -> "api" | "ytdlp" | "cache"
        self._reported: dict[str, int] = {}  # playlist id -> the API's itemCount

    # -- playlists ------------------------------------------------------------------
    def read_playlist(
        self, ref: PlaylistRef, *, own: OwnPlaylist | None = None, fresh: bool = False
    ) -> PlaylistInfo:
        """The playlist with its entries in order (duplicates kept). `own`: the user's
        listing row when it is one of theirs (read via the API, no metadata call)."""
        playlist_id = ref.playlist_id
        info: PlaylistInfo | None = None
        if playlist_id in OWN_LISTS:  # they change all the time: never cached
            info = self._read_own_list(playlist_id)
            via = self.via[playlist_id]
        elif self.cache is not None and not fresh:
            expected = own.item_count if own is not None else None
            info, via = self.cache.get_playlist(playlist_id, expected), "cache"
        if info is None:
            if self.mode is SourceMode.YTDLP and own is None:
                info, via = self._read_ytdlp(playlist_id), "ytdlp"
            else:
                info, via = self._read_api_or_fallback(playlist_id, own)
            if self.cache is not None:
                self.cache.put_playlist(info, via)
        self.via[playlist_id] = via
        if uploads_truncated(playlist_id, len(info.entries), self._reported.get(playlist_id)):
            self.notices.warn(
                f"{playlist_id} is a channel's uploads playlist: YouTube lists only its newest "
                f"~{UPLOADS_LISTED:,} videos, so older uploads are not in this read."
            )
        return info

    def _read_own_list(self, playlist_id: str) -> PlaylistInfo:
        via = own_list_via(playlist_id, self.mode, has_cookies(self.params))
        self.via[playlist_id] = via
        return self._read_ytdlp(playlist_id) if via == "ytdlp" else self._read_api(LIKED, None)

    def _read_api_or_fallback(
        self, playlist_id: str, own: OwnPlaylist | None
    ) -> tuple[PlaylistInfo, str]:
        try:
            return self._read_api(playlist_id, own), "api"
        except QuotaExhausted as exc:
            if self.mode is not SourceMode.AUTO or own is not None:
                raise
            return self._fallback(playlist_id, exc), "ytdlp"

    def _fallback(self, playlist_id: str, exhausted: QuotaExhausted) -> PlaylistInfo:
        """yt-dlp in place of an API with no units left; when yt-dlp cannot read the
        playlist either, the quota is what the user must hear about (a bot check
        excepted: cookies fix that one today)."""
        self._notice_fallback(f"playlist {playlist_id}")
        try:
            return self._read_ytdlp(playlist_id)
        except (UsageError, BotCheck):
            raise
        except YtrixError as exc:
            log.info("yt-dlp could not stand in for the API on %s: %s", playlist_id, exc)
            raise exhausted from None

    def _notice_fallback(self, what: str) -> None:
        self.notices.notice_once("reads-fall-back-to-ytdlp", FALLBACK_NOTICE.format(what=what))

    def _read_ytdlp(self, playlist_id: str) -> PlaylistInfo:
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

        if playlist_id == LIKED:  # its owner's: no metadata call needed
            title, description, channel, channel_id, privacy = "Liked videos", "", "", "", "private"
        else:
            meta = own or self.gateway.get_playlist(playlist_id)
            if meta is None:
                raise SourceNotFound(
                    f"Playlist {playlist_id} not found (or private and not yours)",
                    "Check the URL or ID; private playlists can only be read by their owner.",
                )
            title, description, privacy = meta.title, meta.description, meta.privacy
            channel, channel_id = meta.channel_title, meta.channel_id
            if meta.item_count is not None:
                self._reported[playlist_id] = meta.item_count
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
            title=title,
            description=description,
            channel=channel,
            channel_id=channel_id,
            privacy=privacy,
            entries=tuple(entry_from_item(item) for item in items),
        )

    # -- channel listings -------------------------------------------------------------
    def channel_playlists(self, ref: ChannelRef) -> list[PlaylistSummary]:
        """Another channel's public playlists: through the API with their counts; the
        yt-dlp tab (asked for, or no units left) has none (platform-limits §6)."""
        key = ref.channel_id or ref.handle or ""
        if self.cache is not None:
            rows = self.cache.get_channel_playlists(key)
            if rows is not None:
                self.via[key] = "cache"
                return [PlaylistSummary(**row) for row in rows]
        if self.mode is SourceMode.YTDLP:
            summaries, via = self._ytdlp_channel_playlists(ref), "ytdlp"
        else:
            try:
                summaries, via = self._api_channel_playlists(ref), "api"
            except QuotaExhausted as exc:
                if self.mode is not SourceMode.AUTO:
                    raise
                self._notice_fallback(f"the playlists of {key}")
                try:
                    summaries, via = self._ytdlp_channel_playlists(ref), "ytdlp"
                except (UsageError, BotCheck):
                    raise
                except YtrixError:
                    raise exc from None
        self.via[key] = via
        if self.cache is not None:
            self.cache.put_channel_playlists(key, via, [asdict(s) for s in summaries])
        return summaries

    def _ytdlp_channel_playlists(self, ref: ChannelRef) -> list[PlaylistSummary]:
        from ytrix.sources.ytdlp import read_channel_playlists

        return channel_tab_summaries(read_channel_playlists(ref, self.endpoint, self.params))

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
