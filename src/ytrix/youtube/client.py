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


class _RefusalCounter:
    """The plain Http under the authorizing wrapper, counting the API's 401 answers:
    on a 401 the wrapper refreshes the token and resends without telling its caller,
    yet the refused request cost a unit (costs.py), so the pool must learn of it."""

    def __init__(self, http: Any):
        self.http = http
        self.refused = 0

    def request(self, uri: str, *args: Any, **kwargs: Any) -> Any:
        resp, content = self.http.request(uri, *args, **kwargs)
        if resp.status == 401 and "/youtube/v3/" in uri:
            self.refused += 1
        return resp, content

    def __getattr__(self, name: str) -> Any:
        return getattr(self.http, name)


class YouTubeClient:
    """A client whose collections (`playlistItems()` ...) are built once (the
    library re-derives each from the discovery document on every access, ~1 ms),
    with the credentials it refreshes and the access token last saved to disk."""

    def __init__(self, service: Any, credentials: Credentials, http: Any, counter: _RefusalCounter):
        self._service = service
        self._resources: dict[str, Any] = {}
        self._http = http  # the plain httplib2.Http under the authorizing wrapper
        self._counter = counter
        self.credentials = credentials
        self.saved_token: str | None = credentials.token

    def take_auth_refusals(self) -> int:
        """401 answers seen since the last call (each one a request Google charged)."""
        refused, self._counter.refused = self._counter.refused, 0
        return refused

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
    import httplib2
    from googleapiclient.discovery import build_from_document

    raw_http = httplib2.Http(timeout=api.timeout)
    counter = _RefusalCounter(raw_http)
    http = google_auth_httplib2.AuthorizedHttp(creds, http=counter)
    service = build_from_document(
        _discovery_document(),
        http=http,
        client_options={"api_endpoint": api.youtube_endpoint},
    )
    return YouTubeClient(service, creds, raw_http, counter)


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
