"""Private directories and atomic, durable file writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
USER_FILE_MODE = 0o644


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700; if it exists, take away what group and
    others may do. Never add rights: a directory made read-only stays read-only (and
    the write that needed it fails with a clear error)."""
    missing = []
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        missing.append(ancestor)
        ancestor = ancestor.parent
    for directory in reversed(missing):  # `users/` too, not only `users/alice`
        directory.mkdir(exist_ok=True, mode=PRIVATE_DIR_MODE)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        path.chmod(mode & PRIVATE_DIR_MODE)
    return path


def atomic_write_bytes(
    path: Path,
    data: bytes,
    mode: int = PRIVATE_FILE_MODE,
    *,
    private: bool = True,
    tmp_suffix: str = ".tmp",
) -> None:
    """Write via a temp file in the same directory, fsync, rename: a reader (or a
    kill -9) sees the old content or the new one, never a torn file. The file is
    created with its final mode, so a secret is never briefly world-readable.

    `private=False` is for the user's own files (exports, transcripts): their
    directory is created if needed but its permissions are left alone."""
    if private:
        ensure_private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:80]}.", suffix=tmp_suffix
        )
    except OSError as exc:  # name the file the user knows, not the temp file
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write_text(
    path: Path, text: str, mode: int = PRIVATE_FILE_MODE, *, private: bool = True
) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode, private=private)


def user_file_mode(path: Path) -> int:
    """Replacing a user's file keeps its mode; a new one gets 0644."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return USER_FILE_MODE
