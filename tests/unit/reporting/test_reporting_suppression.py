"""Small-cell protection with complementary suppression."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reporting.reports.suppression import (
    COMPLEMENTARY,
    SMALL_CELL,
    SuppressionPolicy,
    display,
    suppress_column,
    suppress_table,
)


def rows(*groups: list[int]) -> list[dict]:
    """Villages v<g>.<i> in districts d<g> with the given counts."""
    return [{"district": f"d{g}", "village": f"v{g}.{i}", "count": c}
            for g, counts in enumerate(groups) for i, c in enumerate(counts)]


def hidden(result: list[dict]) -> dict[str, str]:
    return {r["village"]: r["count_suppressed"] for r in result if r["count_suppressed"]}


def run(*groups, policy=SuppressionPolicy()):
    return suppress_column(rows(*groups), "count", group_by=("district",), policy=policy)


def test_nothing_small_nothing_hidden():
    result, exposed = run([5, 12, 40])
    assert hidden(result) == {} and exposed == frozenset()
    assert [r["count"] for r in result] == [5, 12, 40]


def test_one_small_cell_hides_the_next_smallest_too():
    result, _ = run([40, 3, 12, 90])
    assert hidden(result) == {"v0.1": SMALL_CELL, "v0.2": COMPLEMENTARY}
    assert [r["count"] for r in result] == [40, None, None, 90]


def test_two_small_cells_protect_each_other():
    result, _ = run([2, 3, 50])
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": SMALL_CELL}


def test_small_cells_whose_sum_gives_them_away_get_a_complement():
    # 4 + 4 = 8 = district total - 50: each must be 4, so hide another cell
    result, _ = run([4, 4, 50, 70])
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": SMALL_CELL, "v0.2": COMPLEMENTARY}
    result, _ = run([0, 0, 9])       # 0 + 0: both must be 0
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": SMALL_CELL, "v0.2": COMPLEMENTARY}


def test_groups_are_independent():
    result, _ = run([3, 30, 300], [30, 60])
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": COMPLEMENTARY}


def test_ties_pick_the_first_of_the_next_smallest():
    result, _ = run([9, 1, 9])
    assert hidden(result) == {"v0.1": SMALL_CELL, "v0.0": COMPLEMENTARY}


def test_a_single_village_district_is_reported_exposed():
    result, exposed = run([2], [30, 40])
    assert hidden(result) == {"v0.0": SMALL_CELL}
    assert exposed == frozenset({("d0",)})


def test_threshold_and_zero_handling_are_configurable():
    result, _ = run([7, 20, 30], policy=SuppressionPolicy(threshold=10))
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": COMPLEMENTARY}
    result, _ = run([0, 20, 30], policy=SuppressionPolicy(suppress_zero=False))
    assert hidden(result) == {}
    result, _ = run([0, 20, 30])
    assert hidden(result) == {"v0.0": SMALL_CELL, "v0.1": COMPLEMENTARY}


def test_input_rows_are_not_changed_and_display_texts():
    original = rows([3, 30, 300])
    result, _ = suppress_column(original, "count", group_by=("district",))
    assert original[0]["count"] == 3 and "count_suppressed" not in original[0]
    assert [display(r, "count") for r in result] == ["<5", "*", "300"]
    assert display(result[0], "count", SuppressionPolicy(threshold=10)) == "<10"


def test_table_suppresses_each_column_on_its_own():
    data = [{"d": "a", "v": 1, "participants": 3, "active": 3},
            {"d": "a", "v": 2, "participants": 8, "active": 6},
            {"d": "a", "v": 3, "participants": 20, "active": 2}]
    table = suppress_table(data, ("participants", "active"), group_by=("d",))
    assert [r["participants_suppressed"] for r in table.rows] == [SMALL_CELL, COMPLEMENTARY, None]
    assert [r["active_suppressed"] for r in table.rows] == [SMALL_CELL, None, SMALL_CELL]
    assert table.exposed_groups == {"participants": frozenset(), "active": frozenset()}


@given(st.lists(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8), min_size=1, max_size=5),
       st.integers(min_value=1, max_value=10))
def test_no_small_cell_can_be_recomputed_from_the_district_total(groups, threshold):
    policy = SuppressionPolicy(threshold=threshold)
    result, exposed = run(*groups, policy=policy)
    for g, counts in enumerate(groups):
        members = [r for r in result if r["district"] == f"d{g}"]
        flags = [r["count_suppressed"] for r in members]
        # every small count is hidden as a small cell, and only small counts are
        assert [f == SMALL_CELL for f in flags] == [c < threshold for c in counts]
        n_hidden = sum(f is not None for f in flags)
        # a lone hidden cell equals total - shown cells: never allowed unless the group is exposed
        assert n_hidden != 1 or (f"d{g}",) in exposed
        shown = [c for c, f in zip(counts, flags, strict=True) if f is None]
        assert shown == [r["count"] for r in members if r["count"] is not None]
