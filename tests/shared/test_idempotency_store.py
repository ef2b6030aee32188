"""The request transaction on the real PostgreSQL: pending until the answer is stored, one commit for both."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from allianties_shared.eventstore.idempotency_keys import Answer, find_answer
from allianties_shared.eventstore.migrations import migrate, shared_migrations
from allianties_shared.eventstore.pool import BoundedPool, create_bounded_pool
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.eventstore.request_transaction import RequestTransaction
from tests.shared.test_event_store_contract import append, new_events

ANSWER = Answer(201, [("content-type", "application/json")], b'{"ok": true}')


@pytest.fixture
async def bounded(database_url) -> BoundedPool:
    pool = await create_bounded_pool(database_url, size=4, acquire_timeout=2)
    async with pool.acquire() as connection:
        await migrate(connection, shared_migrations())
    yield pool
    await pool.close()


async def committed_events(database_url) -> int:
    outsider = await asyncpg.connect(database_url)
    try:
        return await outsider.fetchval("SELECT count(*) FROM events")
    finally:
        await outsider.close()


async def test_the_events_of_a_keyed_request_stay_pending_until_they_commit_with_the_answer(bounded, database_url):
    store = PostgresEventStore(bounded)
    with RequestTransaction.opened("operator:o-1", "k-1", "f" * 64, lock_timeout=1) as pending:
        await append(store, "s-1", 0, new_events(2))
        await append(store, "s-2", 0, new_events(1))  # a second transaction of the request: a savepoint
        assert await bounded.fetchval("SELECT count(*) FROM events") == 3  # the request reads its own writes
        assert await committed_events(database_url) == 0  # nobody else sees them yet
        await pending.commit(ANSWER, retention_seconds=60)
    assert await committed_events(database_url) == 3
    async with bounded.acquire() as connection:
        stored = await find_answer(connection, "operator:o-1", "k-1")
    assert stored is not None and stored.answer == ANSWER and stored.fingerprint == "f" * 64


async def test_an_abandoned_request_leaves_neither_events_nor_an_answer(bounded, database_url):
    store = PostgresEventStore(bounded)
    with RequestTransaction.opened("operator:o-1", "k-2", "f" * 64, lock_timeout=1) as pending:
        await append(store, "s-1", 0, new_events(2))
        await pending.abandon()
    assert await committed_events(database_url) == 0
    assert await bounded.fetchval("SELECT count(*) FROM idempotency_keys") == 0


async def test_a_failing_first_transaction_rolls_back_so_the_retry_starts_afresh(bounded, database_url):
    store = PostgresEventStore(bounded)
    with RequestTransaction.opened("operator:o-1", "k-3", "f" * 64, lock_timeout=1) as pending:
        with pytest.raises(RuntimeError):
            async with store.transaction() as tx:
                await tx.append("s-1", "test", 0, new_events(1))
                raise RuntimeError("the decision failed")
        assert pending.connection is None
        await append(store, "s-1", 0, new_events(1))  # version 1 again: the first attempt left nothing
        await pending.commit(ANSWER, retention_seconds=60)
    assert await committed_events(database_url) == 1


async def test_work_of_the_request_in_another_task_uses_the_pool_as_always(bounded, database_url):
    store = PostgresEventStore(bounded)
    with RequestTransaction.opened("operator:o-1", "k-4", "f" * 64, lock_timeout=1) as pending:
        await append(store, "s-1", 0, new_events(1))
        await asyncio.create_task(append(store, "s-2", 0, new_events(1)))  # commits on its own
        assert await committed_events(database_url) == 1
        await pending.abandon()
    assert await committed_events(database_url) == 1
