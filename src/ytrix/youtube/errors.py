"""Every failure of a Data API call as one typed error: status, reason (parsed from
the body's `errors[]`, not `HttpError.reason`, which is the human text), whether a
retry may help, whether the outcome is ambiguous (the write may have happened), the
project, and a plain-language hint."""

from __future__ import annotations

import json
import logging
import socket
from datetime import datetime
from typing import Any

from ytrix.core.errors import AuthNeeded, ExitCode, RequestFailed, YtrixError

log = logging.getLogger(__name__)

QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
# Only these mean "this video cannot be added" (private -> 400 failedPrecondition,
# deleted -> 404 videoNotFound; platform-limits.md §3). A 403 is about permission.
UNAVAILABLE_VIDEO_REASONS = frozenset({"failedPrecondition", "videoNotFound"})
# The channel's cap on new playlists, recognised by YouTube's text whatever the status
# (429 or 400) and reason (platform-limits.md §1).
CREATION_LIMIT_TEXT = "creating too many playlists"
PERMISSION_HINT = (
    "YouTube refused access to this playlist (403): check that the token has the "
    "youtube scope (`ytrix projects_auth {project}`), that the playlist belongs to the "
    "channel you authorized, and, for a Brand Account, that you picked that channel on "
    "the consent screen."
)
# Fixed by re-authorizing: exit code 4, like a dead token.
AUTH_REASONS = frozenset({"authError", "insufficientPermissions"})

_HINTS: dict[str, str] = {
    "authError": "Re-authorize with `ytrix projects_auth {project}`.",
    "insufficientPermissions": (
        "The token lacks the YouTube scope; re-authorize with `ytrix projects_auth {project}`."
    ),
    "forbidden": PERMISSION_HINT,
    "playlistForbidden": PERMISSION_HINT,
    "playlistItemsNotAccessible": PERMISSION_HINT,
    "playlistNotFound": "Check the playlist ID; the playlist may have been deleted.",
    "videoNotFound": "The video does not exist or was deleted.",
    "failedPrecondition": "The video is private or unavailable.",
    "playlistContainsMaximumNumberOfVideos": (
        "A playlist holds at most 5,000 videos; ytrix continues in a '(Part 2)' playlist."
    ),
    "backendError": "YouTube had a server error; retry in a moment.",
    "ABORTED": (
        "YouTube aborted the request repeatedly; retry in a few minutes "
        "(a re-run checks what took effect, so nothing is duplicated)."
    ),
    "network": "Check your internet connection and retry.",
    "timeout": "The request timed out; check your connection and retry.",
    "rate": "Re-run with `--throttle 500`, or resume later.",
}


# When the reason is not one we know: a next step by HTTP status.
_STATUS_HINTS: dict[int, str] = {
    400: "YouTube rejected the request as invalid; check the IDs and values you passed.",
    401: "Re-authorize with `ytrix projects_auth {project}`.",
    403: PERMISSION_HINT,
    404: "Check the ID; the playlist or video may have been deleted or be private.",
    409: "YouTube reported a conflict; retry in a few minutes.",
    429: "Re-run with `--throttle 500`, or resume later.",
}
_OTHER_HINT = "Re-run with --verbose to see YouTube's full answer (it is also in the log)."


def _hint(reason: str | None, project: str | None, status: int | None = None) -> str:
    template = _HINTS.get(reason or "")
    if template is None and status is not None:
        template = _STATUS_HINTS.get(status)
        if template is None and status >= 500:
            template = _HINTS["backendError"]
    return (template or _OTHER_HINT).format(project=project or "NAME")


class ApiError(RequestFailed):
    """A Data API request failed after ytrix's own handling."""

    code = "api_error"

    def __init__(
        self,
        message: str,
        *,
        method: str,
        status: int | None,
        reason: str | None,
        project: str | None = None,
        retryable: bool = False,
        ambiguous: bool = False,
        hint: str | None = None,
    ):
        super().__init__(message, hint or _hint(reason, project, status), project=project)
        if status == 401 or reason in AUTH_REASONS:
            self.exit_code = ExitCode.AUTH_NEEDED
        self.method = method
        self.status = status
        self.reason = reason
        self.retryable = retryable
        self.ambiguous = ambiguous
        self.youtube_message = ""  # YouTube's own text, when it sent one

    @property
    def is_quota(self) -> bool:
        return self.reason in QUOTA_REASONS

    @property
    def is_rate_limit(self) -> bool:
        return self.status == 429 or self.reason in RATE_REASONS

    @property
    def is_auth(self) -> bool:
        return self.status == 401

    @property
    def video_unavailable(self) -> bool:
        return self.reason in UNAVAILABLE_VIDEO_REASONS

    @property
    def is_creation_limit(self) -> bool:
        """The channel may create no more playlists for now: a channel limit, never
        solved by rotating projects or retrying."""
        return CREATION_LIMIT_TEXT in self.youtube_message.lower()

    def payload(self) -> dict[str, object]:
        return {"status": self.status, "reason": self.reason, "method": self.method}


class QuotaExhausted(YtrixError):
    """No eligible project has quota left until `reset_at`."""

    exit_code = ExitCode.QUOTA_EXHAUSTED
    code = "quota_exhausted"

    def __init__(
        self,
        message: str,
        hint: str | None,
        reset_at: datetime,
        pinned: str | None,
        raised_at: datetime,
    ):
        super().__init__(message, hint, project=pinned)
        self.reset_at = reset_at
        self.raised_at = raised_at  # the payload counts the seconds to the reset from it

    def payload(self) -> dict[str, object]:
        from ytrix.core.clock import iso, seconds_until_reset

        seconds = int(seconds_until_reset(self.raised_at))
        return {"reset_at": iso(self.reset_at), "resets_in_seconds": seconds}


class ProjectAuthDead(AuthNeeded):
    """A project's refresh token no longer works (revoked, expired, client deleted)."""

    code = "auth_needed"


def parse_http_error(content: bytes | str | None) -> tuple[str | None, str]:
    """(reason, message) from a Google JSON error body; tolerant of anything else."""
    if content is None:
        return None, ""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    try:
        body: Any = json.loads(text)
    except ValueError:
        return None, text[:200]
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, text[:200]
    message = str(error.get("message", ""))
    errors = error.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = errors[0].get("reason")
        if isinstance(reason, str):
            return reason, message
    status = error.get("status")
    return (status if isinstance(status, str) else None), message


def from_http_error(exc: Any, method: str, project: str | None) -> ApiError:
    """Map a googleapiclient HttpError (duck-typed: no import needed here)."""
    status = int(exc.resp.status)
    content = getattr(exc, "content", None)
    reason, message = parse_http_error(content)
    if log.isEnabledFor(logging.DEBUG):  # the body goes to the log (stderr with --verbose)
        body = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        log.debug("%s on project %s: HTTP %s body: %s", method, project, status, body)
    if status == 409 and reason in (None, "SERVICE_UNAVAILABLE", "ABORTED"):
        reason = "ABORTED"
    ambiguous = method.rsplit(".", maxsplit=1)[-1] != "list" and (status == 409 or status >= 500)
    retryable = status >= 500 or status in {409, 429} or (reason or "") in RATE_REASONS
    text = _plain(message) or f"HTTP {status}"
    error = ApiError(
        f"{method} failed: {text} ({status} {reason or 'error'})",
        method=method,
        status=status,
        reason=reason,
        project=project,
        retryable=retryable,
        ambiguous=ambiguous,
    )
    error.youtube_message = text
    if error.is_creation_limit:
        error.retryable = False
    return error


def from_transport_error(
    exc: BaseException, method: str, project: str | None, *, sent: bool | None = None
) -> ApiError:
    """Connection refused: nothing was sent. A timeout or reset: it may have been.
    `sent=False`: the failure happened before the request (e.g. the token refresh)."""
    sent = transport_was_sent(exc) if sent is None else sent
    is_timeout = isinstance(exc, TimeoutError | socket.timeout)
    reason = "timeout" if is_timeout else "network"
    return ApiError(
        f"{method} failed: network error ({type(exc).__name__}: {exc})",
        method=method,
        status=None,
        reason=reason,
        project=project,
        retryable=True,
        ambiguous=sent and method.rsplit(".", maxsplit=1)[-1] != "list",
    )


def from_token_endpoint_error(exc: Exception, method: str, project: str | None) -> ApiError:
    """The access-token refresh failed without saying the token is dead: google-auth's
    TransportError (DNS, reset) or a retryable RefreshError (5xx). Nothing was sent."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if type(exc).__name__ == "TransportError":
        return from_transport_error(cause, method, project, sent=False)
    detail = exc.args[0] if exc.args else type(exc).__name__
    return ApiError(
        f"{method} failed: the token endpoint had a temporary error ({detail})",
        method=method,
        status=None,
        reason="backendError",
        project=project,
        retryable=True,
    )


def httplib2_error() -> type[Exception]:
    """httplib2's base error, imported only when a call is made."""
    import httplib2

    return httplib2.HttpLib2Error  # type: ignore[no-any-return]


def transport_was_sent(exc: BaseException) -> bool:
    # httplib2 turns a failed DNS lookup into ServerNotFoundError: nothing was sent.
    if type(exc).__name__ == "ServerNotFoundError":
        return False
    return not isinstance(exc, ConnectionRefusedError | socket.gaierror)


def _plain(message: str) -> str:
    """Google's messages carry HTML (`<a href>`, `<code>`); users get text."""
    import re

    return re.sub(r"<[^>]+>", "", message).strip()
