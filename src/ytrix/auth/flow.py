"""The installed-app consent flow: a browser on loopback, or `--no-browser` for SSH
sessions (print the URL, wait for the redirect on a forwarded port)."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import urllib.parse
from typing import TYPE_CHECKING

from ytrix.auth.tokens import YOUTUBE_SCOPES
from ytrix.core.errors import AuthNeeded

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from ytrix.core.config import ApiConfig, ProjectConfig

SUCCESS_MESSAGE = "ytrix is authorized. You can close this tab and return to the terminal."


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _is_loopback_http(uri: str) -> bool:
    parsed = urllib.parse.urlparse(uri)
    return parsed.scheme == "http" and parsed.hostname in {"127.0.0.1", "localhost", "::1"}


def browser_available() -> bool:
    """Whether Python can open a web browser here (none on a server or over SSH)."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def no_browser_error(project: str) -> AuthNeeded:
    return AuthNeeded(
        f"No web browser found to authorize project {project}",
        f"Run `ytrix projects_auth {project} --no-browser`: it prints the URL to open in a "
        "browser on any machine (over SSH, forward the port it names).",
        project=project,
    )


def authorize(
    project: ProjectConfig,
    api: ApiConfig,
    *,
    open_browser: bool,
    timeout_seconds: int = 300,
    port: int | None = None,
) -> Credentials:
    import webbrowser

    from google_auth_oauthlib.flow import InstalledAppFlow

    if open_browser and not browser_available():
        raise no_browser_error(project.name)  # before a server waits for a redirect
    if _is_loopback_http(api.token_uri):
        # oauthlib refuses plain http token endpoints; only a loopback emulator uses one.
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    client_config = {
        "installed": {
            "client_id": project.client_id,
            "client_secret": project.client_secret,
            "auth_uri": api.auth_uri,
            "token_uri": api.token_uri,
            "redirect_uris": ["http://localhost"],
        }
    }
    flow = InstalledAppFlow.from_client_config(client_config, scopes=YOUTUBE_SCOPES)
    port = port or _free_port()
    message = f"Authorize project {project.name}: open this URL in a browser:\n{{url}}\n"
    if not open_browser:
        message += (
            f"Waiting for the browser to return to http://localhost:{port}/ ...\n"
            f"On a remote machine over SSH, forward the port first: "
            f"ssh -L {port}:localhost:{port} <this-host>\n"
        )
    try:
        # The library prints its prompt on stdout, which belongs to results (--json).
        with contextlib.redirect_stdout(sys.stderr):
            creds: Credentials = flow.run_local_server(
                host="localhost",
                bind_addr="127.0.0.1",
                port=port,
                open_browser=open_browser,
                authorization_prompt_message=message,
                success_message=SUCCESS_MESSAGE,
                timeout_seconds=timeout_seconds,
                # The account chooser: an account may own several channels (Brand
                # Accounts) and the token belongs to the one picked there.
                prompt="select_account consent",
                access_type="offline",
            )
    except webbrowser.Error:
        raise no_browser_error(project.name) from None
    except Exception as exc:
        raise AuthNeeded(
            f"Authorization of project {project.name} failed: {type(exc).__name__}: {exc}",
            f"Run `ytrix projects_auth {project.name}` again and allow access in the browser.",
            project=project.name,
        ) from None
    if not creds.refresh_token:
        raise AuthNeeded(
            f"Google returned no refresh token for project {project.name}",
            "Revoke ytrix's access at https://myaccount.google.com/permissions and retry.",
            project=project.name,
        )
    return creds
