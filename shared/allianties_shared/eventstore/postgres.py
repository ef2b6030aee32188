"""The event store on PostgreSQL (asyncpg)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from uuid import UUID

import asyncpg
import orjson

from allianties_shared.domain.clock import Clock, SystemClock
from allianties_shared.domain.errors import ConcurrencyError
from allianties_shared.events.recorded import GENESIS_HASH, EventMetadata, RecordedEvent
from allianties_shared.eventstore.ports import START, NewEvent, Position, chain
from allianties_shared.eventstore.request_transaction import RequestTransaction

Projector = Callable[[asyncpg.Connection, RecordedEvent], Awaitable[None]]

_COLUMNS = """global_position, transaction_id::text::bigint AS transaction_id, stream_id, stream_type, version,
    event_id, name, schema_version, data::text AS data, metadata::text AS metadata, recorded_at, prev_hash, hash"""

_HEAD = "SELECT version, hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1"

# One round trip: insert only if the stream's head is still the one the events were chained to
# (version and hash), and only under a newer transaction id than the head's; else insert nothing.
_INSERT = """WITH head AS (
        SELECT version, hash, transaction_id FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1
    ), still_head AS (
        SELECT 1 WHERE coalesce((SELECT version FROM head), 0) = $12
            AND coalesce((SELECT hash FROM head), $13::char(64)) = $13::char(64)
            AND coalesce((SELECT transaction_id < pg_current_xact_id() FROM head), true)
    )
    INSERT INTO events (stream_id, stream_type, version, event_id, name, schema_version,
        data, metadata, recorded_at, prev_hash, hash)
    SELECT $1, $2, v, e, n, s, d::jsonb, m::jsonb, $3, p, h
    FROM unnest($4::int[], $5::uuid[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
        AS t(v, e, n, s, d, m, p, h)
    WHERE EXISTS (SELECT 1 FROM still_head)
    RETURNING global_position, transaction_id::text::bigint AS transaction_id"""

_READ_ALL = f"""SELECT {_COLUMNS} FROM events
    WHERE (transaction_id, global_position) > ($1::text::xid8, $2)
      AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY events.transaction_id, events.global_position LIMIT $3"""


def row_to_event(row: asyncpg.Record) -> RecordedEvent:
    """One row of our own table (columns in ``_COLUMNS`` order), whose constraints already hold."""
    position, transaction, stream, stream_type, version, event_id, name, schema, data, metadata, at, prev, hash_ = row
    return RecordedEvent(
        event_id=event_id,
        stream_id=stream,
        stream_type=stream_type,
        version=version,
        name=name,
        schema_version=schema,
        data=orjson.loads(data),
        metadata=EventMetadata(**orjson.loads(metadata)),
        recorded_at=at,
        global_position=position,
        transaction_id=transaction,
        prev_hash=prev,
        hash=hash_,
    )


class PostgresTransaction:
    def __init__(self, connection: asyncpg.Connection, projectors: Sequence[Projector], clock: Clock) -> None:
        self.connection = connection
        self._projectors = projectors
        self._clock = clock
        self._heads: dict[str, tuple[int, str]] = {}

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        rows = await self.connection.fetch(
            f"SELECT {_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY version", stream_id
        )
        events = [row_to_event(r) for r in rows]
        self._heads[stream_id] = (events[-1].version, events[-1].hash) if events else (0, GENESIS_HASH)
        return events

    async def _head(self, stream_id: str) -> tuple[int, str]:
        """The head this transaction saw (no round trip after ``read_stream``), else the stored one."""
        if stream_id not in self._heads:
            row = await self.connection.fetchrow(_HEAD, stream_id)
            self._heads[stream_id] = (row["version"], row["hash"]) if row else (0, GENESIS_HASH)
        return self._heads[stream_id]

    async def append(
        self, stream_id: str, stream_type: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]:
        if not events:
            return []
        actual, prev_hash = await self._head(stream_id)
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual)
        recorded = chain(stream_id, stream_type, expected_version, prev_hash, events, self._clock.now())
        try:
            rows = await self.connection.fetch(
                _INSERT,
                stream_id,
                stream_type,
                recorded[0].recorded_at,
                [e.version for e in recorded],
                [e.event_id for e in recorded],
                [e.name for e in recorded],
                [e.schema_version for e in recorded],
                [json.dumps(e.data) for e in recorded],
                [json.dumps(e.metadata.as_dict()) for e in recorded],
                [e.prev_hash for e in recorded],
                [e.hash for e in recorded],
                expected_version,
                prev_hash,
            )
        except asyncpg.UniqueViolationError as error:
            if error.constraint_name == "events_pkey":
                raise ConcurrencyError(stream_id, expected_version, None) from None
            raise
        if not rows:  # the head moved, or sorts after us in the reading order: decide again on a fresh load
            self._heads.pop(stream_id, None)
            raise ConcurrencyError(stream_id, expected_version, None)
        self._heads[stream_id] = (recorded[-1].version, recorded[-1].hash)
        recorded = [
            e._replace(global_position=r["global_position"], transaction_id=r["transaction_id"])
            for e, r in zip(recorded, rows, strict=True)
        ]
        for event in recorded:
            for project in self._projectors:
                await project(self.connection, event)
        return recorded

    async def was_processed(self, consumer: str, event_id: UUID) -> bool:
        return bool(
            await self.connection.fetchval(
                "SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2", consumer, event_id
            )
        )

    async def mark_processed(self, consumer: str, event_id: UUID) -> None:
        try:
            await self.connection.execute(
                "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)", consumer, event_id
            )
        except asyncpg.UniqueViolationError:
            raise ConcurrencyError(f"processed:{consumer}", 0, 1) from None


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool, projectors: Sequence[Projector] = (), clock: Clock | None = None) -> None:
        self.pool = pool
        self.projectors = list(projectors)
        self.clock = clock or SystemClock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        """One transaction; inside an HTTP write with an ``Idempotency-Key`` it joins the request's own.

        The request's first transaction begins the request transaction and, at a clean exit, leaves it
        pending for the edge to commit with the answer; if it raises, everything is rolled back so a
        retry starts on a fresh transaction. Later ones run as savepoints on the same connection.
        """
        pending = RequestTransaction.active()
        if pending is None:
            async with self.pool.acquire() as connection, connection.transaction():
                yield PostgresTransaction(connection, self.projectors, self.clock)
        elif pending.connection is None:
            connection = await pending.begin(self.pool)
            try:
                yield PostgresTransaction(connection, self.projectors, self.clock)
            except BaseException:
                await pending.abandon()
                raise
        else:
            async with pending.connection.transaction():
                yield PostgresTransaction(pending.connection, self.projectors, self.clock)

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        async with self.pool.acquire() as connection:
            return await PostgresTransaction(connection, (), self.clock).read_stream(stream_id)

    async def read_all(self, after: Position = START, limit: int = 1000) -> list[RecordedEvent]:
        rows = await self.pool.fetch(_READ_ALL, str(after.transaction_id), after.global_position, limit)
        return [row_to_event(r) for r in rows]

    async def stream_heads(self) -> dict[str, tuple[int, str]]:
        """Every stream's last version and its hash: with the chain, a digest of the whole store."""
        rows = await self.pool.fetch(
            "SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM events ORDER BY stream_id, version DESC"
        )
        return {r["stream_id"]: (r["version"], r["hash"]) for r in rows}

    async def head(self) -> Position:
        """The newest position a follower can reach now."""
        row = await self.pool.fetchrow(
            """SELECT transaction_id::text::bigint AS t, global_position AS g FROM events
               WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
               ORDER BY transaction_id DESC, global_position DESC LIMIT 1"""
        )
        return Position(row["t"], row["g"]) if row else START

    async def count_after(self, after: Position) -> int:
        return await self.pool.fetchval(
            "SELECT count(*) FROM events WHERE (transaction_id, global_position) > ($1::text::xid8, $2)",
            str(after.transaction_id),
            after.global_position,
        )

    async def position_of(self, global_position: int) -> Position:
        """The reading-order position just before the event with this global position."""
        txid = await self.pool.fetchval(
            "SELECT transaction_id::text::bigint FROM events WHERE global_position >= $1 ORDER BY global_position LIMIT 1",
            global_position,
        )
        if txid is None:
            return await self.head()
        return Position(txid, global_position - 1)
