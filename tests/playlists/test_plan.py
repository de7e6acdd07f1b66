"""Pure planning: parts by the 5,000 cap, titles, dedup rules, journal state, resume."""

from __future__ import annotations

from ytrix.copy.dedup import best_match, candidates
from ytrix.copy.plan import (
    CopySpec,
    JobState,
    distribute,
    job_state,
    part_title,
    plan_copy,
    prepare_entries,
)
from ytrix.core.journal import DONE, FAILED, INTENT, OpRecord
from ytrix.sources.models import VideoEntry
from ytrix.youtube.gateway import OwnPlaylist

JOB = "copy:abc"


def own(pid: str, count: int, title: str = "t") -> OwnPlaylist:
    return OwnPlaylist(pid, title, "", "private", count, "UCme", "Me")


def vids(n: int, prefix: str = "v") -> list[str]:
    return [f"{prefix}{i:010d}"[:11] for i in range(n)]


def test_distribute_fills_current_part_then_new_parts() -> None:
    assert distribute(5200, None) == (5000, 200)
    assert distribute(5000, None) == (5000,)
    assert distribute(300, 4900) == (100, 200)
    assert distribute(10, 5000) == (0, 10)
    assert distribute(0, None) == ()


def test_part_titles_fit_and_are_clean() -> None:
    assert part_title("Mix", 1) == "Mix"
    assert part_title("Mix", 2) == "Mix (Part 2)"
    long = part_title("x" * 200, 3)
    assert len(long) == 150 and long.endswith(" (Part 3)")
    assert part_title("a <b>", 1) == "a ‹b›"


def test_prepare_keeps_first_occurrence_and_skips_unavailable() -> None:
    entries = [
        VideoEntry("a" * 11),
        VideoEntry("b" * 11, availability="deleted"),
        VideoEntry("a" * 11),
        VideoEntry("c" * 11, availability="private"),
        VideoEntry("d" * 11, availability="unlisted"),
    ]
    prepared = prepare_entries(entries)
    assert prepared.video_ids == ("a" * 11, "d" * 11)
    assert [(s.video_id[0], s.reason) for s in prepared.skipped] == [
        ("b", "deleted"),
        ("c", "private"),
    ]
    assert prepared.duplicates == 1


def test_dedup_rules() -> None:
    source = vids(20)
    lists = {
        "same": list(reversed(source)),
        "most": source[:16] + vids(3, "x"),  # 80%
        "few": source[:14],  # 70%
        "huge": source + vids(30, "y"),  # 100% but 50 > 2 x 20
    }
    playlists = [own(pid, len(v)) for pid, v in lists.items()]
    assert best_match(source, playlists, lists).playlist.playlist_id == "same"  # type: ignore[union-attr]
    del lists["same"]
    match = best_match(source, playlists, lists)
    assert match is not None and match.kind == "partial" and match.playlist.playlist_id == "most"
    assert match.missing == tuple(source[16:])
    del lists["most"]
    assert best_match(source, playlists, lists) is None
    # only sizes that can match are read: 15..40 items, the source itself excluded
    assert [p.playlist_id for p in candidates(playlists, 20, exclude=("same",))] == ["most"]


def test_job_state_from_journal() -> None:
    ops = [
        OpRecord(f"{JOB}:create:1", JOB, DONE, {}, {"playlist_id": "P1"}, None, 1),
        OpRecord(f"{JOB}:create:2", JOB, INTENT, {}, None, None, 1),
        OpRecord(f"{JOB}:insert:P1:{'a' * 11}", JOB, DONE, {}, "item", None, 1),
        OpRecord(f"{JOB}:insert:P1:{'b' * 11}", JOB, INTENT, {}, None, None, 1),
        OpRecord(f"{JOB}:insert:P1:{'c' * 11}", JOB, FAILED, {}, None, "unavailable:deleted", 1),
        OpRecord(f"{JOB}:insert:P1:{'d' * 11}", JOB, FAILED, {}, None, "boom", 1),
    ]
    state = job_state(JOB, ops)
    assert state.parts == {1: "P1"} and state.pending_creates == frozenset({2})
    assert state.done == {"a" * 11: "P1"} and state.intents == {"b" * 11: "P1"}
    assert state.unavailable == {"c" * 11: "deleted"}


def test_resume_beats_dedup_and_vanished_parts_are_recreated() -> None:
    source = vids(10)
    prepared = prepare_entries([VideoEntry(v) for v in source])
    spec = CopySpec(JOB, "Title")
    # the job made P1 and added 3 videos: resume it, even though dedup would not match
    state = JobState(parts={1: "P1"}, done={v: "P1" for v in source[:3]})
    plan = plan_copy(spec, prepared, [own("P1", 3, "Title")], {}, state)
    assert plan.action == "resume" and plan.videos == tuple(source[3:])
    assert plan.current is not None and plan.current.playlist_id == "P1" and plan.creates == 0
    # P1 was deleted since: create again, with every video
    gone = plan_copy(spec, prepared, [], {}, state)
    assert gone.action == "create" and gone.vanished == (1,) and gone.videos == tuple(source)
    assert gone.units == 50 + 10 * 50
