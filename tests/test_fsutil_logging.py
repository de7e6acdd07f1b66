from __future__ import annotations

import logging
import stat
from pathlib import Path

from ytrix.core import logsetup
from ytrix.core.fsutil import atomic_write_text, ensure_private_dir


def test_atomic_write_is_private(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "token.json"
    atomic_write_text(target, "{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    atomic_write_text(target, '{"x": 1}')
    assert target.read_text() == '{"x": 1}'
    assert [p.name for p in target.parent.iterdir()] == ["token.json"]


def test_ensure_private_dir_tightens(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    ensure_private_dir(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_log_file_scrubs_secrets(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "log.txt"
    logsetup.configure(log_file, verbose=False)
    logging.getLogger("google.auth").debug(
        "body: grant_type=refresh_token&client_secret=GOCSPX-abc&refresh_token=1//xyz"
    )
    logging.getLogger("x").debug('{"token": "ya29.secret", "client_id": "ok"}')
    logging.getLogger("x").debug("Authorization: Bearer ya29.abc")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text()
    for secret in ("GOCSPX-abc", "1//xyz", "ya29.secret", "ya29.abc"):
        assert secret not in text
    assert "client_id" in text
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    logsetup.configure(None, verbose=False)
