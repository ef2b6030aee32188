"""Consumed and produced events on the real broker: the beschikking opens the dossier, amendments and
extensions move it, and every event the dossier records goes out on the service's topic."""

from __future__ import annotations

import json
from datetime import date

from allianties_shared.contracts.toekenning import SubsidieGewijzigd, SubsidieVerlengd, Voorschot
from tests.flow.test_delivery_faults import produce, read_topic
from tests.verantwoording.builders import ALLIANCE, cloud_event, grant
from tests.verantwoording.conftest import wait_until

DOSSIER = "regenboog-2021-p2"


async def publish(kafka_settings, *events) -> None:
    messages = []
    for number, event in enumerate(events, start=1):
        envelope = cloud_event(event, f"beoordeling-{DOSSIER}", version=2 + number)
        messages.append((envelope.subject.encode(), envelope.to_bytes()))
    await produce(kafka_settings, kafka_settings.topic("toekenning"), messages)


async def test_a_grant_on_the_broker_opens_a_dossier_with_its_schedule_and_flags_the_alliance_without_an_accounthouder(
    accountability, kafka_settings
):
    await publish(kafka_settings, grant(DOSSIER))

    async def opened() -> bool:
        listed = await accountability.request("GET", "/v1/dossiers", role="penvoerder", alliances=(ALLIANCE,))
        return [d["dossier_id"] for d in listed.json()] == [DOSSIER]

    await wait_until(opened, "the dossier")
    terms = (await accountability.request("GET", f"/v1/dossiers/{DOSSIER}/termijnen", role="auditor")).json()
    assert terms["eerstvolgende"] == "2021-08-31"
    assert [t["termijn_id"] for t in terms["termijnen"]][:3] == ["kwartaal-1", "kwartaal-2", "halfjaar-1"]
    without = (await accountability.request("GET", "/v1/allianties-zonder-accounthouder", role="accounthouder")).json()
    assert [a["alliantie_id"] for a in without] == [ALLIANCE]

    published = await read_topic(kafka_settings, kafka_settings.topic("verantwoording"), expected=3)
    types = sorted(json.loads(r.value)["type"].rsplit(".", 2)[-2] for r in published)
    assert types == ["alliantie-zonder-accounthouder-gesignaleerd", "dossier-geopend", "verantwoordingsschema-vastgesteld"]
    opened_event = next(json.loads(r.value) for r in published if "dossier-geopend" in json.loads(r.value)["type"])
    assert opened_event["type"].endswith("dossier-geopend.v2")
    assert opened_event["data"]["voorschotten"][0]["bedrag_centen"] == 9_000_000


async def test_an_amendment_and_an_extension_on_the_broker_move_the_end_the_money_and_the_schedule(accountability, kafka_settings):
    amended = SubsidieGewijzigd(
        beoordeling_id=DOSSIER, alliantie_id=ALLIANCE, bedrag_per_jaar_centen=20_000_000, periode_eind=date(2022, 5, 31),
        reden="Extra budget voor Pride", voorschotten=[Voorschot(datum=date(2021, 6, 1), bedrag_centen=20_000_000)],
    )
    extended = SubsidieVerlengd(
        beoordeling_id=DOSSIER, alliantie_id=ALLIANCE, beschikking_nummer="BS-2022-7", periode_start=date(2022, 6, 1),
        periode_eind=date(2023, 5, 31), bedrag_per_jaar_centen=18_000_000,
        voorschotten=[Voorschot(datum=date(2022, 6, 1), bedrag_centen=18_000_000)],
    )
    await publish(kafka_settings, grant(DOSSIER), amended, extended)

    async def extended_seen() -> bool:
        dossier = await accountability.request("GET", f"/v1/dossiers/{DOSSIER}", role="auditor")
        return dossier.status_code == 200 and dossier.json()["periode_eind"] == "2023-05-31"

    await wait_until(extended_seen, "the extension")
    dossier = (await accountability.request("GET", f"/v1/dossiers/{DOSSIER}", role="auditor")).json()
    assert dossier["toegekend_totaal_centen"] == 38_000_000
    assert dossier["beschikking_nummer"] == "BS-2022-7"
    assert {t["termijn_id"] for t in dossier["termijnen"]} >= {"kwartaal-8", "halfjaar-4", "eindverslag"}
    assert next(t for t in dossier["termijnen"] if t["termijn_id"] == "eindverslag")["uiterlijk"] == "2023-06-30"
    assert sum(v["bedrag_centen"] for v in dossier["voorschotten"]) == 38_000_000


async def test_the_same_grant_delivered_twice_opens_one_dossier(accountability, kafka_settings):
    envelope = cloud_event(grant(DOSSIER), f"beoordeling-{DOSSIER}")
    message = (envelope.subject.encode(), envelope.to_bytes())
    await produce(kafka_settings, kafka_settings.topic("toekenning"), [message, message])
    consumer = accountability.service.consumers[0].consumer

    async def both_seen() -> bool:
        return sum(consumer.counts.values()) == 2

    await wait_until(both_seen, "two deliveries")
    assert consumer.counts == {"processed": 1, "duplicate": 1}
    assert len(await accountability.service.store.read_all()) == 3
