"""What curating a playlist lets a command choose, defined once: the CLI's options take
these enums as they are. A module of its own so the CLI can import it at start
without loading the curation flow."""

from __future__ import annotations

from enum import StrEnum


class Keep(StrEnum):
    """Which copy of a repeated video `mlist_dedup` keeps."""

    FIRST = "first"
    LAST = "last"


class SortKey(StrEnum):
    """What `mlist_sort` orders by."""

    ADDED = "added"
    PUBLISHED = "published"
    TITLE = "title"
    DURATION = "duration"
    VIEWS = "views"
    CHANNEL = "channel"
