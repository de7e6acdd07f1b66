"""The output contract, for every registered command, through the real CLI and ytemu.

With `--json-output`, stdout holds exactly one JSON document and nothing else, in
success, partial failure (exit 5), quota pause (exit 3) and error cases; an error
document says `{"error": {"code", "message", "hint", "exit_code", ...}}` with the exit
code the process returns, and stderr carries the `Error:` / `Hint:` lines. Global
options work after the command as well as before it, and `--quiet` hides progress and
chatter but never warnings, errors or rotation notices.

The commands come from the Typer app itself: a new command without scenarios here
fails `test_every_registered_command_has_scenarios`.
"""

from __future__ import annotations

import json
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

import yaml
from tests.clirunner import CliResult, run_cli
from tests.helpers.clock import ytrix_clock
from tests.helpers.playlists import mix
from tests.ytrix_env import Env, setup_env
from ytemu.captions import store as captions_store
from ytemu.cloud.admin import CloudAdmin
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator
from ytrix.cli.app import app

OK, ERROR, USAGE, QUOTA, AUTH, PARTIAL, INTERRUPTED = 0, 1, 2, 3, 4, 5, 130
ADC_ACCOUNT = "curator@example.com"
BILLING = "billingAccounts/0A1B2C-3D4E5F-6A7B8C"
MISSING = "PLnotthereatallxxxxxxxxxxxxxxxxxxx"
INFO_FAST = ("--delay", "0", "--backoff", "0.01")


def registered_commands() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(name for name, command in group.commands.items() if not command.hidden)


# -- the world every scenario runs in --------------------------------------------------------
@dataclass
class World:
    emu: RunningEmulator
    env: Env
    home: Path
    tmp: Path
    cloud: CloudAdmin
    monkeypatch: pytest.MonkeyPatch
    request: pytest.FixtureRequest

    def file(self, name: str, text: str) -> str:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def sources(self, name: str, *playlists: str) -> str:
        return self.file(name, "".join(f"{p}\n" for p in playlists))

    def exhaust(self) -> None:
        """Google says quotaExceeded to every project: ytrix rotates, then pauses."""
        for project in self.env.projects.values():
            self.emu.admin.set_daily_quota(project, 0)

    def drop_tokens(self) -> None:
        for token in (self.home / "tokens").glob("*.json"):
            token.unlink()

    def own(self, title: str) -> dict[str, object]:
        [found] = [
            dict(p)
            for p in self.emu.admin.channel_playlists(MINE_CHANNEL_ID)
            if p["title"] == title
        ]
        return found

    def seed_cloud_source(self) -> None:
        self.cloud.seed_cloud_project(
            "src-proj",
            owner=ADC_ACCOUNT,
            parent="organizations/4242",
            labels={"team": "media"},
            billing_account=BILLING,
            services=["drive.googleapis.com", "compute.googleapis.com"],
            service_accounts=[{"account_id": "deployer", "display_name": "Deployer"}],
        )

    def no_adc(self) -> None:
        self.monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(self.tmp / "gone.json"))


@pytest.fixture
def world(
    ytemu: RunningEmulator,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> World:
    base = ytemu.base_url
    cloud_endpoints = "".join(
        f'{api} = "{base}"\n'
        for api in ("cloudresourcemanager", "serviceusage", "iam", "cloudbilling")
    )
    env = setup_env(
        ytemu,
        isolated_home,
        {"main": 10000, "backup": 10000},
        extra="[api.cloud_endpoints]\n" + cloud_endpoints,
    )
    cloud = CloudAdmin(base)
    adc = tmp_path / "adc.json"
    adc.write_text(json.dumps(cloud.register_adc(ADC_ACCOUNT)))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(adc))
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.001")
    monkeypatch.chdir(tmp_path)
    return World(ytemu, env, isolated_home, tmp_path, cloud, monkeypatch, request)


# -- scenarios: (command, mode) -> the arguments, after preparing the world --------------------
@dataclass(frozen=True)
class Scenario:
    command: str
    mode: str  # ok | partial | quota | auth | error
    code: int
    build: Callable[[World], list[str]]

    @property
    def id(self) -> str:
        return f"{self.command}-{self.mode}"


def _bad_config(w: World) -> list[str]:
    (w.home / "config.toml").write_text("[[projects]\nname = 'x'\n")
    return ["config"]


def _no_config(command: str) -> Callable[[World], list[str]]:
    def build(w: World) -> list[str]:
        (w.home / "config.toml").unlink()
        return [command]

    return build


def _info_failure(w: World) -> str:
    """mix(3) with its first video's subtitle download answering 403 once."""
    first = w.emu.admin.playlist_video_ids(mix(3))[0]
    captions_store.add_failure(w.emu.world, first, "timedtext", 403, times=1)
    return mix(3)


def _client_file(w: World) -> str:
    client = {"installed": {"client_id": "new.apps.example", "client_secret": "GOCSPX-x"}}
    return w.file("client_secret_1.json", json.dumps(client))


def _consent_clicker() -> None:
    """projects_auth opens "a browser": ytrix's demo clicker follows the consent URL."""
    from ytrix.demo.sandbox import BROWSER_NAME, _ConsentClicker

    webbrowser.register(BROWSER_NAME, None, _ConsentClicker(BROWSER_NAME), preferred=True)


def _auth_ok(w: World) -> list[str]:
    (w.home / "tokens" / "main.json").unlink()
    _consent_clicker()
    return ["projects_auth", "main"]


def _yaml_edit(w: World) -> list[str]:
    """Favourites renamed and its last video removed (--yes: it removes one)."""
    fav = w.own("Favourites")
    videos = list(fav["video_ids"])  # type: ignore[call-overload]
    doc = {"playlists": [{"id": fav["id"], "title": "Best of", "videos": videos[:-1]}]}
    return [w.file("fav.yaml", yaml.safe_dump(doc)), "--yes"]


def _yaml_unavailable(w: World) -> list[str]:
    stash = w.own("Private stash")
    gone = w.emu.admin.create_video(MINE_CHANNEL_ID, title="Gone", deleted=True)
    videos = [*stash["video_ids"], gone]  # type: ignore[misc]
    doc = {"playlists": [{"id": stash["id"], "videos": videos}]}
    return [w.file("stash.yaml", yaml.safe_dump(doc))]


def _yaml_new(w: World) -> list[str]:
    doc = {"playlists": [{"title": "Road trip", "videos": ["66Hh_z0cj9Z"]}]}
    return [w.file("new.yaml", yaml.safe_dump(doc))]


def _two_entries(w: World) -> list[str]:
    doc = {"playlists": [{"title": "A", "videos": []}, {"title": "B", "videos": []}]}
    return [w.file("two.yaml", yaml.safe_dump(doc))]


def _exhausted(build: Callable[[World], list[str]]) -> Callable[[World], list[str]]:
    def wrapped(w: World) -> list[str]:
        args = build(w)
        w.exhaust()
        return args

    return wrapped


def _migrate_state(w: World) -> list[str]:
    """Some local state, copied into a fresh PostgreSQL database."""
    from ytrix.quota.ledger import Ledger
    from ytrix.storage.sqlite import SqliteStore

    store = SqliteStore(w.home / "state.db", ytrix_clock())
    Ledger(store).charge("main", "playlists.list", 1, ytrix_clock().now())
    store.close()
    return ["storage", "migrate", "--to", w.request.getfixturevalue("pg_url")]


def _const(*args: str) -> Callable[[World], list[str]]:
    return lambda _w: list(args)


def _gcp_billing_denied(w: World) -> list[str]:
    w.seed_cloud_source()
    w.cloud.add_billing_account(BILLING, users=["someone-else@example.com"])
    return ["gcp_clone", "src-proj", "b2"]


def _gcp(*args: str) -> Callable[[World], list[str]]:
    def build(w: World) -> list[str]:
        w.seed_cloud_source()
        return list(args)

    return build


def _gcp_no_adc(*args: str) -> Callable[[World], list[str]]:
    def build(w: World) -> list[str]:
        w.no_adc()
        return list(args)

    return build


def _copy_failing_batch(w: World) -> list[str]:
    return ["plists2mlists", w.sources("b.txt", mix(3), MISSING)]


def _journal_with_batch(w: World, *extra: str) -> list[str]:
    batch = w.sources("b.txt", mix(3))
    assert run_cli("plists2mlists", batch).code == OK
    return ["journal_status", *extra]


def _mirror(w: World) -> str:
    """A copy of mix(3): a mirror for `mirrors` and `sync`."""
    assert run_cli("plist2mlist", mix(3)).code == OK
    return str(w.own("Mix 003")["id"])


def _gone_mirror(w: World) -> None:
    """A mirror whose target the user deleted: that mirror fails, exit 5."""
    target = _mirror(w)
    with w.emu.world.lock:
        del w.emu.world.playlists[target]


def _repeats(w: World) -> str:
    video = w.emu.admin.playlist_video_ids(mix(3))[0]
    return w.emu.admin.create_playlist(MINE_CHANNEL_ID, "Twice", video_ids=[video, video])


S = Scenario
SCENARIOS = [
    S("version", "ok", OK, _const("version")),
    S("version", "error", USAGE, _const("version", "--bogus")),
    S("help", "ok", OK, _const("help")),
    S("help", "error", USAGE, _const("help", "extra")),
    S("config", "ok", OK, _const("config")),
    S("config", "error", USAGE, _bad_config),
    S("demo", "ok", OK, _const("demo")),
    S("demo", "error", USAGE, _const("demo", "--daily-quota", "100")),
    # playlists
    S("ls", "ok", OK, _const("ls", "--count")),
    S("ls", "quota", QUOTA, _exhausted(_const("ls"))),
    S("ls", "auth", AUTH, lambda w: (w.drop_tokens(), ["ls"])[1]),
    S("ls", "error", USAGE, _const("ls", "--user", "not a channel")),
    S("plist2mlist", "ok", OK, _const("plist2mlist", mix(3))),
    S("plist2mlist", "partial", PARTIAL, _const("plist2mlist", mix(20))),
    S("plist2mlist", "quota", QUOTA, _exhausted(_const("plist2mlist", mix(3)))),
    S("plist2mlist", "error", ERROR, _const("plist2mlist", MISSING)),
    S("plists2mlist", "ok", OK, lambda w: ["plists2mlist", w.sources("m.txt", mix(3), mix(5))]),
    S("plists2mlist", "partial", PARTIAL, lambda w: ["plists2mlist", w.sources("m.txt", mix(20))]),
    S(
        "plists2mlist",
        "quota",
        QUOTA,
        _exhausted(lambda w: ["plists2mlist", w.sources("m.txt", mix(3))]),
    ),
    S("plists2mlist", "error", USAGE, _const("plists2mlist", "no-such-file.txt")),
    S("plist2mlists", "ok", OK, _const("plist2mlists", mix(3), "--by", "year")),
    S("plist2mlists", "partial", PARTIAL, _const("plist2mlists", mix(12))),
    S("plist2mlists", "quota", QUOTA, _exhausted(_const("plist2mlists", mix(3)))),
    S("plist2mlists", "error", USAGE, _const("plist2mlists", "not-a-playlist")),
    S("cache_stats", "ok", OK, _const("cache_stats")),
    S("cache_stats", "error", USAGE, _const("cache_stats", "--bogus")),
    S("cache_clear", "ok", OK, _const("cache_clear", "--expired-only")),
    S("cache_clear", "error", USAGE, _const("cache_clear", "--expired")),
    S("storage", "ok", OK, _migrate_state),
    S("storage", "error", USAGE, _const("storage", "migrate", "--to", "mysql://u@h/db")),
    # batches
    S("plists2mlists", "ok", OK, lambda w: ["plists2mlists", w.sources("b.txt", mix(3), mix(5))]),
    S("plists2mlists", "partial", PARTIAL, _copy_failing_batch),
    S(
        "plists2mlists",
        "quota",
        QUOTA,
        _exhausted(lambda w: ["plists2mlists", w.sources("b.txt", mix(3))]),
    ),
    S(
        "plists2mlists",
        "auth",
        AUTH,
        lambda w: (w.drop_tokens(), ["plists2mlists", w.sources("b.txt", mix(3))])[1],
    ),
    S("plists2mlists", "error", USAGE, _const("plists2mlists", "no-such-file.txt")),
    S("journal_status", "ok", OK, _journal_with_batch),
    S("journal_status", "error", USAGE, lambda w: _journal_with_batch(w, "--clear")),
    # YAML
    S("mlists2yaml", "ok", OK, _const("mlists2yaml", "-o", "-", "--details")),
    S("mlists2yaml", "quota", QUOTA, _exhausted(_const("mlists2yaml"))),
    S("mlists2yaml", "error", USAGE, lambda w: ["mlists2yaml", "-o", w.file("x.yaml", "")]),
    S("mlist2yaml", "ok", OK, _const("mlist2yaml", mix(5))),
    S("mlist2yaml", "quota", QUOTA, _exhausted(_const("mlist2yaml", mix(5)))),
    S("mlist2yaml", "error", ERROR, _const("mlist2yaml", MISSING)),
    S("yaml2mlists", "ok", OK, lambda w: ["yaml2mlists", *_yaml_edit(w)]),
    S("yaml2mlists", "partial", PARTIAL, lambda w: ["yaml2mlists", *_yaml_unavailable(w)]),
    S("yaml2mlists", "quota", QUOTA, _exhausted(lambda w: ["yaml2mlists", *_yaml_new(w)])),
    S("yaml2mlists", "error", USAGE, lambda w: ["yaml2mlists", w.file("bad.yaml", "- [")]),
    # a plan that removes a video needs --yes when nobody can be asked: exit 2, the plan
    S("yaml2mlists", "confirm", USAGE, lambda w: ["yaml2mlists", _yaml_edit(w)[0]]),
    S("yaml2mlist", "ok", OK, lambda w: ["yaml2mlist", *_yaml_new(w)]),
    S("yaml2mlist", "partial", PARTIAL, lambda w: ["yaml2mlist", *_yaml_unavailable(w)]),
    S("yaml2mlist", "quota", QUOTA, _exhausted(lambda w: ["yaml2mlist", *_yaml_new(w)])),
    S("yaml2mlist", "error", USAGE, lambda w: ["yaml2mlist", *_two_entries(w)]),
    # sync, curation, diff, export
    S("mirrors", "ok", OK, lambda w: (_mirror(w), ["mirrors"])[1]),
    S("mirrors", "quota", QUOTA, _exhausted(lambda w: (_mirror(w), ["mirrors"])[1])),
    S("mirrors", "error", USAGE, _const("mirrors", "--bogus")),
    S("sync", "ok", OK, lambda w: ["sync", _mirror(w), "--prune"]),
    S("sync", "quota", QUOTA, _exhausted(lambda w: (_mirror(w), ["sync", "--all"])[1])),
    S("sync", "partial", PARTIAL, lambda w: (_gone_mirror(w), ["sync", "--all"])[1]),
    S("sync", "error", USAGE, _const("sync", MISSING)),
    S("mlist_dedup", "ok", OK, lambda w: ["mlist_dedup", _repeats(w), "--yes"]),
    S("mlist_dedup", "quota", QUOTA, _exhausted(lambda w: ["mlist_dedup", _repeats(w)])),
    S("mlist_dedup", "error", USAGE, _const("mlist_dedup", mix(3), "--yes")),
    S("mlist_dedup", "confirm", USAGE, lambda w: ["mlist_dedup", _repeats(w)]),
    S("mlist_sort", "ok", OK, lambda w: ["mlist_sort", _repeats(w), "--by", "views", "--yes"]),
    S(
        "mlist_sort",
        "quota",
        QUOTA,
        _exhausted(lambda w: ["mlist_sort", _repeats(w), "--by", "title"]),
    ),
    S("mlist_sort", "error", USAGE, lambda w: ["mlist_sort", _repeats(w)]),
    S("plist_diff", "ok", OK, _const("plist_diff", mix(3), mix(5))),
    S("plist_diff", "quota", QUOTA, _exhausted(_const("plist_diff", mix(3), mix(5)))),
    S("plist_diff", "error", ERROR, _const("plist_diff", MISSING, mix(3))),
    S("plist2csv", "ok", OK, _const("plist2csv", mix(3), "--format", "tsv")),
    S("plist2csv", "quota", QUOTA, _exhausted(_const("plist2csv", mix(3)))),
    S("plist2csv", "error", ERROR, _const("plist2csv", MISSING)),
    # projects and quota
    S("projects", "ok", OK, _const("projects")),
    S("projects", "auth", AUTH, lambda w: (w.drop_tokens(), ["projects", "--check"])[1]),
    S("projects", "error", USAGE, _const("projects", "--history", "--check")),
    S("projects_auth", "ok", OK, _auth_ok),
    S("projects_auth", "error", USAGE, _const("projects_auth", "nope")),
    S("projects_select", "ok", OK, _const("projects_select", "backup")),
    S("projects_select", "error", USAGE, _const("projects_select", "nope")),
    S(
        "projects_add",
        "ok",
        OK,
        lambda w: ["projects_add", "third", "--client-secret-file", _client_file(w)],
    ),
    S("projects_add", "error", USAGE, _const("projects_add", "third")),
    S("quota_status", "ok", OK, _const("quota_status")),
    S("quota_status", "error", USAGE, _no_config("quota_status")),
    # Google Cloud projects
    S("gcp_inventory", "ok", OK, _gcp("gcp_inventory", "src-proj")),
    S("gcp_inventory", "auth", AUTH, _gcp_no_adc("gcp_inventory", "src-proj")),
    S("gcp_inventory", "error", ERROR, _const("gcp_inventory", "no-such-proj")),
    S("gcp_clone", "ok", OK, _gcp("gcp_clone", "src-proj", "b2", "--skip-labels")),
    S("gcp_clone", "partial", PARTIAL, _gcp_billing_denied),
    S("gcp_clone", "auth", AUTH, _gcp_no_adc("gcp_clone", "src-proj", "b2")),
    S("gcp_clone", "error", USAGE, _const("gcp_clone", "src-proj", "x" * 40)),
    S("gcp_init", "ok", OK, _const("gcp_init", "fresh-yt-3", "--dry-run")),
    S("gcp_init", "auth", AUTH, _gcp_no_adc("gcp_init", "fresh-yt-3")),
    S("gcp_init", "error", USAGE, _const("gcp_init", "fresh-yt-3", "--parent", "nowhere")),
    S("gcp_guide", "ok", OK, _const("gcp_guide", "my-proj-1")),
    S("gcp_guide", "error", USAGE, _const("gcp_guide", "folders/12")),
    # subtitles
    S("plist2info", "ok", OK, _const("plist2info", mix(3), "-o", "out", *INFO_FAST)),
    S(
        "plist2info",
        "partial",
        PARTIAL,
        lambda w: ["plist2info", _info_failure(w), "-o", "out", *INFO_FAST],
    ),
    S("plist2info", "error", ERROR, _const("plist2info", MISSING, "-o", "out", *INFO_FAST)),
    S(
        "plists2info",
        "ok",
        OK,
        lambda w: ["plists2info", w.sources("i.txt", mix(2), mix(3)), "-o", "out", *INFO_FAST],
    ),
    S(
        "plists2info",
        "partial",
        PARTIAL,
        lambda w: ["plists2info", w.sources("i.txt", _info_failure(w)), "-o", "out", *INFO_FAST],
    ),
    S("plists2info", "error", USAGE, _const("plists2info", "no-such-file.txt")),
]
BY_ID = {s.id: s for s in SCENARIOS}

# Commands that spend YouTube quota must show their pause; commands that can finish
# with some items failed must show their partial failure.
SPENDS_QUOTA = {
    "ls",
    "plist2mlist",
    "plists2mlist",
    "plist2mlists",
    "plists2mlists",
    "mlists2yaml",
    "mlist2yaml",
    "yaml2mlists",
    "yaml2mlist",
    "mirrors",
    "sync",
    "mlist_dedup",
    "mlist_sort",
    "plist_diff",
    "plist2csv",
}
CAN_PARTIALLY_FAIL = {
    "plist2mlist",
    "plists2mlist",
    "plist2mlists",
    "plists2mlists",
    "yaml2mlists",
    "yaml2mlist",
    "gcp_clone",
    "plist2info",
    "plists2info",
    "sync",
}


def test_every_registered_command_has_scenarios() -> None:
    commands = registered_commands()
    covered = {s.command for s in SCENARIOS}
    assert covered == set(commands), "commands without JSON scenarios (or stale ones)"
    for command in commands:
        modes = {s.mode for s in SCENARIOS if s.command == command}
        assert {"ok", "error"} <= modes, command
        if command in SPENDS_QUOTA:
            assert "quota" in modes, command
        if command in CAN_PARTIALLY_FAIL:
            assert "partial" in modes, command
    assert len(BY_ID) == len(SCENARIOS), "duplicate scenario ids"


# -- the contract ------------------------------------------------------------------------------
JSON_DOC = (Path(__file__).resolve().parents[2] / "docs" / "json.md").read_text(encoding="utf-8")


def json_doc_section(command: str) -> str:
    """What docs/json.md says about one command's document."""
    heading = f"### `{command}`\n"
    assert heading in JSON_DOC, f"docs/json.md has no section for {command}"
    return JSON_DOC.split(heading, 1)[1].split("\n### ", 1)[0]


def check_json_contract(result: CliResult, scenario: Scenario) -> object:
    """One JSON document on stdout and nothing else; errors say the same on both streams."""
    assert result.code == scenario.code, result
    assert "Traceback" not in result.stderr, result
    try:
        document = json.loads(result.stdout)  # raises on a second document or stray text
    except json.JSONDecodeError as exc:
        raise AssertionError(f"stdout is not one JSON document ({exc})\n{result}") from None
    assert result.stdout.endswith("\n") and result.stdout.strip()[0] in "{[", result
    if isinstance(document, dict) and isinstance(document.get("error"), dict):
        error = document["error"]
        assert {"code", "message", "hint", "exit_code"} <= set(error), error
        assert error["exit_code"] == result.code
        assert error["message"] and error["hint"]
        if set(document) == {"error"}:  # a plain failure: the two lines on stderr
            assert "Error: " in result.stderr and "Hint: " in result.stderr, result
    elif result.code in (ERROR, USAGE, QUOTA, INTERRUPTED):
        raise AssertionError(f"exit {result.code} without an error object\n{result}")
    return document


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_json_before_the_command(world: World, scenario: Scenario) -> None:
    args = scenario.build(world)
    result = run_cli("--json-output", *args)
    document = check_json_contract(result, scenario)
    assert isinstance(document, dict)
    section = json_doc_section(scenario.command)
    undocumented = [key for key in document if key != "error" and f"`{key}`" not in section]
    assert not undocumented, f"docs/json.md, `{scenario.command}`: {undocumented}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_global_options_after_the_command(world: World, scenario: Scenario) -> None:
    """`ytrix CMD ARGS --json -q`: the same contract, and --quiet never hides an error."""
    args = scenario.build(world)
    result = run_cli(*args, "--json", "-q")
    document = check_json_contract(result, scenario)
    if isinstance(document, dict) and set(document) == {"error"}:
        assert "Error: " in result.stderr and "Hint: " in result.stderr


# -- shapes the README and docs/ promise -------------------------------------------------------
def test_help_json_lists_every_command_and_global_option(world: World) -> None:
    data = run_cli("help", "--json").json()
    group = typer.main.get_command(app)
    assert [c["name"] for c in data["commands"]] == [
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if not command.hidden  # aliases are listed with their commands
    ]
    assert next(c for c in data["commands"] if c["name"] == "plist2mlist")["aliases"] == ["copy"]
    assert {c["panel"] for c in data["commands"]} >= {"Playlists", "Batches", "Other"}
    assert all(c["help"] for c in data["commands"])
    names = {n for option in data["global_options"] for n in option["names"]}
    assert {"--json-output", "--json", "--quiet", "-q", "--project", "--quota-group"} <= names


def test_error_document_shape(world: World) -> None:
    """README: `{"error": {"code", "message", "hint", ...}}`; quota errors add reset_at."""
    world.exhaust()
    error = run_cli("--json", "ls").json()["error"]
    assert error["code"] == "quota_exhausted" and error["exit_code"] == QUOTA
    assert error["reset_at"].endswith("Z") and error["resets_in_seconds"] > 0


def test_not_found_is_exit_1_for_export_too(world: World) -> None:
    """README's error table: a playlist that does not exist is exit 1, for every command."""
    for command in ("plist2mlist", "mlist2yaml"):
        result = run_cli("--json", command, MISSING)
        assert result.code == ERROR, result
        assert result.json()["error"]["code"] == "source_not_found"


def test_copy_json_keys_match_docs(world: World) -> None:
    """docs/playlists.md lists the keys of the copy, merge and split documents."""
    copy = run_cli("--json", "plist2mlist", mix(20)).json()
    for key in (
        "command",
        "dry_run",
        "action",
        "title",
        "privacy",
        "playlists",
        "videos_planned",
        "videos_added",
        "skipped",
        "skipped_by_reason",
        "duplicates_removed",
        "match",
        "quota_estimate",
        "units_spent",
        "projects_used",
        "summary",
        "source",
    ):
        assert key in copy, key
    part = copy["playlists"][0]
    assert {"part", "playlist_id", "url", "title", "status", "videos_added"} <= set(part)
    assert set(copy["quota_estimate"]) == {"creates", "inserts", "units"}
    assert copy["source"]["read_via"] in {"api", "ytdlp", "cache"}
    merge = run_cli("--json", "plists2mlist", world.sources("m.txt", mix(3)), "--dry-run")
    assert {"file", "sources", "quota_available"} <= set(merge.json())
    split = run_cli("--json", "plist2mlists", mix(12), "--by", "year", "--dry-run").json()
    assert split["split_by"] == "year" and all("group" in g for g in split["groups"])


def test_batch_json_keys_match_docs(world: World) -> None:
    """docs/batch.md: the dry run, the run document with its pause error, journal_status."""
    batch = world.sources("b.txt", mix(3), mix(20))
    plan = run_cli("--json", "plists2mlists", batch, "--dry-run").json()
    assert plan["dry_run"] is True and plan["tasks"]
    assert set(plan["quota_plan"]) == {
        "units_needed",
        "units_left_today",
        "daily_capacity",
        "days_needed",
        "projects",
        "reset_at",
    }
    world.emu.admin.set_daily_quota(world.env.projects["main"], 300)
    world.emu.admin.set_daily_quota(world.env.projects["backup"], 0)
    run = run_cli("--json", "plists2mlists", batch).json()
    for key in (
        "command",
        "batch_id",
        "state",
        "summary",
        "counts",
        "tasks",
        "failures",
        "repeated_lines",
        "units_spent",
        "units_spent_total",
        "projects_used",
        "message",
        "resume_command",
        "reset_at",
        "resets_in_seconds",
        "error",
    ):
        assert key in run, key
    assert run["state"] == "paused" and run["error"]["code"] == "quota_exhausted"
    task = run["tasks"][0]
    for key in ("seq", "line", "source", "title", "status", "action", "target_playlist_id"):
        assert key in task, key
    for key in ("project", "units", "videos_added", "videos_skipped", "error"):
        assert key in task, key
    status = run_cli("--json", "journal_status").json()
    for key in ("batch", "counts", "units_spent", "projects_used", "eta", "tasks", "failures"):
        assert key in status, key
    assert {"failed_tasks", "other_batches"} <= set(status)
    assert {"units_remaining", "eta_seconds", "quota_days_needed"} <= set(status["eta"])


def test_yaml_json_keys_match_docs(world: World) -> None:
    """docs/yaml.md: plan, applied, and the export document."""
    args = _yaml_edit(world)
    data = run_cli("--json", "yaml2mlists", *args).json()
    plan = data["plan"]
    for key in ("file", "writes", "units", "read_units", "deletes", "unavailable"):
        assert key in plan, key
    assert "quota_left_today" in plan
    entry = plan["playlists"][0]
    for key in ("entry", "line", "id", "title", "action", "videos", "writes", "units"):
        assert key in entry, key
    assert {"unavailable", "notes", "counts", "operations"} <= set(entry)
    assert {"remove", "insert", "move", "moves_minimum", "kept", "kept_in_place"} <= set(
        entry["counts"]
    )
    assert {op["op"] for op in entry["operations"]} == {"update_playlist", "remove_video"}
    applied = data["applied"]
    assert {"writes", "units_spent", "unavailable", "playlists"} <= set(applied)
    for key in ("entry", "id", "title", "created", "deleted", "metadata", "removed"):
        assert key in applied["playlists"][0], key
    assert {"inserted", "moved", "unavailable", "writes"} <= set(applied["playlists"][0])
    export = run_cli("--json", "mlists2yaml", "-o", "-").json()
    assert set(export) == {"file", "count", "units", "playlists"}


def test_info_json_keys_match_docs(world: World) -> None:
    """docs/info.md lists plist2info's keys and plists2info's two."""
    data = run_cli("--json", "plist2info", _info_failure(world), "-o", "out", *INFO_FAST).json()
    for key in ("source", "playlist_id", "title", "folder", "video_count", "videos_processed"):
        assert key in data, key
    for key in ("subtitle_files", "files_written", "files_skipped", "failures", "unavailable"):
        assert key in data, key
    assert {"no_captions", "error", "stopped"} <= set(data)
    assert {"position", "id", "title", "reason"} <= set(data["failures"][0])
    listing = world.sources("i.txt", mix(2))
    many = run_cli("--json", "plists2info", listing, "-o", "out", *INFO_FAST).json()
    assert set(many) == {"playlists", "summary"}


def test_gcp_json_keys_match_docs(world: World) -> None:
    """docs/gcp.md: the clone/init document and its actions."""
    world.seed_cloud_source()
    data = run_cli("--json", "gcp_clone", "src-proj", "b2").json()
    for key in ("success", "dry_run", "source_project", "new_project", "parent", "actions"):
        assert key in data, key
    assert "manual_steps" in data
    steps = [a["step"] for a in data["actions"]]
    for step in ("create_project", "copy_labels", "link_billing", "enable_services"):
        assert step in steps, step
    assert {"enable_youtube", "create_service_account"} <= set(steps)
    assert {a["status"] for a in data["actions"]} <= {
        "planned",
        "done",
        "exists",
        "skipped",
        "failed",
    }
    assert {"step", "url", "detail"} <= set(data["manual_steps"][0])


# -- global options after the command, and --quiet ---------------------------------------------
def test_valued_global_options_after_the_command(world: World) -> None:
    pinned = run_cli("plist2mlist", mix(3), "--json", "--project", "backup", "--throttle", "0")
    assert pinned.code == OK, pinned
    assert pinned.json()["projects_used"] == ["backup"]
    grouped = run_cli("ls", "--quota-group=nowhere", "--json")
    assert grouped.code == USAGE and grouped.json()["error"]["code"] == "config"
    # an option the command defines itself stays with the command
    other = run_cli("ls", "--user", "@synthwavestudio", "--json")
    assert other.code == OK, other
    assert other.json()["channel"]
    # --verbose sends the debug detail to stderr: stdout keeps its one document
    verbose = run_cli("ls", "--json", "-v")
    assert verbose.code == OK and verbose.json()["count"] == 3  # with the copy above
    assert "DEBUG" in verbose.stderr and "DEBUG" not in verbose.stdout
    # no command at all is a usage error, as JSON too
    bare = run_cli("--json")
    assert bare.code == USAGE and bare.json()["error"]["code"] == "usage"


@pytest.mark.parametrize("quiet", [False, True], ids=["loud", "quiet"])
def test_quiet_hides_progress_bars_never_rotation_notices(world: World, quiet: bool) -> None:
    # main pays for about half the copy: it rotates to backup midway
    world.emu.admin.set_daily_quota(world.env.projects["main"], 800)
    result = run_cli("plist2mlist", mix(30), *(["-q"] if quiet else []))
    assert result.code == OK, result
    bar = "30/30 videos" in result.stderr and "ETA" in result.stderr  # more than 20 videos
    assert bar is not quiet
    assert "Project main quota exhausted – switching to backup" in result.stderr
    assert "Created 'Mix 030': 30 videos added" in result.stdout


@pytest.mark.parametrize("quiet", [False, True], ids=["loud", "quiet"])
def test_quiet_hides_batch_chatter_never_the_pause(world: World, quiet: bool) -> None:
    world.emu.admin.set_daily_quota(world.env.projects["main"], 500)
    world.emu.admin.set_daily_quota(world.env.projects["backup"], 300)
    batch = world.sources("b.txt", mix(3), mix(8), mix(12))
    result = run_cli("plists2mlists", batch, *(["-q"] if quiet else []))
    assert result.code == QUOTA, result
    assert ("[1/3] Copied 'Mix 003'" in result.stderr) is not quiet  # chatter
    assert "Project main quota exhausted – switching to backup" in result.stderr
    assert "All projects exhausted. Pausing" in result.stderr
    assert "Paused until the quota reset" in result.stdout  # the result is not chatter


def test_quiet_keeps_warnings_and_errors(world: World) -> None:
    # plist2info: per-playlist chatter hidden, a failed video's warning kept
    loud = run_cli("plist2info", _info_failure(world), "-o", "out", *INFO_FAST)
    assert loud.code == PARTIAL and "Mix 003: 3 videos" in loud.stderr
    quiet = run_cli("plist2info", _info_failure(world), "-o", "out2", "-q", *INFO_FAST)
    assert quiet.code == PARTIAL, quiet
    assert "Mix 003: 3 videos" not in quiet.stderr
    assert "Warning: " in quiet.stderr and "failed" in quiet.stderr
    # gcp_clone: step lines hidden, a warning about what exists kept
    world.seed_cloud_source()
    assert run_cli("gcp_clone", "src-proj", "b2").code == OK
    again = run_cli("gcp_clone", "src-proj", "b2", "-q")
    assert again.code == OK, again
    assert "... " not in again.stderr and "Warning: " in again.stderr
    # an error under --quiet
    failed = run_cli("-q", "plist2mlist", MISSING)
    assert failed.code == ERROR and "Error: " in failed.stderr and "Hint: " in failed.stderr


@pytest.mark.parametrize(
    ("command", "build"),
    [
        ("ls", _const("ls")),
        ("plist2mlist", _const("plist2mlist", mix(20))),
        ("yaml2mlists", lambda w: ["yaml2mlists", *_yaml_edit(w)]),
        ("plists2mlists", lambda w: ["plists2mlists", w.sources("b.txt", mix(3), mix(5))]),
    ],
)
def test_ctrl_c_is_one_json_document_exit_130(
    world: World, command: str, build: Callable[[World], list[str]]
) -> None:
    """Ctrl-C in the middle of the work: exit 130, and still exactly one JSON document."""
    from ytrix.youtube.gateway import Gateway

    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    method = "list_my_playlists" if command == "ls" else "add_item"
    world.monkeypatch.setattr(Gateway, method, interrupt)
    if command == "yaml2mlists":
        world.monkeypatch.setattr(Gateway, "update_playlist", interrupt)
    scenario = Scenario(command, "interrupted", INTERRUPTED, build)
    result = run_cli("--json", *build(world))
    document = check_json_contract(result, scenario)
    assert isinstance(document, dict)
    assert document["error"]["code"] == "interrupted", document
