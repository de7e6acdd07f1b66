"""YouTube Data API v3 routes (``/youtube/v3/...``).

Every route is metered with the cost from :data:`ytemu.quota.COSTS`, requires a Bearer
token, checks the method's scopes from the discovery document and validates the query
against it.
"""

from __future__ import annotations

from ytemu import discovery
from ytemu.quota import cost_of
from ytemu.router import Handler, Router
from ytemu.youtube.common import DOC
from ytemu.youtube.items import (
    playlist_items_delete,
    playlist_items_insert,
    playlist_items_list,
    playlist_items_update,
)
from ytemu.youtube.playlists import (
    playlists_delete,
    playlists_insert,
    playlists_list,
    playlists_update,
)
from ytemu.youtube.reads import channels_list, videos_list

PREFIX = r"/youtube/v3/"

ROUTES: list[tuple[str, str, str, Handler]] = [
    ("GET", "channels", "youtube.channels.list", channels_list),
    ("GET", "videos", "youtube.videos.list", videos_list),
    ("GET", "playlists", "youtube.playlists.list", playlists_list),
    ("POST", "playlists", "youtube.playlists.insert", playlists_insert),
    ("PUT", "playlists", "youtube.playlists.update", playlists_update),
    ("DELETE", "playlists", "youtube.playlists.delete", playlists_delete),
    ("GET", "playlistItems", "youtube.playlistItems.list", playlist_items_list),
    ("POST", "playlistItems", "youtube.playlistItems.insert", playlist_items_insert),
    ("PUT", "playlistItems", "youtube.playlistItems.update", playlist_items_update),
    ("DELETE", "playlistItems", "youtube.playlistItems.delete", playlist_items_delete),
]


def register(router: Router) -> None:
    for http_method, resource, api_method, handler in ROUTES:
        router.add(
            http_method,
            PREFIX + resource,
            api_method,
            handler,
            cost=cost_of(api_method),
            auth="required",
            scopes=discovery.method_scopes(DOC, api_method),
            discovery=DOC,
        )
