"""Typed Data API calls. Each goes through `Pool.call()`; pages are separate calls,
so each page is charged and may land on another project after a rotation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Door(Protocol):
    """What the gateway calls through: `quota.pool.Pool` (choose a project, check and
    charge its quota, rotate). A protocol, so this API layer imports no quota module."""

    def call(self, method: str, make_request: Any, *, cost: int | None = None) -> Any: ...

    @property
    def units_spent(self) -> int: ...


class CreationGuard(Protocol):
    """The channel's budget of new playlists (`channel.creations.CreationBudget`):
    a slot is reserved before `playlists.insert`, then confirmed or given back."""

    def check(self) -> None:
        """Raise when no new playlist may be made now (no call is spent)."""

    def reserve(self, title: str = "") -> int: ...

    def confirm(self, token: int, playlist_id: str) -> None: ...

    def release(self, token: int) -> None: ...

    def refused(self, token: int, message: str) -> Exception: ...


PAGE_SIZE = 50
PLAYLIST_PARTS = "id,snippet,status,contentDetails"
ITEM_PARTS = "id,snippet,contentDetails,status"


@dataclass(frozen=True)
class OwnPlaylist:
    playlist_id: str
    title: str
    description: str
    privacy: str
    item_count: int
    channel_id: str
    channel_title: str


@dataclass(frozen=True)
class PlaylistItem:
    item_id: str
    video_id: str
    position: int
    title: str
    channel: str
    privacy: str  # the video's availability as the item reports it
    channel_id: str = ""  # the video owner's channel (absent for private/deleted videos)
    published_at: str = ""  # the video's upload instant (RFC 3339), when visible


@dataclass(frozen=True)
class Added:
    item_id: str
    position: int | None  # where YouTube put it, when the answer says


@dataclass(frozen=True)
class VideoDetails:
    video_id: str
    title: str
    channel: str
    channel_id: str
    published_at: str
    duration_seconds: int | None
    privacy: str


def _playlist(item: dict[str, Any]) -> OwnPlaylist:
    snippet = item.get("snippet", {})
    return OwnPlaylist(
        playlist_id=item["id"],
        title=snippet.get("title", ""),
        description=snippet.get("description", ""),
        privacy=item.get("status", {}).get("privacyStatus", "public"),
        item_count=int(item.get("contentDetails", {}).get("itemCount", 0)),
        channel_id=snippet.get("channelId", ""),
        channel_title=snippet.get("channelTitle", ""),
    )


def _item(item: dict[str, Any]) -> PlaylistItem:
    snippet = item.get("snippet", {})
    video_id = item.get("contentDetails", {}).get("videoId") or snippet.get("resourceId", {}).get(
        "videoId", ""
    )
    return PlaylistItem(
        item_id=item["id"],
        video_id=video_id,
        position=int(snippet.get("position", 0)),
        title=snippet.get("title", ""),
        channel=snippet.get("videoOwnerChannelTitle", ""),
        privacy=item.get("status", {}).get("privacyStatus", "public"),
        channel_id=snippet.get("videoOwnerChannelId", ""),
        published_at=item.get("contentDetails", {}).get("videoPublishedAt", ""),
    )


def parse_iso_duration(text: str | None) -> int | None:
    """`PT1H2M3S` -> 3723."""
    import re

    if not text:
        return None
    match = re.fullmatch(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", text)
    if not match:
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


class Gateway:
    def __init__(self, pool: Door):
        self.pool = pool
        # The pool's budget of new playlists, when it keeps one.
        self.creations: CreationGuard | None = getattr(pool, "creations", None)
        self._pending_slot: int | None = None

    def _pages(self, method: str, resource: str, **params: Any) -> Iterator[dict[str, Any]]:
        token: str | None = None
        while True:
            page_params = dict(params, pageToken=token) if token else params

            def request(svc: Any, p: dict[str, Any] = page_params) -> Any:
                return getattr(svc, resource)().list(**p)

            response = self.pool.call(method, request)
            yield from response.get("items", [])
            token = response.get("nextPageToken")
            if not token:
                return

    # -- reads ------------------------------------------------------------------
    def channel_for_handle(self, handle: str) -> str | None:
        """The channel ID of an `@handle` (1 unit), or None when no channel has it."""
        response = self.pool.call(
            "channels.list", lambda svc: svc.channels().list(part="id", forHandle=handle)
        )
        items = response.get("items", [])
        return str(items[0]["id"]) if items else None

    def list_my_playlists(self) -> list[OwnPlaylist]:
        """All own playlists, private and unlisted included (`mine=true`)."""
        return [
            _playlist(item)
            for item in self._pages(
                "playlists.list", "playlists", part=PLAYLIST_PARTS, mine=True, maxResults=PAGE_SIZE
            )
        ]

    def list_channel_playlists(self, channel_id: str) -> list[OwnPlaylist]:
        return [
            _playlist(item)
            for item in self._pages(
                "playlists.list",
                "playlists",
                part=PLAYLIST_PARTS,
                channelId=channel_id,
                maxResults=PAGE_SIZE,
            )
        ]

    def get_playlist(self, playlist_id: str) -> OwnPlaylist | None:
        response = self.pool.call(
            "playlists.list",
            lambda svc: svc.playlists().list(part=PLAYLIST_PARTS, id=playlist_id),
        )
        items = response.get("items", [])
        return _playlist(items[0]) if items else None

    def list_items(self, playlist_id: str, video_id: str | None = None) -> list[PlaylistItem]:
        """A playlist's items; with `video_id` only those holding that video."""
        only = {"videoId": video_id} if video_id is not None else {}
        pages = self._pages(
            "playlistItems.list",
            "playlistItems",
            part=ITEM_PARTS,
            playlistId=playlist_id,
            maxResults=PAGE_SIZE,
            **only,
        )
        return [_item(item) for item in pages]

    def find_items(self, playlist_id: str, video_id: str) -> list[PlaylistItem]:
        """The items holding one video: 1 unit, whatever the playlist's size."""
        return self.list_items(playlist_id, video_id)

    def videos(self, video_ids: list[str]) -> dict[str, VideoDetails]:
        """Details of the videos that exist and are visible (50 per unit)."""
        found: dict[str, VideoDetails] = {}
        for start in range(0, len(video_ids), PAGE_SIZE):
            chunk = video_ids[start : start + PAGE_SIZE]

            def request(svc: Any, ids: str = ",".join(chunk)) -> Any:
                return svc.videos().list(
                    part="snippet,contentDetails,status", id=ids, maxResults=PAGE_SIZE
                )

            response = self.pool.call("videos.list", request)
            for item in response.get("items", []):
                snippet = item.get("snippet", {})
                found[item["id"]] = VideoDetails(
                    video_id=item["id"],
                    title=snippet.get("title", ""),
                    channel=snippet.get("channelTitle", ""),
                    channel_id=snippet.get("channelId", ""),
                    published_at=snippet.get("publishedAt", ""),
                    duration_seconds=parse_iso_duration(
                        item.get("contentDetails", {}).get("duration")
                    ),
                    privacy=item.get("status", {}).get("privacyStatus", "public"),
                )
        return found

    # -- writes -------------------------------------------------------------------
    def create_playlist(self, title: str, description: str, privacy: str) -> OwnPlaylist:
        """A new playlist, within the channel's budget: none is attempted once the
        budget is spent, and YouTube's "creating too many playlists" closes it."""
        from ytrix.core.errors import YtrixError
        from ytrix.youtube.errors import ApiError

        guard = self.creations
        # A retry after an ambiguous answer reuses its slot: the first attempt may
        # have made the playlist (the journal's reconcile looks), and counts once.
        token = self._pending_slot
        self._pending_slot = None
        if guard is not None and token is None:
            token = guard.reserve(title)
        try:
            made = self._write_playlist("insert", None, title, description, privacy)
        except ApiError as error:
            if guard is not None and token is not None:
                if error.is_creation_limit:
                    raise guard.refused(token, error.youtube_message) from None
                if error.ambiguous:  # maybe made: the slot stays taken
                    self._pending_slot = token
                else:  # surely nothing made: the slot goes back
                    guard.release(token)
            raise
        except YtrixError:
            if guard is not None and token is not None:
                guard.release(token)  # no quota or credentials left: nothing was sent
            raise
        if guard is not None and token is not None:
            guard.confirm(token, made.playlist_id)
        return made

    def update_playlist(
        self, playlist_id: str, title: str, description: str, privacy: str
    ) -> OwnPlaylist:
        return self._write_playlist("update", playlist_id, title, description, privacy)

    def _write_playlist(
        self, verb: str, playlist_id: str | None, title: str, description: str, privacy: str
    ) -> OwnPlaylist:
        """playlists.insert (no id) or playlists.update: title, description, privacy."""
        body: dict[str, Any] = {
            "snippet": {"title": title, "description": description},
            "status": {"privacyStatus": privacy},
        }
        if playlist_id is not None:
            body["id"] = playlist_id
        response = self.pool.call(
            f"playlists.{verb}",
            lambda svc: getattr(svc.playlists(), verb)(part="snippet,status", body=body),
        )
        return _playlist(response)

    def delete_playlist(self, playlist_id: str) -> None:
        self.pool.call("playlists.delete", lambda svc: svc.playlists().delete(id=playlist_id))

    def insert_item(self, playlist_id: str, video_id: str, position: int | None = None) -> str:
        return self.add_item(playlist_id, video_id, position).item_id

    def add_item(self, playlist_id: str, video_id: str, position: int | None = None) -> Added:
        """Insert a video; the answer says where it landed (in a playlist not sorted
        manually an append may land elsewhere than at the end)."""
        snippet: dict[str, Any] = {
            "playlistId": playlist_id,
            "resourceId": {"kind": "youtube#video", "videoId": video_id},
        }
        if position is not None:
            snippet["position"] = position
        response = self.pool.call(
            "playlistItems.insert",
            lambda svc: svc.playlistItems().insert(part="snippet", body={"snippet": snippet}),
        )
        landed = response.get("snippet", {}).get("position")
        return Added(str(response["id"]), int(landed) if isinstance(landed, int) else None)

    def move_item(self, item_id: str, playlist_id: str, video_id: str, position: int) -> None:
        body = {
            "id": item_id,
            "snippet": {
                "playlistId": playlist_id,
                "resourceId": {"kind": "youtube#video", "videoId": video_id},
                "position": position,
            },
        }
        self.pool.call(
            "playlistItems.update",
            lambda svc: svc.playlistItems().update(part="snippet", body=body),
        )

    def delete_item(self, item_id: str) -> None:
        self.pool.call("playlistItems.delete", lambda svc: svc.playlistItems().delete(id=item_id))
