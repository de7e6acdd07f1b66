"""stdlib logging: full detail in a rotating log file, warnings on stderr.

google-auth, googleapiclient and oauthlib log through the same root logger, so
their detail lands in the file too, after secrets are scrubbed."""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

_SECRET_PATTERNS = [
    re.compile(
        r"((?:client_secret|refresh_token|access_token|code_verifier|code|token)"
        r"[\"']?\s*[=:]\s*[\"']?)([^\"'&\s,}]+)"
    ),
    re.compile(r"(Bearer\s+)(\S+)"),
]


def scrub(text: str) -> str:
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(r"\1[redacted]", text)
    return text


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _StderrFormatter(_ScrubbingFormatter):
    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "user_warning", False):
            return scrub(f"Warning: {record.getMessage()}")
        return super().format(record)


class _LazyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the private log directory on the first record, not at start-up, so
    `ytrix version` on a fresh machine leaves nothing behind."""

    unwritable = False  # set when the file cannot be opened or written
    home: Path | None = None  # ytrix's home, which the log never creates

    def _open(self):  # type: ignore[no-untyped-def]
        from ytrix.core.fsutil import PRIVATE_FILE_MODE, ensure_private_dir

        root = self.home
        if root is not None and root in Path(self.baseFilename).parents and not root.is_dir():
            # The log never creates ytrix's home: a mistyped YTRIX_HOME on a command that
            # fails for want of a config must leave nothing behind. (handleError below
            # stops the file logging for this run.)
            raise FileNotFoundError(errno.ENOENT, "ytrix's home does not exist", str(root))
        ensure_private_dir(Path(self.baseFilename).parent)
        # 0600 like every other file in the home, from its first byte (and tightened
        # if an earlier version left it 0644).
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
        if os.stat(self.baseFilename).st_mode & 0o077:
            os.chmod(self.baseFilename, PRIVATE_FILE_MODE)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        if not self.unwritable:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        # A read-only or full YTRIX_HOME: logging's default prints a traceback on
        # stderr for every record. Stop writing instead; the command reports what
        # it could not write itself, and `Details:` no longer points at this file.
        if isinstance(sys.exc_info()[1], OSError):
            self.unwritable = True
        else:
            super().handleError(record)


# Client libraries warn about HTTP errors that ytrix classifies and reports itself
# (one `Error:` line): their warnings go to the log file, and to stderr with --verbose.
# So do records logged with `extra={"file_only": True}` (tracebacks).
_LIBRARY_LOGGERS = (
    "googleapiclient",
    "google_auth_httplib2",
    "google.auth",
    "google.oauth2",
    "psycopg",
)
FILE_ONLY = {"file_only": True}
# A warning for the user from code shared by every run of the process (the PostgreSQL
# connection pool), which has no run's console to tell: stderr shows it as `Warning:`.
USER_WARNING = {"user_warning": True}


def _for_stderr(record: logging.LogRecord) -> bool:
    if getattr(record, "file_only", False):
        return False
    if record.levelno >= logging.ERROR:
        return True
    return not any(
        record.name == name or record.name.startswith(name + ".") for name in _LIBRARY_LOGGERS
    )


_configured_file: Path | None = None


def configure(log_file: Path | None, verbose: bool, home: Path | None = None) -> None:
    """Idempotent per log file; the file is created lazily on the first record, and
    never creates `home` (ytrix's home, when the log lives in it)."""
    global _configured_file
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in list(root.handlers):
        if getattr(handler, "_ytrix", False):
            root.removeHandler(handler)
            handler.close()
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(_StderrFormatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        stderr.addFilter(_for_stderr)
    stderr._ytrix = True  # type: ignore[attr-defined]
    root.addHandler(stderr)
    if log_file is not None:
        file_handler = _LazyRotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8", delay=True
        )
        file_handler.home = home
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(
            _ScrubbingFormatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
        )
        file_handler._ytrix = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    _configured_file = log_file
    # These log raw token requests at DEBUG; the scrubber is a second line of defence.
    for noisy in ("oauthlib", "requests_oauthlib", "urllib3", "httplib2"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("googleapiclient.discovery_cache").setLevel(logging.ERROR)


def log_file() -> Path | None:
    """The log file, unless it could not be written."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _LazyRotatingFileHandler) and handler.unwritable:
            return None
    return _configured_file


def is_configured() -> bool:
    return any(getattr(h, "_ytrix", False) for h in logging.getLogger().handlers)
