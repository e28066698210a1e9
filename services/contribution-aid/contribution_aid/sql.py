"""Small SQL helpers the handlers share."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Uuid, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY


def any_of(column, ids: Iterable[uuid.UUID]):
    """`column = ANY(:ids)`: one array parameter, however many ids (an IN list of 100,000
    would exceed the protocol's 65,535 parameters)."""
    return column == any_(bindparam(None, list(ids), type_=ARRAY(Uuid)))
