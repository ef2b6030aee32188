"""The OpenAPI document as the NL API Design Rules want it, and as the app behaves.

``API-Version`` on every response (/core/version-header); every 4xx and 5xx as application/problem+json
(/core/error-handling/problem-details) and a 400 on every operation that takes input, in place of FastAPI's 422
``HTTPValidationError`` (/core/error-handling/invalid-input); ``servers`` and ``info.contact`` (/core/doc-openapi-contact).
"""

from __future__ import annotations

from fastapi import FastAPI

from allianties_shared.http.api_version import HEADER as VERSION_HEADER
from allianties_shared.http.idempotency import WRITES
from allianties_shared.http.problems import PROBLEM_JSON

CONTACT = {
    "name": "Gemeente Amsterdam, subsidieregeling allianties",
    "url": "https://www.amsterdam.nl/subsidies/",
    "email": "allianties@amsterdam.nl",
}
_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `rule` names the broken rule, `field` the first parameter it is about",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "examples": ["urn:nl:amsterdam:allianties:problem:invalid-input"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "rule": {"type": "string"},
        "field": {"type": "string"},
        "invalid-params": {
            "type": "array",
            "description": "on a 400: every invalid parameter, by name (`body` for a body that is no JSON)",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}, "rule": {"type": "string"}},
            },
        },
    },
}
_VERSION = {"description": "The full version of this API (semver)", "schema": {"type": "string", "examples": ["1.0.0"]}}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _document_operation(method: str, operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's validation answer: the app answers invalid input 400
    write = method.upper() in WRITES
    if write or operation.get("parameters"):
        responses["400"] = {"description": "Invalid input: every invalid parameter in `invalid-params`"}
    if write:
        responses["422"] = {"description": "Refused by a rule (`rule` names it), or an Idempotency-Key reused for another request"}
    for status, response in responses.items():
        response.setdefault("headers", {})[VERSION_HEADER] = {"$ref": f"#/components/headers/{VERSION_HEADER}"}
        if status[0] in "45":
            response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def document_nl_api_rules(app: FastAPI, server_url: str) -> None:
    """Rewrite ``app``'s OpenAPI after FastAPI builds it (wrap ``app.openapi`` before anything caches it)."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        schema["info"]["contact"] = CONTACT
        schema["servers"] = [{"url": server_url, "description": "this instance"}]
        components = schema.setdefault("components", {})
        components.setdefault("headers", {})[VERSION_HEADER] = _VERSION
        schemas = components.setdefault("schemas", {})
        for name in _FASTAPI_VALIDATION:
            schemas.pop(name, None)
        schemas["Problem"] = _PROBLEM
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                _document_operation(method, operation)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
