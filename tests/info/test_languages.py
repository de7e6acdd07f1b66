"""Which subtitle tracks plist2info fetches (a pure function of the track keys)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytrix.core.errors import UsageError
from ytrix.info.languages import (
    LanguageRequest,
    Track,
    choose_tracks,
    original_auto_key,
    parse_langs,
)

TRANSLATIONS = ["af", "ar", "de", "es", "fr", "it", "ja", "pt", "ru", "zh-Hans"]
# What yt-dlp's YouTube extractor lists for an English video with speech recognition.
AUTO_EN = ["en-orig", "en", *TRANSLATIONS]
DEFAULT = LanguageRequest()


def keys(choice: object) -> list[tuple[str, str, str]]:
    return [(t.key, t.kind, t.label) for t in choice.tracks]  # type: ignore[attr-defined]


def test_auto_only_default_takes_the_original_track_not_translations() -> None:
    choice = choose_tracks([], AUTO_EN, DEFAULT, "en")
    assert keys(choice) == [("en-orig", "automatic", "en")]


def test_auto_only_without_language_hint_still_finds_orig() -> None:
    assert keys(choose_tracks([], ["de", "fr", "es-orig", "es", "ja"], DEFAULT)) == [
        ("es-orig", "automatic", "es")
    ]


def test_manual_tracks_plus_original_auto_when_not_covered() -> None:
    auto = ["fr-orig", "fr", "de", "en", "en-de"]
    choice = choose_tracks(["de", "en"], auto, DEFAULT, "fr")
    assert keys(choice) == [
        ("fr-orig", "automatic", "fr"),
        ("de", "manual", "de"),
        ("en", "manual", "en"),
    ]


def test_manual_in_original_language_replaces_the_auto_track() -> None:
    choice = choose_tracks(["de", "en"], AUTO_EN, DEFAULT, "en")
    assert keys(choice) == [("en", "manual", "en"), ("de", "manual", "de")]


def test_regional_manual_covers_the_family() -> None:
    choice = choose_tracks(["en-GB"], AUTO_EN, DEFAULT, "en")
    assert keys(choice) == [("en-GB", "manual", "en-GB")]


def test_no_orig_marker_single_auto_track_is_the_original() -> None:
    assert keys(choose_tracks([], ["ko"], DEFAULT)) == [("ko", "automatic", "ko")]
    assert original_auto_key(["de", "fr"], None) is None
    assert original_auto_key(["de", "fr"], "fr") == "fr"


def test_no_captions() -> None:
    assert choose_tracks([], [], DEFAULT).tracks == ()
    assert choose_tracks(["live_chat"], [], DEFAULT).tracks == ()


def test_langs_match_by_family_manual_first() -> None:
    request = LanguageRequest(("en", "de"))
    choice = choose_tracks(["en-US", "en-GB", "de"], AUTO_EN, request, "en")
    assert keys(choice) == [("en-GB", "manual", "en-GB"), ("de", "manual", "de")]


def test_langs_exact_manual_beats_regional() -> None:
    choice = choose_tracks(["en-US", "en"], AUTO_EN, LanguageRequest(("en",)))
    assert keys(choice) == [("en", "manual", "en")]
    choice = choose_tracks(["en-US", "en"], AUTO_EN, LanguageRequest(("en-US",)))
    assert keys(choice) == [("en-US", "manual", "en-US")]


def test_langs_prefers_orig_auto_over_translation() -> None:
    choice = choose_tracks([], AUTO_EN, LanguageRequest(("en",)), "en")
    assert keys(choice) == [("en-orig", "automatic", "en")]


def test_langs_falls_back_to_a_machine_translation_when_asked() -> None:
    choice = choose_tracks([], AUTO_EN, LanguageRequest(("de",)), "en")
    assert keys(choice) == [("de", "automatic", "de")]


def test_langs_translation_of_manual_track_is_last_resort() -> None:
    choice = choose_tracks(["en"], ["de-en", "fr-en"], LanguageRequest(("de",)))
    assert keys(choice) == [("de-en", "automatic", "de")]


def test_langs_missing_is_reported() -> None:
    choice = choose_tracks(["en"], [], LanguageRequest(("en", "ja")))
    assert keys(choice) == [("en", "manual", "en")]
    assert choice.missing == ("ja",)


def test_max_languages_caps_in_priority_order() -> None:
    manual = ["de", "en", "es", "fr", "it", "ja", "pt"]
    choice = choose_tracks(manual, AUTO_EN, LanguageRequest(max_languages=3), "en")
    assert [t.key for t in choice.tracks] == ["en", "de", "es"]
    choice = choose_tracks(manual, [], LanguageRequest(("pt", "ja", "de"), max_languages=2))
    assert [t.key for t in choice.tracks] == ["pt", "ja"]


def test_labels_never_clash() -> None:
    choice = choose_tracks(["en"], AUTO_EN, LanguageRequest(("en-US", "en")), "en")
    labels = [t.label for t in choice.tracks]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ()),
        ("", ()),
        ("en", ("en",)),
        (" en , de,,pt-BR ", ("en", "de", "pt-BR")),
        ("en,EN,de", ("en", "de")),
        ("zh-Hans", ("zh-Hans",)),
    ],
)
def test_parse_langs(text: str | None, expected: tuple[str, ...]) -> None:
    assert parse_langs(text) == expected


@pytest.mark.parametrize("bad", ["e", "english!", "en_US", "12", "en-"])
def test_parse_langs_rejects(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_langs(bad)


CODES = st.sampled_from(["en", "en-US", "en-GB", "de", "de-AT", "fr", "es", "ja", "pt-BR"])


@given(
    manual=st.lists(CODES, unique=True, max_size=5),
    auto_langs=st.lists(CODES, unique=True, max_size=6),
    orig=st.one_of(st.none(), CODES),
    langs=st.lists(CODES, unique=True, max_size=4),
    cap=st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
)
def test_choice_properties(
    manual: list[str],
    auto_langs: list[str],
    orig: str | None,
    langs: list[str],
    cap: int | None,
) -> None:
    automatic = auto_langs + ([f"{orig}-orig"] if orig else [])
    request = LanguageRequest(tuple(langs), cap)
    choice = choose_tracks(manual, automatic, request, None)
    tracks: tuple[Track, ...] = choice.tracks
    # Every chosen key exists in the map of its kind, once; labels are unique.
    for track in tracks:
        assert track.key in (manual if track.kind == "manual" else automatic)
    assert len({t.key for t in tracks}) == len(tracks)
    assert len({t.label.lower() for t in tracks}) == len(tracks)
    if cap is not None:
        assert len(tracks) <= cap
    if not langs:
        # The default never takes a machine translation.
        autos = [t for t in tracks if t.kind == "automatic"]
        assert len(autos) <= 1
        assert all(t.key.endswith("-orig") or len(automatic) == 1 for t in autos)
        if cap is None or cap >= len(manual) + 1:
            assert {t.key for t in tracks if t.kind == "manual"} == set(manual)
    else:
        # One track per requested language at most, always in that language's family.
        assert len(tracks) <= len(langs)
        for track in tracks:
            assert track.key.split("-")[0] in {code.split("-")[0] for code in langs}
        # A manual track in a requested family always wins over any automatic one.
        for code in langs:
            family = code.split("-")[0]
            if cap is None and any(m.split("-")[0] == family for m in manual):
                picked = [t for t in tracks if t.key.split("-")[0] == family]
                assert picked and picked[0].kind == "manual"
