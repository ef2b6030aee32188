"""A request-body limit per route, enforced while reading: 413 problem+json before the body is read whole.

A route declares its own limit next to itself, with FastAPI's own ``@router.post(..., max_body_size=n)``;
every other route gets the service's default (``ALLIANTIES_MAX_BODY_BYTES``). FastAPI enforces a
route's ``max_body_size`` only inside the router, after the middlewares; this one applies it before
them, because the idempotency middleware reads the body first. ``Content-Length`` is checked first;
then the stream is counted as it arrives and reading stops at the first byte over the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi.routing import RouteContext, iter_route_contexts
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allianties_shared.http.edge_answers import send_problem

_JSON_ROOM = 64 * 1024  # the other fields of a JSON body around one large value


def json_body_around(largest_value: int) -> int:
    """A body limit for JSON that carries one value of ``largest_value`` characters (a base64 file, say)."""
    return largest_value + _JSON_ROOM


class BodyTooLarge(Exception):  # noqa: N818 - the edge answers it, it is not a failure of ours
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over {limit} bytes")
        self.limit = limit


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole body, or ``BodyTooLarge`` as soon as more than ``limit`` bytes arrived."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then whatever the client sends next."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, routes: Callable[[], Sequence[BaseRoute]], default_limit: int) -> None:
        self.app = app
        self.routes = routes
        self.default_limit = default_limit
        self._declared: list[RouteContext] | None = None

    def limit_for(self, scope: Scope) -> int:
        """The ``max_body_size`` of the route the request goes to, else the default."""
        if self._declared is None:  # routes are all in place once requests arrive
            self._declared = [r for r in iter_route_contexts(self.routes()) if getattr(r, "max_body_size", None) is not None]
        for route in self._declared:
            if route.matches(scope)[0] is Match.FULL:
                return route.max_body_size
        return self.default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        try:
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            body = await read_body(receive, limit)
        except BodyTooLarge:
            await send_problem(
                scope,
                send,
                413,
                "request-body-too-large",
                f"De body van dit verzoek is groter dan {limit} bytes.",
                f"The body of this request is larger than {limit} bytes.",
                headers=[(b"connection", b"close")],
            )
            return
        await self.app(scope, replaying(body, receive), send)
