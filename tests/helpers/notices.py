"""What a use case told the user, for tests that build objects directly."""

from __future__ import annotations

from ytrix.core.notify import LoggedNotices


class RecordedNotices(LoggedNotices):
    """The notices said, kept in `said` in order."""

    def __init__(self, said: list[str] | None = None) -> None:
        super().__init__()
        self.said = said if said is not None else []

    def notice(self, text: str) -> None:
        super().notice(text)
        self.said.append(text)
