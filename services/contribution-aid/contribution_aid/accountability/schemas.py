from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contribution_aid.invoices.schemas import MONTH
from shared.bounds import PastDate


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=64)  # a document code of the source's list in aid.yaml
    reference: str = Field(min_length=1, max_length=200)  # letter number, file name, certificate number
    period_start: str = Field(pattern=MONTH)
    period_end: str = Field(pattern=MONTH)
    dated: PastDate

    @model_validator(mode="after")
    def _ordered(self):
        if self.period_end < self.period_start:
            raise ValueError("period_end must not be before period_start")
        return self
