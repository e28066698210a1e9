"""A dependency for endpoints more than one kind of client may call (one mechanism: shared.auth)."""
from __future__ import annotations

from shared.auth import require_any

__all__ = ["require_any"]
