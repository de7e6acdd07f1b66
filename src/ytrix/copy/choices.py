"""What the copy use cases let a command choose, defined once: the CLI's options take
these enums as they are. A module of its own so the CLI can import it at start
without loading the copy flow."""

from __future__ import annotations

from enum import StrEnum


class SplitBy(StrEnum):
    """How `plist2mlists_split` groups a playlist's videos."""

    CHANNEL = "channel"
    YEAR = "year"
