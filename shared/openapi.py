"""The OpenAPI document every service serves, completed generically (docs/API.md §2, §4):
problem answers (RFC 9457) for every status a route can give, the X-API-Key scheme, an example
request and answer for every operation, and /docs + /redoc with their assets from installed
packages (no CDN: an intranet browser gets them from the service itself)."""
from __future__ import annotations

import copy
import functools
import inspect
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles

from shared.problems import PROBLEM_JSON

ASSETS_PATH = "/docs-assets"
# the characters shared/text_input.py refuses, as a JSON Schema (ECMA 262) pattern (unpaired surrogates
# left out: no generator or validator can match them, and text_input refuses them anyway)
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FASTAPI_DESCRIPTIONS = ("Additional Response", "Validation Error")  # what FastAPI writes when a route says nothing
API_KEY_SCHEME = "ApiKey"
BEARER_SCHEME = "BearerJWT"

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "Masalah (RFC 9457) / An RFC 9457 problem document (docs/API.md §4).",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "example": "https://lindung.go.id/problems/validation-error"},
        "title": {"type": "string", "example": "Invalid input"},
        "status": {"type": "integer", "example": 422},
        "detail": {"type": "string", "example": "Request has invalid fields"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "message"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            "additionalProperties": True}},
    },
    "additionalProperties": True,
}

# what each status means, in Indonesian and English, and its problem type slug
STATUS_TEXT = {
    400: ("bad-request", "Isi permintaan bukan JSON yang sah / The body is not well-formed JSON"),
    401: ("unauthorized", "Kunci API (X-API-Key) tidak ada atau tidak dikenal / Missing or unknown X-API-Key"),
    403: ("forbidden", "Klien tidak memiliki cakupan atau kabupaten yang diperlukan / "
                       "The client lacks the scope or the regency the request needs"),
    404: ("not-found", "Tidak ditemukan (atau kabupaten tidak dikenal) / Not found (or unknown regency)"),
    409: ("conflict", "Bertentangan dengan keadaan saat ini / Conflicts with the current state"),
    413: ("payload-too-large", "Isi permintaan melebihi batas ukuran endpoint / "
                               "The body exceeds the endpoint's size cap"),
    422: ("validation-error", "Masukan tidak sah; `errors` menyebut setiap field / "
                              "Invalid input; `errors` names each field"),
    429: ("too-many-requests", "Terlalu banyak permintaan; lihat Retry-After / Rate limited; see Retry-After"),
    503: ("service-unavailable", "Basis data atau bus kejadian tidak terjangkau / Database or event bus unreachable"),
}

# realistic values by field name, ids that exist in the shipped profiles (Lamandau, Perbup 25/2024)
EXAMPLE_VALUES: dict[str, Any] = {
    "regency_code": "6207", "domicile_regency_code": "6207", "nik": "6207014506900001", "niks": ["6207014506900001"],
    "scheme": "bpu_registration", "violation": "employer_not_registered", "service": "business_license",
    "services": ["business_license"], "category": "vulnerable_worker", "occupation": "farmer",
    "worker_type": "bpu", "sex": "F", "source": "inspector_recommendation", "funding": "aid",
    "funding_source": "apbd", "programs": ["JKK", "JKM"], "program": "JKK", "employer_kind": "non_state",
    "business_scale": "small", "sector": "general", "full_name": "Siti Aminah", "name": "CV Maju Bersama",
    "birth_place": "Nanga Bulik", "birth_date": "1990-06-05", "mother_maiden_name": "Mariam",
    "address": "Jl. Trans Kalimantan No. 12, Nanga Bulik", "village_code": "6207012001", "nib": "9120001234567",
    "npwp": "012345678901000", "reference": "B/123/DPMPTSP/2026", "decree_number": "188.45/12/2026",
    "reason": "no_longer_vulnerable", "decision": "impose", "months": 12, "fiscal_year": 2026, "year": 2026,
    "amount": 5000000, "contract_value": 2500000000, "as_of": "2026-01-15", "date": "2026-01-15",
    "start_date": "2026-01-01", "effective_date": "2026-03-31", "spk_date": "2026-01-05", "latitude": -1.87,
    "longitude": 111.19, "workforce_estimate": 45000, "target_ratio": 0.6, "limit": 50, "purpose": "lookup",
}
FORMAT_VALUES = {"date": "2026-01-15", "date-time": "2026-01-15T08:00:00Z",
                 "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "uri": "https://lindung.go.id/",
                 "email": "petugas@lamandaukab.go.id", "binary": "(file)"}
TYPE_VALUES = {"string": "string", "integer": 1, "number": 1.0, "boolean": True}


def install_openapi(app: FastAPI) -> None:
    """Replace the app's OpenAPI generator and serve /docs and /redoc from local assets."""
    app.openapi = lambda: _document(app)
    _install_docs(app)


def api_routes(app: FastAPI) -> list:
    """Every API route with its full path, included routers walked (FastAPI keeps them nested)."""
    return [context for context in iter_route_contexts(app.routes) if isinstance(context.original_route, APIRoute)]


def _document(app: FastAPI) -> dict:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    components.setdefault("securitySchemes", {})[API_KEY_SCHEME] = {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "Kunci klien (sistem) / A client's key (systems: OSS/PTSP, BPJS, jobs)"}
    components["securitySchemes"][BEARER_SCHEME] = {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "Token akses OIDC seorang petugas / A person's OIDC access token (docs/API.md §14)"}
    components["schemas"].pop("HTTPValidationError", None)
    components["schemas"].pop("ValidationError", None)
    for name in _request_models(doc):
        _refuse_control_characters(components["schemas"][name])
    for route in api_routes(app):
        if route.include_in_schema:
            for method in route.methods:
                operation = doc["paths"].get(route.path_format, {}).get(method.lower())
                if operation is not None:
                    _complete(operation, route, method, doc)
    app.openapi_schema = doc
    return doc


def binary(*media_types: str, description: str = "Berkas / A file") -> dict:
    """`responses=` for a route answering a file (PDF, XLSX, CSV, ZIP) instead of JSON."""
    return {200: {"description": description,
                  "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in media_types}}}


def neighbour(model: type, statuses: dict[int, tuple[str, Any]], *, problems: tuple[int, ...] = (401, 403)) -> dict:
    """`responses=` for a route that speaks a neighbour's standard (OSS RBA, DCI) instead of RFC 9457: each
    status in `statuses` (status -> description, example) answers the neighbour's envelope `model` as
    application/json. `_complete` leaves a status a route declared alone; where the shared plumbing may refuse
    first with the same status (X-API-Key missing: 401, scope lacking: 403), `problems` lists it and the
    problem document is declared beside the envelope."""
    answers: dict = {}
    for status, (description, example) in statuses.items():
        content: dict = {"application/json": {"example": example}}
        if status in problems and status in STATUS_TEXT:
            slug, text = STATUS_TEXT[status]
            content[PROBLEM_JSON] = {"schema": {"$ref": "#/components/schemas/Problem"}, "example": {
                "type": "https://lindung.go.id/problems/" + slug, "title": slug.replace("-", " ").capitalize(),
                "status": status, "detail": text.split(" / ")[-1]}}
        answers[status] = {"model": model, "description": description, "content": content}
    return answers


def raw_body(model: type, *, required: bool = True) -> dict:
    """`openapi_extra=` documenting the JSON body of a route that reads its raw bytes (a signature covers
    them, or the neighbour's refusal must be answered in its own envelope): `model`'s schema, inlined."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
        return {key: inline(value) for key, value in node.items()}

    return {"requestBody": {"required": required, "content": {"application/json": {"schema": inline(schema)}}}}


def _binary_answers(operation: dict, route) -> None:
    """A file answer is declared as such: no empty JSON beside it, a binary schema on each media type."""
    for code, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if not code.startswith("2") or not (set(content) - {"application/json"}):
            continue
        response_class = getattr(route.response_class, "value", route.response_class)  # DefaultPlaceholder
        json_class = not isinstance(response_class, type) or issubclass(response_class, JSONResponse)
        if not json_class and not content.get("application/json", {}).get("schema"):
            content.pop("application/json", None)
        for media, entry in content.items():
            if "json" not in media and not entry.get("schema"):
                entry["schema"] = {"type": "string", "format": "binary"}


def _request_models(doc: dict) -> set[str]:
    """Component schemas reachable from a request body: answers (problems echo what was sent) keep no pattern."""
    found: set[str] = set()
    stack = [content.get("schema") for item in doc["paths"].values() for operation in item.values()
             for content in operation.get("requestBody", {}).get("content", {}).values()]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if ref and name not in found and name in doc["components"]["schemas"]:
                found.add(name)
                stack.append(doc["components"]["schemas"][name])
            stack.extend(v for k, v in node.items() if k != "$ref")
    return found


def _refuse_control_characters(schema: Any) -> None:
    """Say in the schema what shared/text_input.py enforces: free text holds no control character but
    tab and newline (docs/API.md §4). Strings with a format, an enum or their own pattern are left alone."""
    if isinstance(schema, list):
        for item in schema:
            _refuse_control_characters(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"format", "enum", "pattern", "const"} & set(schema)):
        schema["pattern"] = TEXT_PATTERN
    for key, value in schema.items():
        if key not in ("example", "examples", "default", "enum", "const"):
            _refuse_control_characters(value)


def _not_null(parameter: dict) -> None:
    """A query, path or header value is a string or absent, never JSON null: an optional `uuid | None`
    parameter is documented as its non-null form (a client sending the text `null` is refused)."""
    schema = parameter.get("schema") or {}
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1 and len(schema["anyOf"]) == 2:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        parameter["schema"] = {**options[0], **rest}


def _complete(operation: dict, route, method: str, doc: dict) -> None:
    _binary_answers(operation, route)
    for parameter in operation.get("parameters", []):
        _not_null(parameter)
        _refuse_control_characters(parameter.get("schema"))
    for content in operation.get("requestBody", {}).get("content", {}).values():
        _refuse_control_characters(content.get("schema"))
    secured = _secured(route)
    if secured and "security" not in operation:  # a route that takes one of them only says so itself
        operation["security"] = [{API_KEY_SCHEME: []}, {BEARER_SCHEME: []}]  # either one
    responses = operation.setdefault("responses", {})
    for status in sorted(_statuses(route, method, operation, secured)):
        slug, text = STATUS_TEXT[status]
        entry = responses.setdefault(str(status), {})
        if status != 422 and set(entry.get("content", {})) - {PROBLEM_JSON}:
            continue  # the route declared its own answer for this status (e.g. /readyz's 503)
        if entry.get("description") in (None, *FASTAPI_DESCRIPTIONS):  # a route's own words stay
            entry["description"] = text
        entry["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": {
            "type": "https://lindung.go.id/problems/" + slug, "title": slug.replace("-", " ").capitalize(),
            "status": status, "detail": text.split(" / ")[-1]}}}
        if status == 429:
            entry["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                "description": "Detik menunggu / Seconds to wait"}}
    _examples(operation, doc)


def _statuses(route, method: str, operation: dict, secured: bool) -> set[int]:
    has_input = bool(operation.get("parameters") or operation.get("requestBody"))
    statuses = {404, 503} if route.path_format.startswith("/v1/") else set()
    if secured:
        statuses |= {401, 403, 429}
    if has_input:
        statuses.add(422)
    if method in WRITE_METHODS:
        statuses |= {409, 413}
    if operation.get("requestBody"):
        statuses.add(400)
    statuses |= {int(code) for code in operation.get("responses", {}) if code.isdigit() and int(code) in STATUS_TEXT}
    return statuses


def _secured(route) -> bool:
    """A route is secured when one of its dependencies authenticates a client (`require`, `require_any`, ...)."""
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        call = dependant.call
        if call is not None and route.dependant is not dependant and _authenticates(call):
            return True
        stack.extend(dependant.dependencies)
    return False


def _authenticates(call) -> bool:
    try:
        annotation = inspect.signature(call).return_annotation
    except (TypeError, ValueError):
        return False
    return getattr(annotation, "__name__", annotation) == "Client"


# ---- examples --------------------------------------------------------------------------------

def _examples(operation: dict, doc: dict) -> None:
    for parameter in operation.get("parameters", []):
        if "example" not in parameter and "examples" not in parameter:
            parameter["example"] = example_of(parameter.get("schema", {}), doc, parameter["name"])
    for content in operation.get("requestBody", {}).get("content", {}).values():
        if "example" not in content and "examples" not in content and "schema" in content:
            content["example"] = example_of(content["schema"], doc)
    for response in operation.get("responses", {}).values():
        for content in response.get("content", {}).values():
            binary_answer = content.get("schema", {}).get("format") == "binary"
            if "example" not in content and "examples" not in content and content.get("schema") and not binary_answer:
                content["example"] = example_of(content["schema"], doc)


def example_of(schema: dict, doc: dict, name: str | None = None, depth: int = 0) -> Any:
    """A realistic value for `schema`: its own example, else an allowed value, else one by field name."""
    schema = _resolve(schema, doc)
    if depth > 8:
        return None
    for key in ("example", "const"):
        if key in schema:
            return copy.deepcopy(schema[key])
    if schema.get("examples"):
        return copy.deepcopy(schema["examples"][0])
    if schema.get("enum"):
        return schema["enum"][0]
    if name in EXAMPLE_VALUES:
        return copy.deepcopy(EXAMPLE_VALUES[name])
    if schema.get("default") is not None:
        return copy.deepcopy(schema["default"])
    for combinator in ("anyOf", "oneOf", "allOf"):
        options = [o for o in schema.get(combinator, []) if _resolve(o, doc).get("type") != "null"]
        if options:
            return example_of(options[0], doc, name, depth + 1)
    return _by_type(schema, doc, depth)


def _by_type(schema: dict, doc: dict, depth: int) -> Any:
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {key: example_of(sub, doc, key, depth + 1) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example_of(schema.get("items", {}), doc, None, depth + 1)]
    if schema.get("format") in FORMAT_VALUES:
        return FORMAT_VALUES[schema["format"]]
    if kind == "integer" and "minimum" in schema:
        return schema["minimum"]
    return TYPE_VALUES.get(kind, {} if kind is None else None)


def _resolve(schema: dict, doc: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc.get("components", {}).get("schemas", {}).get(name, {})
    return schema if isinstance(schema, dict) else {}


# ---- /docs and /redoc without a CDN -----------------------------------------------------------

def _assets_dir() -> Path:
    import fastapi_offline  # ships swagger-ui and redoc's JS/CSS as package data

    return Path(fastapi_offline.__file__).parent / "static"


@functools.cache
def _redoc_script() -> bytes:
    """ReDoc as packaged, but its one hard-wired remote image (the Redocly logo) points at the local favicon."""
    script = (_assets_dir() / "redoc.standalone.js").read_bytes()
    return script.replace(b"https://cdn.redoc.ly/redoc/logo-mini.svg", f"{ASSETS_PATH}/favicon.png".encode())


def _install_docs(app: FastAPI) -> None:
    @app.get(f"{ASSETS_PATH}/redoc.standalone.js", include_in_schema=False)
    async def redoc_script():
        return Response(_redoc_script(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount(ASSETS_PATH, StaticFiles(directory=_assets_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request):
        root = request.scope.get("root_path", "")  # behind the proxy's path prefix
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json", title=f"{app.title} - API",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            swagger_ui_parameters={"persistAuthorization": True, "displayRequestDuration": True,
                                   "validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request):
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=f"{root}/openapi.json", title=f"{app.title} - API",
                              redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png", with_google_fonts=False)
