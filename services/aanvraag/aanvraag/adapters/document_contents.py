"""Document bytes in the service's own table, addressed by SHA-256; never inside an event.

The table holds primary data (the bytes are not in the events), so it is migrated apart from the
read models: ``document_store_migrations`` run at start-up, and a read-model rebuild never touches it.
"""

from __future__ import annotations

import asyncpg

from allianties_shared.eventstore.migrations import migrate, package_migrations
from allianties_shared.eventstore.postgres import PostgresTransaction


def document_store_migrations() -> list[tuple[str, str]]:
    return [(f"aanvraag_document_store_{name}", sql) for name, sql in package_migrations("aanvraag.adapters", "document_store")]


async def migrate_document_store(pool: asyncpg.Pool) -> list[str]:
    async with pool.acquire() as connection:
        return await migrate(connection, document_store_migrations())


class PostgresDocumentContents:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def put(self, tx: PostgresTransaction, sha256: str, content: bytes) -> None:
        await tx.connection.execute(
            "INSERT INTO document_contents (sha256, content) VALUES ($1, $2) ON CONFLICT DO NOTHING", sha256, content
        )

    async def get(self, sha256: str) -> bytes | None:
        return await self.pool.fetchval("SELECT content FROM document_contents WHERE sha256 = $1", sha256)
