"""The error types every layer raises; the CLI's one error boundary turns them into
a message, a hint and a documented exit code."""

from __future__ import annotations

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

    def __init__(self, message: str, hint: str | None = None, *, project: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
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
