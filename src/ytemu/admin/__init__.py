"""The ``/_emu/`` admin API: its routes (``routes`` for the world, settings, clients,
projects, quota, log, clock, tokens and faults; ``content`` for channels, videos,
playlists and the signed-in account) and :class:`EmuAdmin`, the typed stdlib client
tests and ``ytrix demo`` drive a running emulator with (``client``; the JSON
shapes it returns are in ``records``).

Importing this package loads the client only, so ``from ytemu.admin import EmuAdmin``
stays light.
"""

from ytemu.admin.client import EmuAdmin
from ytemu.admin.records import (
    ClockInfo,
    EmuAdminError,
    PlaylistInfo,
    ProjectQuota,
    RequestRecord,
    TokenGrant,
)

__all__ = [
    "ClockInfo",
    "EmuAdmin",
    "EmuAdminError",
    "PlaylistInfo",
    "ProjectQuota",
    "RequestRecord",
    "TokenGrant",
]
