"""What the fast-path tests share (shared/fastpath.py): counting FastAPI's dependency solving."""
from __future__ import annotations

import fastapi.routing


def count_dependency_solving(monkeypatch) -> list[int]:
    """A list that grows by one each time FastAPI solves a route's dependencies."""
    calls: list[int] = []
    solve = fastapi.routing.solve_dependencies

    async def counted(*args, **kwargs):
        calls.append(1)
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counted)
    return calls
