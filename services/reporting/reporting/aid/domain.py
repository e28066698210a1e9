"""Pure: what a budget's money is doing (DATA.md, BudgetRow): committed = allocated and not
yet paid, spent = paid to BPJS; a release back into the budget makes money available again."""
from __future__ import annotations


def committed(allocated: int, released_back: int, spent: int) -> int:
    """Allocated minus what was released back and what invoices already paid; never below zero
    (an invoice can pay months allocated from another budget of the same source)."""
    return max(0, allocated - released_back - spent)
