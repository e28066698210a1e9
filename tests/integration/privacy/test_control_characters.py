"""Issue 10 item 8: a NUL (or another control character but tab and newline) in any text field of
any JSON body, or in any query parameter, of the five services' OpenAPI documents is a 422 that
names the field -- never a 5xx. The fields are read from the OpenAPI documents, so a new
endpoint is covered without touching this test."""
from __future__ import annotations

import re
import uuid

import pytest

from shared.devstack.services import SERVICES
from shared.text_input import MESSAGE

NUL = "a\x00b"


def _resolve(schema: dict, doc: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def text_paths(schema: dict, doc: dict, path: tuple = (), depth: int = 0) -> list[tuple]:
    """Paths (keys, 0 for a list item) to every string a JSON body of `schema` may carry."""
    schema = _resolve(schema, doc)
    if depth > 6:
        return []
    out = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            out += text_paths(sub, doc, path, depth + 1)
    kind = schema.get("type")
    if kind == "string" and path:
        out.append(path)
    if kind == "object" or "properties" in schema:
        for name, sub in schema.get("properties", {}).items():
            out += text_paths(sub, doc, (*path, name), depth + 1)
    if kind == "array" and "items" in schema:
        out += text_paths(schema["items"], doc, (*path, 0), depth + 1)
    return list(dict.fromkeys(out))


def body_with(path: tuple, value) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    return [body_with(rest, value)] if head == 0 else {head: body_with(rest, value)}


def concrete(url: str) -> str:
    """Path parameters filled with something plausible (a UUID)."""
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), url)


def speaks_a_neighbours_standard(op: dict) -> bool:
    """OSS RBA and DCI routes refuse in their own envelopes (application/json on a 4xx, shared/openapi.neighbour),
    not with a 422 problem naming the field; their own conformance tests hold them to that standard
    (test_registry_oss_rba.py, test_registry_dci.py, test_sanctions_oss_status.py)."""
    return any(code.startswith("4") and "application/json" in (answer.get("content") or {})
               for code, answer in op.get("responses", {}).items())


def operations(doc: dict):
    for url, item in doc["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete") and not speaks_a_neighbours_standard(op):
                yield url, method, op


def cases(doc: dict) -> list[tuple[str, str, str, dict]]:
    """(method, url, field, request kwargs) for every text body field and string query parameter."""
    out = []
    for url, method, op in operations(doc):
        target = concrete(url)
        schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            for path in text_paths(schema, doc):
                field = ".".join(str(p) for p in path)
                out.append((method, target, field, {"json": body_with(path, NUL)}))
        for param in op.get("parameters", []):
            if param["in"] == "query" and "string" in str(param.get("schema", {})):
                out.append((method, target, param["name"], {"params": {param["name"]: NUL}}))
    return out


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
async def test_nul_in_any_text_field_is_a_422_naming_it(infra, api, service):
    client = await api(service)
    doc = (await client.get("/openapi.json")).json()
    checked = cases(doc)
    assert checked, "no text fields found"
    failures = []
    for method, url, field, kwargs in checked:
        response = await client.request(method.upper(), url, **kwargs)
        body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
        named = {(e.get("field"), e.get("message")) for e in body.get("errors") or []}
        if response.status_code != 422 or (field, MESSAGE) not in named:
            failures.append((method, url, field, response.status_code, str(body)[:200]))
    assert failures == [], f"{len(failures)} of {len(checked)}: {failures[:5]}"


@pytest.mark.parametrize("field", ["full_name", "birth_place", "mother_maiden_name", "address", "occupation"])
async def test_nul_in_an_otherwise_valid_registration_is_a_422_not_a_500(infra, api, field):
    from tests.factories import participant_body
    registry = await api("registry")
    body = participant_body("6101", serial=9300 + len(field))
    response = await registry.post("/v1/participants", json={**body, field: "Budi\x00Santoso"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": field, "message": MESSAGE}]


async def test_tab_and_newline_stay_allowed(infra, api):
    from tests.factories import participant_body
    registry = await api("registry")
    response = await registry.post("/v1/participants", json={**participant_body("6101", serial=9399),
                                                             "address": "Jl. A\nRT 1\tRW 2"})
    assert response.status_code == 201, response.text
