"""Names both persons on the events an approved act emits: the outbox stamps `proposed_by` and
`approved_by` on every payload that carries them while an approval executes."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

_persons: ContextVar[tuple[str, str] | None] = ContextVar("approval_persons", default=None)


@contextmanager
def executing(proposed_by: str, approved_by: str):
    token = _persons.set((proposed_by, approved_by))
    try:
        yield
    finally:
        _persons.reset(token)


def stamp(payload):
    """The payload with both persons' ids, when an approval is executing and the event names them."""
    persons = _persons.get()
    if persons is None or "approved_by" not in type(payload).model_fields:
        return payload
    return payload.model_copy(update={"proposed_by": persons[0], "approved_by": persons[1]})
