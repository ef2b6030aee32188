"""Faults between the services: duplicates, poison messages, a crash between commit and publish."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_shared.contracts.aanvraag import AanvraagIngediend
from allianties_shared.events.envelope import CloudEvent, kafka_headers
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.messaging.relay import OutboxRelay
from allianties_shared.settings import PlatformSettings
from tests.flow.test_one_flow_through_all_four_services import submit_application
from tests.support import eventually, running_service
from toekenning.bootstrap import bootstrap as toekenning
from toekenning.settings import ToekenningSettings

SETTABLE = PlatformSettings(settable_clock=True)


def submitted_event(application_id: str, priorities: list[int]) -> CloudEvent:
    event = AanvraagIngediend(
        aanvraag_id=application_id,
        alliantie_id="queer-amsterdam",
        ronde_id="2021",
        referentie="AV-2021-TEST",
        prioriteiten=priorities,
        bedrag_per_jaar_centen=10_000_000,
        ingediend_op=datetime(2021, 3, 1, tzinfo=UTC),
    )
    recorded = RecordedEvent(
        event_id=uuid.uuid4(),
        stream_id=f"aanvraag-{application_id}",
        stream_type="aanvraag",
        version=2,
        name=event.name,
        schema_version=event.version,
        data=event.model_dump(mode="json"),
        metadata=EventMetadata(correlation_id="c-test", actor_id="dev-penvoerder", actor_role="penvoerder"),
        recorded_at=datetime.now(UTC),
    )
    return CloudEvent.from_recorded(recorded, oin="00000001002564440000", service="aanvraag", schema_base_url="http://x/schemas")


async def produce(kafka_settings, topic: str, messages: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers, enable_idempotence=False)
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, key=key, value=value, headers=kafka_headers())
    finally:
        await producer.stop()


async def read_topic(kafka_settings, topic: str, expected: int, timeout_ms: int = 10_000) -> list:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka_settings.bootstrap_servers, auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        found = []
        while len(found) < expected:
            batch = await consumer.getmany(timeout_ms=timeout_ms)
            if not batch:
                break
            found.extend(record for records in batch.values() for record in records)
        return found
    finally:
        await consumer.stop()


@pytest.fixture
def databases(postgres):
    names = {s: f"{s}_{uuid.uuid4().hex[:8]}" for s in ("aanvraag", "toekenning")}
    for name in names.values():
        postgres.create_database(name)
    return {s: postgres.dsn(n) for s, n in names.items()}


@pytest.fixture
async def assessment_service(databases, kafka_settings):
    async with running_service(toekenning(ToekenningSettings(database_url=databases["toekenning"])), kafka_settings) as client:
        yield client


async def assessments(client) -> list[dict]:
    return (await client.request("GET", "/v1/beoordelingen", role="auditor")).json()


async def test_the_same_event_delivered_three_times_changes_state_once(assessment_service, kafka_settings):
    event = submitted_event("dup-1", [4])
    message = (event.subject.encode(), event.to_bytes())
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [message, message, message])

    async def three_seen() -> bool:
        return sum(assessment_service.service.consumers[0].consumer.counts.values()) == 3

    await eventually(three_seen, what="three deliveries handled")
    assert assessment_service.service.consumers[0].consumer.counts == {"processed": 1, "duplicate": 2}
    assert [a["beoordeling_id"] for a in await assessments(assessment_service)] == ["dup-1-p4"]
    assert len(await assessment_service.service.store.read_all()) == 1


async def test_malformed_json_and_an_unknown_type_go_to_the_dead_letter_topic_and_the_partition_moves_on(
    assessment_service, kafka_settings
):
    key = b"aanvraag-poison"  # one key: one partition, so later messages must get past the bad ones
    unknown = submitted_event("x", [1]).model_copy(update={"type": "nl.amsterdam.subsidies.allianties.bestaat-niet.v1"})
    good = submitted_event("after-poison", [1]).model_copy(update={"subject": "aanvraag-poison"})
    await produce(
        kafka_settings,
        kafka_settings.topic("aanvraag"),
        [(key, b'{"specversion": "1.0", "id": '), (key, unknown.to_bytes()), (key, good.to_bytes())],
    )

    async def good_one_processed() -> bool:
        return [a["beoordeling_id"] for a in await assessments(assessment_service)] == ["after-poison-p1"]

    await eventually(good_one_processed, what="the message after the poison ones")
    dead = await read_topic(kafka_settings, kafka_settings.dead_letter_topic("toekenning"), expected=2)
    bodies = [json.loads(record.value) for record in dead]
    assert [b["reason"] for b in bodies] == ["unreadable", "unreadable"]
    assert "not JSON" in bodies[0]["error"]
    assert "bestaat-niet" in bodies[1]["error"]
    assert bodies[0]["original"]["topic"] == kafka_settings.topic("aanvraag")
    assert dict(dead[0].headers)["dlq-reason"] == b"unreadable"


async def test_an_event_committed_before_a_crash_is_published_after_the_restart_with_one_effect_downstream(
    assessment_service, databases, kafka_settings
):
    settings = AanvraagSettings(database_url=databases["aanvraag"], relay_enabled=False)
    async with running_service(aanvraag(settings), kafka_settings, platform=SETTABLE) as intake:
        await submit_application(intake)  # committed; the relay is not running: the process "dies" here
        unpublished = await intake.service.store.count_after(await intake.service.relay.position())
        assert unpublished == 9, "committed, unpublished: registration, draft, five documents, budget, submit"
    assert await assessments(assessment_service) == []

    async with running_service(aanvraag(AanvraagSettings(database_url=databases["aanvraag"])), kafka_settings, platform=SETTABLE):

        async def assessed() -> bool:
            return len(await assessments(assessment_service)) == 2

        await eventually(assessed, what="assessments after the restart")
    assert sorted(a["beoordeling_id"] for a in await assessments(assessment_service)) == ["qa-2021-p2", "qa-2021-p3"]


async def test_a_crash_after_publishing_but_before_the_checkpoint_publishes_again_and_changes_nothing_downstream(
    assessment_service, databases, kafka_settings
):
    settings = AanvraagSettings(database_url=databases["aanvraag"], relay_enabled=False)
    async with running_service(aanvraag(settings), kafka_settings, platform=SETTABLE) as intake:
        await submit_application(intake)
        service = intake.service
        checkpoints = service.checkpoints

        class CrashBeforeCheckpoint:
            async def load(self, name):
                return await checkpoints.load(name)

            async def save(self, name, position):
                raise ConnectionError("process died after publishing")

        crashing = OutboxRelay(service.store, CrashBeforeCheckpoint(), service.relay.publisher)
        with pytest.raises(ConnectionError):
            await crashing.drain()

        async def assessed() -> bool:
            return len(await assessments(assessment_service)) == 2

        await eventually(assessed, what="assessments from the first publish")
        assert await service.relay.drain() == 9  # the restarted relay publishes the same nine events again

        async def duplicates_seen() -> bool:
            return assessment_service.service.consumers[0].consumer.counts.get("duplicate", 0) >= 1

        await eventually(duplicates_seen, what="the second delivery")
    assert len(await assessments(assessment_service)) == 2
    assert len(await assessment_service.service.store.read_all()) == 2
