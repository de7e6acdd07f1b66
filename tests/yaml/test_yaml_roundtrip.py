"""Round-trip property against ytemu: for random edits of a random own playlist,
apply then export yields exactly the edited file's content, every other playlist is
untouched, and re-applying the same file plans zero writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clirunner import run_cli
from tests.helpers.yamlfiles import save, spare_videos
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import start_emulator

TITLE = st.text(alphabet="abcXYZ é-#:'\"", min_size=1, max_size=16).filter(
    lambda t: t.strip() != ""
)
DESCRIPTION = st.text(alphabet="ab \n:é-", max_size=24)
PRIVACY = st.sampled_from(["public", "unlisted", "private"])


def export() -> dict[str, tuple[str, str, str, list[str]]]:
    result = run_cli("--json", "mlists2yaml", "--details", "-o", "-")
    assert result.code == 0, result
    return {
        e["id"]: (e["title"], e["description"], e["privacy"], [v["id"] for v in e["videos"]])
        for e in result.json()["playlists"]
    }


def test_apply_then_export_yields_the_edited_content(isolated_home: Path, tmp_path: Path) -> None:
    with start_emulator("demo") as emu:
        setup_env(emu, isolated_home, {"main": 1_000_000})
        insertable = [
            *spare_videos(emu, 10),
            emu.admin.create_video(MINE_CHANNEL_ID, title="Mine, private", privacy="private"),
        ]
        gone = emu.admin.create_video(MINE_CHANNEL_ID, title="Gone", deleted=True)
        starting = [*insertable, gone]  # a deleted video in a playlist is kept as is

        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(
            initial=st.lists(st.sampled_from(starting), max_size=12),
            title=TITLE,
            privacy=PRIVACY,
            data=st.data(),
        )
        def check(initial: list[str], title: str, privacy: str, data: st.DataObject) -> None:
            playlist_id = emu.admin.create_playlist(
                MINE_CHANNEL_ID, title, video_ids=initial, privacy=privacy
            )
            before = export()
            kept = [v for v in initial if data.draw(st.booleans(), label=f"keep {v}")]
            order = list(data.draw(st.permutations(kept), label="order"))
            for video in data.draw(st.lists(st.sampled_from(insertable), max_size=4)):
                order.insert(data.draw(st.integers(0, len(order)), label="at"), video)
            edited: dict[str, Any] = {"id": playlist_id}
            wanted = dict(
                zip(("title", "description", "privacy"), before[playlist_id][:3], strict=True)
            )
            for key, strategy in (
                ("title", TITLE),
                ("description", DESCRIPTION),
                ("privacy", PRIVACY),
            ):
                if data.draw(st.booleans(), label=f"change {key}"):
                    edited[key] = wanted[key] = data.draw(strategy, label=key)
            leave_videos = data.draw(st.booleans(), label="leave videos alone")
            if not leave_videos:
                edited["videos"] = order
            path = save(tmp_path / "edit.yaml", {"playlists": [edited]})
            result = run_cli("--json", "yaml2mlists", str(path), "--yes", "--allow-empty")
            assert result.code == 0, result
            if not leave_videos:
                counts = result.json()["plan"]["playlists"][0]["counts"]
                assert counts["move"] <= counts["moves_minimum"]
            expected = dict(before)
            expected[playlist_id] = (
                wanted["title"],
                wanted["description"],
                wanted["privacy"],
                initial if leave_videos else order,
            )
            assert export() == expected, json.dumps(edited)
            again = run_cli("--json", "yaml2mlists", str(path))
            assert again.code == 0 and again.json()["plan"]["writes"] == 0, again

        check()
