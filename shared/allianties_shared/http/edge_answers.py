"""Answers the pure-ASGI middlewares give themselves, before or instead of the app: problem+json."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Message, Scope, Send

from allianties_shared.http.problems import language, problem, status_title


async def _nothing_to_receive() -> Message:
    return {"type": "http.disconnect"}


async def send_problem(
    scope: Scope,
    send: Send,
    status: int,
    rule: str,
    detail_nl: str,
    detail_en: str,
    *,
    headers: list[tuple[bytes, bytes]] = (),
) -> None:
    """Send an RFC 9457 answer in the caller's language (Accept-Language), as the app's handlers would."""
    request = Request(scope)
    lang = language(request)
    response = problem(status, rule, status_title(status, lang), detail_en if lang == "en" else detail_nl, request=request)
    response.raw_headers.extend(headers)
    await response(scope, _nothing_to_receive, send)
