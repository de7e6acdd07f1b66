"""Set up a ytrix home that talks to a running ytemu: config with [api] overrides,
projects registered as OAuth clients in ytemu, and token files minted by ytemu's
admin API (the consent flow itself is tested separately, through the real CLI)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.helpers.clock import state_store
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import YOUTUBE_SCOPE, RunningEmulator
from ytrix.core.fsutil import atomic_write_text


@dataclass
class Env:
    emu: RunningEmulator
    home: Path
    projects: dict[str, str] = field(default_factory=dict)  # ytrix name -> ytemu project
    refresh_tokens: dict[str, str] = field(default_factory=dict)

    def emu_project(self, name: str) -> str:
        return self.projects[name]

    def emu_used(self, name: str) -> int:
        return self.emu.admin.quota_used(self.projects[name])

    def days_used(self, name: str, days: list[date]) -> tuple[int, int]:
        """(ledger, ytemu) units over these Pacific days: a run that crosses midnight
        Pacific splits its spending between two days, and a call in flight at midnight
        may land on either side."""
        from ytrix.quota.ledger import Ledger

        ledger = Ledger(state_store())
        try:
            ours = sum(ledger.used(name, day) for day in set(days))
        finally:
            ledger.close()
        project = self.projects[name]
        theirs = sum(
            self.emu.admin.quota(project, day.isoformat())[project]["used"] for day in set(days)
        )
        return ours, theirs

    def ledger_used(self, name: str) -> int:
        from ytrix.quota.ledger import Ledger

        ledger = Ledger(state_store())
        try:
            return ledger.used(name, ledger.clock.pacific_day())
        finally:
            ledger.close()


def setup_env(
    emu: RunningEmulator,
    home: Path,
    quotas: dict[str, int],
    *,
    legacy: bool = False,
    groups: dict[str, str] | None = None,
    reserve: dict[str, int] | None = None,
    extra: str = "",
    authenticate: bool = True,
    timeout: float | None = None,
    channels: dict[str, str] | None = None,
    record_channel: bool = True,
) -> Env:
    """`quotas` maps ytrix project names (in priority order) to daily quotas.
    `channels`: the channel a project's token is for (default: the demo's own);
    `record_channel`: write it into the token as `projects_auth` does (False: a token
    from before channel records, checked on first use)."""
    env = Env(emu, home)
    titles = {c["id"]: c["title"] for c in emu.admin.channels()}
    lines = [
        "[api]",
        f'youtube_endpoint = "{emu.base_url}"',
        f'token_uri = "{emu.token_uri}"',
        f'auth_uri = "{emu.auth_uri}"',
    ]
    if timeout is not None:
        lines.append(f"timeout = {timeout}")
    for priority, (name, quota) in enumerate(quotas.items()):
        client_id = f"ytrix-{name}.apps.googleusercontent.com"
        secret = f"secret-{name}"
        emu_project = f"proj-{name}"
        emu.admin.register_client(client_id, secret, emu_project, daily_quota=quota)
        emu.admin.set_daily_quota(emu_project, quota)
        env.projects[name] = emu_project
        if legacy:
            lines += ["[oauth]", f'client_id = "{client_id}"', f'client_secret = "{secret}"']
        else:
            lines += [
                "[[projects]]",
                f'name = "{name}"',
                f'client_id = "{client_id}"',
                f'client_secret = "{secret}"',
                f'quota_group = "{(groups or {}).get(name, "default")}"',
                f"priority = {priority}",
                f"daily_quota = {quota}",
                f"reserve = {(reserve or {}).get(name, 0)}",
            ]
        if authenticate:
            channel = (channels or {}).get(name, MINE_CHANNEL_ID)
            grant = emu.admin.issue_tokens(client_id, channel, [YOUTUBE_SCOPE])
            env.refresh_tokens[name] = grant["refresh_token"]
            token = {
                "token": None,
                "refresh_token": grant["refresh_token"],
                "token_uri": emu.token_uri,
                "client_id": client_id,
                "client_secret": secret,
                "scopes": [YOUTUBE_SCOPE],
                "ytrix_issued_at": emu.admin.now().isoformat(),
            }
            if record_channel:
                token["ytrix_channel_id"] = channel
                token["ytrix_channel_title"] = titles.get(channel, "")
            path = home / ("token.json" if legacy else f"tokens/{name}.json")
            atomic_write_text(path, json.dumps(token))
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("\n".join(lines) + "\n" + extra)
    return env
