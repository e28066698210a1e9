"""Issue 10 item 11: a boolean is never a number. `true` in any integer or number field of any
JSON body of the five OpenAPI documents is a 422 naming the field (`contract_value: true` was
stored as 1)."""
from __future__ import annotations

import pytest

from shared.devstack.services import SERVICES
from tests.integration.privacy.test_control_characters import _resolve, concrete, operations
from tests.integration.registry.helpers import employer_body

# Bodies whose nested facts are checked by the rules once the request itself is valid
BASES = {"/v1/evaluations": {"regency_code": "6101", "scheme": "palm_oil_worker_aid"}}


def number_paths(schema: dict, doc: dict, path: tuple = (), fixed: tuple = (), depth: int = 0) -> list:
    """(path, fixed) per integer/number field; `fixed` are the (path, value) of the constant
    properties beside it (a discriminated union's tag)."""
    schema = _resolve(schema, doc)
    if depth > 6:
        return []
    out = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            out += number_paths(sub, doc, path, fixed, depth + 1)
    if schema.get("type") in ("integer", "number") and path:
        out.append((path, fixed))
    properties = {name: _resolve(sub, doc) for name, sub in schema.get("properties", {}).items()}
    tags = tuple(((*path, name), sub["const"] if "const" in sub else sub["enum"][0])
                 for name, sub in properties.items() if "const" in sub or len(sub.get("enum", [])) == 1)
    for name, sub in properties.items():
        out += number_paths(sub, doc, (*path, name), fixed + tags, depth + 1)
    if schema.get("type") == "array" and "items" in schema:
        out += number_paths(schema["items"], doc, (*path, 0), fixed, depth + 1)
    return out


def put(body, path: tuple, value):
    """`body` with `value` at `path` (0 = the first list item), containers made as needed."""
    head, rest = path[0], path[1:]
    if head == 0:
        body = body if isinstance(body, list) else [None]
        body[0] = put(body[0], rest, value) if rest else value
    else:
        body = body if isinstance(body, dict) else {}
        body[head] = put(body.get(head), rest, value) if rest else value
    return body


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
async def test_true_in_any_number_field_is_a_422_naming_it(infra, api, service):
    client = await api(service)
    doc = (await client.get("/openapi.json")).json()
    failures, checked = [], 0
    for url, method, op in operations(doc):
        schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        for path, fixed in number_paths(schema, doc) if schema else []:
            checked += 1
            field = ".".join(str(p) for p in path)
            body = dict(BASES.get(url, {}))
            for tag_path, value in fixed:
                body = put(body, tag_path, value)
            response = await client.request(method.upper(), concrete(url), json=put(body, path, True))
            named = {e.get("field") for e in response.json().get("errors") or []}
            # a tagged union's errors carry the tag first (`jp.contribution_months`)
            if response.status_code != 422 or not any(n == field or n.endswith("." + field) for n in named):
                failures.append((method, url, field, response.status_code))
    assert failures == [], f"{len(failures)} of {checked}: {failures}"


async def test_contract_value_true_is_refused(infra, api):
    registry = await api("registry")
    employer = await registry.post("/v1/employers", json=employer_body("6101"))
    assert employer.status_code == 201, employer.text
    response = await registry.post("/v1/construction-projects", json={
        "regency_code": "6101", "employer_id": employer.json()["id"], "name": "Jembatan", "contract_value": True,
        "funding_source": "apbd", "spk_date": "2026-01-05"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["contract_value"]
