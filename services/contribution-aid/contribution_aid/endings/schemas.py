from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contribution_aid.domain.release import TERMINATION_REASONS


class AidEndingIn(BaseModel):
    """The regency's decision to stop paying a participant's contributions (TTS Pasal 20(1),
    Berau Pasal 26): from the month after `effective_date` (the regency's release interpretation)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: Literal[TERMINATION_REASONS]
    effective_date: dt.date
    reference: str = Field(min_length=1, max_length=200, description="the decision's letter or decree number")


class AidEndingRequest(AidEndingIn):
    """What a proposal stores: the request and the participant it names."""

    participant_id: uuid.UUID


class AidEndingOut(BaseModel):
    participant_id: uuid.UUID
    regency_code: str
    status: str
    reason: str
    effective_date: dt.date
    reference: str
    released_amount: int
