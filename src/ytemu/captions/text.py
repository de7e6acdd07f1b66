"""What a video "says": deterministic speech, its timing, and simple word-for-word
"translations", so every caption track of a video tells the same story.

Speech is a list of sentences of English words, generated from the video id (or given
explicitly). A track renders it in its language: manual tracks as sentences with
capitals and punctuation split into cues of up to two lines, automatic (ASR) tracks as
lower-case lines of words with per-word times (what YouTube's rolling captions show).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

WORD_SECONDS = 0.35
SENTENCE_GAP = 0.25
PAUSE_EVERY = 4  # sentences
PAUSE_SECONDS = 2.5
MANUAL_LINE_CHARS = 40
ASR_LINE_CHARS = 32
MAX_SENTENCES = 30

# English word -> its German, French, Spanish, Italian and Portuguese stand-in.
_LEXICON: dict[str, tuple[str, str, str, str, str]] = {
    "the": ("die", "le", "el", "il", "o"),
    "we": ("wir", "nous", "nosotros", "noi", "nós"),
    "today": ("heute", "aujourd'hui", "hoy", "oggi", "hoje"),
    "look": ("schauen", "regardons", "miramos", "guardiamo", "olhamos"),
    "at": ("auf", "à", "a", "a", "para"),
    "this": ("diese", "cette", "esta", "questa", "esta"),
    "new": ("neue", "nouvelle", "nueva", "nuova", "nova"),
    "idea": ("Idee", "idée", "idea", "idea", "ideia"),
    "and": ("und", "et", "y", "e", "e"),
    "how": ("wie", "comment", "cómo", "come", "como"),
    "it": ("es", "il", "eso", "esso", "isso"),
    "works": ("funktioniert", "marche", "funciona", "funziona", "funciona"),
    "in": ("in", "en", "en", "in", "na"),
    "practice": ("Praxis", "pratique", "práctica", "pratica", "prática"),
    "people": ("Leute", "gens", "gente", "persone", "pessoas"),
    "often": ("oft", "souvent", "a menudo", "spesso", "muitas vezes"),
    "ask": ("fragen", "demandent", "preguntan", "chiedono", "perguntam"),
    "about": ("nach", "sur", "sobre", "su", "sobre"),
    "simple": ("einfache", "simples", "simples", "semplici", "simples"),
    "steps": ("Schritte", "étapes", "pasos", "passi", "passos"),
    "you": ("du", "tu", "tú", "tu", "você"),
    "can": ("kannst", "peux", "puedes", "puoi", "pode"),
    "try": ("versuchen", "essayer", "probar", "provare", "tentar"),
    "first": ("zuerst", "d'abord", "primero", "prima", "primeiro"),
    "then": ("dann", "puis", "luego", "poi", "depois"),
    "see": ("sehen", "voir", "ver", "vedere", "ver"),
    "what": ("was", "ce qui", "qué", "cosa", "o que"),
    "happens": ("passiert", "arrive", "pasa", "succede", "acontece"),
    "next": ("nächste", "prochaine", "próxima", "prossima", "próxima"),
    "time": ("Mal", "fois", "vez", "volta", "vez"),
    "make": ("mach", "fais", "haz", "fai", "faça"),
    "sure": ("sicher", "attention", "seguro", "attenzione", "certeza"),
    "your": ("dein", "ton", "tu", "tuo", "seu"),
    "setup": ("Aufbau", "installation", "configuración", "impianto", "ambiente"),
    "is": ("ist", "est", "está", "è", "está"),
    "ready": ("bereit", "prêt", "listo", "pronto", "pronto"),
}
_EN = list(_LEXICON)
_TARGETS = ("de", "fr", "es", "it", "pt")
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
}
TRANSLATION_LANGUAGES = ("de", "es", "fr", "it", "pt", "en")
_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]?")


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]  # English, lower case
    question: bool = False


@dataclass(frozen=True)
class TimedWord:
    time: float
    word: str


@dataclass(frozen=True)
class ManualCue:
    start: float
    end: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AsrLine:
    words: tuple[TimedWord, ...]
    end: float

    @property
    def start(self) -> float:
        return self.words[0].time

    @property
    def text(self) -> str:
        return " ".join(w.word for w in self.words)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("-", maxsplit=1)[0], code)


def _rng(*parts: str) -> random.Random:
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


_TEMPLATES = (
    ("today we look at this new idea", False),
    ("this is how it works in practice", False),
    ("people often ask about the simple steps", False),
    ("you can try it first and then see what happens", False),
    ("next time make sure your setup is ready", False),
    ("what happens next", True),
    ("is your setup ready", True),
    ("we try the simple steps first", False),
    ("then we see how the idea works", False),
    ("can you see what we look at today", True),
)


def generated_speech(video_id: str, duration: int) -> list[Sentence]:
    """Plausible speech from a handful of sentences, never the same one twice in a row."""
    rng = _rng("speech", video_id)
    count = max(3, min(MAX_SENTENCES, duration // 6))
    speech: list[Sentence] = []
    previous = -1
    for _ in range(count):
        index = rng.choice([i for i in range(len(_TEMPLATES)) if i != previous])
        previous = index
        words, question = _TEMPLATES[index]
        speech.append(Sentence(tuple(words.split()), question))
    return speech


def speech_from_text(text: str) -> list[Sentence]:
    """Explicit speech: sentences split at `.`, `!`, `?`."""
    sentences = []
    for match in _SENTENCE_RE.finditer(text):
        chunk = match.group(0).strip()
        words = tuple(w.lower() for w in chunk.rstrip(".!?").split())
        if words:
            sentences.append(Sentence(words, chunk.endswith("?")))
    return sentences


def translate_word(word: str, lang: str) -> str:
    target = lang.split("-", maxsplit=1)[0]
    if target not in _TARGETS or word not in _LEXICON:
        return word
    return _LEXICON[word][_TARGETS.index(target)]


def timed_words(speech: list[Sentence]) -> list[list[TimedWord]]:
    """Per sentence, every word with its start time (pauses after every few sentences)."""
    out: list[list[TimedWord]] = []
    clock = 0.5
    for index, sentence in enumerate(speech):
        words = []
        for word in sentence.words:
            words.append(TimedWord(round(clock, 3), word))
            clock += WORD_SECONDS
        out.append(words)
        clock += PAUSE_SECONDS if (index + 1) % PAUSE_EVERY == 0 else SENTENCE_GAP
    return out


def _wrap(words: list[str], width: int) -> list[list[str]]:
    lines: list[list[str]] = []
    for word in words:
        if lines and len(" ".join([*lines[-1], word])) <= width:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def manual_cues(speech: list[Sentence], lang: str) -> list[ManualCue]:
    """A person's subtitles: sentences with capitals and punctuation, two lines a cue."""
    cues: list[ManualCue] = []
    for sentence, timed in zip(speech, timed_words(speech), strict=True):
        words = [translate_word(w, lang) for w in sentence.words]
        words[0] = words[0][:1].upper() + words[0][1:]
        words[-1] += "?" if sentence.question else "."
        lines = _wrap(words, MANUAL_LINE_CHARS)
        position = 0
        for pair_start in range(0, len(lines), 2):
            pair = lines[pair_start : pair_start + 2]
            count = sum(len(line) for line in pair)
            first, last = timed[position], timed[position + count - 1]
            position += count
            text = tuple(" ".join(line) for line in pair)
            cues.append(ManualCue(first.time, round(last.time + WORD_SECONDS, 3), text))
    return cues


def asr_lines(speech: list[Sentence], lang: str) -> list[AsrLine]:
    """Speech recognition: lower case, no punctuation, short lines of timed words."""
    stream = [
        TimedWord(tw.time, translate_word(tw.word, lang).lower())
        for timed in timed_words(speech)
        for tw in timed
    ]
    lines: list[list[TimedWord]] = []
    for tw in stream:
        current = lines[-1] if lines else None
        if current and len(" ".join(w.word for w in [*current, tw])) <= ASR_LINE_CHARS:
            current.append(tw)
        else:
            lines.append([tw])
    out = []
    for index, words in enumerate(lines):
        end = lines[index + 1][0].time if index + 1 < len(lines) else words[-1].time + 0.5
        out.append(AsrLine(tuple(words), round(end, 3)))
    return out
