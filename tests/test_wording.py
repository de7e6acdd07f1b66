"""Small wording defects a new user trips over."""

from __future__ import annotations

from ytrix.core.wording import units


def test_units_agree_in_number() -> None:
    assert units(0) == "0 units"
    assert units(1) == "1 unit"
    assert units(2) == "2 units"
    assert units(25_062) == "25,062 units"
