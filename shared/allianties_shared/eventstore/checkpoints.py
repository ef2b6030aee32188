"""Where each follower of the global log has got to, stored in the service's own database."""

from __future__ import annotations

import asyncpg

from allianties_shared.eventstore.ports import START, Position


class PostgresCheckpoints:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def load(self, name: str) -> Position:
        row = await self.pool.fetchrow(
            "SELECT transaction_id::text::bigint AS t, global_position AS g FROM checkpoints WHERE name = $1", name
        )
        return Position(row["t"], row["g"]) if row else START

    async def save(self, name: str, position: Position) -> None:
        await self.pool.execute(
            """INSERT INTO checkpoints (name, transaction_id, global_position) VALUES ($1, $2::text::xid8, $3)
               ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                   global_position = EXCLUDED.global_position, updated_at = now()""",
            name,
            str(position.transaction_id),
            position.global_position,
        )

    async def all(self) -> dict[str, Position]:
        rows = await self.pool.fetch(
            "SELECT name, transaction_id::text::bigint AS t, global_position AS g FROM checkpoints ORDER BY name"
        )
        return {r["name"]: Position(r["t"], r["g"]) for r in rows}
