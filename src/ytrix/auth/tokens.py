"""Token files: `tokens/{project}.json` (or `token.json` for the legacy `[oauth]`
setup), in google-auth's `to_json()` shape plus `ytrix_issued_at`, written
atomically with mode 0600. Existing token files of the earlier ytrix load as-is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ytrix.core.clock import Clock, iso, parse_iso
from ytrix.core.errors import AuthNeeded
from ytrix.core.fsutil import atomic_write_text

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from ytrix.core.config import ApiConfig, Profile, ProjectConfig
    from ytrix.core.paths import Paths

YOUTUBE_SCOPES = ["https://www.googleapis.com/auth/youtube"]
WRITE_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/youtube",
        "https://www.googleapis.com/auth/youtube.force-ssl",
        "https://www.googleapis.com/auth/youtubepartner",
    }
)
TESTING_TOKEN_LIFETIME_DAYS = 7
# The channel the token belongs to (picked on the consent screen; channels.list
# mine=true says which), recorded next to the token it describes.
CHANNEL_ID_KEY, CHANNEL_TITLE_KEY = "ytrix_channel_id", "ytrix_channel_title"


@dataclass(frozen=True)
class TokenChannel:
    channel_id: str
    title: str

    def label(self) -> str:
        return f"{self.title} ({self.channel_id})" if self.title else self.channel_id


class TokenStore:
    def __init__(self, profile: Profile, paths: Paths, clock: Clock):
        self.profile = profile
        self.paths = paths
        self.clock = clock

    def path(self, project: str) -> Path:
        return self.paths.legacy_token if self.profile.legacy else self.paths.token_file(project)

    def exists(self, project: str) -> bool:
        return self.path(project).exists()

    def read(self, project: str) -> dict[str, Any] | None:
        path = self.path(project)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise AuthNeeded(
                f"Token file {path} is unreadable ({type(exc).__name__})",
                f"Re-authorize with `ytrix projects_auth {project}`.",
                project=project,
            ) from None
        if not isinstance(data, dict) or not data.get("refresh_token"):
            raise AuthNeeded(
                f"Token file {path} has no refresh token",
                f"Re-authorize with `ytrix projects_auth {project}`.",
                project=project,
            )
        return data

    def fingerprint(self, project: str) -> str:
        """What the token file holds, in short (sha256), or "absent": a dead mark made
        against one content is stale once the file changed."""
        import hashlib

        try:
            return hashlib.sha256(self.path(project).read_bytes()).hexdigest()
        except OSError:
            return "absent"

    def issued_at(self, project: str) -> datetime | None:
        """When consent was given, if the token file says (None when unreadable)."""
        try:
            data = self.read(project)
        except AuthNeeded:
            return None
        stamp = data.get("ytrix_issued_at") if data else None
        try:
            return parse_iso(stamp) if isinstance(stamp, str) else None
        except ValueError:
            return None

    def load(self, project: ProjectConfig, api: ApiConfig) -> Credentials:
        """Credentials that refresh through the *configured* token_uri: google-auth's
        `from_authorized_user_file` would silently reset it to Google's."""
        from google.oauth2.credentials import Credentials

        data = self.read(project.name)
        if data is None:
            raise AuthNeeded(
                f"Project {project.name} is not authenticated",
                f"Run `ytrix projects_auth {project.name}`.",
                project=project.name,
            )
        expiry = None
        if isinstance(data.get("expiry"), str):
            # google-auth compares expiry as naive UTC.
            expiry = parse_iso(data["expiry"]).astimezone(UTC).replace(tzinfo=None)
        return Credentials(  # type: ignore[no-untyped-call]
            token=data.get("token"),
            refresh_token=data["refresh_token"],
            token_uri=api.token_uri,
            client_id=project.client_id,
            client_secret=project.client_secret,
            scopes=data.get("scopes") or YOUTUBE_SCOPES,
            expiry=expiry,
        )

    def channel(self, project: str) -> TokenChannel | None:
        """The channel recorded with the token (None: not checked yet, or no token)."""
        try:
            data = self.read(project)
        except AuthNeeded:
            return None
        channel_id = data.get(CHANNEL_ID_KEY) if data else None
        if not isinstance(channel_id, str) or not channel_id:
            return None
        title = data.get(CHANNEL_TITLE_KEY) if data else ""
        return TokenChannel(channel_id, title if isinstance(title, str) else "")

    def set_channel(self, project: str, channel: TokenChannel) -> None:
        data = self.read(project)
        if data is None:
            return
        data[CHANNEL_ID_KEY] = channel.channel_id
        data[CHANNEL_TITLE_KEY] = channel.title
        atomic_write_text(self.path(project), json.dumps(data, indent=2))

    def save(self, project: str, creds: Credentials, issued_at: datetime | None = None) -> None:
        """`issued_at` given: a new consent (its channel is checked afresh); else a
        refreshed access token of the same consent, which keeps what was recorded."""
        data: dict[str, Any] = json.loads(creds.to_json())  # type: ignore[no-untyped-call]
        previous = None if issued_at else self.issued_at(project)
        data["ytrix_issued_at"] = iso(issued_at or previous or self.clock.now())
        channel = None if issued_at else self.channel(project)
        if channel is not None:
            data[CHANNEL_ID_KEY] = channel.channel_id
            data[CHANNEL_TITLE_KEY] = channel.title
        atomic_write_text(self.path(project), json.dumps(data, indent=2))


def looks_like_testing_token(issued_at: datetime | None, died_at: datetime) -> bool:
    """A refresh token that dies about 7 days after consent: the consent screen is in
    "Testing", where Google expires refresh tokens weekly."""
    if issued_at is None:
        return False
    age_days = (died_at - issued_at).total_seconds() / 86400
    return TESTING_TOKEN_LIFETIME_DAYS - 0.5 <= age_days <= TESTING_TOKEN_LIFETIME_DAYS + 1


def dead_token_hint(project: str, issued_at: datetime | None, died_at: datetime) -> str:
    hint = f"Run `ytrix projects_auth {project}`."
    if looks_like_testing_token(issued_at, died_at):
        hint += (
            " The token died about 7 days after it was issued: the OAuth consent screen is"
            " probably still in 'Testing'. Publish it 'In production' to stop weekly expiry."
        )
    return hint
