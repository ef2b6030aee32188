"""Helpers the tests share."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import asyncpg

from allianties_shared.eventstore.migrations import migrate, shared_migrations


@asynccontextmanager
async def migrated_pool(database_url: str, migrations: list[tuple[str, str]] = ()) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=20)
    try:
        async with pool.acquire() as connection:
            await migrate(connection, shared_migrations() + list(migrations))
        yield pool
    finally:
        await pool.close()


@asynccontextmanager
async def served_on_loopback(app, port: int | None = None) -> AsyncIterator[str]:
    """Serve an ASGI app over real HTTP on loopback (lifespan and all), on ``port`` or a free one; yield its URL."""
    import uvicorn

    from allianties_infra.embedded import free_port

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 15.0, what: str = "condition") -> None:
    """Wait until ``check()`` holds; fail with ``what`` when it does not within ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running_service(definition, kafka_settings, *, platform=None) -> AsyncIterator[ServiceClient]:
    """Start a service in this process (lifespan and all) on the real database and broker."""
    import httpx

    from allianties_shared.runtime import create_app
    from allianties_shared.settings import PlatformSettings

    platform = platform or PlatformSettings()
    app = create_app(definition, platform, kafka_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{definition.name}") as http:
            yield ServiceClient(app, http, platform)


class ServiceClient:
    def __init__(self, app, http, platform) -> None:
        from allianties_shared.http.auth import TokenIssuer

        self.app = app
        self.http = http
        self.tokens = TokenIssuer(platform.auth_secret.get_secret_value())

    @property
    def service(self):
        return self.app.state.service

    def token(self, role: str, actor_id: str | None = None, alliances: tuple[str, ...] = ()) -> dict[str, str]:
        from allianties_shared.domain import Actor, Role

        default_id = "systeem:test" if role == Role.SYSTEEM else f"{role}-1"
        actor = Actor(id=actor_id or default_id, role=Role(role), alliances=frozenset(alliances))
        return {"Authorization": f"Bearer {self.tokens.issue(actor)}"}

    async def request(self, method: str, url: str, *, role: str, alliances: tuple[str, ...] = (), **kwargs):
        headers = {**self.token(role, alliances=alliances), **kwargs.pop("headers", {})}
        return await self.http.request(method, url, headers=headers, **kwargs)
