"""The pure aggregation behind `projects --history/--errors` and `quota_status`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ytrix.quota.ledger import Failure, RotationEvent
from ytrix.quota.report import (
    capacity,
    dashboard,
    group_failures,
    health_label,
    operation_label,
    reason_label,
    rotation_note,
)
from ytrix.quota.status import ProjectStatus

T0 = datetime(2026, 3, 2, 18, 45, tzinfo=UTC)  # 10:45 PST


def status(
    name: str,
    used: int,
    *,
    quota: int = 10_000,
    state: str = "available",
    group: str = "default",
    reserve: int = 0,
) -> ProjectStatus:
    return ProjectStatus(
        name=name,
        quota_group=group,
        priority=0,
        active=False,
        quota_used=used,
        quota_remaining=max(0, quota - used),
        daily_quota=quota,
        reserve=reserve,
        state=state,
        exhausted_until=None,
        auth_detail=None,
        reset_at=T0 + timedelta(hours=5, minutes=15),
        resets_in_seconds=5 * 3600 + 15 * 60,
    )


def failure(project: str, op: str, status: int | None, reason: str | None, minutes: int) -> Failure:
    return Failure(
        T0 + timedelta(minutes=minutes), project, op, status, reason, f"{op} {reason}", None
    )


def test_failures_grouped_by_project_in_plain_words() -> None:
    groups = group_failures(
        [
            failure("main", "playlists.insert", 403, "quotaExceeded", 0),
            failure("backup", "playlists.update", 403, "forbidden", 1),
            failure("main", "playlists.insert", 403, "quotaExceeded", 2),
            failure("main", "playlistItems.insert", 409, "ABORTED", 3),
        ]
    )
    assert [g.project for g in groups] == ["main", "backup"]
    main, backup = groups
    assert main.sentence == (
        "Project main: 2 playlist creations failed (quota exceeded); "
        "1 video insert failed (aborted by YouTube)"
    )
    assert backup.sentence == "Project backup: 1 playlist update failed (403 forbidden)"
    data = main.to_json()
    assert data["operations_failed"] == 3
    assert data["last_error"] == "ABORTED"
    assert data["last_operation"] == "playlistItems.insert"
    assert data["last_error_at"] == "2026-03-02T18:48:00Z"
    assert [o["count"] for o in data["by_operation"]] == [2, 1]


def test_labels_fall_back_to_status_and_method() -> None:
    assert operation_label("playlists.insert", 1) == "playlist creation"
    assert operation_label("captions.list", 2) == "captions.list calls"
    assert reason_label(429, None) == "rate limited"
    assert reason_label(503, "whatever") == "YouTube server error (503)"
    assert reason_label(400, "invalidValue") == "400 invalidValue"
    assert reason_label(None, "timeout") == "timed out"
    assert reason_label(None, None) == "error"


def test_rotation_notes_say_what_happened() -> None:
    def note(reason: str, src: str | None = "main", dst: str | None = "backup") -> str:
        return rotation_note(RotationEvent(T0, src, dst, reason))

    assert note("quota exhausted") == "main quota exhausted at 10:45 PT, switched to backup"
    assert note("only 0 units left today") == (
        "main quota exhausted at 10:45 PT, switched to backup"
    )
    assert note("only 40 units left today") == (
        "main had too little quota left (40 units) at 10:45 PT, switched to backup"
    )
    assert note("rate limited") == "main rate limited at 10:45 PT, switched to backup"
    assert note("credentials no longer valid") == (
        "main lost its credentials at 10:45 PT, switched to backup"
    )
    assert note("all projects exhausted", None, None) == "All projects exhausted at 10:45 PT"
    assert [RotationEvent(T0, "main", "backup", "quota exhausted").to_json()] == [
        {
            "timestamp": "2026-03-02T18:45:00Z",
            "from_project": "main",
            "to_project": "backup",
            "reason": "quota exhausted",
        }
    ]


def test_capacity_counts_whole_writes_per_project() -> None:
    # 3,520 left on main (70 inserts) + 3,540 on backup (70): 140 inserts = 2 playlists
    # of 69 or 2 of 50 (each playlist: 1 creation + 50 inserts).
    cap = capacity([status("main", 6480), status("backup", 6460)])
    assert (cap.video_inserts, cap.playlists) == (140, 2)
    assert cap.phrase == "~140 video inserts or 2 playlists of 50 videos today"
    assert capacity([status("main", 6480), status("backup", 6460)], 69).playlists == 2
    # Exhausted, dead and reserved units do not count.
    cap = capacity(
        [
            status("a", 0, state="exhausted"),
            status("b", 0, state="auth_dead"),
            status("c", 9_000, reserve=500),
        ]
    )
    assert (cap.video_inserts, cap.read_units) == (10, 1_000)
    assert cap.phrase == "~10 video inserts today"
    assert capacity([status("a", 9_990)]).phrase == (
        "No write capacity left today; 10 units for reads"
    )
    assert capacity([status("a", 0, state="exhausted")]).phrase == "No capacity left today"


def test_health_thresholds() -> None:
    assert health_label(0, 100) == "EXHAUSTED"
    assert health_label(9, 100) == "CRITICAL"
    assert health_label(29, 100) == "LOW"
    assert health_label(30, 100) == "HEALTHY"


def test_dashboard_totals_groups_and_operations() -> None:
    statuses = [
        status("main", 10_000, state="exhausted"),
        status("backup", 2_000),
        status("other", 0, group="uploads", state="auth_dead"),
    ]
    usage = {
        "main": {"playlistItems.insert": (9_950, 199), "playlists.insert": (50, 1)},
        "backup": {"playlistItems.insert": (1_950, 39), "playlists.list": (50, 50)},
    }
    data = dashboard(statuses, usage).to_json()
    assert data["totals"] == {
        "projects": 3,
        "usable_projects": 1,
        "quota_used": 12_000,
        "daily_quota": 30_000,
        "quota_remaining": 18_000,
        "usable_remaining": 8_000,
        "status": "LOW",
    }
    groups = {g["quota_group"]: g for g in data["groups"]}
    assert groups["default"]["usable_remaining"] == 8_000
    assert groups["uploads"]["status"] == "EXHAUSTED"
    assert data["by_operation"][0] == {
        "method": "playlistItems.insert",
        "label": "video inserts",
        "units": 11_900,
        "calls": 238,
    }
    assert data["capacity"]["video_inserts"] == 160
    assert data["needs_auth"] == [
        {
            "project": "other",
            "state": "auth_dead",
            "lost_units": 10_000,
            "fix": "ytrix projects_auth other",
        }
    ]
    assert data["resets_in_seconds"] == 5 * 3600 + 15 * 60
    assert data["more_quota_url"] == "https://support.google.com/youtube/contact/yt_api_form"
    assert "distinct purpose" in data["terms_note"]
