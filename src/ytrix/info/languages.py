"""Which subtitle tracks to fetch for one video (a pure function of the track keys).

yt-dlp describes a YouTube video's captions as two maps keyed by language code:
`subtitles` (uploaded by a person: "manual") and `automatic_captions` (speech
recognition, plus machine translations of it). In the automatic map, `<lang>-orig`
is the original recognition track; `<lang>` alone is either that same track or a
translation into `<lang>`; `<lang>-<src>` is a translation of the manual `<src>` track.

Default choice: every manual track, plus the original-language automatic track when
no manual track covers that language — never a pile of machine translations.
With `langs`, each requested code is matched by family (`en` takes `en`, `en-US`,
`en-GB`): manual first, then the original automatic track, and only then an
automatic translation. `max_languages` caps the number of tracks per video.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ytrix.core.errors import UsageError

Kind = Literal["manual", "automatic"]

ORIG_SUFFIX = "-orig"
DEFAULT_MAX_LANGUAGES = 5
NOT_SUBTITLES = frozenset({"live_chat", "rechat", "danmaku", "comments"})
_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Track:
    """One track to fetch: yt-dlp's key, its kind, and the language for file names."""

    key: str
    kind: Kind
    label: str


@dataclass(frozen=True)
class LanguageRequest:
    langs: tuple[str, ...] = ()  # empty: the default choice
    max_languages: int | None = DEFAULT_MAX_LANGUAGES

    def signature(self) -> dict[str, object]:
        """What playlist.yaml records, so a re-run knows whether its choice changed."""
        return {"langs": list(self.langs) or None, "max_languages": self.max_languages}


@dataclass(frozen=True)
class Choice:
    tracks: tuple[Track, ...]
    missing: tuple[str, ...] = field(default_factory=tuple)  # requested, not offered


def parse_langs(text: str | None) -> tuple[str, ...]:
    """`"en, de"` -> `("en", "de")`; a malformed code is a usage error."""
    if not text:
        return ()
    codes: list[str] = []
    for raw in text.split(","):
        code = raw.strip()
        if not code:
            continue
        if not _CODE_RE.match(code):
            raise UsageError(
                f"Not a language code: {code!r}",
                "Give codes like en, de, pt-BR, separated by commas (--langs en,de).",
            )
        if code.lower() not in (c.lower() for c in codes):
            codes.append(code)
    return tuple(codes)


def family(code: str) -> str:
    """`en-US` -> `en`; `en-orig` -> `en`; `zh-Hans` -> `zh`."""
    return code.split("-", 1)[0].lower()


def is_orig(code: str) -> bool:
    return code.lower().endswith(ORIG_SUFFIX)


def strip_orig(code: str) -> str:
    return code[: -len(ORIG_SUFFIX)] if is_orig(code) else code


def original_auto_key(automatic: Sequence[str], language: str | None) -> str | None:
    """The automatic track in the video's own language (speech recognition, not a
    translation), or None when it cannot be told apart from translations."""
    origs = [key for key in automatic if is_orig(key)]
    if origs:
        if language:
            for key in origs:
                if family(key) == family(language):
                    return key
        return origs[0]
    if language:
        for key in automatic:
            if key.lower() == language.lower():
                return key
    if len(automatic) == 1:
        return automatic[0]
    return None


def _clean(keys: Iterable[str]) -> list[str]:
    return [k for k in dict.fromkeys(keys) if k and k.lower() not in NOT_SUBTITLES]


def choose_tracks(
    manual: Iterable[str],
    automatic: Iterable[str],
    request: LanguageRequest,
    language: str | None = None,
) -> Choice:
    """Pick the tracks to fetch. `manual`/`automatic` are the keys of yt-dlp's
    `subtitles`/`automatic_captions`; `language` is the video's language if known."""
    manual_keys = _clean(manual)
    auto_keys = _clean(automatic)
    if request.langs:
        tracks, missing = _requested(manual_keys, auto_keys, request.langs, language)
    else:
        tracks, missing = _default(manual_keys, auto_keys, language), []
    if request.max_languages is not None:
        tracks = tracks[: max(request.max_languages, 0)]
    return Choice(tuple(_label(tracks)), tuple(missing))


def _default(manual: list[str], automatic: list[str], language: str | None) -> list[Track]:
    orig = original_auto_key(automatic, language)
    own = family(strip_orig(orig)) if orig else family(language) if language else None
    ordered = sorted(manual, key=lambda k: (family(k) != own, k.lower()))
    tracks = [Track(k, "manual", k) for k in ordered]
    if orig is not None and family(orig) not in {family(k) for k in manual}:
        tracks.insert(0, Track(orig, "automatic", strip_orig(orig)))
    return tracks


def _requested(
    manual: list[str], automatic: list[str], langs: Sequence[str], language: str | None
) -> tuple[list[Track], list[str]]:
    orig = original_auto_key(automatic, language)
    tracks: list[Track] = []
    missing: list[str] = []
    taken: set[str] = set()
    for wanted in langs:
        best = _best_match(wanted, manual, automatic, orig, taken)
        if best is None:
            missing.append(wanted)
            continue
        taken.add(best.key)
        if is_orig(best.key):
            taken.add(strip_orig(best.key))  # the same recognition track, listed again
        tracks.append(best)
    return tracks, missing


def _best_match(
    wanted: str, manual: list[str], automatic: list[str], orig: str | None, taken: set[str]
) -> Track | None:
    low, fam = wanted.lower(), family(wanted)
    ranked: list[tuple[int, str, Track]] = []
    for key in manual:
        if key in taken or family(key) != fam:
            continue
        ranked.append((0 if key.lower() == low else 1, key.lower(), Track(key, "manual", key)))
    for key in automatic:
        if key in taken or family(key) != fam:
            continue
        base = strip_orig(key)
        if is_orig(key):
            rank = 2 if base.lower() == low else 3
        elif orig is not None and key.lower() == strip_orig(orig).lower():
            rank = 4  # the same recognition track, listed without "-orig"
        elif key.lower() == low:
            rank = 5  # a machine translation into exactly this language
        else:
            rank = 6  # a translation of some manual track, or a regional variant
        source = base.split("-", 1)[1] if "-" in base else ""
        label = family(base) if source in manual else base  # `de-en`: German, from en
        ranked.append((rank, key.lower(), Track(key, "automatic", label)))
    if not ranked:
        return None
    return min(ranked, key=lambda item: (item[0], len(item[1]), item[1]))[2]


def _label(tracks: list[Track]) -> list[Track]:
    """Make file-name labels unique: `en-orig` is called `en` unless that clashes."""
    used: set[str] = set()
    out: list[Track] = []
    for track in tracks:
        label = next((x for x in (track.label, track.key) if x.lower() not in used), None)
        if label is None:
            continue
        used.add(label.lower())
        out.append(Track(track.key, track.kind, label))
    return out
