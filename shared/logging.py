"""structlog JSON logs for every process. Personal data never reaches a log line: a
processor masks any 16-digit run (a NIK) anywhere in the event, and keys that could carry
request bodies or personal fields are dropped."""
from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path

import structlog

NIK_PATTERN = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")
FORBIDDEN_KEYS = frozenset({"body", "request_body", "payload_raw", "nik", "mother_maiden_name",
                            "address", "latitude", "longitude", "full_name"})


def mask_text(text: str) -> str:
    return NIK_PATTERN.sub(r"\1******\2", text)


def _scrub(value):
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: ("[redacted]" if k in FORBIDDEN_KEYS else _scrub(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v) for v in value]
    if isinstance(value, int) and 10**15 <= abs(value) < 10**16:
        return mask_text(str(value))
    return value


def scrub_personal_data(_logger, _method, event_dict):
    return {k: ("[redacted]" if k in FORBIDDEN_KEYS else _scrub(v)) for k, v in event_dict.items()}


def configure_logging(service: str, level: str = "INFO", *, also_to_file: str | None = None) -> None:
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            lambda _l, _m, ed: {**ed, "service": service},
            scrub_personal_data,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    if also_to_file:
        file_handler = logging.FileHandler(also_to_file)
        file_handler.setFormatter(formatter)
        root.handlers.append(file_handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka", "alembic"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    logging.getLogger("aiokafka").setLevel("WARNING")
    logging.getLogger("alembic").setLevel("WARNING")


def error_fields(exc: BaseException) -> dict:
    """What a log line may say about an unexpected error: its class, the SQL statement (never its
    parameters) and where it was raised. Not the message: a database error quotes the values it
    refused (a name, a birth date) and a traceback repeats the message."""
    fields = {"error_type": type(exc).__name__}
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):
        fields["statement"] = statement[:500]
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    fields["where"] = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames]
    return fields


def get_logger(name: str | None = None):
    return structlog.get_logger(name)
