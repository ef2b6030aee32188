"""Grants and dossiers as the tests need them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from allianties_shared.contracts.toekenning import SubsidieVerleend, Verplichting, Voorschot
from allianties_shared.contracts.verantwoording import Begrotingsregel, DossierGeopend
from allianties_shared.domain import DomainEvent
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from verantwoording.domain.dossier import Dossier, stream_id

ALLIANCE = "regenboog"
JUNE_2021, MAY_2022 = date(2021, 6, 1), date(2022, 5, 31)
PLAN = ["Pride-debatten", "Buurtgesprekken"]
BUDGET = [
    Begrotingsregel(partner="COC Amsterdam", post="coordinatie", bedrag_centen=2_700_000, coordinatie=True),
    Begrotingsregel(partner="COC Amsterdam", post="activiteiten", bedrag_centen=7_300_000),
    Begrotingsregel(partner="Papaya Kuir", post="activiteiten", bedrag_centen=5_000_000),
    Begrotingsregel(partner="MarokQueer Zawia", post="activiteiten", bedrag_centen=3_000_000),
]


def grant(dossier_id: str = "regenboog-2021-p2", *, alliance: str = ALLIANCE, amount: int = 18_000_000,
          start: date = JUNE_2021, end: date = MAY_2022) -> SubsidieVerleend:
    return SubsidieVerleend(
        beoordeling_id=dossier_id, aanvraag_id=dossier_id.rsplit("-p", 1)[0], alliantie_id=alliance, prioriteit=2,
        beschikking_nummer=f"BS-{dossier_id}", bedrag_per_jaar_centen=amount, periode_start=start, periode_eind=end,
        verlengingsintentie=True, max_coordinatie_procent=15,
        verplichtingen=[Verplichting.KWARTAALGESPREKKEN, Verplichting.HALFJAARLIJKSE_VERANTWOORDING, Verplichting.EINDVERSLAG],
        voorschotten=[Voorschot(datum=start, bedrag_centen=amount // 2), Voorschot(datum=date(start.year, 12, 1), bedrag_centen=amount // 2)],
    )


def opened_dossier(dossier_id: str = "regenboog-2021-p2", **kwargs) -> Dossier:
    event = grant(dossier_id, **kwargs)
    dossier = Dossier(stream_id(dossier_id))
    dossier.open(
        DossierGeopend(
            dossier_id=dossier_id, alliantie_id=event.alliantie_id, beoordeling_id=dossier_id, aanvraag_id=event.aanvraag_id,
            beschikking_nummer=event.beschikking_nummer, bedrag_per_jaar_centen=event.bedrag_per_jaar_centen,
            toegekend_totaal_centen=event.bedrag_per_jaar_centen, periode_start=event.periode_start,
            periode_eind=event.periode_eind, max_coordinatie_procent=15, verplichtingen=[], voorschotten=event.voorschotten,
        ),
        report_days=30,
    )
    return dossier


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def cloud_event(event: DomainEvent, stream: str, producer: str = "toekenning", version: int = 3) -> CloudEvent:
    recorded = RecordedEvent(
        event_id=uuid.uuid4(), stream_id=stream, stream_type=stream.split("-", 1)[0], version=version, name=event.name,
        schema_version=event.version, data=event.model_dump(mode="json"),
        metadata=EventMetadata(correlation_id=f"c-{uuid.uuid4().hex[:6]}", actor_id="dev-besluitvormer", actor_role="besluitvormer"),
        recorded_at=datetime.now(UTC),
    )
    return CloudEvent.from_recorded(recorded, oin="00000001002564440000", service=producer, schema_base_url="http://x/schemas")
