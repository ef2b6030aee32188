"""Errors as application/problem+json (RFC 9457), naming the field and the rule, in the caller's language.

One table maps error kinds to status codes; routes never build error responses themselves.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from allianties_shared.domain.errors import DomainError
from allianties_shared.eventstore.database_errors import CONNECTION_LOST, DatabaseUnavailable

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:nl:amsterdam:allianties:problem:"


def language(request: Request) -> str:
    """Dutch unless the caller prefers English (Accept-Language)."""
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("nl"):
            return "nl"
    return "nl"


def problem(status: int, rule: str, title: str, detail: str, *, request: Request, **extra: Any) -> JSONResponse:
    """An RFC 9457 body; ``rule`` names the broken rule (also the last part of ``type``)."""
    body = {
        "type": PROBLEM_BASE + rule,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "rule": rule,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


_TITLES = {
    400: ("Ongeldig verzoek", "Bad request"),
    401: ("Niet aangemeld", "Not authenticated"),
    403: ("Niet toegestaan", "Forbidden"),
    404: ("Niet gevonden", "Not found"),
    409: ("Conflict", "Conflict"),
    413: ("Verzoek te groot", "Request too large"),
    422: ("Regel overtreden", "Rule violated"),
    503: ("Tijdelijk niet beschikbaar", "Temporarily unavailable"),
}


def status_title(status: int, lang: str) -> str:
    nl, en = _TITLES.get(status, ("Fout", "Error"))
    return en if lang == "en" else nl


def database_unavailable(request: Request, error: DatabaseUnavailable) -> JSONResponse:
    """503 with ``Retry-After``: nothing of the request was stored, the same request may be sent again."""
    lang = language(request)
    detail = (
        f"The database cannot take this request now ({error.reason}); nothing was recorded, try again."
        if lang == "en"
        else f"De database kan dit verzoek nu niet aannemen ({error.reason}); er is niets vastgelegd, probeer het opnieuw."
    )
    response = problem(503, "database-unavailable", status_title(503, lang), detail, request=request)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def as_unavailable(error: BaseException) -> DatabaseUnavailable:
    """The project's own error for a lost database connection (the driver's error stays out of the answer)."""
    if isinstance(error, DatabaseUnavailable):
        return error
    return DatabaseUnavailable(f"connection lost: {type(error).__name__}")


def _parameter_name(error: dict) -> str:
    """The parameter as the caller wrote it: a body field by its path, a query/path/header key by its name, the body itself
    when it is no JSON at all (pydantic's location then ends in the character position, which names nothing)."""
    where, *path = error["loc"] or ("body",)
    if error["type"] == "json_invalid" or not path:
        return str(where)
    return ".".join(str(p) for p in path)


def invalid_input(request: Request, errors: list[dict]) -> JSONResponse:
    """NL API Design Rules /core/error-handling/invalid-input: 400, with every invalid parameter named in ``invalid-params``."""
    lang = language(request)
    params = [{"name": _parameter_name(e), "reason": e["msg"], "rule": e["type"]} for e in errors]
    named = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
    detail = f"Invalid input: {named}" if lang == "en" else f"Ongeldige invoer: {named}"
    first = params[0]["name"] if params else None
    return problem(400, "invalid-input", status_title(400, lang), detail, request=request, field=first, **{"invalid-params": params})


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DatabaseUnavailable)
    async def unavailable(request: Request, error: DatabaseUnavailable) -> JSONResponse:
        return database_unavailable(request, error)

    for lost in CONNECTION_LOST:

        @app.exception_handler(lost)
        async def connection_lost(request: Request, error: Exception) -> JSONResponse:
            return database_unavailable(request, as_unavailable(error))

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> JSONResponse:
        lang = language(request)
        return problem(
            error.status, error.rule, status_title(error.status, lang), error.message(lang), request=request, field=error.field
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return invalid_input(request, error.errors())

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        lang = language(request)
        rule = {401: "authentication", 403: "forbidden", 404: "not-found", 405: "method"}.get(error.status_code, "http")
        response = problem(error.status_code, rule, status_title(error.status_code, lang), str(error.detail), request=request)
        if error.headers:
            response.headers.update(error.headers)
        return response
