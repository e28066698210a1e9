"""Events the registry consumes: translate an event into a service call."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from registry.recipients.service import record_decree
from shared.events import Envelope, parse_payload


async def on_decree_issued(session: AsyncSession, envelope: Envelope) -> None:
    """contribution-aid fixed or changed an aid-recipient list: keep who it added and removed,
    for the recipient list sent to BPJS."""
    await record_decree(session, parse_payload(envelope), regency_code=envelope.regency_code)


AID_HANDLERS = {"DecreeIssued": on_decree_issued}
