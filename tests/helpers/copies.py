"""Sources and checks for the platform-limit tests: fresh public playlists, a list
file of them, their exact copies, and the statuses ytemu answered."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.playlists import items, make_source, own
from ytemu.testing import RunningEmulator


def sources(emu: RunningEmulator, count: int, size: int = 3) -> dict[str, list[str]]:
    """`count` public playlists of `size` fresh videos each: {playlist id: videos}."""
    made: dict[str, list[str]] = {}
    for n in range(count):
        source, videos = make_source(emu, size, title=f"Source {n:02d}")
        made[source] = videos
    return made


def write_list(path: Path, playlist_ids: list[str]) -> Path:
    path.write_text("\n".join(playlist_ids) + "\n")
    return path


def copies(emu: RunningEmulator, wanted: dict[str, list[str]], before: set[str]) -> dict[str, str]:
    """{source: its copy} for every source copied exactly (every video once, in
    order); asserts no source has two copies."""
    titles = {s: emu.admin.playlist(s)["title"] for s in wanted}
    found: dict[str, str] = {}
    for playlist in own(emu):
        if playlist["id"] in before:
            continue
        [source] = [s for s, t in titles.items() if t == playlist["title"]]
        assert source not in found, f"two copies of {titles[source]}"
        assert items(emu, playlist["id"]) == wanted[source], titles[source]
        found[source] = playlist["id"]
    return found


def inserts(emu: RunningEmulator, method: str) -> list[int]:
    """Statuses of every request of `method` (e.g. youtube.playlists.insert)."""
    return [int(r["status"]) for r in emu.admin.requests() if r["method"] == method]
