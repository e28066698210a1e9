"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.integration.conformance.hooks): how to put an upload the
schema declares as NDJSON on the wire (schemathesis knows JSON, text and forms, not NDJSON), and which
refusals of schema-valid data are business rules (the only 422s positive_data_acceptance may accept)."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid

import schemathesis
from schemathesis.generation.meta import TestPhase


@schemathesis.serializer("application/x-ndjson")
def ndjson(_ctx, value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    rows = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


# A run as a client key (X-API-Key) speaks as that key only. The document offers two schemes, and
# schemathesis fills the one it was not given with a random Bearer token; the services check a person's
# token before a system's key, so those requests all ended 401 and the operations' logic was never reached
# (the admin run had 14-20 operations with only 401 answers).
@schemathesis.hook
def before_call(ctx, case, kwargs) -> None:
    if os.environ.get("LINDUNG_SCHEMATHESIS_AS") == "key" and case.headers:
        case.headers.pop("Authorization", None)
    if _positive(case):
        _as_the_neighbour(case, kwargs)


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


# Routes that speak a neighbour's standard authenticate the neighbour themselves, with what schemathesis cannot
# make up: OSS's daily Token and a DCI sender's Ed25519 signature over the body's bytes. A schema-valid case is
# sent as the neighbour would send it (test_schemathesis.py configures the service with the same secrets), so
# the operation's logic is reached; an invalid case keeps its generated Token or Signature and meets the
# refusal the document declares in the neighbour's envelope.
def _as_the_neighbour(case, kwargs) -> None:
    path = case.operation.path
    if path == "/v1/oss/receiveNIB" and os.environ.get("LINDUNG_SCHEMATHESIS_OSS_TOKEN"):
        case.headers = {**(case.headers or {}), "Token": os.environ["LINDUNG_SCHEMATHESIS_OSS_TOKEN"]}
    elif path.startswith("/v1/dci/registry/") and os.environ.get("LINDUNG_SCHEMATHESIS_DCI_KEY"):
        _signed_by_the_sender(case, kwargs)


def _signed_by_the_sender(case, kwargs) -> None:
    from shared.dci.signature import load_private_key, sign

    sender, kid = os.environ["LINDUNG_SCHEMATHESIS_DCI_SENDER"].split("|")
    body = case.body
    if not isinstance(body, (dict, list)):
        return
    if isinstance(body, dict) and isinstance(body.get("header"), dict):
        _coherent_header(body["header"], sender, body.get("message"))
    raw = json.dumps(body).encode()
    signature = sign(load_private_key(os.environ["LINDUNG_SCHEMATHESIS_DCI_KEY"]), sender_id=sender, kid=kid, body=raw)
    case.headers = {**(case.headers or {}), "Signature": signature, "Content-Type": "application/json"}
    kwargs["data"] = raw  # the bytes signed are the bytes sent


def _coherent_header(header: dict, sender: str, message) -> None:
    """What a real sender's header says of its own message (the schema cannot relate them): itself as sender,
    this registry as receiver, the action, now, a fresh message_id, the count of its searches and, for the
    asynchronous search, its own callback address."""
    searches = message.get("search_request") if isinstance(message, dict) else None
    if os.environ.get("LINDUNG_SCHEMATHESIS_DCI_CALLBACK"):
        header["sender_uri"] = os.environ["LINDUNG_SCHEMATHESIS_DCI_CALLBACK"]
    header.update(sender_id=sender, receiver_id=os.environ.get("LINDUNG_SCHEMATHESIS_DCI_RECEIVER", "lindung-registry"),
                  action="search", message_id=str(uuid.uuid4()), is_msg_encrypted=False,
                  message_ts=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"))
    if isinstance(searches, list):
        header["total_count"] = len(searches)


# A schema-valid request may still be refused with 422 (schemathesis.toml, positive_data_acceptance), but only
# by a rule no static schema can state. Domain problem types (`scheme-not-aided`, `no-regulation-in-force`,
# `not-configured`, ...) are such decisions by construction; a plain `validation-error` must name, for every
# field, one of the refusals below, each a rule the document describes in words but JSON Schema cannot hold.
BUSINESS_REFUSALS = {
    # an opaque cursor only this list gave out (docs/API.md §13)
    "cursor": re.compile(r"cursor"),
    # a date outside what the act can mean: the bounds move with today (docs/API.md §4)
    "date bounds": re.compile(r"tanggal harus antara|must be between|not be in the future|must not be before|"
                              r"is before the month|days before the SPK|period has not started|"
                              r"only a period that has ended"),
    # an id that names nothing in this regency (unknown employer, participant, budget, regency ...)
    "unknown reference": re.compile(r"tidak terdaftar|tidak dikenal|unknown |not known|no such|no [\w-]+ profile for|"
                                   r"not the requester's record",
                                    re.IGNORECASE),
    # a period key whose shape depends on the report's frequency (month, quarter, half year, year)
    "report period": re.compile(r"expected a period like"),
    # an uploaded file (schema: a string) that is empty or whose header names unknown columns
    "upload content": re.compile(r"berkas kosong|empty upload|kolom tidak dikenal|unknown column|bukan objek JSON|"
                                 r"tidak ada kolom fakta"),
    # an id outside the regency's vocabulary, refused in words (it differs per regency and date, §12)
    "vocabulary in words": re.compile(r"harus salah satu dari|must be one of|sumber data harus|does not use the role|"
                                        r"not a document of this source"),
    # identity numbers carry facts and check digits: a NIK's region and encoded birth date (docs/API.md §3),
    # an NPWP's check digit, a NIP's birth date, appointment month, sex and sequence
    "identity number": re.compile(r"dalam NIK tidak valid|NPWP tidak valid|NIP (digit|appointment|sequence|dates)|"
                                    r"tidak sesuai dengan NIK"),
    # a person's villages lie in the person's regencies (a relation between two lists)
    "villages of the regencies": re.compile(r"of the person's regencies"),
    # a citation must name a Pasal of the regulation (free text otherwise)
    "citation": re.compile(r"bukan kutipan pasal"),
    # GET /v1/clearance names the employer by `employer_id` or `nib`, GET /v1/allocations its scope by
    # `regency_code`, `budget_id` or `participant_id`: OpenAPI cannot relate query parameters (bodies with
    # such rules say so with oneOf/anyOf and are generated accordingly)
    "one of two parameters": re.compile(r"employer_id or nib is required|budget_id or participant_id is required"),
    # facts are an open mapping (names and values of the regency's rules): control characters are refused
    # in its keys and values, which a schema of `object` with any properties cannot say
    "open mapping text": re.compile(r"karakter kendali"),
    # JSON Schema counts 1.0 as an integer; money and counts are strict integers (docs/API.md §3: whole
    # rupiah) and refuse a number written with a fraction, a string or a boolean
    "strict integer": re.compile(r"Input should be a valid integer"),
}


@schemathesis.check
def refusals_of_valid_data_are_business_rules(ctx, response, case):
    """A 422 to a schema-valid request names, for each field, a rule of BUSINESS_REFUSALS or one of the
    service's vocabularies (an `errors` entry with `vocabulary`); anything else is a schema to fix."""
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    if meta.phase.name == TestPhase.STATEFUL:
        # values carried from earlier answers through inferred links (an audit entry's `person_id` is a token
        # subject, not a person's UUID) are not data the schema promised valid; the other phases cover the bodies
        return None
    try:
        problem = response.json()
    except ValueError:
        return None  # content-type and schema checks judge a 422 that is not JSON
    if not str(problem.get("type", "")).endswith("/validation-error"):
        return None
    unexplained = [error for error in problem.get("errors") or [] if not _business(error)]
    if unexplained:
        raise AssertionError(f"Schema-valid data refused for a reason the schema could state: {unexplained}")
    return None


def _business(error: dict) -> bool:
    if error.get("vocabulary") or error.get("field") == "cursor":
        return True
    message = str(error.get("message", ""))
    return any(pattern.search(message) for pattern in BUSINESS_REFUSALS.values())


# The neighbours' standards answer a message they cannot act on with 400 in their own envelope (OSS RBA Lampiran 9
# "Data Parameter Salah", DCI `rjct.*`), not with a 422 problem; schemathesis.toml accepts that 400 for a
# schema-valid case on those routes only, and this check holds it to the same bar as a 422: the refusal must be
# a rule no schema can state (DCI: anything but `err.request.bad`, which would mean the document allows what the
# envelope's model refuses; OSS: every field named must be one of BUSINESS_REFUSALS).
NEIGHBOUR_ROUTES = ("/v1/oss/receiveNIB", "/v1/dci/registry/search", "/v1/dci/registry/sync/search")


@schemathesis.check
def neighbour_refusals_of_valid_data_are_business_rules(ctx, response, case):
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if case.operation.path not in NEIGHBOUR_ROUTES:
        return None
    try:
        body = response.json()
    except ValueError:
        return None  # content-type and schema checks judge it
    if case.operation.path.startswith("/v1/dci/"):
        codes = [str(error.get("code")) for error in body.get("errors") or [] if isinstance(error, dict)]
        if "err.request.bad" in codes:
            raise AssertionError(f"Schema-valid DCI message refused as malformed: {body}")
        return None
    keterangan = str((body.get("responreceiveNIB") or {}).get("keterangan", ""))
    _, _, listed = keterangan.partition("invalid parameters: ")
    unexplained = [item for item in listed.split("; ") if not _business({"message": item})] if listed else [keterangan]
    if unexplained:
        raise AssertionError(f"Schema-valid dataNIB refused for a reason the schema could state: {unexplained}")
    return None
