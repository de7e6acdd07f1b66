"""Building a YouTube client. Only the pool calls this: no other module builds a
client or calls `execute()`."""

from __future__ import annotations

import functools
import json
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from ytrix.auth.tokens import TokenStore
    from ytrix.core.config import ApiConfig, Profile, ProjectConfig


@functools.cache
def _discovery_document() -> dict[str, Any]:
    """The static discovery document bundled with google-api-python-client, parsed
    once per process rather than once per client."""
    from googleapiclient.discovery_cache import get_static_doc

    text = get_static_doc("youtube", "v3")
    if text is None:  # pragma: no cover - the client library always ships it
        raise RuntimeError("google-api-python-client ships no youtube v3 document")
    doc: dict[str, Any] = json.loads(text)
    return doc


@functools.cache
def _counting_http_class() -> type[Any]:
    import httplib2

    class UnauthorizedCountingHttp(httplib2.Http):  # type: ignore[misc]
        """Counts 401 answers. google-auth's wrapper refreshes the token and resends
        within one `execute()`, so the pool never sees the refused attempt -- yet
        YouTube charges it a unit (see costs.py)."""

        unauthorized = 0

        def request(self, *args: Any, **kwargs: Any) -> Any:
            response, content = super().request(*args, **kwargs)
            if response.status == 401:
                self.unauthorized += 1
            return response, content

    return UnauthorizedCountingHttp


class YouTubeClient:
    """A client whose collections (`playlistItems()` ...) are built once (the
    library re-derives each from the discovery document on every access, ~1 ms),
    with the credentials it refreshes and the access token last saved to disk."""

    def __init__(self, service: Any, credentials: Credentials, http: Any):
        self._service = service
        self._resources: dict[str, Any] = {}
        self._http = http  # the plain httplib2.Http under the authorizing wrapper
        self.credentials = credentials
        self.saved_token: str | None = credentials.token

    def take_unauthorized(self) -> int:
        """401 answers received since the last call (and forget them)."""
        count = int(getattr(self._http, "unauthorized", 0))
        self._http.unauthorized = 0
        return count

    def refresh_if_expired(self) -> None:
        """Get a fresh access token now, rather than inside the next API request."""
        if not self.credentials.valid:
            import google_auth_httplib2

            self.credentials.refresh(google_auth_httplib2.Request(self._http))  # type: ignore[no-untyped-call]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            return getattr(self._service, name)
        resource = self._resources.get(name)
        if resource is None:
            resource = getattr(self._service, name)()
            self._resources[name] = resource
        return lambda: resource


def build_youtube(creds: Credentials, api: ApiConfig) -> YouTubeClient:
    import google_auth_httplib2
    from googleapiclient.discovery import build_from_document

    raw_http = _counting_http_class()(timeout=api.timeout)
    http = google_auth_httplib2.AuthorizedHttp(creds, http=raw_http)
    service = build_from_document(
        _discovery_document(),
        http=http,
        client_options={"api_endpoint": api.youtube_endpoint},
    )
    return YouTubeClient(service, creds, raw_http)


class ClientCache:
    """One client per project per thread (httplib2 is not thread-safe), built on
    first use from the project's token file."""

    def __init__(self, profile: Profile, tokens: TokenStore):
        self.profile = profile
        self.tokens = tokens
        self._local = threading.local()
        self._token_lock = threading.Lock()

    def _clients(self) -> dict[str, YouTubeClient]:
        clients: dict[str, YouTubeClient] | None = getattr(self._local, "clients", None)
        if clients is None:
            clients = {}
            self._local.clients = clients
        return clients

    def get(self, project: ProjectConfig) -> YouTubeClient:
        key = self.profile.qualified(project.name)
        clients = self._clients()
        if key not in clients:
            creds = self.tokens.load(project, self.profile.api)
            clients[key] = build_youtube(creds, self.profile.api)
        return clients[key]

    def drop(self, project: ProjectConfig) -> None:
        self._clients().pop(self.profile.qualified(project.name), None)

    def save_refreshed_token(self, project: ProjectConfig, client: YouTubeClient) -> None:
        """Persist an access token the library refreshed, so the next process does
        not refresh again."""
        with self._token_lock:
            if client.credentials.token != client.saved_token:
                self.tokens.save(project.name, client.credentials)
                client.saved_token = client.credentials.token
