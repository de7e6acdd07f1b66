"""What text YouTube accepts in titles, descriptions and notes.

Google's front end reads request bodies as UTF-8 JSON: a lone surrogate (``"\\ud800"``)
is not a Unicode scalar value and cannot be stored or sent back, and control characters
are not text. Such a value is refused with 400 before anything is written (the reason
is the method's documented one for a bad snippet, or ``invalidValue``), so one bad
request can never make later reads fail. Tab, line feed and carriage return are text
(descriptions are multi-line) and pass.
"""

from __future__ import annotations

ALLOWED_CONTROLS = frozenset("\t\n\r")


def bad_character(value: str) -> str | None:
    """The first character YouTube would refuse in ``value`` (None when it is clean)."""
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return char
        if (code < 0x20 or code == 0x7F) and char not in ALLOWED_CONTROLS:
            return char
    return None


def is_clean(*values: str) -> bool:
    return all(bad_character(v) is None for v in values)
