"""Values the Data API defines, shared by the CLI's choices, the YAML spec and the
copy flow (one definition each)."""

from __future__ import annotations

from typing import Literal, get_args

Privacy = Literal["public", "unlisted", "private"]  # playlist status.privacyStatus
PRIVACIES: tuple[Privacy, ...] = get_args(Privacy)
