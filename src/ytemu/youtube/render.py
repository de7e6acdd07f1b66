"""Google-shaped JSON for channels, videos, playlists and playlist items."""

from __future__ import annotations

from typing import Any

from ytemu.clock import rfc3339
from ytemu.model import Channel, Playlist, PlaylistItem, Video
from ytemu.world import World
from ytemu.youtube.common import iso_duration, resource, thumbnails, uploads_id, video_visible


def channel(
    world: World, ch: Channel, parts: list[str], viewer_id: str | None = None
) -> dict[str, Any]:
    videos = [v for v in world.videos.values() if v.channel_id == ch.id and video_visible(v, None)]
    handle = ch.handle if ch.handle.startswith("@") else "@" + ch.handle
    bodies: dict[str, Any] = {
        "snippet": {
            "title": ch.title,
            "description": ch.description,
            "customUrl": handle.lower(),
            "publishedAt": rfc3339(ch.published_at),
            "thumbnails": {
                "default": {"url": f"https://yt3.ggpht.com/{ch.id}=s88", "width": 88, "height": 88}
            },
            "localized": {"title": ch.title, "description": ch.description},
        },
        # Liked videos are "LL", and only for the channel's owner.
        "contentDetails": {
            "relatedPlaylists": {
                "likes": "LL" if viewer_id == ch.id else "",
                "uploads": uploads_id(ch.id),
            }
        },
        "statistics": {
            "viewCount": str(sum(v.view_count for v in videos)),
            "subscriberCount": "0",
            "hiddenSubscriberCount": False,
            "videoCount": str(len(videos)),
        },
        "status": {
            "privacyStatus": "public",
            "isLinked": True,
            "longUploadsStatus": "longUploadsUnspecified",
        },
        "brandingSettings": {"channel": {"title": ch.title, "description": ch.description}},
    }
    return resource("youtube#channel", ch.id, parts, bodies)


def video(world: World, v: Video, parts: list[str]) -> dict[str, Any]:
    owner = world.channels.get(v.channel_id)
    bodies: dict[str, Any] = {
        "snippet": {
            "publishedAt": rfc3339(v.published_at),
            "channelId": v.channel_id,
            "title": v.title,
            "description": v.description,
            "thumbnails": thumbnails(v.id),
            "channelTitle": owner.title if owner else "",
            "categoryId": "22",
            "liveBroadcastContent": "none",
            "localized": {"title": v.title, "description": v.description},
        },
        "contentDetails": {
            "duration": iso_duration(v.duration),
            "dimension": "2d",
            "definition": "hd",
            "caption": "false",
            "licensedContent": False,
            "contentRating": {},
            "projection": "rectangular",
        },
        "status": {
            "uploadStatus": "processed",
            "privacyStatus": v.privacy,
            "license": "youtube",
            "embeddable": True,
            "publicStatsViewable": True,
            "madeForKids": False,
        },
        "statistics": {
            "viewCount": str(v.view_count),
            "likeCount": str(v.view_count // 40),
            "favoriteCount": "0",
            "commentCount": str(v.view_count // 400),
        },
        "player": {
            "embedHtml": f'<iframe width="480" height="270" src="//www.youtube.com/embed/{v.id}" '
            'frameborder="0" allowfullscreen></iframe>'
        },
    }
    return resource("youtube#video", v.id, parts, bodies)


def playlist(world: World, pl: Playlist, parts: list[str]) -> dict[str, Any]:
    owner = world.channels.get(pl.channel_id)
    snippet: dict[str, Any] = {
        "publishedAt": rfc3339(pl.published_at),
        "channelId": pl.channel_id,
        "title": pl.title,
        "description": pl.description,
        "thumbnails": thumbnails(pl.items[0].video_id) if pl.items else {},
        "channelTitle": owner.title if owner else "",
    }
    if pl.default_language:
        snippet["defaultLanguage"] = pl.default_language
    snippet["localized"] = {"title": pl.title, "description": pl.description}
    bodies: dict[str, Any] = {
        "snippet": snippet,
        "status": {"privacyStatus": pl.privacy},
        "contentDetails": {"itemCount": len(pl.items)},
        "player": {
            "embedHtml": '<iframe width="640" height="360" src="http://www.youtube.com/embed/'
            f'videoseries?list={pl.id}" frameborder="0" allow="accelerometer; autoplay; '
            'clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" '
            'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
        },
    }
    return resource("youtube#playlist", pl.id, parts, bodies)


def playlist_item(
    world: World,
    pl: Playlist,
    item: PlaylistItem,
    position: int,
    parts: list[str],
    viewer_id: str | None,
) -> dict[str, Any]:
    owner = world.channels.get(pl.channel_id)
    v = world.videos.get(item.video_id)
    snippet: dict[str, Any] = {
        "publishedAt": rfc3339(item.added_at),
        "channelId": pl.channel_id,
        "title": "",
        "description": "",
        "thumbnails": {},
        "channelTitle": owner.title if owner else "",
        "playlistId": pl.id,
        "position": position,
        "resourceId": {"kind": "youtube#video", "videoId": item.video_id},
    }
    details: dict[str, Any] = {"videoId": item.video_id}
    if v is None or v.deleted or v.unavailable:
        snippet["title"] = "Deleted video"
        snippet["description"] = "This video is unavailable."
        privacy = "privacyStatusUnspecified"
    elif v.privacy == "private" and v.channel_id != viewer_id:
        snippet["title"] = "Private video"
        snippet["description"] = "This video is private."
        privacy = "private"
    else:
        vowner = world.channels.get(v.channel_id)
        snippet["title"] = v.title
        snippet["description"] = v.description
        snippet["thumbnails"] = thumbnails(v.id)
        snippet["videoOwnerChannelTitle"] = vowner.title if vowner else ""
        snippet["videoOwnerChannelId"] = v.channel_id
        details["videoPublishedAt"] = rfc3339(v.published_at)
        privacy = v.privacy
    if item.note:
        details["note"] = item.note
    bodies = {"snippet": snippet, "contentDetails": details, "status": {"privacyStatus": privacy}}
    return resource("youtube#playlistItem", item.id, parts, bodies)
