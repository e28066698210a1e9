"""Documents of an accountability file that the service does not produce itself (BPJS's data
update, the regent's certificate, a company's CSR report), recorded by reference."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class AccountabilityDocument(Base):
    __tablename__ = "accountability_documents"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    budget_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("budgets.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(Text)
    period_start: Mapped[str] = mapped_column(String(7))
    period_end: Mapped[str] = mapped_column(String(7))
    dated: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
