"""Rebuild a service's read models from its events without downtime: build aside, then switch.

The read-model migrations run again in a fresh schema; every event is projected into it; events
that commit meanwhile are caught up; then, in one short transaction that holds back new appends,
the last events are projected and the fresh tables replace the old ones. Readers never see a
half-built table: until the switch they read the old ones, after it the new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from allianties_shared.eventstore.migrations import migrate
from allianties_shared.eventstore.ports import START, Position
from allianties_shared.eventstore.postgres import PostgresEventStore, row_to_event
from allianties_shared.runtime.definition import ServiceDefinition

BATCH = 1000
_READ_ALL_LOCKED = """SELECT global_position, transaction_id::text::bigint AS transaction_id, stream_id, stream_type,
        version, event_id, name, schema_version, data::text AS data, metadata::text AS metadata, recorded_at,
        prev_hash, hash
    FROM events WHERE (transaction_id, global_position) > ($1::text::xid8, $2)
    ORDER BY events.transaction_id, events.global_position LIMIT $3"""


@dataclass
class RebuildProgress:
    state: str = "idle"  # idle, building, switching, done, failed
    total: int = 0
    projected: int = 0
    tables: list[str] = field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None


async def _project(connection: asyncpg.Connection, definition: ServiceDefinition, rows: list[asyncpg.Record]) -> Position:
    for row in rows:
        event = row_to_event(row)
        for project in definition.projectors:
            await project(connection, event)
    last = row_to_event(rows[-1])
    return Position(last.transaction_id, last.global_position)


async def rebuild_read_models(
    pool: asyncpg.Pool,
    store: PostgresEventStore,
    definition: ServiceDefinition,
    progress: RebuildProgress,
    on_progress: Callable[[RebuildProgress], None] = lambda _: None,
) -> RebuildProgress:
    schema = f"rebuild_{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    progress.state, progress.started_at, progress.projected = "building", datetime.now(UTC), 0
    progress.total = await store.count_after(START)
    async with pool.acquire() as connection:
        try:
            await connection.execute(f'CREATE SCHEMA "{schema}"')
            await connection.execute(f'SET search_path TO "{schema}", public')
            # The read-model migrations again, now creating their tables in the fresh schema.
            await connection.execute("CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            await migrate(connection, definition.migrations)
            progress.tables = [
                r["table_name"]
                for r in await connection.fetch(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'schema_migrations'",
                    schema,
                )
            ]
            position = START
            while batch := await store.read_all(position, BATCH):  # committed events, in reading order
                async with connection.transaction():
                    for event in batch:
                        for project in definition.projectors:
                            await project(connection, event)
                position = Position.of(batch[-1])
                progress.projected += len(batch)
                on_progress(progress)
            progress.state = "switching"
            on_progress(progress)
            async with connection.transaction():
                # Hold back appends (they take ROW EXCLUSIVE) for the moment of the switch; reads go on.
                await connection.execute("LOCK TABLE public.events IN EXCLUSIVE MODE")
                while rows := await connection.fetch(_READ_ALL_LOCKED, str(position.transaction_id), position.global_position, BATCH):
                    position = await _project(connection, definition, rows)
                    progress.projected += len(rows)
                for table in progress.tables:
                    await connection.execute(f'DROP TABLE public."{table}" CASCADE')
                    await connection.execute(f'ALTER TABLE "{schema}"."{table}" SET SCHEMA public')
                await connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
            progress.state, progress.finished_at = "done", datetime.now(UTC)
        except Exception as error:
            progress.state, progress.error = "failed", f"{type(error).__name__}: {error}"
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            raise
        finally:
            await connection.execute("RESET search_path")
    on_progress(progress)
    return progress
