"""The steps Google offers no API for: the OAuth consent screen (Google Auth Platform)
and a Desktop OAuth client, then registering the project with ytrix.

(The IAP OAuth Admin API that once created consent screens was shut down in 2026, and
IAM's oauthClients serve Workforce Identity only, so these stay manual.)
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from ytrix.core.jsonify import pick

CONSOLE = "https://console.cloud.google.com"
YOUTUBE_SCOPE = "https://www.googleapis.com/auth/youtube"


def console_url(path: str, project_id: str) -> str:
    return f"{CONSOLE}/{path}?project={urllib.parse.quote(project_id)}"


@dataclass(frozen=True)
class ManualStep:
    step: str
    url: str | None  # the console page, when the step has one
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return pick(self, "step url detail")


def manual_steps(project_id: str, name: str | None = None) -> list[ManualStep]:
    """The steps in order; `name` is the ytrix project name to suggest."""
    name = name or project_id
    return [
        ManualStep(
            "Configure the OAuth consent screen",
            console_url("auth/branding", project_id),
            "Google Auth Platform > Get started: app name (e.g. 'ytrix'), your email "
            "as support and developer contact; Audience: External.",
        ),
        ManualStep(
            "Add yourself as a test user",
            console_url("auth/audience", project_id),
            "Audience > Test users > Add users: the Google account that owns your YouTube channel.",
        ),
        ManualStep(
            "Add the YouTube scope",
            console_url("auth/scopes", project_id),
            f"Data Access > Add or remove scopes > {YOUTUBE_SCOPE} (manage your "
            "YouTube account) > Update > Save.",
        ),
        ManualStep(
            "Publish the app: In production",
            console_url("auth/audience", project_id),
            "Audience > Publish app. While 'Testing', Google expires refresh tokens "
            "after 7 days; in production an unverified app only shows a warning you can "
            "pass (Advanced > Go to ytrix).",
        ),
        ManualStep(
            "Create a Desktop OAuth client",
            console_url("auth/clients/create", project_id),
            "Application type: Desktop app; name it 'ytrix'; Create, then download "
            "the JSON (client_secret_....json).",
        ),
        ManualStep(
            "Add the project to ytrix",
            None,
            f"ytrix projects_add {name} --client-secret-file client_secret_....json "
            "(or run it without flags to paste the client ID and secret).",
        ),
        ManualStep(
            "Authorize it",
            None,
            f"ytrix projects_auth {name}  (sign in with your channel's account)",
        ),
    ]
