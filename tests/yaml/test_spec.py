"""Validation of the playlists file: every problem once, with its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ytrix.yamlsync.export import dump
from ytrix.yamlsync.spec import YamlProblems, parse_playlists_file, parse_video_ref

PL = "PL" + "a" * 32
PL2 = "PL" + "b" * 32
V1, V2 = "dQw4w9WgXcQ", "9bZkp7q19f0"


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(YamlProblems) as info:
        parse_playlists_file(text, "f.yaml")
    assert info.value.exit_code == 2
    return [(p.line, p.message) for p in info.value.problems]


def test_tab_indentation_names_its_line() -> None:
    text = f"playlists:\n- id: {PL}\n  title: A\n\tprivacy: public\n"
    [(line, message)] = problems(text)
    assert line == 4
    assert "tab" in message


def test_bad_privacy_names_its_line() -> None:
    text = f"playlists:\n- id: {PL}\n  title: A\n  privacy: secret\n"
    assert problems(text) == [
        (4, "privacy must be one of public, unlisted, private (got 'secret')")
    ]


def test_every_problem_is_reported_once_with_its_line() -> None:
    text = f"""\
playlists:
- id: {PL}
  titel: typo
  videos:
  - id: {V1}
  - id: short
  - {{id: {V2}, position: 3}}
- id: {PL}
  title: twice
- id: not-a-playlist
- description: new without title
- id: {PL2}
  videos:
"""
    found = problems(text)
    assert found == [
        (
            3,
            "unknown key 'titel' in a playlist entry "
            "(allowed: id, title, description, privacy, videos, delete)",
        ),
        (6, "malformed video id 'short' (expected 11 characters)"),
        (7, "unknown key 'position' in a video entry (allowed: id, title, channel)"),
        (8, f"playlist {PL} is listed twice (first on line 2)"),
        (10, "malformed playlist id 'not-a-playlist'"),
        (11, "a new playlist (an entry without id) needs a title"),
        (
            13,
            "videos has no list: write `videos: []` to empty the playlist, "
            "or remove the key to leave its videos alone",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping"),
        ("playlist: []\n", "unknown key 'playlist'"),
        ("playlists: 3\n", "must be a list"),
        (f"playlists:\n- id: {PL}\n  delete: maybe\n", "delete must be true or false"),
        ("playlists:\n- title: x\n  delete: true\n", "delete: true needs the playlist's id"),
        (f"playlists:\n- id: {PL}\n  title: ''\n", "title must not be empty"),
        (f"playlists:\n- id: {PL}\n  title: [a]\n", "title must be text"),
        (f"playlists:\n- id: {PL}\n  title: 'a<b'\n", "must not contain"),
        (f"playlists:\n- id: {PL}\n  privacy:\n", "privacy has no value"),
        ("playlists:\n- {id: [\n", "not valid YAML"),
    ],
)
def test_single_problems(text: str, expected: str) -> None:
    messages = [message for _, message in problems(text)]
    assert len(messages) == 1 and expected in messages[0], messages


def test_absent_keys_stay_absent_and_scalars_keep_their_text() -> None:
    text = f"""\
playlists:
- id: {PL}
- id: {PL2}
  title: 2024
  description:
  videos: []
- title: yes
  privacy: unlisted
  videos: [{V1}, "https://youtu.be/{V2}", "https://www.youtube.com/watch?v={V1}&t=3"]
"""
    doc = parse_playlists_file(text, "f.yaml")
    first, second, third = doc.playlists
    assert (first.title, first.description, first.privacy, first.videos) == (None,) * 4
    assert (second.title, second.description, second.videos) == ("2024", "", ())
    assert third.playlist_id is None and third.title == "yes" and third.privacy == "unlisted"
    assert third.video_ids == [V1, V2, V1]
    assert [v.line for v in third.videos or ()] == [9, 9, 9]


def test_video_refs() -> None:
    assert parse_video_ref(f"https://www.youtube.com/shorts/{V1}") == V1
    assert parse_video_ref(f"youtube.com/watch?v={V2}") == V2
    assert parse_video_ref("https://example.com/watch?v=" + V1) is None


# Text YouTube holds: UTF-8 with no control characters but tab and line breaks (it
# refuses the others, and so does the YAML reader, before any write).
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_characters="".join(chr(c) for c in (*range(0x20), 0x7F) if chr(c) not in "\t\n\r"),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(title=TEXT.filter(lambda t: t.strip() and "<" not in t and ">" not in t), description=TEXT)
def test_export_text_parses_back_to_the_same_values(title: str, description: str) -> None:
    entries = [
        {
            "id": PL,
            "title": title,
            "description": description,
            "privacy": "public",
            "videos": [{"id": V1, "title": description, "channel": title}],
        }
    ]
    try:
        doc = parse_playlists_file(dump(entries, "test"), "f.yaml")
    except YamlProblems as exc:  # only characters YAML cannot carry at all may fail
        pytest.fail(f"{exc.message!r} for {title!r} / {description!r}")
    [spec] = doc.playlists
    assert (spec.title, spec.description, spec.video_ids) == (title, description, [V1])
