"""The edge's headers in OpenAPI: ``Idempotency-Key`` on every write, ``Idempotent-Replayed`` on its answers."""

from __future__ import annotations

from fastapi import FastAPI

from allianties_shared.http.idempotency import HEADER, MAX_KEY_LENGTH, REPLAYED_HEADER, WRITES

_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "A unique key per logical request (a UUID, say), sent again unchanged on every retry: within the retention "
        "window the first answer is returned and nothing is recorded twice. The same key with another method, path "
        "or body is refused (422 `idempotency-key-reused`); while the first request runs, a retry waits for it or "
        "gets 409 `idempotency-key-in-use`."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}
_REPLAYED = {
    "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
    "schema": {"type": "string", "enum": ["true"]},
}


def document_edge_headers(app: FastAPI) -> None:
    """Add the idempotency header parameter to every POST, PUT, PATCH and DELETE of ``app``'s OpenAPI."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {})
        components.setdefault("parameters", {})["IdempotencyKey"] = _PARAMETER
        components.setdefault("headers", {})[REPLAYED_HEADER] = _REPLAYED
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method.upper() not in WRITES:
                    continue
                operation.setdefault("parameters", []).append({"$ref": "#/components/parameters/IdempotencyKey"})
                for status, response in operation.get("responses", {}).items():
                    if status.startswith("2"):
                        response.setdefault("headers", {})[REPLAYED_HEADER] = {"$ref": f"#/components/headers/{REPLAYED_HEADER}"}
        return schema

    app.openapi = openapi
