"""How `config` looks: the config file, the state's backend, the profile's projects and
yt-dlp's readiness; without a config, the setup guide and an example."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console

    from ytrix.sources.access import Readiness


CONFIG_EXAMPLE = """\
channel_id = "UCxxxxxxxxxxxxxxxxxxxxxx"   # optional: ytrix finds your channel itself

[[projects]]
name = "main"
client_id = "1234-abc.apps.googleusercontent.com"
client_secret = "GOCSPX-..."
quota_group = "default"   # rotation stays inside one group
priority = 0              # lower is used first
daily_quota = 10000       # raise it if Google granted this project more
reserve = 0               # units kept back for reads

[ytdlp]                   # optional: how yt-dlp reads YouTube (captions, Watch later)
cookies = "~/youtube-cookies.txt"   # or: cookies_from_browser = "firefox"
js_runtimes = ["node"]    # default: yt-dlp's own (deno)
"""


class ConfigResult(Result):
    def __init__(self, data: dict[str, Any], lines: list[str], ytdlp: Readiness):
        super().__init__(data=data, lines=lines)  # lines: the loose secret files
        self.ytdlp = ytdlp

    def render(self, console: Console) -> None:
        from rich.markup import escape

        data = self.data
        for line in self.lines:
            console.print(escape(line), highlight=False)
        console.print(f"Config file: {escape(data['config_file'])}", highlight=False)
        storage = data["storage"]
        if storage["backend"] == "sqlite":
            state = f"SQLite, {storage['location']}"
        else:
            state = f"PostgreSQL, {storage['location']} (schema {storage['schema']})"
        source = "" if storage["source"] == "default" else f" (from {storage['source']})"
        console.print(f"State: {escape(state)}{escape(source)}", highlight=False)
        if not data["config_exists"]:
            console.print("No config yet. To set up ytrix:", highlight=False)
            for number, step in enumerate(data["setup_guide"], 1):
                console.print(f"  {number}. {escape(step)}", highlight=False)
            console.print("\nExample config.toml:\n", highlight=False)
            console.print(escape(CONFIG_EXAMPLE), highlight=False)
            _render_ytdlp(console, self.ytdlp, escape)
            return
        if data["user"]:
            console.print(f"User profile: {escape(data['user'])}", highlight=False)
        mode = "legacy single project ([oauth])" if data["legacy"] else "projects"
        console.print(f"Mode: {escape(mode)}", highlight=False)  # [oauth] is no markup
        console.print(f"Channel: {escape(data['channel_id'] or '(found via mine=true)')}")
        for project in data["projects"]:
            token = "token present" if project["token_exists"] else "not authenticated"
            console.print(
                f"  - {escape(project['name'])}: group {escape(project['quota_group'])}, "
                f"priority {project['priority']}, daily quota {project['daily_quota']}, "
                f"reserve {project['reserve']}, client secret {project['client_secret']}, "
                f"{token}",
                highlight=False,
            )
        if not data["api"]["is_google"]:
            console.print(
                f"API endpoint override: {escape(data['api']['youtube_endpoint'])}",
                highlight=False,
            )
        for warning in data["warnings"]:
            console.print(f"Warning: {escape(warning)}", highlight=False)
        _render_ytdlp(console, self.ytdlp, escape)
        console.print("Files:", highlight=False)
        for key, value in data["paths"].items():
            console.print(f"  {key}: {escape(value)}", highlight=False)


def _render_ytdlp(console: Console, ytdlp: Readiness, escape: Any) -> None:
    """Whether yt-dlp can read current YouTube here (captions, Watch later, fallback)."""
    state = "ready" if ytdlp.ready else "not ready"
    console.print(f"yt-dlp: {state}", highlight=False)
    console.print(
        f"  version {ytdlp.version or 'not installed'}, challenge solver (yt-dlp-ejs) "
        f"{ytdlp.ejs_version or 'missing'}",
        highlight=False,
    )
    runtime = ytdlp.js_runtime
    used = f"{runtime} ({escape(ytdlp.js_runtimes_found[runtime])})" if runtime else "none found"
    console.print(
        f"  JavaScript runtime: {used}; yt-dlp uses {', '.join(ytdlp.js_runtimes_enabled)}",
        highlight=False,
    )
    if ytdlp.cookies:
        there = "" if ytdlp.cookies.is_file() else " (missing)"
        cookies = f"file {escape(str(ytdlp.cookies))}{there}"
    elif ytdlp.cookies_from_browser:
        cookies = f"from browser {escape(ytdlp.cookies_from_browser)}"
    else:
        cookies = "none (the bot check and Watch later need them)"
    console.print(f"  cookies: {cookies}", highlight=False)
    for problem in ytdlp.problems:
        console.print(f"  problem: {escape(problem)}", highlight=False)
