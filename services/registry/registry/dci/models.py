"""The DCI message ledger: every search message accepted, by (sender, message_id), so a replayed
or duplicate message_id is refused; it also records the purpose and consent the sender declared."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class DciMessage(Base):
    __tablename__ = "dci_messages"

    sender_id: Mapped[str] = mapped_column(Text, primary_key=True)
    message_id: Mapped[str] = mapped_column(Text, primary_key=True)
    transaction_id: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    consent: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
