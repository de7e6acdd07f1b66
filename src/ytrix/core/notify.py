"""What a use case tells the user while it works: notices, warnings, chatter.

A use case receives a `Notices` from its caller (the pool, the readers and the batch
through their constructors or deps) instead of reaching for a global console. The
CLI's per-run console (`cli/console.py`) shows them on stderr; `LoggedNotices`, the
default, only logs them (library use, tests that build objects directly).
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

_log = logging.getLogger("ytrix.ui")


class Notices(Protocol):
    def notice(self, text: str) -> None:
        """Something the user must see even without --verbose (rotation, pauses)."""

    def notice_once(self, key: str, text: str) -> None:
        """A notice said once per run, however many readers or workers meet it."""

    def warn(self, text: str) -> None: ...

    def info(self, text: str) -> None:
        """Chatter: hidden by --quiet."""


class LoggedNotices:
    """Notices that only reach the log; the CLI's console shows them as well."""

    def __init__(self) -> None:
        self._said: set[str] = set()  # keys of the notices said once this run
        self._said_lock = threading.Lock()  # a batch's workers share the run's notices

    def notice(self, text: str) -> None:
        _log.info(text)

    def notice_once(self, key: str, text: str) -> None:
        with self._said_lock:
            if key in self._said:
                return
            self._said.add(key)
        self.notice(text)

    def warn(self, text: str) -> None:
        # Logged at INFO: the stderr log handler shows WARNING records, and the
        # console shows this one itself.
        _log.info("warning: %s", text)

    def info(self, text: str) -> None:
        _log.info(text)
