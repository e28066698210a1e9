"""Endpoints more than one kind of client may call use shared.auth.require_any (kept importable here)."""
from shared.auth import require_any

__all__ = ["require_any"]
