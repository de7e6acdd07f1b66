"""Google JSON error envelopes and the :class:`ApiError` exception handlers raise.

Every error the emulator returns for an API route uses the legacy Google envelope
``{"error": {"code", "message", "errors": [{message, domain, reason, [location,
locationType]}], ["status"], ["details"]}}``.  Bodies are encoded by
:func:`encode_json`, which escapes ``<``/``>`` as ``\\u003c``/``\\u003e`` like Google does.
"""

from __future__ import annotations

import json
from typing import Any

QUOTA_MESSAGE = (
    'The request cannot be completed because you have exceeded your <a href="/youtube/v3/'
    'getting-started#quota">quota</a>.'
)
AUTH_MESSAGE = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
    "cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)
LOGIN_REQUIRED_MESSAGE = (
    "Request is missing required authentication credential. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)


def encode_json(obj: Any) -> bytes:
    """JSON as Google sends it: pretty-printed, ``<``/``>`` escaped.  Text that is not
    UTF-8 (a lone surrogate echoed from a request) goes out as ``\\uXXXX`` escapes, so an
    answer is always sent."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(obj, indent=2).encode("ascii")
    return data.replace(b"<", b"\\u003c").replace(b">", b"\\u003e")


def envelope(
    code: int,
    message: str,
    reason: str,
    domain: str = "global",
    *,
    location: str | None = None,
    location_type: str | None = None,
    status: str | None = None,
    details: list[dict[str, Any]] | None = None,
    item_message: str | None = None,
) -> dict[str, Any]:
    """Build ``{"error": {...}}``."""
    item: dict[str, Any] = {
        "message": message if item_message is None else item_message,
        "domain": domain,
        "reason": reason,
    }
    if location is not None:
        item["location"] = location
        item["locationType"] = location_type or "parameter"
    err: dict[str, Any] = {"code": code, "message": message, "errors": [item]}
    if status is not None:
        err["status"] = status
    if details is not None:
        err["details"] = details
    return {"error": err}


class ApiError(Exception):
    """Raise from a handler to answer with ``status`` and a JSON ``body``."""

    def __init__(self, status: int, body: dict[str, Any], reason: str | None = None) -> None:
        self.status = status
        self.body = body
        self.reason = reason if reason is not None else reason_of(body)
        super().__init__(f"{status} {self.reason}")


def reason_of(body: Any) -> str | None:
    """The first ``errors[].reason`` (or OAuth ``error``) of a body, if any."""
    if not isinstance(body, dict):
        return None
    err = body.get("error")
    if isinstance(err, str):
        return err
    if isinstance(err, dict):
        items = err.get("errors")
        if isinstance(items, list) and items and isinstance(items[0], dict):
            reason = items[0].get("reason")
            if isinstance(reason, str):
                return reason
        status = err.get("status")
        if isinstance(status, str):
            return status
    return None


def make(status: int, body: dict[str, Any]) -> ApiError:
    return ApiError(status, body)


# --- quota / rate / auth ---------------------------------------------------------------


def quota_exceeded() -> ApiError:
    return make(403, envelope(403, QUOTA_MESSAGE, "quotaExceeded", "youtube.quota"))


def rate_limit_legacy(reason: str = "rateLimitExceeded") -> ApiError:
    msg = "Rate Limit Exceeded" if reason == "rateLimitExceeded" else "User Rate Limit Exceeded"
    return make(403, envelope(403, msg, reason, "usageLimits"))


def resource_exhausted(
    project_number: str,
    *,
    metric: str = "Queries",
    limit_name: str = "Queries per minute",
    quota_limit: str = "defaultPerMinutePerProject",
    limit_value: int = 0,
    unit: str = "1/min/{project}",
    service: str = "youtube.googleapis.com",
) -> ApiError:
    """429 RESOURCE_EXHAUSTED in the modern per-minute/per-bucket form."""
    msg = (
        f"Quota exceeded for quota metric '{metric}' and limit '{limit_name}' of service "
        f"'{service}' for consumer 'project_number:{project_number}'."
    )
    detail = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
            "service": service,
            "quota_metric": f"{service}/{metric.lower().replace(' ', '_')}",
            "quota_limit": quota_limit,
            "quota_limit_value": str(limit_value),
            "consumer": f"projects/{project_number}",
            "quota_unit": unit,
            "quota_location": "global",
        },
    }
    body = envelope(429, msg, "rateLimitExceeded", status="RESOURCE_EXHAUSTED", details=[detail])
    return make(429, body)


def auth_error() -> ApiError:
    body = envelope(
        401,
        AUTH_MESSAGE,
        "authError",
        location="Authorization",
        location_type="header",
        status="UNAUTHENTICATED",
        item_message="Invalid Credentials",
    )
    return make(401, body)


def login_required() -> ApiError:
    body = envelope(
        401,
        LOGIN_REQUIRED_MESSAGE,
        "required",
        location="Authorization",
        location_type="header",
        status="UNAUTHENTICATED",
        item_message="Login Required.",
    )
    return make(401, body)


def insufficient_permissions(grpc_method: str, service: str = "youtube.googleapis.com") -> ApiError:
    detail = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
        "domain": "googleapis.com",
        "metadata": {"service": service, "method": grpc_method},
    }
    body = envelope(
        403,
        "Request had insufficient authentication scopes.",
        "insufficientPermissions",
        status="PERMISSION_DENIED",
        details=[detail],
        item_message="Insufficient Permission",
    )
    return make(403, body)


def access_not_configured(project_number: str) -> ApiError:
    msg = (
        f"YouTube Data API v3 has not been used in project {project_number} before or it is "
        "disabled. Enable it by visiting https://console.developers.google.com/apis/api/"
        f"youtube.googleapis.com/overview?project={project_number} then retry."
    )
    return make(403, envelope(403, msg, "accessNotConfigured", "usageLimits"))


# --- transient -------------------------------------------------------------------------


def aborted() -> ApiError:
    msg = "The operation was aborted."
    body = envelope(409, msg, "SERVICE_UNAVAILABLE", "youtube.CoreErrorDomain", status="ABORTED")
    return make(409, body)


def backend_error() -> ApiError:
    return make(500, envelope(500, "Backend Error", "backendError", status="INTERNAL"))


def service_unavailable() -> ApiError:
    msg = "The service is currently unavailable."
    return make(503, envelope(503, msg, "backendError", status="UNAVAILABLE"))


# --- request validation ----------------------------------------------------------------


def required_parameter(name: str) -> ApiError:
    return make(400, envelope(400, f"Required parameter: {name}", "required", location=name))


def invalid_parameter(name: str, message: str) -> ApiError:
    return make(400, envelope(400, message, "invalidParameter", location=name))


def unknown_part(part: str) -> ApiError:
    return make(400, envelope(400, f"'{part}'", "unknownPart", "youtube.part", location="part"))


def missing_filter(expected: list[str]) -> ApiError:
    msg = "No filter selected. Expected one of: " + ", ".join(expected)
    body = envelope(
        400,
        msg,
        "missingRequiredParameter",
        "youtube.parameter",
        location="parameters.",
        location_type="other",
    )
    return make(400, body)


def incompatible_parameters(names: list[str]) -> ApiError:
    msg = "Incompatible parameters specified in the request: " + ", ".join(names)
    body = envelope(
        400,
        msg,
        "incompatibleParameters",
        "youtube.parameter",
        location="parameters.",
        location_type="other",
    )
    return make(400, body)


def invalid_page_token() -> ApiError:
    msg = "The request specifies an invalid page token."
    body = envelope(400, msg, "invalidPageToken", "youtube.parameter", location="pageToken")
    return make(400, body)


def parse_error() -> ApiError:
    return make(400, envelope(400, "Parse Error", "parseError"))


def bad_request(
    reason: str, message: str, domain: str = "global", location: str | None = None
) -> ApiError:
    return make(400, envelope(400, message, reason, domain, location=location))


def forbidden(reason: str, message: str, domain: str = "global") -> ApiError:
    return make(403, envelope(403, message, reason, domain))


def not_found(
    reason: str, message: str, domain: str = "global", location: str | None = None
) -> ApiError:
    return make(404, envelope(404, message, reason, domain, location=location))


def generic(status: int, reason: str, message: str | None = None) -> ApiError:
    """Any status/reason pair (used by fault injection for unusual combinations)."""
    return make(status, envelope(status, message or reason, reason))


def no_route() -> ApiError:
    return make(404, envelope(404, "Not Found", "notFound"))


# --- YouTube resource errors (reference §2) --------------------------------------------


def playlist_not_found(
    location: str = "playlistId", domain: str = "youtube.playlistItem"
) -> ApiError:
    msg = (
        f"The playlist identified with the request's <code>{location}</code> parameter "
        "cannot be found."
    )
    return not_found("playlistNotFound", msg, domain, location=location)


def video_not_found() -> ApiError:
    return not_found("videoNotFound", "Video not found.", "youtube.playlistItem")


def failed_precondition() -> ApiError:
    return bad_request("failedPrecondition", "Precondition check failed.")


def playlist_item_not_found() -> ApiError:
    msg = (
        "The playlist item identified with the request's <code>id</code> parameter cannot be found."
    )
    return not_found("playlistItemNotFound", msg, "youtube.playlistItem", location="id")


def playlist_items_not_accessible() -> ApiError:
    msg = "The request is not properly authorized to retrieve the specified playlist."
    return forbidden("playlistItemsNotAccessible", msg, "youtube.playlistItem")


def playlist_forbidden() -> ApiError:
    msg = "The playlist cannot be modified or deleted by the authenticated user."
    return forbidden("playlistForbidden", msg, "youtube.playlist")


def playlist_full() -> ApiError:
    msg = "The playlist contains the maximum number of items allowed."
    return forbidden("playlistContainsMaximumNumberOfVideos", msg, "youtube.playlistItem")


def playlist_operation_unsupported() -> ApiError:
    msg = "The API does not support the ability to insert videos into the specified playlist."
    return bad_request("playlistOperationUnsupported", msg, "youtube.playlistItem")


def invalid_position() -> ApiError:
    msg = "The request specifies an invalid playlist item position."
    return bad_request("invalidPlaylistItemPosition", msg, "youtube.playlistItem")


def manual_sort_required() -> ApiError:
    msg = (
        "The request attempts to set the playlist item's position, but the playlist does "
        "not use manual sorting."
    )
    return bad_request("manualSortRequired", msg, "youtube.playlistItem")


def access_forbidden() -> ApiError:
    msg = "Access forbidden. The request may not be properly authorized."  # errors page
    return forbidden("forbidden", msg)
