"""The DCI message envelope (spdci API standards, registry `search` / `on-search`): request models
with the standard's field names, and builders for answers. Sources read: the spdci standards'
published schemas and examples (https://github.com/spdci/standards, the compliance suite
https://github.com/OpenSPP/spdci-compliance) — shapes only, no text copied."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

VERSION = "1.0.0"
# header status reason codes (MsgHeaderStatusReasonCode) and request errors (HttpErrorResponse codes)
MESSAGE_ID_DUPLICATE = "rjct.message_id.duplicate"
MESSAGE_TS_INVALID = "rjct.message_ts.invalid"
ACTION_INVALID = "rjct.action.invalid"
TOTAL_COUNT_INVALID = "rjct.total_count.invalid"
TOTAL_COUNT_LIMIT = "rjct.total_count.limit_exceeded"
SEARCH_CRITERIA_INVALID = "rjct.search_criteria.invalid"
REFERENCE_ID_DUPLICATE = "rjct.reference_id.duplicate"
REQUEST_BAD = "err.request.bad"
SENDER_ID_INVALID = "err.sender_id.invalid"
SENDER_URI_INVALID = "err.sender_uri.invalid"
RECEIVER_ID_INVALID = "err.receiver_id.invalid"
ENCRYPTION_INVALID = "err.encryption.invalid"

Text = Field(min_length=1, max_length=200)


class Header(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(default=VERSION, max_length=20)
    message_id: str = Text
    message_ts: dt.datetime
    action: str = Field(max_length=40)
    sender_id: str = Text
    sender_uri: str | None = Field(default=None, max_length=500)
    receiver_id: str | None = Field(default=None, max_length=200)
    total_count: int = Field(ge=0)
    is_msg_encrypted: bool = False
    meta: dict[str, Any] | None = None


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(max_length=100)
    value: str = Field(max_length=100)


class SearchCriteria(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str | None = Field(default=None, max_length=20)
    reg_type: str | None = Field(default=None, max_length=100)
    reg_sub_type: str | None = Field(default=None, max_length=100)
    reg_event_type: str | None = Field(default=None, max_length=100)
    reg_record_type: str | None = Field(default=None, max_length=100)
    query_type: str = Field(max_length=40)
    query: Query | dict[str, Any]
    sort: list[dict[str, Any]] | None = None
    pagination: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None
    authorize: dict[str, Any] | None = None


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference_id: str = Text
    timestamp: dt.datetime
    search_criteria: SearchCriteria
    locale: str | None = Field(default=None, max_length=10)


class SearchMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    transaction_id: str = Text
    search_request: list[SearchRequest] = Field(min_length=1)


class SearchEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signature: str | None = Field(default=None, max_length=2000)
    header: Header
    message: SearchMessage


def now_ts() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def answer_header(request: Header | None, *, sender_id: str, action: str, status: Literal["succ", "rjct"],
                  total: int = 0, completed: int = 0, reason: str | None = None,
                  reason_message: str | None = None) -> dict:
    header = {"version": VERSION, "message_id": str(uuid.uuid4()), "message_ts": now_ts(), "action": action,
              "status": status, "total_count": total, "completed_count": completed, "sender_id": sender_id,
              "receiver_id": request.sender_id if request else "", "is_msg_encrypted": False}
    if reason:
        header.update(status_reason_code=reason, status_reason_message=reason_message or reason)
    return header


def http_error(code: str, message: str) -> dict:
    """The standard's HttpErrorResponse body."""
    return {"errors": [{"code": code, "message": message}]}


def ack(correlation_id: str, *, error: tuple[str, str] | None = None) -> dict:
    body: dict[str, Any] = {"ack_status": "ERR" if error else "ACK", "timestamp": now_ts(),
                            "correlation_id": correlation_id}
    if error:
        body["error"] = {"code": error[0], "message": error[1]}
    return {"message": body}
