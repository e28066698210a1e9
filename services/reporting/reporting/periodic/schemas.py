from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate


class RecapReceived(BaseModel):
    """BPJS's monthly recap (Berau Pasal 22) came in on `received_on`."""

    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    period: str = Field(pattern=r"^\d{4}-\d{2}$", description="the month the recap covers, YYYY-MM")
    received_on: PastDate
    reference: str | None = Field(default=None, max_length=200, description="letter number")
