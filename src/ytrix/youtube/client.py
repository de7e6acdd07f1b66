"""Building a YouTube client. Only the pool calls this: no other module builds a
client or calls `execute()`."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from ytrix.config import ApiConfig


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


class YouTubeClient:
    """A client whose collections (`playlistItems()` ...) are built once (the
    library re-derives each from the discovery document on every access, ~1 ms),
    with the credentials it refreshes and the access token last saved to disk."""

    def __init__(self, service: Any, credentials: Credentials):
        self._service = service
        self._resources: dict[str, Any] = {}
        self.credentials = credentials
        self.saved_token: str | None = credentials.token

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

    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=api.timeout))
    service = build_from_document(
        _discovery_document(),
        http=http,
        client_options={"api_endpoint": api.youtube_endpoint},
    )
    return YouTubeClient(service, creds)
