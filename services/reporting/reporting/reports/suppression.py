"""Small-cell protection for breakdowns by village or finer.

A count below the threshold could point at identifiable people in a small village, so it is
shown as "<5" instead (primary suppression). Because each district's total is published, a
lone hidden cell could be recovered as "district total minus the other villages"; so when a
group would have exactly one hidden cell, the next smallest cell is hidden too
(complementary suppression, shown as "*"). Likewise when the hidden cells of a group are all
small and their recoverable sum pins each of them down (sum 0, or every one at threshold-1),
one more cell is hidden.

Rows are plain dicts `{key..., <count column>...}`; the functions return new dicts where a
hidden count is None and `<column>_suppressed` says why ("small_cell" or "complementary").
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SMALL_CELL = "small_cell"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class SuppressionPolicy:
    threshold: int = 5
    suppress_zero: bool = True   # 0 is "below the threshold" too; a profile may publish zeros

    def is_small(self, count: int) -> bool:
        return count < self.threshold and (count > 0 or self.suppress_zero)


@dataclass(frozen=True)
class SuppressedTable:
    rows: list[dict]
    # groups whose hidden cells cannot be protected by another cell (a group with a single
    # row): their published total must be hidden too, per column
    exposed_groups: dict[str, frozenset[tuple]]


def flag_key(column: str) -> str:
    return f"{column}_suppressed"


def _pins_down(counts: Sequence[int], policy: SuppressionPolicy) -> bool:
    """Whether hidden small cells are recoverable from their sum alone."""
    lowest = 0 if policy.suppress_zero else 1
    total = sum(counts)
    return total in (len(counts) * lowest, len(counts) * (policy.threshold - 1))


def _hidden_in_group(counts: list[int], policy: SuppressionPolicy) -> tuple[set[int], set[int], bool]:
    """Indices hidden as small cells, indices hidden as complements, and whether the group
    stays exposed (nothing left to hide)."""
    small = {i for i, c in enumerate(counts) if policy.is_small(c)}
    complement: set[int] = set()
    while small and (len(small) + len(complement) == 1
                     or (not complement and _pins_down([counts[i] for i in small], policy))):
        candidates = [i for i in range(len(counts)) if i not in small and i not in complement]
        if not candidates:
            return small, complement, True
        # next smallest; ties broken by position so the result is stable
        complement.add(min(candidates, key=lambda i: (counts[i], i)))
    return small, complement, False


def suppress_column(rows: Sequence[dict], column: str, *, group_by: Sequence[str],
                    policy: SuppressionPolicy = SuppressionPolicy()) -> tuple[list[dict], frozenset[tuple]]:
    """Hide small counts of one column, group by group (a group = rows sharing `group_by`
    values, whose total is published elsewhere). Returns new rows and the exposed groups."""
    out = [dict(r) for r in rows]
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, row in enumerate(out):
        groups[tuple(row[k] for k in group_by)].append(index)
    exposed = set()
    for key, members in groups.items():
        small, complement, open_ = _hidden_in_group([out[i][column] for i in members], policy)
        for position, row_index in enumerate(members):
            reason = SMALL_CELL if position in small else COMPLEMENTARY if position in complement else None
            out[row_index][flag_key(column)] = reason
            if reason:
                out[row_index][column] = None
        if open_:
            exposed.add(key)
    return out, frozenset(exposed)


def suppress_table(rows: Iterable[dict], columns: Sequence[str], *, group_by: Sequence[str],
                   policy: SuppressionPolicy = SuppressionPolicy()) -> SuppressedTable:
    """`suppress_column` for each count column in turn."""
    current = [dict(r) for r in rows]
    exposed: dict[str, frozenset[tuple]] = {}
    for column in columns:
        current, exposed[column] = suppress_column(current, column, group_by=group_by, policy=policy)
    return SuppressedTable(current, exposed)


def display(row: dict, column: str, policy: SuppressionPolicy = SuppressionPolicy(),
            formatter=str) -> str:
    """The text a reader sees: "<5", "*" or the formatted count."""
    reason = row.get(flag_key(column))
    if reason == SMALL_CELL:
        return f"<{policy.threshold}"
    if reason == COMPLEMENTARY:
        return "*"
    return formatter(row[column])
