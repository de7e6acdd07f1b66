"""Talking to the Cloud REST APIs: Application Default Credentials, the clients
(built from google-api-python-client's bundled discovery documents, endpoints from
`[api] cloud_endpoints`), retries with visible backoff, and long-running operations.

Rate limits (429 / RESOURCE_EXHAUSTED, 403 rateLimitExceeded) wait 30 s, 60 s, 120 s ...;
transient 5xx and network errors 5 s, 10 s ...; operations are polled from 1 s up to
10 s apart. Every wait is multiplied by `$YTRIX_BACKOFF_SCALE` (default 1; tests
use a tiny value).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import AuthNeeded, YtrixError
from ytrix.core.notify import LoggedNotices, Notices
from ytrix.quota.throttle import backoff_scale

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig

CLOUD_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
RATE_LIMIT_BASE = 30.0
TRANSIENT_BASE = 5.0
MAX_RETRIES = 5
POLL_FIRST = 1.0
POLL_MAX = 10.0
POLL_BUDGET = 600.0  # nominal seconds before we stop waiting for an operation
TRANSIENT_STATUS = frozenset({500, 502, 503, 504})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
INSTALL_URL = "https://cloud.google.com/sdk/docs/install"


class GcpError(YtrixError):
    """A Cloud API call failed for a reason we can name."""

    code = "gcp_error"

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        status: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.status = status
        self.reason = reason

    def payload(self) -> dict[str, object]:
        return {"status": self.status, "reason": self.reason}


class ProjectQuotaExceeded(GcpError):
    code = "project_quota_exceeded"


def adc_hint() -> str:
    login = "gcloud auth application-default login"
    gcloud = shutil.which("gcloud")
    first = (
        f"Run `{login}` (the Google Cloud CLI is installed at {gcloud})"
        if gcloud
        else f"Install the Google Cloud CLI ({INSTALL_URL}), then run `{login}`"
    )
    return (
        f"{first} and sign in with the Google account that owns your Cloud projects; "
        "or set GOOGLE_APPLICATION_CREDENTIALS to the path of a service-account key (JSON)."
    )


def fmt_wait(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds >= 10 or seconds == int(seconds) else f"{seconds:.2g}s"


def _short(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        # `ConnectionRefusedError: [Errno 111] Connection refused`, not args[0] (`111`).
        return f"{type(exc).__name__}: {exc}"
    args = getattr(exc, "args", ())
    if args and isinstance(args[0], OSError):  # TransportError(ConnectionRefusedError(...))
        return _short(args[0])
    text = str(args[0]) if args else str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def load_credentials(api: ApiConfig) -> Any:
    """ADC with the cloud-platform scope, refreshed once so bad credentials fail first."""
    import google.auth
    import google_auth_httplib2
    import httplib2
    from google.auth import exceptions as gexc

    from ytrix.core.config import GOOGLE_TOKEN_URI

    try:
        found: tuple[Any, Any] = google.auth.default(scopes=[CLOUD_SCOPE])
    except (gexc.DefaultCredentialsError, OSError) as exc:
        # OSError: GOOGLE_APPLICATION_CREDENTIALS names a directory or an unreadable file.
        raise AuthNeeded(
            f"No usable Google Cloud credentials (Application Default Credentials): {_short(exc)}",
            adc_hint(),
        ) from None
    creds = found[0]
    if api.token_uri != GOOGLE_TOKEN_URI and hasattr(creds, "with_token_uri"):
        # from_authorized_user_info forces Google's token URI; apply the configured one.
        creds = creds.with_token_uri(api.token_uri)
    try:
        creds.refresh(google_auth_httplib2.Request(httplib2.Http(timeout=30)))
    except gexc.RefreshError as exc:
        raise AuthNeeded(
            f"Google rejected your Application Default Credentials: {_short(exc)}", adc_hint()
        ) from None
    except (gexc.TransportError, OSError, httplib2.HttpLib2Error) as exc:
        raise GcpError(
            f"Cannot reach the Google token endpoint: {_short(exc)}",
            "Check your network connection and proxy settings, then retry.",
        ) from None
    return creds


class ErrorInfo:
    """The useful parts of a Google error body."""

    def __init__(self, status: int, content: bytes | str | None) -> None:
        self.status = status
        self.message = f"HTTP {status}"
        self.state: str | None = None
        self.reasons: set[str] = set()
        try:
            body = json.loads(content or b"{}")
        except ValueError:
            return
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            return
        self.message = str(err.get("message") or self.message)
        self.state = err.get("status") if isinstance(err.get("status"), str) else None
        for item in err.get("errors") or []:
            if isinstance(item, dict) and item.get("reason"):
                self.reasons.add(str(item["reason"]))
        for detail in err.get("details") or []:
            if isinstance(detail, dict) and detail.get("reason"):
                self.reasons.add(str(detail["reason"]))

    @property
    def reason(self) -> str | None:
        return self.state or next(iter(sorted(self.reasons)), None)

    def rate_limited(self) -> bool:
        if self.status == 429 or self.state == "RESOURCE_EXHAUSTED":
            return True
        return self.status == 403 and bool(self.reasons & RATE_REASONS)

    def transient(self) -> bool:
        return self.status in TRANSIENT_STATUS


class CloudHttpError(GcpError):
    """A non-retryable HTTP error; callers branch on `status` (409, 403 ...)."""

    def __init__(self, what: str, info: ErrorInfo) -> None:
        hint = None
        if "quota project" in info.message:
            hint = (
                "Set a quota project for your ADC: "
                "`gcloud auth application-default set-quota-project PROJECT_ID`."
            )
        elif info.status == 403:
            hint = (
                "The account of your Application Default Credentials lacks permission here "
                "(or the project does not exist). Check the ID and the account's roles."
            )
        super().__init__(
            f"{what} failed: {info.message} (HTTP {info.status})",
            hint,
            status=info.status,
            reason=info.reason,
        )
        self.info = info


class CloudClient:
    """The Cloud API clients over one authorized HTTP connection."""

    def __init__(
        self,
        api: ApiConfig,
        interrupt: Callable[[], None] | None = None,
        notices: Notices | None = None,
    ) -> None:
        self.api = api
        self.notices = notices if notices is not None else LoggedNotices()
        self.scale = backoff_scale()
        self.interrupt = interrupt or (lambda: None)
        self._http: Any = None
        self._clients: dict[tuple[str, str], Any] = {}

    def _build(self, name: str, version: str) -> Any:
        client = self._clients.get((name, version))
        if client is not None:
            return client
        import google_auth_httplib2
        import httplib2
        from googleapiclient.discovery import build

        if self._http is None:
            creds = load_credentials(self.api)
            self._http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=60))
        endpoint = getattr(self.api.cloud_endpoints, name)
        client = build(
            name,
            version,
            http=self._http,
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": endpoint.rstrip("/")} if endpoint else None,
        )
        self._clients[(name, version)] = client
        return client

    def connect(self) -> None:
        """Check the credentials now (before anything else runs)."""
        self._build("cloudresourcemanager", "v3")

    @property
    def crm(self) -> Any:
        return self._build("cloudresourcemanager", "v3")

    @property
    def serviceusage(self) -> Any:
        return self._build("serviceusage", "v1")

    @property
    def iam(self) -> Any:
        return self._build("iam", "v1")

    @property
    def billing(self) -> Any:
        return self._build("cloudbilling", "v1")

    @property
    def monitoring(self) -> Any:
        return self._build("monitoring", "v3")

    @property
    def serviceusage_beta(self) -> Any:
        """Service Usage v1beta1: the only version with consumer quota metrics."""
        return self._build("serviceusage", "v1beta1")

    def _pause(self, text: str, seconds: float) -> None:
        self.interrupt()
        self.notices.notice(text)
        time.sleep(seconds)

    def call(self, request: Any, what: str) -> dict[str, Any]:
        """Execute with retries on rate limits, 5xx and network errors."""
        import httplib2
        from google.auth import exceptions as gexc
        from googleapiclient.errors import HttpError

        attempt = 0
        while True:
            try:
                result = request.execute(num_retries=0)
                return result if isinstance(result, dict) else {}
            except HttpError as exc:
                info = ErrorInfo(int(exc.resp.status), exc.content)
                if info.status == 401:
                    raise AuthNeeded(
                        f"{what} failed: Google Cloud rejected your credentials ({info.message})",
                        adc_hint(),
                    ) from None
                retry = info.rate_limited() or info.transient()
                if not retry or attempt >= MAX_RETRIES:
                    raise CloudHttpError(what, info) from None
                if info.rate_limited():
                    wait = RATE_LIMIT_BASE * 2**attempt * self.scale
                    text = f"Google Cloud API rate limit reached, pausing {fmt_wait(wait)}..."
                else:
                    wait = TRANSIENT_BASE * 2**attempt * self.scale
                    text = (
                        f"Google Cloud API error {info.status} ({info.reason or 'transient'}), "
                        f"retrying in {fmt_wait(wait)}..."
                    )
            except gexc.RefreshError as exc:
                raise AuthNeeded(
                    f"Google rejected your Application Default Credentials: {_short(exc)}",
                    adc_hint(),
                ) from None
            except (OSError, httplib2.HttpLib2Error) as exc:
                if attempt >= MAX_RETRIES:
                    raise GcpError(
                        f"{what} failed: cannot reach Google Cloud ({_short(exc)})",
                        "Check your network connection, then run the command again "
                        "(it is safe to re-run: finished steps are skipped).",
                    ) from None
                wait = TRANSIENT_BASE * 2**attempt * self.scale
                text = f"Network error ({_short(exc)}), retrying in {fmt_wait(wait)}..."
            self._pause(text, wait)
            attempt += 1

    def wait(self, operations: Any, op: dict[str, Any], what: str) -> dict[str, Any]:
        """Poll a long-running operation until done; its `error` becomes an exception."""
        delay, waited = POLL_FIRST, 0.0
        while not op.get("done"):
            if waited >= POLL_BUDGET:
                raise GcpError(
                    f"{what}: still running after {POLL_BUDGET:.0f}s (operation {op.get('name')})",
                    "Google is slow right now; run the command again later (finished steps "
                    "are skipped).",
                )
            time.sleep(delay * self.scale)
            waited += delay
            delay = min(delay * 2, POLL_MAX)
            op = self.call(operations.get(name=op["name"]), what)
        error = op.get("error")
        if isinstance(error, dict):
            raise operation_error(what, error)
        response = op.get("response")
        return response if isinstance(response, dict) else {}


def operation_error(what: str, error: dict[str, Any]) -> GcpError:
    code = int(error.get("code") or 0)
    message = str(error.get("message") or "unknown error")
    details = error.get("details") or []
    quota = code == 8 or any(
        isinstance(d, dict) and str(d.get("@type", "")).endswith("QuotaFailure") for d in details
    )
    if quota and "project" in message.lower():
        return ProjectQuotaExceeded(
            f"{what} failed: {message}",
            "Your account may own only a limited number of projects, and projects pending "
            "deletion still count for 30 days. Delete unused ones "
            "(https://console.cloud.google.com/cloud-resource-manager) or request more: "
            "https://support.google.com/code/contact/project_quota_increase",
            status=code,
            reason="RESOURCE_EXHAUSTED",
        )
    return GcpError(f"{what} failed: {message} (code {code})", status=code)
