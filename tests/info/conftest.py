"""plist2info tests point ytrix at ytemu through config.toml (`[api]
youtube_endpoint`), so it runs real yt-dlp with the ytemu extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from ytemu.testing import RunningEmulator


@pytest.fixture
def emu(ytemu: RunningEmulator, isolated_home: Path) -> RunningEmulator:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        f'[api]\nyoutube_endpoint = "{ytemu.base_url}"\n', encoding="utf-8"
    )
    return ytemu
