"""The chaos run's checks find what they look for: a command recorded twice, an effect done twice, a mail without Message-ID."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import asyncpg
import pytest

from allianties_infra.chaos_checks import (
    accepted_commands_once,
    consumer_effects_once,
    mail_at_least_once,
    webhooks_at_least_once,
)
from allianties_infra.http_retry import Exchange
from allianties_shared.events.recorded import EventMetadata
from allianties_shared.eventstore.ports import NewEvent
from allianties_shared.eventstore.postgres import PostgresEventStore

SERVICES = ("aanvraag", "toekenning", "verantwoording", "notificatie")


@pytest.fixture
async def store(pool: asyncpg.Pool) -> PostgresEventStore:
    async with pool.acquire() as connection:
        await connection.execute("CREATE TABLE feed (position bigserial, event_id uuid UNIQUE, name text NOT NULL DEFAULT 'iets', "
                                 "subject text NOT NULL DEFAULT 's-1', sequence bigint NOT NULL DEFAULT 1)")
        await connection.execute("CREATE TABLE subscriptions (subscription_id uuid, start_position bigint)")
        await connection.execute("CREATE TABLE message_outcomes (outcome text)")
    return PostgresEventStore(pool)


async def record(store: PostgresEventStore, stream: str, name: str, correlation: str, cause: str | None = None) -> str:
    """One transaction with one event; its id."""
    event_id = uuid4()
    metadata = EventMetadata(correlation_id=correlation, actor_id="tester", actor_role="operator", causation_id=cause)
    async with store.transaction() as tx:
        version = len(await store.read_stream(stream))
        await tx.append(stream, "test", version, [NewEvent(name=name, schema_version=1, data={}, metadata=metadata, event_id=event_id)])
    return str(event_id)


def write(correlation: str, status: int | None, path: str = "/v1/aanvragen") -> Exchange:
    return Exchange("POST", f"http://127.0.0.1:8001{path}", str(uuid4()), correlation, attempts=1, status=status)


async def test_a_command_recorded_twice_or_a_refusal_that_recorded_anything_fails_the_check(store, pool):
    await record(store, "a-1", "aanvraag-opgesteld", "once")
    await record(store, "a-2", "aanvraag-opgesteld", "twice")
    await record(store, "a-2", "aanvraag-opgesteld", "twice")
    await record(store, "a-3", "aanvraag-opgesteld", "refused-yet-recorded")
    await record(store, "a-4", "aanvraag-opgesteld", "no-answer")
    journal = [write("once", 201), write("twice", 201), write("refused-yet-recorded", 422), write("lost", 201),
               write("no-answer", None), write("refused", 409)]
    async with pool.acquire() as connection:
        check = await accepted_commands_once({"aanvraag": connection}, {"aanvraag": journal})
    assert check.checked == 6
    assert len(check.failures) == 3
    assert any("accepted but recorded in 2 transactions" in f for f in check.failures)
    assert any("refused but recorded 1 transactions" in f for f in check.failures)
    assert any("accepted but recorded in 0 transactions" in f for f in check.failures)


async def test_an_effect_done_twice_or_not_at_all_and_an_event_missing_from_the_feed_fail_the_check(store, pool):
    submitted = await record(store, "a-1", "aanvraag-ingediend", "c-1")
    await record(store, "b-1", "beoordeling-geopend", "c-1", cause=submitted)
    await record(store, "b-2", "beoordeling-geopend", "c-1", cause=submitted)  # the same cause, another transaction
    forgotten = await record(store, "a-2", "aanvraag-ingediend", "c-2")
    async with pool.acquire() as connection:
        await connection.execute("INSERT INTO feed (event_id) SELECT event_id FROM events WHERE stream_id <> 'a-2'")
        check = await consumer_effects_once(dict.fromkeys(SERVICES, connection))
    assert any(f"event {submitted} caused effects in 2 transactions" in f for f in check.failures)
    assert any(f"aanvraag-ingediend {submitted}: 2 × beoordeling-geopend" in f for f in check.failures)
    assert any(f"aanvraag-ingediend {forgotten}: 0 × beoordeling-geopend" in f for f in check.failures)
    assert any(f"event {forgotten}: 0 feed entries" in f for f in check.failures)


def mail(directory: Path, n: int, message_id: str | None) -> None:
    directory.mkdir(exist_ok=True)
    header = f"Message-ID: {message_id}\r\n" if message_id else ""
    (directory / f"{n:05d}.eml").write_bytes(f"From: a@example.org\r\n{header}Subject: x\r\n\r\nbody\r\n".encode())


async def test_a_mail_sent_twice_passes_only_after_a_notificatie_fault_and_under_one_message_id(store, pool, tmp_path):
    mail(tmp_path, 1, "<n-1.p-1@allianties>")
    mail(tmp_path, 2, "<n-1.p-1@allianties>")
    mail(tmp_path, 3, "<n-2.p-1@allianties>")
    async with pool.acquire() as connection:
        await connection.execute("INSERT INTO message_outcomes VALUES ('verzonden'), ('verzonden')")
        quiet = await mail_at_least_once(connection, tmp_path, notificatie_faults=0)
        after_a_kill = await mail_at_least_once(connection, tmp_path, notificatie_faults=1)
        await connection.execute("INSERT INTO message_outcomes VALUES ('verzonden')")
        one_missing = await mail_at_least_once(connection, tmp_path, notificatie_faults=1)
    assert [f for f in quiet.failures if "more than once without any notificatie process killed" in f]
    assert after_a_kill.passed and after_a_kill.notes
    assert one_missing.failures == ["notificatie recorded 3 messages as sent, the sink holds 2 distinct mails"]


async def test_a_mail_without_message_id_fails_the_check(store, pool, tmp_path):
    mail(tmp_path, 1, None)
    async with pool.acquire() as connection:
        await connection.execute("INSERT INTO message_outcomes VALUES ('verzonden')")
        check = await mail_at_least_once(connection, tmp_path, notificatie_faults=0)
    assert check.failures == ["1 of 1 mails carry no Message-ID: a re-sent mail cannot be recognised"]


async def test_a_feed_event_a_subscriber_never_got_got_twice_without_a_fault_or_got_out_of_order_fails_the_check(store, pool):
    ids = [str(uuid4()) for _ in range(4)]
    subscription = str(uuid4())
    async with pool.acquire() as connection:
        await connection.execute("INSERT INTO subscriptions VALUES ($1, 1)", subscription)
        await connection.executemany("INSERT INTO feed (event_id, name, sequence) VALUES ($1, $2, $3)",
                                     [(ids[0], "iets", 1), (ids[1], "iets", 2), (ids[2], "aflevering-geprobeerd", 1), (ids[3], "iets", 3)])
        complete = await webhooks_at_least_once(connection, {"archief": (subscription, [ids[1], ids[3], ids[3]])}, notificatie_faults=1)
        twice = await webhooks_at_least_once(connection, {"archief": (subscription, [ids[1], ids[3], ids[3]])}, notificatie_faults=0)
        missing = await webhooks_at_least_once(connection, {"archief": (subscription, [ids[1]])}, notificatie_faults=0)
        disorder = await webhooks_at_least_once(connection, {"archief": (subscription, [ids[3], ids[1]])}, notificatie_faults=0)
    assert complete.passed and complete.checked == 2, "after its start position, the delivery log not counted"
    assert twice.failures == ["archief: 1 events arrived more than once without any notificatie process killed"]
    assert missing.failures == [f"archief: 1 of 2 feed events never arrived, e.g. {ids[3]}"]
    assert disorder.failures == ["archief: stream s-1: event 2 arrived after event 3"]
