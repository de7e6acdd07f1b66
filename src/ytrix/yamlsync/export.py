"""Export own playlists to the playlists file format (reads only).

`mlists2yaml` lists every own playlist (`mine=true`: private and unlisted included)
with id, title, description and privacy: 1 unit per 50 playlists. `--details` adds
each playlist's `videos` (id, title, channel): 1 more unit per 50 items. Without
`videos` keys the file is still safe to apply: absent means "leave the videos alone".
The text has no timestamp, so exporting an unchanged channel gives identical bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import UsageError
from ytrix.core.fsutil import atomic_write_text, user_file_mode

if TYPE_CHECKING:
    from ytrix.youtube.gateway import Gateway, OwnPlaylist, PlaylistItem

HEADER = """\
# ytrix playlists file ({what}).
# Preview the changes with `ytrix yaml2mlists FILE --dry-run`, apply with
# `ytrix yaml2mlists FILE` (or `ytrix yaml2mlist FILE` for a one-playlist file).
# Rules:
# - A key that is absent means "leave as is". An entry without a `videos:` key
#   leaves that playlist's videos untouched.
# - `videos:` is the wanted list in order; ytrix inserts, removes and moves items
#   to match it, with as few moves as possible. Video `title`/`channel` are only
#   for reading. A video may also be given as a bare ID or a watch URL.
# - `videos: []` empties a playlist; it is applied only with --allow-empty.
# - An entry without `id:` creates a playlist (private unless `privacy:` is given).
# - Playlists missing from this file are left alone; `delete: true` on an entry
#   deletes that playlist.
# - privacy is one of: public, unlisted, private.
# - Nothing is written unless the whole file is valid; deletions ask first.
"""


_RARE_BREAKS = "\r\x85\u2028\u2029"


@dataclass(frozen=True)
class ExportedPlaylist:
    """One entry of the file; `videos` None: the entry leaves the videos alone."""

    playlist: OwnPlaylist
    videos: tuple[PlaylistItem, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as the file holds it."""
        playlist = self.playlist
        entry: dict[str, Any] = {
            "id": playlist.playlist_id,
            "title": playlist.title,
            "description": playlist.description,
            "privacy": playlist.privacy,
        }
        if self.videos is not None:
            entry["videos"] = [
                {"id": v.video_id, "title": v.title, "channel": v.channel} for v in self.videos
            ]
        return entry


def video_entries(gateway: Gateway, playlist_id: str) -> tuple[PlaylistItem, ...]:
    return tuple(gateway.list_items(playlist_id))


def export_all(gateway: Gateway, details: bool) -> list[ExportedPlaylist]:
    return [
        ExportedPlaylist(p, video_entries(gateway, p.playlist_id) if details else None)
        for p in gateway.list_my_playlists()
    ]


def export_one(gateway: Gateway, playlist_id: str) -> ExportedPlaylist | None:
    playlist = gateway.get_playlist(playlist_id)
    if playlist is None:
        return None
    return ExportedPlaylist(playlist, video_entries(gateway, playlist_id))


def dump(entries: list[dict[str, Any]], what: str) -> str:
    """The file text: the rules as a comment, then `playlists:`."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None  # multi-line descriptions stay readable
        if any(ch in value for ch in _RARE_BREAKS):
            style = '"'  # only double quotes carry these line breaks unchanged
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(
        {"playlists": entries},
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,  # never fold a long title over two lines
    )
    return HEADER.format(what=what) + body


def write_file(path: Path, text: str) -> None:
    """Replace `path` atomically (a kill leaves the old file or the new one). The
    user's directory is left as it is: no chmod of it, the file keeps its mode."""
    try:
        atomic_write_text(path, text, user_file_mode(path), private=False)
    except OSError as exc:
        raise UsageError(f"Cannot write {path}: {exc.strerror or exc}") from None
