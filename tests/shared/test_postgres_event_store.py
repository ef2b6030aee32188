"""What only the real PostgreSQL store can show: immutable rows, tamper detection, late commits."""

from __future__ import annotations

import asyncio
import json
from uuid import uuid4

import asyncpg
import pytest

from allianties_shared.contracts.aanvraag import AanvraagIngediend, registry
from allianties_shared.contracts.toekenning import SubsidieVerleend, Verplichting
from allianties_shared.contracts.toekenning import registry as toekenning
from allianties_shared.domain.clock import SystemClock
from allianties_shared.domain.errors import ConcurrencyError
from allianties_shared.eventstore import Position, verify_chains
from allianties_shared.eventstore.ports import NewEvent
from allianties_shared.eventstore.postgres import PostgresEventStore, PostgresTransaction
from tests.shared.test_event_store_contract import META, append, new_events


@pytest.fixture
def store(pool: asyncpg.Pool) -> PostgresEventStore:
    return PostgresEventStore(pool)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE events SET data = '{}'::jsonb", "DELETE FROM events", "TRUNCATE events"],
)
async def test_postgresql_itself_refuses_to_change_or_remove_a_stored_event(store, pool, statement):
    await append(store, "s-1", 0, new_events(2))
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="events are immutable"):
        await pool.execute(statement)
    assert len(await store.read_stream("s-1")) == 2


async def test_an_event_altered_behind_the_triggers_back_is_caught_by_the_hash_chain(store, pool):
    await append(store, "s-1", 0, new_events(3))
    await append(store, "s-2", 0, new_events(1))
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SET LOCAL session_replication_role = replica")  # triggers off
        await connection.execute("""UPDATE events SET data = '{"n": 99}'::jsonb WHERE stream_id = 's-1' AND version = 2""")
    problems = verify_chains(await store.read_all())
    assert [(p.stream_id, p.version, p.problem) for p in problems] == [("s-1", 2, "content does not match its hash")]


async def test_a_removed_event_shows_as_a_gap_in_the_chain(store, pool):
    await append(store, "s-1", 0, new_events(3))
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SET LOCAL session_replication_role = replica")
        await connection.execute("DELETE FROM events WHERE stream_id = 's-1' AND version = 2")
    problems = verify_chains(await store.read_all())
    assert {p.problem for p in problems} == {"version follows 1", "previous hash does not match"}


async def test_a_follower_never_skips_an_event_whose_transaction_commits_late(store, pool):
    slow = await pool.acquire()
    try:
        slow_tx = slow.transaction()
        await slow_tx.start()
        await PostgresTransaction(slow, (), SystemClock()).append("slow", "test", 0, new_events(1))  # lower id, not committed
        await append(store, "fast", 0, new_events(1))  # commits first
        seen = await store.read_all()
        assert seen == [], "the fast event must wait for the older, still running transaction"
        await slow_tx.commit()
    finally:
        await pool.release(slow)
    assert [e.stream_id for e in await store.read_all()] == ["slow", "fast"]


async def test_a_writer_whose_transaction_is_older_than_the_streams_head_must_retry(store, pool):
    """Otherwise stream version n+1 would sort before version n in the global log."""
    await append(store, "s-1", 0, new_events(1))
    early = await pool.acquire()
    try:
        async with early.transaction():
            await early.execute("SELECT pg_current_xact_id()")  # takes its transaction id now
            await append(store, "s-1", 1, new_events(1))  # a newer transaction writes version 2
            with pytest.raises(ConcurrencyError):
                await PostgresTransaction(early, (), SystemClock()).append("s-1", "test", 2, new_events(1))
    finally:
        await pool.release(early)
    log = await store.read_all()
    assert [e.version for e in log] == [1, 2]


async def test_eight_concurrent_writers_append_ten_thousand_events_and_a_follower_reads_each_exactly_once(store):
    writers, per_writer, batch = 8, 1250, 5
    follower_seen: list = []
    done = asyncio.Event()

    async def writer(w: int) -> None:
        for i in range(0, per_writer, batch):
            stream = f"w{w}-s{i % 50}"
            while True:
                version = len(await store.read_stream(stream))
                try:
                    await append(store, stream, version, new_events(batch))
                    break
                except ConcurrencyError:
                    continue

    async def follower() -> None:
        position = Position()
        while True:
            finished = done.is_set()
            batch_read = await store.read_all(position, limit=700)
            if batch_read:
                follower_seen.extend(batch_read)
                position = Position.of(batch_read[-1])
            elif finished:
                return
            else:
                await asyncio.sleep(0.005)

    reading = asyncio.create_task(follower())
    await asyncio.gather(*(writer(w) for w in range(writers)))
    done.set()
    await reading
    ids = [e.event_id for e in follower_seen]
    assert len(ids) == writers * per_writer == 10_000
    assert len(set(ids)) == len(ids), "an event was read twice"
    all_events = await store.read_all(limit=20_000)
    assert {e.event_id for e in all_events} == set(ids), "an event was missed"
    assert verify_chains(follower_seen) == [], "stream order broken in the global log"


async def test_an_old_version_of_an_event_is_upcast_on_read_and_never_rewritten(store, pool):
    v1 = {
        "aanvraag_id": "a-1",
        "alliantie_id": "all-1",
        "ronde_id": "2021",
        "referentie": "AV-2021-001",
        "prioriteit": 3,
        "bedrag_per_jaar_centen": 100,
        "ingediend_op": "2021-03-01T10:00:00+00:00",
    }
    await append(store, "a-1", 0, [NewEvent("aanvraag-ingediend", 1, v1, META, uuid4())])
    async with store.transaction() as tx:
        recorded = await tx.read_stream("a-1")
    event = registry.decode(recorded[0].name, recorded[0].schema_version, recorded[0].data)
    assert isinstance(event, AanvraagIngediend)
    assert event.prioriteiten == [3]
    stored = await pool.fetchval("SELECT data::text FROM events WHERE stream_id = 'a-1'")
    assert json.loads(stored)["prioriteit"] == 3


def test_a_v1_grant_is_upcast_to_a_beschikking_with_the_2021_regime():
    v1 = {
        "beoordeling_id": "a-p1",
        "aanvraag_id": "a",
        "alliantie_id": "all",
        "prioriteit": 1,
        "bedrag_per_jaar_centen": 8_000_000,
        "periode_start": "2021-06-01",
        "periode_eind": "2022-05-31",
    }
    grant = toekenning.decode("subsidie-verleend", 1, v1)
    assert isinstance(grant, SubsidieVerleend)
    assert grant.verplichtingen == [Verplichting.KWARTAALGESPREKKEN, Verplichting.HALFJAARLIJKSE_VERANTWOORDING]
    assert grant.max_coordinatie_procent == 15
    assert [v.bedrag_centen for v in grant.voorschotten] == [8_000_000]
