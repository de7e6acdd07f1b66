"""The steps Google offers no API for: the OAuth consent screen (Google Auth Platform)
and a Desktop OAuth client, then registering the project with ytrix.

(The IAP OAuth Admin API that once created consent screens was shut down in 2026, and
IAM's oauthClients serve Workforce Identity only, so these stay manual.)
"""

from __future__ import annotations

import urllib.parse
from typing import Any

CONSOLE = "https://console.cloud.google.com"
YOUTUBE_SCOPE = "https://www.googleapis.com/auth/youtube"


def console_url(path: str, project_id: str) -> str:
    return f"{CONSOLE}/{path}?project={urllib.parse.quote(project_id)}"


def manual_steps(project_id: str, name: str | None = None) -> list[dict[str, Any]]:
    """`[{step, url, detail}]`, in order; `name` is the ytrix project name to suggest."""
    name = name or project_id
    return [
        {
            "step": "Configure the OAuth consent screen",
            "url": console_url("auth/branding", project_id),
            "detail": "Google Auth Platform > Get started: app name (e.g. 'ytrix'), your email "
            "as support and developer contact; Audience: External.",
        },
        {
            "step": "Add yourself as a test user",
            "url": console_url("auth/audience", project_id),
            "detail": "Audience > Test users > Add users: the Google account that owns your "
            "YouTube channel.",
        },
        {
            "step": "Add the YouTube scope",
            "url": console_url("auth/scopes", project_id),
            "detail": f"Data Access > Add or remove scopes > {YOUTUBE_SCOPE} (manage your "
            "YouTube account) > Update > Save.",
        },
        {
            "step": "Publish the app: In production",
            "url": console_url("auth/audience", project_id),
            "detail": "Audience > Publish app. While 'Testing', Google expires refresh tokens "
            "after 7 days; in production an unverified app only shows a warning you can "
            "pass (Advanced > Go to ytrix).",
        },
        {
            "step": "Create a Desktop OAuth client",
            "url": console_url("auth/clients/create", project_id),
            "detail": "Application type: Desktop app; name it 'ytrix'; Create, then download "
            "the JSON (client_secret_....json).",
        },
        {
            "step": "Add the project to ytrix",
            "url": None,
            "detail": f"ytrix projects_add {name} --client-secret-file client_secret_....json "
            "(or run it without flags to paste the client ID and secret).",
        },
        {
            "step": "Authorize it",
            "url": None,
            "detail": f"ytrix projects_auth {name}  (sign in with your channel's account)",
        },
    ]


def guide_lines(steps: list[dict[str, Any]]) -> list[str]:
    lines = ["Manual steps (Google offers no API for these):"]
    for number, step in enumerate(steps, 1):
        lines.append(f"  {number}. {step['step']}")
        if step["url"]:
            lines.append(f"     {step['url']}")
        lines.append(f"     {step['detail']}")
    return lines
