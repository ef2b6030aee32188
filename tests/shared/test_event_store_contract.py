"""One contract, two stores: the PostgreSQL store we ship and the in-memory fake used for fast tests."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from allianties_shared.domain.errors import ConcurrencyError
from allianties_shared.events.recorded import EventMetadata
from allianties_shared.eventstore import NewEvent, Position, verify_chains
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.eventstore.postgres import PostgresEventStore
from tests.support import migrated_pool

META = EventMetadata(correlation_id="c-1", actor_id="tester", actor_role="operator")


def new_events(count: int, name: str = "iets-gebeurd") -> list[NewEvent]:
    return [NewEvent(name=name, schema_version=1, data={"n": i}, metadata=META, event_id=uuid4()) for i in range(count)]


@pytest.fixture(params=["postgres", "memory"])
async def store(request: pytest.FixtureRequest):
    if request.param == "memory":
        yield InMemoryEventStore()
        return
    async with migrated_pool(request.getfixturevalue("database_url")) as pool:
        yield PostgresEventStore(pool)


async def append(store, stream: str, expected: int, events: list[NewEvent]):
    async with store.transaction() as tx:
        return await tx.append(stream, "test", expected, events)


async def test_appended_events_read_back_in_stream_order_with_versions_from_one(store):
    await append(store, "s-1", 0, new_events(3))
    await append(store, "s-1", 3, new_events(2))
    events = await store.read_stream("s-1")
    assert [e.version for e in events] == [1, 2, 3, 4, 5]
    assert [e.data["n"] for e in events] == [0, 1, 2, 0, 1]


async def test_an_append_at_a_stale_version_raises_a_concurrency_error_and_changes_nothing(store):
    await append(store, "s-1", 0, new_events(2))
    with pytest.raises(ConcurrencyError) as raised:
        await append(store, "s-1", 1, new_events(1))
    assert raised.value.expected == 1
    assert len(await store.read_stream("s-1")) == 2


async def test_appending_to_a_new_stream_with_a_nonzero_version_is_refused(store):
    with pytest.raises(ConcurrencyError):
        await append(store, "s-new", 4, new_events(1))
    assert await store.read_stream("s-new") == []


async def test_of_two_concurrent_writers_at_the_same_version_exactly_one_wins(store):
    await append(store, "s-1", 0, new_events(1))
    results = await asyncio.gather(
        append(store, "s-1", 1, new_events(1)), append(store, "s-1", 1, new_events(1)), return_exceptions=True
    )
    assert sum(isinstance(r, ConcurrencyError) for r in results) == 1
    assert [e.version for e in await store.read_stream("s-1")] == [1, 2]


async def test_a_failed_transaction_leaves_no_events_and_no_processed_marks(store):
    marker = uuid4()
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.append("s-1", "test", 0, new_events(2))
            await tx.mark_processed("group", marker)
            raise RuntimeError("crash between two writes")
    assert await store.read_stream("s-1") == []
    async with store.transaction() as tx:
        assert not await tx.was_processed("group", marker)


async def test_the_global_log_holds_every_stream_in_commit_order_and_resumes_after_a_position(store):
    await append(store, "a", 0, new_events(2))
    await append(store, "b", 0, new_events(1))
    await append(store, "a", 2, new_events(1))
    log = await store.read_all()
    assert [(e.stream_id, e.version) for e in log] == [("a", 1), ("a", 2), ("b", 1), ("a", 3)]
    rest = await store.read_all(after=Position.of(log[1]))
    assert [(e.stream_id, e.version) for e in rest] == [("b", 1), ("a", 3)]
    assert await store.read_all(after=Position.of(log[-1])) == []
    assert [(e.stream_id, e.version) for e in await store.read_all(limit=2)] == [("a", 1), ("a", 2)]


async def test_each_stream_is_a_hash_chain_that_verifies(store):
    await append(store, "a", 0, new_events(2))
    await append(store, "a", 2, new_events(2))
    await append(store, "b", 0, new_events(1))
    events = await store.read_all()
    assert verify_chains(events) == []
    a = await store.read_stream("a")
    assert a[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(a, a[1:], strict=False))


async def test_an_event_marked_processed_is_known_and_cannot_be_marked_twice(store):
    event_id = uuid4()
    async with store.transaction() as tx:
        assert not await tx.was_processed("group", event_id)
        await tx.mark_processed("group", event_id)
    async with store.transaction() as tx:
        assert await tx.was_processed("group", event_id)
        assert not await tx.was_processed("other-group", event_id)
    with pytest.raises(ConcurrencyError):
        async with store.transaction() as tx:
            await tx.mark_processed("group", event_id)
