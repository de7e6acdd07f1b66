"""The sync planner, purely: the wanted order for each flag combination, and the
fewest writes for random changes (checked against an independent dynamic programme)."""

from __future__ import annotations

import random

from tests.helpers.sync import minimum_writes
from ytrix.core.mirrors import Mirror
from ytrix.sync.plan import plan_mirror, wanted_order
from ytrix.yamlsync.diff import LiveItem, apply_to_list

MIRROR = Mirror("PLtarget", ("PLsource",), "copy", "T", "2026-06-10T19:00:00Z")


def _live(videos: list[str]) -> list[LiveItem]:
    return [LiveItem(f"item-{n}", v) for n, v in enumerate(videos)]


def test_wanted_order_for_each_flag_combination() -> None:
    current = ["x", "a", "b", "y", "c", "a"]  # x, y: not in the source; a twice
    source = ["c", "a", "n", "b"]  # n: new
    assert wanted_order(current, source, prune=True, reorder=True) == source
    # extras stay after the video they follow now: x at the front, y after b, and
    # the second "a" (a repeat) after c
    assert wanted_order(current, source, prune=False, reorder=True) == [
        "x",
        "c",
        "a",
        "a",
        "n",
        "b",
        "y",
    ]
    assert wanted_order(current, source, prune=True, reorder=False) == ["a", "n", "b", "c"]
    assert wanted_order(current, source, prune=False, reorder=False) == [
        "x",
        "a",
        "n",
        "b",
        "y",
        "c",
        "a",
    ]


def test_random_changes_cost_exactly_the_minimum() -> None:
    rng = random.Random(5)
    for _ in range(200):
        pool = [f"v{n}" for n in range(40)]
        current = rng.sample(pool, rng.randrange(0, 30))
        source = rng.sample(pool, rng.randrange(0, 30))
        plan = plan_mirror(MIRROR, "T", _live(current), source, (), prune=True, reorder=True)
        assert apply_to_list(_live(current), plan.items) == source
        assert plan.items.writes == minimum_writes(current, source)


def test_no_reorder_never_moves_and_keeps_every_item_without_prune() -> None:
    rng = random.Random(9)
    for _ in range(100):
        pool = [f"v{n}" for n in range(30)]
        current = rng.sample(pool, 15)
        source = rng.sample(pool, 15)
        plan = plan_mirror(MIRROR, "T", _live(current), source, (), prune=False, reorder=False)
        assert plan.items.count("move") == 0 and plan.items.count("delete") == 0
        after = apply_to_list(_live(current), plan.items)
        assert [v for v in after if v in current] == current
        assert set(after) == set(current) | set(source)
