"""Helpers for tests that need assessments and decisions (importable by other tests too).

``score_and_grant(client, assessment_id, amount)`` does what a grant now needs: assign an assessor
to the priority, score every criterion with a motivation, then grant.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from allianties_shared.contracts.aanvraag import AanvraagIngediend
from allianties_shared.domain import DomainEvent
from allianties_shared.events.envelope import CloudEvent, kafka_headers
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.regulation.loader import load_regulation
from tests.support import eventually

CRITERIA = [c.code for c in load_regulation().criteria]


def intake_event(event: DomainEvent, application_id: str, version: int = 1, at: datetime | None = None) -> CloudEvent:
    """A CloudEvent as the intake service would publish it for ``aanvraag-<application_id>``, recorded ``at``."""
    return cloud_event(event, "aanvraag", f"aanvraag-{application_id}", version, at)


def cloud_event(event: DomainEvent, service: str, stream_id: str, version: int = 1, at: datetime | None = None) -> CloudEvent:
    recorded = RecordedEvent(
        event_id=uuid.uuid4(),
        stream_id=stream_id,
        stream_type=stream_id.split("-")[0],
        version=version,
        name=event.name,
        schema_version=event.version,
        data=event.model_dump(mode="json"),
        metadata=EventMetadata(correlation_id=f"c-{stream_id}", actor_id="dev-systeem", actor_role="systeem"),
        recorded_at=at or datetime.now(UTC),
    )
    return CloudEvent.from_recorded(recorded, oin="00000001002564440000", service=service, schema_base_url="http://x/schemas")


def submitted(application_id: str, alliance_id: str, priorities: list[int], amount_cents: int = 15_000_000, round_id: str = "2021") -> CloudEvent:
    return intake_event(
        AanvraagIngediend(
            aanvraag_id=application_id, alliantie_id=alliance_id, ronde_id=round_id, referentie=f"AV-{application_id}",
            prioriteiten=priorities, bedrag_per_jaar_centen=amount_cents, ingediend_op=datetime(2021, 3, 1, tzinfo=UTC),
        ),
        application_id,
        version=2,
    )


async def publish(kafka_settings, *events: CloudEvent, producer_service: str = "aanvraag") -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers, enable_idempotence=False)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(kafka_settings.topic(producer_service), key=event.subject.encode(), value=event.to_bytes(), headers=kafka_headers())
    finally:
        await producer.stop()


async def wait_for_assessments(client, ids: list[str]) -> None:
    async def all_open() -> bool:
        found = {a["beoordeling_id"] for a in (await client.request("GET", "/v1/beoordelingen", role="auditor")).json()}
        return set(ids) <= found

    await eventually(all_open, what=f"assessments {ids}")


def as_assessor(client, assessor: str) -> dict:
    return {"role": "beoordelaar", "headers": client.token("beoordelaar", actor_id=assessor)}


async def assign(client, priority: int, assessor: str, round_id: str = "2021"):
    return await client.request(
        "POST", f"/v1/rondes/{round_id}/prioriteiten/{priority}/beoordelaars", role="accounthouder", json={"beoordelaar_id": assessor}
    )


async def score_all(client, assessment_id: str, assessor: str, points: dict[str, int] | int = 7):
    scores = [
        {"criterium": c, "score": points if isinstance(points, int) else points.get(c, 5), "motivering": f"{c}: onderbouwd"}
        for c in CRITERIA
    ]
    return await client.request("POST", f"/v1/beoordelingen/{assessment_id}/scores", json={"scores": scores}, **as_assessor(client, assessor))


async def score_and_grant(client, assessment_id: str, amount_cents: int, *, assessor: str = "beoordelaar-1", **period):
    """Assign ``assessor`` to the assessment's priority (if not yet), score every criterion, grant; returns the grant's response."""
    assessment = (await client.request("GET", f"/v1/beoordelingen/{assessment_id}", role="auditor")).json()
    assigned = await assign(client, assessment["prioriteit"], assessor, assessment["ronde_id"])
    assert assigned.status_code in (201, 422), assigned.text
    scored = await score_all(client, assessment_id, assessor)
    assert scored.status_code == 200, scored.text
    grant = {"besluit": "verleend", "bedrag_per_jaar_centen": amount_cents, **period}
    return await client.request("POST", f"/v1/beoordelingen/{assessment_id}/besluit", role="besluitvormer", json=grant)
