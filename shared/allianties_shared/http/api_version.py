"""NL API Design Rules /core/version-header (API-57): every answer carries the API's full version in ``API-Version``.

The major version is the ``/v1`` in the paths; the header and ``info.version`` carry all of it (semver).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_VERSION = "1.0.0"
HEADER = "API-Version"


class ApiVersionMiddleware:
    """Outermost, so answers the other middlewares give themselves (413, replays, 503) carry it too."""

    def __init__(self, app: ASGIApp, version: str = API_VERSION) -> None:
        self.app = app
        self.header = (HEADER.lower().encode(), version.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != self.header[0]]
                message["headers"] = [*headers, self.header]
            await send(message)

        await self.app(scope, receive, send_with_version)
