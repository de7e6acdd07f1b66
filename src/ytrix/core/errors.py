"""The error types every layer raises; the CLI's one error boundary turns them into
a message, a hint and a documented exit code."""

from __future__ import annotations

import errno
import os
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    QUOTA_EXHAUSTED = 3
    AUTH_NEEDED = 4
    PARTIAL_FAILURE = 5
    INTERRUPTED = 130


class YtrixError(Exception):
    """A failure we understand: one plain-language line, a next step, an exit code."""

    exit_code: ExitCode = ExitCode.ERROR
    code: str = "error"
    default_hint: str | None = None  # the next step when the raiser gives none

    def __init__(self, message: str, hint: str | None = None, *, project: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        self.project = project

    def payload(self) -> dict[str, object]:
        """Extra machine-readable fields for the JSON error object."""
        return {}


class UsageError(YtrixError):
    exit_code = ExitCode.USAGE
    code = "usage"


class ConfigError(YtrixError):
    exit_code = ExitCode.USAGE
    code = "config"


class AuthNeeded(YtrixError):
    exit_code = ExitCode.AUTH_NEEDED
    code = "auth_needed"


class RequestFailed(YtrixError):
    """A remote write or read failed. `ambiguous`: the write may have happened anyway
    (a timeout, a 5xx, 409 ABORTED), so the write journal reads the target before any
    retry. Defined here so the journal needs no API module."""

    ambiguous: bool = False


class StorageError(YtrixError):
    """A file ytrix needs cannot be opened or written: permissions, a read-only
    file system, a full disk. Not a bug: the user can fix it."""

    code = "storage"


# OSErrors a user can fix (permissions, a read-only file system, a full disk).
_STORAGE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def storage_error_from(exc: BaseException) -> StorageError | None:
    """The clear error for a file that cannot be read or written, else None."""
    if not isinstance(exc, OSError) or exc.errno not in _STORAGE_ERRNOS:
        return None
    name = exc.filename
    what = f"Cannot access {name}" if name else "Cannot write a file"
    where = os.path.dirname(os.fspath(name)) if name else None
    return StorageError(
        f"{what}: {exc.strerror or exc}",
        f"Check the permissions of {where or 'the directory'} and the free space on its "
        "disk; YTRIX_HOME moves ytrix's own files to another directory.",
    )
