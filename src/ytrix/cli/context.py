"""The global options of one invocation and the lazily loaded config they select."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import typer

from ytrix.cli.io import IO
from ytrix.core.clock import Clock, offset_from_env
from ytrix.core.errors import ConfigError
from ytrix.core.paths import Paths, root_dir

if TYPE_CHECKING:
    # pydantic costs ~100 ms to import: only commands that read the config pay it.
    from ytrix.core.config import Config, Profile, YtdlpConfig
    from ytrix.quota.pool import Pool
    from ytrix.youtube.gateway import Gateway


class RunCli(Protocol):
    """`cli/app.run`: a nested command line, with the environment its edge reads
    (the clock offset, the home) given instead of taken from the process."""

    def __call__(self, argv: list[str], environ: Mapping[str, str] | None = None) -> int: ...


@dataclass(frozen=True)
class Edge:
    """What a run takes from its surroundings, once: its console, its clock and
    ytrix's home. Nothing deeper reads the environment for them."""

    io: IO
    clock: Clock
    home: Path

    @classmethod
    def from_environ(cls, io: IO, environ: Mapping[str, str]) -> Edge:
        return cls(io, Clock(offset_from_env(environ)), root_dir(environ))


@dataclass
class AppContext:
    verbose: bool = False
    json_output: bool = False
    quiet: bool = False
    throttle_ms: int | None = None
    project: str | None = None
    quota_group: str | None = None
    user: str | None = None
    # Runs a nested command line (`ytrix demo` drives the CLI): set by the root
    # command, so a command module needs no import of the app that registers it.
    run_cli: RunCli | None = field(default=None, repr=False)
    io: IO = field(default_factory=IO, repr=False)  # the run's one console and stdout
    # The run's clock, built once at the edge (`cli/app.run`) and passed down from here.
    clock: Clock = field(default_factory=Clock, repr=False)
    home: Path = field(default_factory=root_dir, repr=False)  # ytrix's, from the edge
    # This run's yt-dlp settings (config plus --cookies flags), once a command set them.
    ytdlp: YtdlpConfig | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)
    _config_loaded: bool = field(default=False, repr=False)
    _pool: Pool | None = field(default=None, repr=False)
    _warned: bool = field(default=False, repr=False)

    @property
    def paths(self) -> Paths:
        return Paths.for_user(self.user, self.home)

    def config(self) -> Config | None:
        """The parsed config, or None when there is no config file yet."""
        if not self._config_loaded:
            from ytrix.core.config import load_config

            self._config = load_config(self.paths.config_file)
            self._config_loaded = True
        return self._config

    def check_selection(self) -> None:
        """An unknown `--user`, `--project` or `--quota-group` is exit 2 before any
        command runs, whatever the command: nothing is written, not even a log file in
        a profile directory that does not exist."""
        if self.user is None and self.project is None and self.quota_group is None:
            return
        profile = self._selected_profile()
        if self.project is not None:
            profile.project(self.project)
        if self.quota_group is not None:
            self._check_group(profile)

    def _selected_profile(self) -> Profile:
        """The `--user` profile of the config; no config file is an error."""
        from ytrix.core.config import select_profile

        config = self.config()
        if config is None:
            raise ConfigError(
                f"No config file at {self.paths.config_file}",
                "Run `ytrix config` for a step-by-step setup guide.",
            )
        return select_profile(config, self.user)

    def _check_group(self, profile: Profile) -> None:
        if not any(p.quota_group == self.quota_group for p in profile.projects):
            groups = sorted({p.quota_group for p in profile.projects})
            raise ConfigError(
                f"Unknown quota group {self.quota_group!r} "
                f"(configured: {', '.join(groups) or 'none'})",
                "Check the groups with `ytrix projects`.",
            )

    def profile(self) -> Profile:
        """The selected user's projects; a missing or empty config is an error."""
        profile = self._selected_profile()
        if not profile.projects:
            raise ConfigError(
                f"{self.paths.config_file} defines no credentials"
                + (f" for user {self.user!r}" if self.user else ""),
                "Add an [oauth] section or a [[projects]] entry; `ytrix config` shows how.",
            )
        if self.project is not None:
            profile.project(self.project)  # unknown --project fails before any work
        if self.quota_group is not None:
            self._check_group(profile)
        if not self._warned:
            self._warned = True
            from ytrix.core.config import shared_client_warning

            for names in profile.shared_clients():
                self.io.warn(shared_client_warning(names))
        if self.ytdlp is not None:
            profile = profile.model_copy(update={"ytdlp": self.ytdlp})
        return profile

    def pool(self) -> Pool:
        """The one door to the API for this invocation (built once)."""
        if self._pool is None:
            from ytrix.quota.ledger import Ledger
            from ytrix.quota.limits import with_adopted_limits
            from ytrix.quota.pool import Pool
            from ytrix.storage import open_state

            profile = self.profile()
            self._pool = Pool(
                profile,
                self.paths,
                Ledger(open_state(self.paths, self.clock)),
                pin=self.project,
                group=self.quota_group,
                throttle_ms=self.throttle_ms,
                notices=self.io,
            )
            # Google's daily limits for projects without `daily_quota` in config.
            self._pool.profile = with_adopted_limits(self._pool.profile, self._pool.ledger)
            if profile.api.sync_usage:
                from ytrix.projects.usage_sync import SyncGate

                self._pool.before_first_write = SyncGate().run
        return self._pool

    def gateway(self) -> Gateway:
        from ytrix.youtube.gateway import Gateway

        return Gateway(self.pool())


def app_context(ctx: typer.Context) -> AppContext:
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj
