"""What users read matches what ytrix has: every registered command is in README.md's
command table, every flag is in the README or the doc its row links, every `YTRIX_*`
variable the code reads is in the README's table; and `--help` reads well: a first
line that `ytrix --help` shows whole, help for every option, every argument described.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import typer

from tests.clirunner import run_cli
from ytrix.cli.app import app
from ytrix.cli.views.help import ALIASES, PANELS, label

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GROUP = typer.main.get_command(app)
assert isinstance(GROUP, click.Group)
COMMANDS = dict(GROUP.commands)
# click formats `ytrix --help` in 78 of 80 columns: minus its indent and the longest
# label (a name with its aliases: `plists2mlists, batch`)
LIST_WIDTH = 78 - 6 - max(len(label(name)) for name in COMMANDS)

# README links are absolute (relative ones break on PyPI): the repository's main branch.
DOCS_BASE = "https://github.com/twardoch/ytrix/blob/main/"

# Valued options whose absence plainly means "not used": their help needs no default.
NO_DEFAULT = {
    ("ls", "--user"),
    ("plists2mlists", "--batch"),
    ("batch", "--batch"),
    ("gcp_clone", "--new-id"),
    ("gcp_init", "--billing-account"),
    ("gcp_init", "--parent"),
    ("projects_add", "--client-id"),
    ("projects_add", "--client-secret-file"),
}


def command_docs() -> dict[str, Path | None]:
    """Each command of README's table -> the doc its row (or its section) links."""
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    docs: dict[str, Path | None] = {}
    section: Path | None = None
    for line in table.splitlines():
        if not line.startswith("| ") or line.startswith(("| command", "|---")):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        link = re.search(rf"\]\({re.escape(DOCS_BASE)}(docs/[\w.]+)\)", cells[-1])
        doc = ROOT / link.group(1) if link else None
        if cells[0].startswith("**"):
            section = doc
            continue
        for name in re.findall(r"`([a-z0-9_]+)[ `]", cells[0]):
            docs[name] = doc or section
    return docs


def test_readme_links_work_on_pypi() -> None:
    """PyPI shows README.md away from the repository: a relative link there is dead."""
    links = re.findall(r"\]\(([^)\s]+)\)", README)
    assert links
    assert [link for link in links if not link.startswith(("https://", "#"))] == []
    for link in links:
        if link.startswith(DOCS_BASE):
            assert (ROOT / link.removeprefix(DOCS_BASE).split("#")[0]).is_file(), link


def flag_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            names += [*param.opts, *param.secondary_opts]
    return names


def mentioned(flag: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) is not None


def test_every_command_is_in_the_readme_table() -> None:
    assert set(command_docs()) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_flag_is_documented(name: str) -> None:
    doc = command_docs()[name]
    text = README + (doc.read_text(encoding="utf-8") if doc else "")
    missing = [flag for flag in flag_names(COMMANDS[name]) if not mentioned(flag, text)]
    assert not missing, f"{name}: {missing} in neither README.md nor {doc}"


def test_global_options_are_documented() -> None:
    for param in GROUP.params:
        for flag in [*param.opts, *param.secondary_opts]:
            if flag not in ("-h", "--help"):
                assert mentioned(flag, README), flag


def test_every_ytrix_variable_is_in_the_readme() -> None:
    names = set()
    for path in (ROOT / "src" / "ytrix").rglob("*.py"):
        names.update(re.findall(r"\bYTRIX_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    table = README.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    assert names, "no YTRIX_ variables found"
    assert sorted(n for n in names if f"`{n}`" not in table) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_first_line_is_one_whole_sentence(name: str) -> None:
    command = COMMANDS[name]
    short = command.get_short_help_str(limit=LIST_WIDTH)
    assert short.endswith(".") and not short.endswith("..."), (
        f"`ytrix --help` cuts the description of {name}: {short!r} (keep the first "
        f"sentence under {LIST_WIDTH} characters, details after a blank line)"
    )
    result = run_cli(name, "--help")
    assert result.code == 0, result
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith(f"Usage: ytrix {name}")
    assert lines[1] == short


def test_root_help_shows_every_description_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("--help")
    commands = result.stdout.split("\nPlaylists:\n", 1)[1]
    assert "..." not in commands, commands


def test_root_help_shows_panels_in_order_with_aliases() -> None:
    result = run_cli("--help")
    assert result.code == 0, result
    shown = [
        line[:-1]
        for line in result.stdout.splitlines()
        if line and line[0] != " " and line.endswith(":")
    ]
    expected = [panel for panel, _names in PANELS]
    assert [p for p in shown if p in expected] == [p for p in expected if p in shown]
    assert {
        "Playlists",
        "Batches",
        "YAML",
        "Projects and quota",
        "Google Cloud",
        "Subtitles",
        "Other",
    } <= set(shown)
    for alias, target in ALIASES.items():
        assert f"  {target}, {alias}  " in result.stdout, alias
        assert (
            run_cli(alias, "--help").stdout.replace(alias, target, 1)
            == run_cli(target, "--help").stdout
        )
    text = " ".join(result.stdout.split())  # click wraps the paragraph
    assert "a plist is any playlist" in text and "an mlist one of your own" in text
    hidden = [n for n, c in COMMANDS.items() if c.hidden]
    assert sorted(hidden) == sorted(ALIASES)


@pytest.mark.parametrize("name", ["plist2mlist", "copy", "journal_status"])
def test_help_command_shows_one_command(name: str) -> None:
    assert run_cli("help", name).stdout == run_cli(name, "--help").stdout
    data = run_cli("--json", "help", name).json()
    assert data["command"] == name and data["usage"].startswith(f"ytrix {name} ")
    assert {"--help"} <= {n for option in data["options"] for n in option["names"]}
    missing = run_cli("help", "nope")
    assert missing.code == 2 and "No such command 'nope'" in missing.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_options_have_help_and_defaults(name: str) -> None:
    for param in COMMANDS[name].params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        flag = param.opts[0]
        assert param.help, f"{name} {flag} has no help text"
        # typer shows `[default: ...]` itself, except where the default is None
        unshown = param.default is None and (not param.is_flag or bool(param.secondary_opts))
        if unshown and (name, flag) not in NO_DEFAULT:
            assert "default" in param.help.lower(), f"{name} {flag}: say the default"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_arguments_are_described(name: str) -> None:
    """click 8.5 drops typer's per-argument help, so the description names them."""
    command = COMMANDS[name]
    body = (command.help or "").split("\n", 1)[-1]
    for param in command.params:
        if isinstance(param, click.Argument):
            metavar = param.metavar or (param.name or "").upper()
            assert metavar in body, f"{name}: describe {metavar} in the help text"


def test_rotation_is_documented_next_to_googles_policy() -> None:
    rotation = README.split("## Quota rotation", 1)[1].split("\n## ", 1)[0]
    policy = rotation.split("### Rotation and Google's policy", 1)[1]
    assert "https://support.google.com/youtube/contact/yt_api_form" in policy
    assert "get around the quota for one purpose" in policy
    assert "never hides which project spent what" in policy
