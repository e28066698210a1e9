"""An act a service may put under two-person control: the handler the direct path uses, run on
an open transaction, and the request model its proposals store."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Client

Handler = Callable[[AsyncSession, Client, Any], Awaitable[dict]]


@dataclass(frozen=True)
class Act:
    name: str                                    # unique in its service, stored with each proposal
    payload: type[BaseModel]                     # the validated request, path ids included
    regency_of: Callable[[AsyncSession, Any], Awaitable[str]]
    execute: Handler                             # the SAME handler the direct path runs
    rule_of: Callable[[Any], str | None] = field(default=lambda payload: None)  # approvals.yaml entry, or None
    # decided on what the act would answer now: e.g. evidence is controlled only when it would lift
    controls: Callable[[dict], bool] = field(default=lambda preview: True)


class Acts:
    """The controlled acts of one service, by name."""

    def __init__(self, *acts: Act):
        self._by_name = {act.name: act for act in acts}

    def __getitem__(self, name: str) -> Act:
        return self._by_name[name]
