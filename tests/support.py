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


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 15.0, what: str = "condition") -> None:
    """Wait until ``check()`` holds; fail with ``what`` when it does not within ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)
