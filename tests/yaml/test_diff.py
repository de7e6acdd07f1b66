"""The pure plan: any edit of any playlist (duplicates included) replays, with
YouTube's position rules, to exactly the wanted order, with the forced numbers of
deletes and inserts and exactly len(kept) - LCS moves."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from ytrix.yamlsync.diff import LiveItem, apply_to_list, lcs_pairs, plan_items

VIDEOS = st.sampled_from([f"video{n:06d}" for n in range(12)])


def lcs_length(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def live_of(videos: list[str]) -> list[LiveItem]:
    return [LiveItem(f"item{n}", v) for n, v in enumerate(videos)]


@settings(max_examples=1500, deadline=None)
@given(st.lists(VIDEOS, max_size=25), st.lists(VIDEOS, max_size=25))
def test_plan_replays_to_wanted_with_minimal_writes(current: list[str], wanted: list[str]) -> None:
    plan = plan_items(live_of(current), wanted)
    assert apply_to_list(live_of(current), plan) == wanted
    have, want = Counter(current), Counter(wanted)
    assert plan.count("delete") == sum((have - want).values())
    assert plan.count("insert") == sum((want - have).values())
    assert plan.kept == sum((have & want).values())
    assert plan.lcs == lcs_length(current, wanted)
    assert plan.count("move") <= plan.kept - plan.lcs


@settings(max_examples=500, deadline=None)
@given(st.lists(VIDEOS, max_size=30), st.lists(VIDEOS, max_size=30))
def test_lcs_pairs_is_a_longest_common_subsequence(a: list[str], b: list[str]) -> None:
    pairs = lcs_pairs(a, b)
    assert len(pairs) == lcs_length(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(p[0] < q[0] and p[1] < q[1] for p, q in itertools.pairwise(pairs))


@settings(max_examples=300, deadline=None)
@given(st.permutations([f"v{n:010d}" for n in range(15)]))
def test_pure_reorder_moves_exactly_the_minimum(order: list[str]) -> None:
    current = sorted(order)
    plan = plan_items(live_of(current), order)
    assert apply_to_list(live_of(current), plan) == order
    assert plan.count("move") == len(order) - lcs_length(current, order)
    assert plan.count("insert") == plan.count("delete") == 0


def test_unchanged_plays_nothing() -> None:
    videos = [f"v{n:010d}" for n in range(50)]
    assert plan_items(live_of(videos), videos).ops == ()


def test_moving_one_item_to_the_end_is_one_update() -> None:
    current = ["x", "a", "b", "c", "d"]
    plan = plan_items(live_of(current), ["a", "b", "c", "d", "x"])
    assert [(op.kind, op.video_id, op.position) for op in plan.ops] == [("move", "x", 4)]


def test_inserts_append_without_position_and_deletes_come_first() -> None:
    plan = plan_items(live_of(["a", "b", "c"]), ["b", "c", "n1", "n2"])
    kinds = [(op.kind, op.video_id, op.position) for op in plan.ops]
    assert kinds == [("delete", "a", None), ("insert", "n1", None), ("insert", "n2", None)]


def test_large_playlist_plans_fast() -> None:
    import random
    import time

    rng = random.Random(7)
    current = [f"v{n:010d}" for n in range(5000)]
    wanted = current[:]
    block = wanted[1000:1100]
    rng.shuffle(block)
    wanted[1000:1100] = block
    wanted = [v for v in wanted if rng.random() > 0.01] + [f"n{n:010d}" for n in range(40)]
    started = time.perf_counter()
    plan = plan_items(live_of(current), wanted)
    assert time.perf_counter() - started < 5
    assert apply_to_list(live_of(current), plan) == wanted
