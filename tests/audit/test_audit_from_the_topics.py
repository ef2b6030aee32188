"""The audit reads the shared record (the topics) back and verifies it, as an auditor would years later."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import timedelta

import orjson
import pytest

from allianties_infra.audit.export import register_rows, write_jsonl, write_register_csv
from allianties_infra.audit.reader import read_topics
from allianties_infra.audit.run import run_audit
from allianties_shared.regulation.loader import packaged_regulation
from tests.aanvraag.conftest import ALLIANCE
from tests.flow.test_delivery_faults import produce, read_topic
from tests.flow.test_one_flow_through_all_four_services import submit_application
from tests.support import eventually
from tests.toekenning.support import score_and_grant

ALLIANCE_ID = ALLIANCE["alliantie_id"]


async def round_through_all_four(system) -> None:
    await submit_application(system["aanvraag"])

    async def assessed() -> bool:
        return len((await system["toekenning"].request("GET", "/v1/beoordelingen", role="auditor")).json()) == 2

    await eventually(assessed, what="assessments")
    response = await score_and_grant(system["toekenning"], "qa-2021-p2", 15_000_000, periode_start="2021-06-01", periode_eind="2022-05-31")
    assert response.status_code == 200

    async def everything_published() -> bool:
        notes = (await system["notificatie"].request("GET", "/v1/notificaties", role="auditor")).json()
        if len(notes) != 3:
            return False
        for client in system.values():
            relay = client.service.relay
            if await client.service.store.count_after(await relay.position()):
                return False
        return True

    await eventually(everything_published, what="the round to reach every topic")


async def dossier_opened(kafka_settings):
    records = await read_topic(kafka_settings, kafka_settings.topic("verantwoording"), expected=1)
    return next(r for r in records if ".dossier-geopend.v" in orjson.loads(r.value)["type"])


async def stores_of(system) -> dict:
    return {name: await client.service.store.stream_heads() for name, client in system.items()}


async def test_the_audit_of_a_clean_round_passes_and_shows_the_alliance_across_all_four_services(system, kafka_settings):
    await round_through_all_four(system)
    report = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID, stores=await stores_of(system))
    assert report.passed, [(c.name, c.failures) for c in report.checks if not c.passed]
    assert {w.producer for w in report.history} == {"aanvraag", "toekenning", "verantwoording", "notificatie"}
    names = [w.event.name for w in report.history]
    assert names.index("aanvraag-ingediend") < names.index("beoordeling-geopend") < names.index("subsidie-verleend")
    assert names.index("subsidie-verleend") < names.index("dossier-geopend")
    times = [w.event.recorded_at for w in report.history]
    assert times == sorted(times)


async def test_the_history_as_of_a_moment_leaves_out_what_came_later(system, kafka_settings):
    await round_through_all_four(system)
    full = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID)
    grant = next(w for w in full.history if w.event.name == "subsidie-verleend")
    before = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID, as_of=grant.event.recorded_at - timedelta(microseconds=1))
    assert "subsidie-verleend" not in [w.event.name for w in before.history]
    assert "aanvraag-ingediend" in [w.event.name for w in before.history], [
        (w.event.name, w.offset, w.partition) for w in full.history
    ]
    assert (await run_audit(kafka_settings, alliance_id="een-andere-alliantie")).history == []


@pytest.mark.parametrize("shards", [1, 3], ids=["one verification process", "three"])
async def test_an_event_forged_on_a_topic_is_caught_by_the_chain_and_by_the_store(system, kafka_settings, shards):
    await round_through_all_four(system)
    clean = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID, stores=await stores_of(system), shards=shards)
    assert clean.passed, [(c.name, c.failures) for c in clean.checks if not c.passed]

    original = await dossier_opened(kafka_settings)
    forged = orjson.loads(original.value)
    forged["data"]["bedrag_per_jaar_centen"] = 99_000_000  # more money, same hash
    forged["id"] = str(uuid.uuid4())
    await produce(kafka_settings, kafka_settings.topic("verantwoording"), [(original.key, json.dumps(forged).encode())])
    report = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID, stores=await stores_of(system), shards=shards)
    failed = {c.name: c.failures for c in report.checks if not c.passed}
    assert any("content does not match its hash" in f for f in failed["hash chains intact and stream versions contiguous"])
    assert not report.passed
    # the forgery shows in the history (and the services may already have reacted to it)
    assert {w.event.event_id for w in clean.history} | {uuid.UUID(forged["id"])} <= {w.event.event_id for w in report.history}


async def test_a_record_under_another_key_than_its_stream_is_reported(system, kafka_settings):
    await round_through_all_four(system)
    original = await dossier_opened(kafka_settings)
    await produce(kafka_settings, kafka_settings.topic("verantwoording"), [(b"another-stream", original.value)])
    report = await run_audit(kafka_settings, stores=await stores_of(system), shards=4)
    failures = [f for c in report.checks for f in c.failures]
    assert any("not under its stream" in f for f in failures), failures


async def test_an_event_redelivered_by_a_republish_is_not_a_failure_but_different_content_under_one_id_is(system, kafka_settings):
    await round_through_all_four(system)
    assert await system["aanvraag"].service.relay.reset(await system["aanvraag"].service.store.position_of(1)) is None

    async def republished() -> bool:
        return len(await read_topic(kafka_settings, kafka_settings.topic("aanvraag"), expected=6, timeout_ms=2000)) >= 6

    await eventually(republished, what="the republished events")
    clean = await run_audit(kafka_settings, stores=await stores_of(system))
    duplicates = next(c for c in clean.checks if c.name.startswith("each event id"))
    assert duplicates.passed and duplicates.notes, "a redelivery is noted, not failed"
    assert clean.passed, [(c.name, c.failures) for c in clean.checks if not c.passed]

    [first, *_] = await read_topic(kafka_settings, kafka_settings.topic("aanvraag"), expected=1)
    twin = orjson.loads(first.value)
    twin["data"]["naam"] = "Een andere naam"
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(first.key, json.dumps(twin).encode())])
    report = await run_audit(kafka_settings)
    assert not next(c for c in report.checks if c.name.startswith("each event id")).passed


async def test_a_dossier_without_a_grant_and_unreadable_records_are_reported(system, kafka_settings):
    await round_through_all_four(system)
    dossier = await dossier_opened(kafka_settings)
    orphan = orjson.loads(dossier.value)
    orphan["id"] = str(uuid.uuid4())
    orphan["subject"] = "dossier-spook"
    orphan["data"]["beoordeling_id"] = "spook-p1"
    await produce(
        kafka_settings,
        kafka_settings.topic("verantwoording"),
        [(b"dossier-spook", json.dumps(orphan).encode()), (b"x", b"not an event")],
    )
    report = await run_audit(kafka_settings)
    failures = {c.name: c.failures for c in report.checks}
    assert any("a dossier without a grant" in f for f in failures["no orphans (every reference between services resolves)"])
    assert len(failures["every record on the topics is a readable event"]) == 1


async def test_events_in_a_store_that_never_reached_the_topic_are_reported(system, kafka_settings):
    await round_through_all_four(system)
    stores = {"toekenning": await system["toekenning"].service.store.stream_heads()}
    stores["toekenning"]["beoordeling-nooit-gepubliceerd"] = (1, "0" * 64)
    report = await run_audit(kafka_settings, stores=stores)
    store_check = next(c for c in report.checks if c.name.startswith("topics equal"))
    assert store_check.failures == ["toekenning: stream beoordeling-nooit-gepubliceerd (1 events) is not on the topic"]


async def test_the_export_has_every_event_of_the_alliance_and_its_subsidy_register_row(system, kafka_settings, tmp_path):
    await round_through_all_four(system)
    report = await run_audit(kafka_settings, alliance_id=ALLIANCE_ID)
    assert write_jsonl(report.history, tmp_path / "events.jsonl") == len(report.history)
    lines = [orjson.loads(line) for line in (tmp_path / "events.jsonl").read_bytes().splitlines()]
    assert [line["type"] for line in lines] == [w.event.name for w in report.history]
    assert all(line["hash"] and line["time"] for line in lines)

    wire, _ = await read_topics(kafka_settings)
    rows = {r["prioriteit"]: r for r in register_rows(wire, packaged_regulation())}
    assert write_register_csv(list(rows.values()), tmp_path / "register.csv") == 2
    with (tmp_path / "register.csv").open() as f:
        from_csv = {r["prioriteit"]: r for r in csv.DictReader(f)}
    granted = from_csv["Zichtbaarheid en Pride"]
    assert granted["dossiernummer"] == "BS-qa-2021-p2"
    assert (granted["aanvrager"], granted["penvoerder"]) == (ALLIANCE["naam"], "COC Amsterdam")
    assert granted["regeling"].startswith("Diversiteit en inclusiviteit")
    assert granted["beleidsterrein"] == "emancipatie"
    assert (granted["aangevraagd_eur"], granted["verleend_eur"], granted["vastgesteld_eur"]) == ("150000.00", "150000.00", "")
    assert (granted["subsidiejaar"], granted["status"]) == ("2021", "verleend")
    assert from_csv["Biculturele LHBTIQ+"]["status"] == "in behandeling"
