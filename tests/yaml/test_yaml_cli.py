"""The YAML round-trip end to end: the real CLI against ytemu's real state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.yamlfiles import (
    entry,
    load,
    own_playlists,
    save,
    snapshot,
    spare_videos,
    write_methods,
)
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator


@pytest.fixture
def home(ytemu: RunningEmulator, isolated_home: Path) -> Path:
    setup_env(ytemu, isolated_home, {"main": 10000})
    return isolated_home


@pytest.mark.parametrize("details", [False, True])
def test_unchanged_export_applies_as_zero_writes(
    ytemu: RunningEmulator, home: Path, tmp_path: Path, details: bool
) -> None:
    before = snapshot(ytemu)
    path = tmp_path / "playlists.yaml"
    result = run_cli("mlists2yaml", "-o", str(path), *(["--details"] if details else []))
    assert result.code == 0, result
    data = load(path)
    assert {p["title"] for p in data["playlists"]} == {"Favourites", "Private stash"}
    assert all(("videos" in p) == details for p in data["playlists"])
    assert entry(data, "Private stash")["privacy"] == "private"
    start = len(ytemu.admin.requests())
    result = run_cli("--json", "yaml2mlists", str(path))
    assert result.code == 0, result
    plan = result.json()["plan"]
    assert plan["writes"] == 0 and plan["units"] == 0
    assert all(p["operations"] == [] for p in plan["playlists"])
    assert write_methods(ytemu, start) == []  # the earlier ytrix deleted every video here
    spent = [r for r in ytemu.admin.requests(start)]
    assert all(r["method"].endswith(".list") for r in spent)
    assert sum(r["cost"] for r in spent) == plan["read_units"] == (3 if details else 1)
    assert snapshot(ytemu) == before


def test_rename_remove_add_move_is_exactly_planned_and_minimal(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    favourites = own_playlists(ytemu)["Favourites"]
    v = list(favourites["video_ids"])
    assert len(v) == 10
    new = spare_videos(ytemu, 2)
    path = tmp_path / "fav.yaml"
    assert run_cli("mlist2yaml", favourites["id"], "-o", str(path)).code == 0
    data = load(path)
    # remove v1, v4, v7; reorder the 7 kept so that only 2 can stay (5 moves); add 2
    wanted = [v[9], v[8], new[0], v[6], v[0], v[5], v[3], v[2], new[1]]
    data["playlists"][0]["title"] = "Best of"
    by_id = {video["id"]: video for video in data["playlists"][0]["videos"]}
    data["playlists"][0]["videos"] = [by_id.get(x, {"id": x}) for x in wanted]
    save(path, data)

    dry = run_cli("--json", "yaml2mlist", str(path), "--dry-run")
    assert dry.code == 0, dry
    [plan] = dry.json()["plan"]["playlists"]
    ops = plan["operations"]
    assert ops[0] == {
        "op": "update_playlist",
        "changes": {"title": {"from": "Favourites", "to": "Best of"}},
    }
    assert sorted(o["video_id"] for o in ops if o["op"] == "remove_video") == sorted(
        [v[1], v[4], v[7]]
    )
    assert sorted(o["video_id"] for o in ops if o["op"] == "insert_video") == sorted(new)
    moved = [o["video_id"] for o in ops if o["op"] == "move_video"]
    assert plan["counts"] == {
        "remove": 3,
        "insert": 2,
        "move": 5,
        "moves_minimum": 5,
        "kept": 7,
        "kept_in_place": 2,
    }
    assert len(moved) == 5 and len(ops) == 1 + 3 + 2 + 5
    assert plan["units"] == 11 * 50
    assert write_methods(ytemu) == []  # a dry run writes nothing

    start = len(ytemu.admin.requests())
    result = run_cli("--json", "yaml2mlist", str(path), "--yes")
    assert result.code == 0, result
    after = own_playlists(ytemu)["Best of"]
    assert after["video_ids"] == wanted
    sent = write_methods(ytemu, start)
    assert sent.count("youtube.playlistItems.update") == 5 == len(v) - 3 - 2
    assert sent.count("youtube.playlistItems.delete") == 3
    assert sent.count("youtube.playlistItems.insert") == 2
    assert sent.count("youtube.playlists.update") == 1
    applied = result.json()["applied"]
    assert (applied["writes"], applied["playlists"][0]["moved"]) == (11, 5)
    # applying the same file again: nothing left to do, reads only
    again = run_cli("--json", "yaml2mlist", str(path))
    assert again.code == 0 and again.json()["plan"]["writes"] == 0


def test_human_plan_shows_changes_and_cost(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    favourites = own_playlists(ytemu)["Favourites"]
    path = tmp_path / "fav.yaml"
    run_cli("mlist2yaml", favourites["id"], "-o", str(path))
    data = load(path)
    data["playlists"][0]["privacy"] = "unlisted"
    data["playlists"][0]["videos"] = data["playlists"][0]["videos"][1:]
    save(path, data)
    result = run_cli("yaml2mlists", str(path), "--dry-run")
    assert result.code == 0, result
    assert "privacy: 'public' -> 'unlisted'" in result.stdout
    assert "remove 1:" in result.stdout
    assert "Total: 2 write(s), 100 units" in result.stdout


def test_empty_list_needs_allow_empty(ytemu: RunningEmulator, home: Path, tmp_path: Path) -> None:
    stash = own_playlists(ytemu)["Private stash"]
    path = save(tmp_path / "empty.yaml", {"playlists": [{"id": stash["id"], "videos": []}]})
    before = snapshot(ytemu)
    result = run_cli("yaml2mlists", str(path), "--yes")
    assert result.code == 2, result
    assert "line 2: `videos: []` would remove all 5 videos of 'Private stash'" in result.stderr
    assert "--allow-empty" in result.stderr
    assert write_methods(ytemu) == [] and snapshot(ytemu) == before
    result = run_cli("yaml2mlists", str(path), "--yes", "--allow-empty")
    assert result.code == 0, result
    assert own_playlists(ytemu)["Private stash"]["video_ids"] == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("playlists:\n- id: {pid}\n  title: A\n\tprivacy: public\n", 4, "tab character"),
        ("playlists:\n- id: {pid}\n  title: A\n  privacy: secret\n", 4, "privacy must be one of"),
    ],
)
def test_invalid_files_exit_2_naming_the_line(
    ytemu: RunningEmulator, home: Path, tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text.format(pid=own_playlists(ytemu)["Favourites"]["id"]))
    start = len(ytemu.admin.requests())
    result = run_cli("yaml2mlists", str(path))
    assert result.code == 2, result
    assert f"line {line}: " in result.stderr and words in result.stderr
    assert ytemu.admin.requests(start) == []  # validated before any call
    as_json = run_cli("--json", "yaml2mlists", str(path))
    assert as_json.code == 2
    error = as_json.json()["error"]
    assert error["code"] == "yaml_invalid" and error["problems"][0]["line"] == line


def test_deleting_needs_yes_without_a_terminal(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    favourites = own_playlists(ytemu)["Favourites"]
    path = save(
        tmp_path / "f.yaml",
        {"playlists": [{"id": favourites["id"], "videos": favourites["video_ids"][:8]}]},
    )
    for args in (("--json", "yaml2mlists", str(path)), ("yaml2mlists", str(path))):
        result = run_cli(*args)
        assert result.code == 2, result
        assert "removes 2 video(s); nothing was written" in result.stderr
        assert "--yes" in result.stderr
    assert write_methods(ytemu) == []
    assert run_cli("yaml2mlists", str(path), "--yes").code == 0
    assert own_playlists(ytemu)["Favourites"]["video_ids"] == favourites["video_ids"][:8]


class _Terminal:
    def __init__(self, answer: str):
        self.answer = answer

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return self.answer


def test_terminal_prompt_declined_writes_nothing(
    ytemu: RunningEmulator, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    favourites = own_playlists(ytemu)["Favourites"]
    path = save(tmp_path / "f.yaml", {"playlists": [{"id": favourites["id"], "delete": True}]})
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    result = run_cli("yaml2mlists", str(path))
    assert result.code == 1 and "Cancelled; nothing was written" in result.stderr
    assert "Hint: The plan is printed above" in result.stderr and "--yes" in result.stderr
    assert "--verbose" not in result.stderr  # declining is no failure to investigate
    assert "DELETE this playlist and its 10 video(s)" in result.stdout
    assert "Apply it? [y/N]" in result.stderr
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    assert run_cli("yaml2mlists", str(path)).code == 0
    assert "Favourites" not in own_playlists(ytemu)
    assert "Private stash" in own_playlists(ytemu)  # absent from the file: left alone


def test_new_entry_creates_once_and_reapply_does_not_duplicate(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    videos = spare_videos(ytemu, 3)
    path = save(
        tmp_path / "new.yaml",
        {"playlists": [{"title": "Road trip", "description": "Songs", "videos": videos}]},
    )
    result = run_cli("--json", "yaml2mlists", str(path))
    assert result.code == 0, result
    created = own_playlists(ytemu)["Road trip"]
    assert created["video_ids"] == videos and created["privacy"] == "private"
    assert result.json()["applied"]["playlists"][0]["id"] == created["id"]
    again = run_cli("--json", "yaml2mlists", str(path))
    assert again.code == 0, again
    assert again.json()["plan"]["writes"] == 0
    assert f"add `id: {created['id']}`" in again.json()["plan"]["playlists"][0]["notes"][0]
    assert [p["title"] for p in ytemu.admin.channel_playlists(created["channel_id"])].count(
        "Road trip"
    ) == 1
    other = save(tmp_path / "other.yaml", {"playlists": [{"title": "Road trip"}]})
    dry = run_cli("--json", "yaml2mlists", str(other), "--dry-run")
    assert dry.json()["plan"]["playlists"][0]["action"] == "create"
    assert "this creates another one" in dry.json()["plan"]["playlists"][0]["notes"][0]


def test_unavailable_videos_are_reported_exit_5(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    from ytemu.seed import MINE_CHANNEL_ID

    stash = own_playlists(ytemu)["Private stash"]
    gone = ytemu.admin.create_video(MINE_CHANNEL_ID, title="Gone", deleted=True)
    spare = spare_videos(ytemu, 1)
    wanted = [*stash["video_ids"], gone, *spare]
    path = save(tmp_path / "s.yaml", {"playlists": [{"id": stash["id"], "videos": wanted}]})
    result = run_cli("--json", "yaml2mlists", str(path))
    assert result.code == 5, result
    assert result.json()["plan"]["unavailable"] == [gone]
    assert own_playlists(ytemu)["Private stash"]["video_ids"] == [*stash["video_ids"], *spare]


def test_export_to_stdout_and_refuses_to_overwrite(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    result = run_cli("mlists2yaml", "-o", "-", "--details")
    assert result.code == 0, result
    assert result.stdout.startswith("# ytrix playlists file")
    assert "videos: []" in result.stdout or "- id:" in result.stdout
    path = tmp_path / "p.yaml"
    path.write_text("my edits")
    tmp_path.chmod(0o755)
    refused = run_cli("mlists2yaml", "-o", str(path))
    assert refused.code == 2 and "already exists" in refused.stderr
    assert path.read_text() == "my edits"
    assert run_cli("mlists2yaml", "-o", str(path), "--force").code == 0
    assert path.read_text().startswith("# ytrix playlists file")
    assert tmp_path.stat().st_mode & 0o777 == 0o755  # the user's directory is not touched


def test_yaml2mlist_wants_exactly_one_entry(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "all.yaml"
    run_cli("mlists2yaml", "-o", str(path))
    result = run_cli("yaml2mlist", str(path))
    assert result.code == 2 and "has 2 playlist entries" in result.stderr


def test_an_id_that_is_not_mine_is_a_file_problem(
    ytemu: RunningEmulator, home: Path, tmp_path: Path
) -> None:
    foreign = next(
        p["id"]
        for c in ytemu.admin.channels()
        for p in ytemu.admin.channel_playlists(c["id"])
        if p["title"] not in ("Favourites", "Private stash")
    )
    favourites = own_playlists(ytemu)["Favourites"]
    path = save(
        tmp_path / "f.yaml",
        {"playlists": [{"id": favourites["id"], "title": "Renamed"}, {"id": foreign}]},
    )
    result = run_cli("yaml2mlists", str(path), "--yes")
    assert result.code == 2, result
    assert f"line 4: playlist {foreign} is not one of your playlists" in result.stderr
    assert write_methods(ytemu) == []
