"""Every service's OpenAPI document describes every answer (issue 13 item 3): a response schema and an
example for every operation, RFC 9457 problems for every error status, the X-API-Key scheme, no route
shadowing another, and 405 with Allow. Routes other helpers add are covered as they land."""
from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path

from shared.app import create_app
from shared.devstack.services import ALL_SERVICES, SERVICES
from shared.problems import PROBLEM_JSON


def _app(service):
    return create_app(__import__(f"{service.package}.main", fromlist=["SPEC"]).SPEC)


@pytest.fixture(scope="module", params=SERVICES, ids=[s.name for s in SERVICES])
def service_app(request):
    return request.param.name, _app(request.param)


@pytest.fixture(scope="module", params=ALL_SERVICES, ids=[s.name for s in ALL_SERVICES])
def any_app(request):
    """The five services and the console (its OpenID Connect endpoints answer OAuth's shapes)."""
    return request.param.name, _app(request.param)


def _operations(doc):
    return [(f"{method.upper()} {path}", operation) for path, item in doc["paths"].items()
            for method, operation in item.items()]


def _success(operation):
    return {code: r for code, r in operation["responses"].items() if code.startswith("2")}


def test_every_operation_has_a_response_schema_and_example(any_app):
    """No operation answers an untyped JSON object: a response model (or a declared file type) each."""
    _name, app = any_app
    doc = app.openapi()
    lacking = []
    for key, operation in _operations(doc):
        contents = [c for r in _success(operation).values() for c in r.get("content", {}).values()]
        typed = bool(contents) and all(c.get("schema") for c in contents)
        if not typed:
            lacking.append(f"{key}: no response schema")
        for content in contents:
            if content["schema"].get("format") != "binary" and "example" not in content:
                lacking.append(f"{key}: no answer example")
        for body in operation.get("requestBody", {}).get("content", {}).values():
            if "example" not in body and "examples" not in body:
                lacking.append(f"{key}: no request example")
    assert not lacking, lacking


# Routes that speak a neighbour's standard answer its error envelope, not RFC 9457 (docs/API.md §16:
# OSS RBA's responreceiveNIB, the DCI standard's message envelope with its error codes).
FOREIGN = ("/v1/dci/", "/v1/oss/receiveNIB")
# Anyone holding a signed document may check it: no key, no token (docs/API.md, document register).
PUBLIC = {"GET /v1/documents/verify/{code}"}


def test_every_error_status_is_a_problem_document(service_app):
    _name, app = service_app
    doc = app.openapi()
    scheme = doc["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-Key")
    bearer = doc["components"]["securitySchemes"]["BearerJWT"]
    assert (bearer["type"], bearer["scheme"], bearer["bearerFormat"]) == ("http", "bearer", "JWT")
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["properties"]) >= {"type", "title", "status", "detail", "instance", "errors"}
    for key, operation in _operations(doc):
        codes = set(operation["responses"])
        if " /v1/" in key and key not in PUBLIC:
            assert {"401", "403", "404", "422", "429", "503"} <= codes | {"422"}, key
            assert operation["security"] == [{"ApiKey": []}, {"BearerJWT": []}], key
        for code, response in operation["responses"].items():
            if int(code) >= 400 and not key.endswith("/readyz") and not key.split(" ")[1].startswith(FOREIGN):
                assert list(response["content"]) == [PROBLEM_JSON], (key, code)


# the neighbour's envelope per status (and the problem beside it where the shared plumbing refuses first), the
# body the route reads raw and the neighbour's header it checks itself: schemathesis can only fuzz what is declared
NEIGHBOURS = {"/v1/oss/receiveNIB": ("ReceiveNibAnswer", {"400", "401", "403"}, "Token"),
              "/v1/dci/registry/sync/search": ("DciErrors", {"400", "401", "409"}, "Signature"),
              "/v1/dci/registry/search": ("DciErrors", {"400", "401", "409"}, "Signature")}


def test_neighbour_routes_declare_their_envelopes_bodies_and_headers():
    doc = _app(next(s for s in SERVICES if s.name == "registry")).openapi()
    for path, (envelope, statuses, header) in NEIGHBOURS.items():
        operation = doc["paths"][path]["post"]
        for status in statuses:
            content = operation["responses"][status]["content"]
            assert content["application/json"]["schema"] == {"$ref": f"#/components/schemas/{envelope}"}, path
            assert "example" in content["application/json"], (path, status)
        assert PROBLEM_JSON in operation["responses"]["401"]["content"], path
        assert PROBLEM_JSON in operation["responses"]["403"]["content"], path
        body = operation["requestBody"]["content"]["application/json"]
        assert body["schema"]["type"] == "object" and "$ref" not in str(body["schema"]) and "example" in body, path
        assert [(p["name"], p["in"], p["required"]) for p in operation["parameters"]] == [(header, "header", True)]


def test_no_route_is_shadowed(service_app):
    """A literal segment must never be caught by another route's {param} (GET /participants/resolve
    answered by /participants/{id}): whatever the methods, the request would reach the wrong route."""
    _name, app = service_app
    # the route's own path keeps its convertors ({id:uuid} never catches a literal)
    paths = {context.path for context in iter_route_contexts(app.routes) if getattr(context, "methods", None)}
    shadowed = []
    for path in paths:
        concrete = re.sub(r"{[^}]+:uuid}", "3fa85f64-5717-4562-b3fc-2c963f66afa6", path)
        concrete = re.sub(r"{[^}]+}", "x0", concrete)
        for other in paths - {path}:
            if compile_path(other)[0].match(concrete):
                shadowed.append(f"{path} caught by {other}")
    assert not shadowed, shadowed


async def test_405_names_every_method_of_the_path(service_app):
    _name, app = service_app
    doc = app.openapi()
    path, item = next((p, i) for p, i in doc["paths"].items() if p.startswith("/v1/") and "{" not in p)
    declared = {m.upper() for m in item}
    method = "PATCH" if "PATCH" not in declared else "DELETE"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        answer = await client.request(method, path)
    assert answer.status_code == 405
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    assert declared <= {m.strip() for m in answer.headers["allow"].split(",")}
