"""Dead letters an operator can act on: listed with the reason, the tries and the original; redriven
after the cause is fixed, once; a redrive of an event handled meanwhile changes nothing. On the real
PostgreSQL and the real broker, with a stand-in consumer whose handler refuses until its precondition holds."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from allianties_infra import dead_letter_commands
from allianties_infra.cli import app as cli
from allianties_infra.dead_letter_commands import list_table
from allianties_infra.embedded import free_port
from allianties_shared.contracts import REGISTRIES
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.runtime import Consumption, ServiceDefinition, create_app
from allianties_shared.settings import PlatformSettings, ServiceSettings
from tests.flow.test_delivery_faults import produce, submitted_event
from tests.support import ServiceClient, eventually, running_service, served_on_loopback


class Precondition:
    """A handler that refuses every event until ``met``; its effect is a row written with the processed mark."""

    def __init__(self) -> None:
        self.met = False

    async def handle(self, tx, envelope, event) -> None:
        if not self.met:
            raise LookupError(f"round {event.ronde_id} is not known here yet")
        await tx.connection.execute("INSERT INTO effects (event_id) VALUES ($1)", envelope.id)


def stand_in(database_url: str, precondition: Precondition) -> ServiceDefinition:
    """Under toekenning's name, so that the operator command, which knows the four services, finds it."""
    return ServiceDefinition(
        name="toekenning",
        title="stand-in consumer",
        registry=REGISTRIES["toekenning"],
        settings=ServiceSettings(database_url=database_url, http_port=0),
        migrations=[],
        routers=[],
        primary_migrations=[("100_effects", "CREATE TABLE effects (event_id uuid NOT NULL)")],
        consumes=[Consumption("aanvraag", {"aanvraag-ingediend": precondition.handle})],
    )


@pytest.fixture
def precondition() -> Precondition:
    return Precondition()


@pytest.fixture
async def consumer_service(database_url, kafka_settings, precondition):
    async with running_service(stand_in(database_url, precondition), kafka_settings) as client:
        yield client


async def effects(client) -> list:
    return [r["event_id"] for r in await client.service.pool.fetch("SELECT event_id FROM effects")]


async def dead_letters(client) -> list[dict]:
    response = await client.request("GET", "/ops/dead-letters", role="operator")
    assert response.status_code == 200, response.text
    return response.json()["dead_letters"]


async def parked(client, kafka_settings, application_id: str) -> tuple[CloudEvent, dict]:
    """Publish an event the handler refuses; return it and its entry once it is on the list."""
    event = submitted_event(application_id, [2])
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(event.subject.encode(), event.to_bytes())])

    async def listed() -> bool:
        return any(d["original"]["event_id"] == str(event.id) for d in await dead_letters(client))

    await eventually(listed, what="the refused event on the dead-letter list")
    return event, next(d for d in await dead_letters(client) if d["original"]["event_id"] == str(event.id))


async def test_a_refused_event_is_listed_with_reason_tries_and_original_and_a_redrive_after_the_fix_processes_it_once(
    consumer_service, kafka_settings, precondition
):
    event, entry = await parked(consumer_service, kafka_settings, "dl-1")
    event_id = str(event.id)
    assert (entry["reason"], entry["attempts"], entry["redriven"]) == ("handler-failed", 3, False)
    assert "round 2021 is not known here yet" in entry["error"]
    assert entry["original"]["topic"] == kafka_settings.topic("aanvraag")
    assert (entry["original"]["subject"], entry["original"]["key"]) == ("aanvraag-dl-1", "aanvraag-dl-1")
    assert entry["original"]["type"] == event.type
    status = (await consumer_service.request("GET", "/ops/status", role="operator")).json()
    assert status["dead_letters"] == {"entries": 1, "waiting": 1}

    shown = (await consumer_service.request("GET", f"/ops/dead-letters/{entry['id']}", role="operator")).json()
    assert shown["original"]["cloudevent"]["id"] == event_id
    assert shown["original"]["cloudevent"]["data"]["aanvraag_id"] == "dl-1"
    assert json.loads(base64.b64decode(shown["original"]["value_base64"]))["id"] == event_id
    assert await effects(consumer_service) == []

    precondition.met = True
    response = await consumer_service.request("POST", f"/ops/dead-letters/{entry['id']}/redrive", role="operator")
    assert response.status_code == 200, response.text
    assert (response.json()["outcome"], response.json()["redriven_by"]) == ("processed", "operator-1")
    assert [str(e) for e in await effects(consumer_service)] == [event_id]

    again = await consumer_service.request("POST", f"/ops/dead-letters/{entry['id']}/redrive", role="operator")
    assert again.json()["outcome"] == "duplicate"
    assert len(await effects(consumer_service)) == 1
    (listed,) = await dead_letters(consumer_service)
    assert listed["redriven"] and [r["outcome"] for r in listed["redrives"]] == ["processed", "duplicate"]
    everything = await consumer_service.request("POST", "/ops/dead-letters/redrive", role="operator")
    assert everything.json()["redriven"] == []  # nothing left that was never redriven
    status = (await consumer_service.request("GET", "/ops/status", role="operator")).json()
    assert status["dead_letters"] == {"entries": 1, "waiting": 0}


async def test_redriving_an_entry_whose_event_was_handled_meanwhile_changes_nothing(consumer_service, kafka_settings, precondition):
    event, entry = await parked(consumer_service, kafka_settings, "dl-2")
    precondition.met = True
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(event.subject.encode(), event.to_bytes())])  # a republish

    async def handled() -> bool:
        return len(await effects(consumer_service)) == 1

    await eventually(handled, what="the event delivered again and handled")
    response = await consumer_service.request("POST", "/ops/dead-letters/redrive", role="operator")
    assert [(r["id"], r["outcome"]) for r in response.json()["redriven"]] == [(entry["id"], "duplicate")]
    assert await effects(consumer_service) == [event.id]


async def test_an_event_that_fails_again_on_its_redrive_is_parked_again_as_a_new_entry(consumer_service, kafka_settings):
    _, entry = await parked(consumer_service, kafka_settings, "dl-3")
    response = await consumer_service.request("POST", f"/ops/dead-letters/{entry['id']}/redrive", role="operator")
    assert (response.json()["outcome"], response.json()["reason"]) == ("dead-lettered", "handler-failed")
    first, second = await dead_letters(consumer_service)
    assert (first["id"], first["redriven"], second["redriven"]) == (entry["id"], True, False)
    assert second["original"] == first["original"]  # the same original record, parked once more
    assert await effects(consumer_service) == []


async def test_an_unreadable_record_is_shown_byte_for_byte_and_a_redrive_parks_it_again(consumer_service, kafka_settings):
    broken = b'{"specversion": "1.0", "id": '
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(b"aanvraag-kapot", broken)])

    async def listed() -> bool:
        return len(await dead_letters(consumer_service)) == 1

    await eventually(listed, what="the unreadable record on the dead-letter list")
    (entry,) = await dead_letters(consumer_service)
    assert (entry["reason"], entry["attempts"], entry["original"]["type"], entry["original"]["key"]) == ("unreadable", 1, None, "aanvraag-kapot")
    shown = (await consumer_service.request("GET", f"/ops/dead-letters/{entry['id']}", role="operator")).json()
    assert shown["original"]["cloudevent"] is None
    assert base64.b64decode(shown["original"]["value_base64"]) == broken
    response = await consumer_service.request("POST", f"/ops/dead-letters/{entry['id']}/redrive", role="operator")
    assert (response.json()["outcome"], response.json()["reason"]) == ("dead-lettered", "unreadable")
    assert len(await dead_letters(consumer_service)) == 2


async def test_with_the_broker_away_the_list_is_a_503_problem_and_status_still_answers(consumer_service, kafka_settings):
    consumer_service.service.kafka = kafka_settings.model_copy(update={"bootstrap_servers": f"127.0.0.1:{free_port()}"})
    try:
        response = await consumer_service.request("GET", "/ops/dead-letters", role="operator")
        assert (response.status_code, response.json()["rule"]) == (503, "broker-unavailable")
        status = await consumer_service.request("GET", "/ops/status", role="operator")
        assert status.status_code == 200 and status.json()["dead_letters"]["entries"] is None
        assert "KafkaConnectionError" in status.json()["dead_letters"]["error"]
    finally:
        consumer_service.service.kafka = kafka_settings


async def test_an_unknown_dead_letter_is_a_404_problem_and_only_an_operator_sees_the_list(consumer_service):
    for method, path in (("GET", "/ops/dead-letters/0-999"), ("POST", "/ops/dead-letters/0-999/redrive")):
        response = await consumer_service.request(method, path, role="operator", headers={"Accept-Language": "en"})
        assert response.status_code == 404, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["rule"] == "dead-letter"
        assert "0-999" in response.json()["detail"]
    assert (await consumer_service.request("GET", "/ops/dead-letters", role="auditor")).status_code == 403


async def test_a_service_that_consumes_nothing_answers_with_an_empty_list(intake):
    response = await intake.request("GET", "/ops/dead-letters", role="operator")
    assert response.json() == {"service": "aanvraag", "dead_letters": []}
    status = (await intake.request("GET", "/ops/status", role="operator")).json()
    assert status["dead_letters"] == {"entries": 0, "waiting": 0}


async def test_the_operator_command_lists_and_redrives_the_dead_letters_of_a_running_service(
    database_url, kafka_settings, precondition, monkeypatch
):
    platform = PlatformSettings()
    app = create_app(stand_in(database_url, precondition), platform, kafka_settings)
    async with served_on_loopback(app) as url:
        client = ServiceClient(app, None, platform)
        monkeypatch.setenv("ALLIANTIES_TOEKENNING_URL", url)
        monkeypatch.setenv("ALLIANTIES_TOKEN", client.token("operator")["Authorization"].removeprefix("Bearer "))
        monkeypatch.setattr(dead_letter_commands.console, "width", 250)
        event = submitted_event("dl-cli", [3])
        await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(event.subject.encode(), event.to_bytes())])

        async def parked_one() -> bool:
            return client.service.consumers[0].consumer.counts.get("dead-lettered", 0) == 1

        await eventually(parked_one, what="the refused event dead-lettered")
        runner = CliRunner()
        listed = await asyncio.to_thread(runner.invoke, cli, ["dead-letters", "list", "toekenning"])
        assert listed.exit_code == 0, listed.output
        row = next(line for line in listed.output.splitlines() if "aanvraag-dl-cli" in line)
        cells = [c.strip() for c in row.strip("│ ").split("│")]
        assert cells[0] == "toekenning" and cells[3:6] == ["handler-failed", "3", event.type.removeprefix("nl.amsterdam.subsidies.allianties.")]
        assert cells[-1] == "no"
        entry_id = cells[1]

        shown = await asyncio.to_thread(runner.invoke, cli, ["dead-letters", "show", "toekenning", entry_id])
        assert shown.exit_code == 0 and str(event.id) in shown.output and "round 2021 is not known here yet" in shown.output

        refused = await asyncio.to_thread(runner.invoke, cli, ["dead-letters", "redrive", "toekenning"])
        assert refused.exit_code == 2 and "give an ID or --all" in refused.output
        precondition.met = True
        redriven = await asyncio.to_thread(runner.invoke, cli, ["dead-letters", "redrive", "toekenning", "--all"])
        assert redriven.exit_code == 0, redriven.output
        assert entry_id in redriven.output and "processed" in redriven.output
        unknown = await asyncio.to_thread(runner.invoke, cli, ["dead-letters", "show", "toekenning", "9-9"])
        assert unknown.exit_code == 1 and "404" in unknown.output
    answer = {"service": "toekenning", "dead_letters": [{
        "id": "1-0", "failed_at": "2026-12-02T10:00:00+00:00", "reason": "unreadable", "attempts": 1, "redriven": False, "redrives": [],
        "original": {"topic": "allianties.aanvraag", "partition": 2, "offset": 7, "key": "k", "type": None, "subject": None},
    }]}  # fmt: skip
    console = Console(width=200, record=True)
    console.print(list_table([answer]))
    assert "allianties.aanvraag:2@7" in console.export_text()


def test_the_status_table_shows_the_entries_waiting_for_a_redrive_of_all_on_the_topic():
    from allianties_infra.status_tables import dead_letter_cell

    assert dead_letter_cell({"entries": 3, "waiting": 1}) == "[red]1 waiting[/] of 3"
    assert dead_letter_cell({"entries": 2, "waiting": 0}) == "0 waiting of 2"
    assert dead_letter_cell({"entries": None, "waiting": None, "error": "KafkaConnectionError: away"}).startswith("[yellow]unread")
