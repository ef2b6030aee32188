"""Read models of the assessment service, kept in the transaction of their events."""

from __future__ import annotations

import json

import asyncpg

from allianties_shared.contracts import toekenning as e
from allianties_shared.events.recorded import RecordedEvent

_SET = "UPDATE assessments SET {columns}, updated_at = $2 WHERE assessment_id = $1"


async def _update(connection: asyncpg.Connection, recorded: RecordedEvent, id: str, **columns: object) -> None:
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(columns, start=3))
    await connection.execute(_SET.format(columns=assignments), id, recorded.recorded_at, *columns.values())


def _advances(advances: list[e.Voorschot]) -> str:
    return json.dumps([a.model_dump(mode="json") for a in advances])


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:  # noqa: C901 - one case per event
    event = e.registry.decode(recorded.name, recorded.schema_version, recorded.data)
    match event:
        case e.BeoordelingGeopend():
            await connection.execute(
                """INSERT INTO assessments (assessment_id, application_id, alliance_id, priority, requested_cents,
                       status, updated_at, round_id, deadline) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8)""",
                event.beoordeling_id, event.aanvraag_id, event.alliantie_id, event.prioriteit,
                event.gevraagd_bedrag_per_jaar_centen, recorded.recorded_at, event.ronde_id, event.besluittermijn,
            )
        case e.BeoordelingGepauzeerd():
            await _update(connection, recorded, event.beoordeling_id, paused=True)
        case e.BeoordelingHervat():
            await _update(connection, recorded, event.beoordeling_id, paused=False, deadline=event.besluittermijn, flagged=False)
        case e.BesluittermijnDreigtTeVerlopen():
            await _update(connection, recorded, event.beoordeling_id, flagged=True)
        case e.BeoordelingBeeindigd():
            await _update(connection, recorded, event.beoordeling_id, status="beeindigd", end_cause=event.oorzaak, motivation=event.reden)
        case e.BelangenverstrengelingGemeld():
            await connection.execute(
                "INSERT INTO conflicts (assessment_id, assessor_id, explanation) VALUES ($1, $2, $3)",
                event.beoordeling_id, event.beoordelaar_id, event.toelichting,
            )
        case e.ScoreGegeven():
            await connection.execute(
                """INSERT INTO scores (assessment_id, assessor_id, criterion, score, motivation) VALUES ($1, $2, $3, $4, $5)
                   ON CONFLICT (assessment_id, assessor_id, criterion) DO UPDATE SET score = $4, motivation = $5""",
                event.beoordeling_id, event.beoordelaar_id, event.criterium, event.score, event.motivering,
            )
        case e.BeoordelaarToegewezen():
            await connection.execute(
                "INSERT INTO panel_members (round_id, priority, assessor_id) VALUES ($1, $2, $3)",
                event.ronde_id, event.prioriteit, event.beoordelaar_id,
            )
        case e.SubsidieVerleend():
            await _update(
                connection, recorded, event.beoordeling_id, status="verleend", granted_cents=event.bedrag_per_jaar_centen,
                period_start=event.periode_start, period_end=event.periode_eind, beschikking_number=event.beschikking_nummer,
                intends_extension=event.verlengingsintentie, max_coordination_percent=event.max_coordinatie_procent,
                obligations=json.dumps([str(v) for v in event.verplichtingen]), advances=_advances(event.voorschotten),
            )
        case e.SubsidieAfgewezen():
            await _update(connection, recorded, event.beoordeling_id, status="afgewezen", motivation=event.motivering, referral=event.verwijzing)
        case e.BesluitVerzonden():
            await _update(connection, recorded, event.beoordeling_id, decided_on=event.verzonden_op, objection_until=event.bezwaar_mogelijk_tot)
        case e.BezwaarIngediend():
            await _update(connection, recorded, event.beoordeling_id, objection_grounds=event.gronden, objection_outcome="ingediend")
        case e.BezwaarBeslist():
            await _update(connection, recorded, event.beoordeling_id, objection_outcome=event.uitkomst, objection_motivation=event.motivering)
            if event.uitkomst == "gegrond":  # a well-founded objection against a rejection: decide anew
                await connection.execute("UPDATE assessments SET status = 'open' WHERE assessment_id = $1 AND status = 'afgewezen'", event.beoordeling_id)
        case e.SubsidieGewijzigd():
            await _update(
                connection, recorded, event.beoordeling_id, granted_cents=event.bedrag_per_jaar_centen, period_end=event.periode_eind,
                amendment_reason=event.reden, advances=_advances(event.voorschotten),
            )
        case e.SubsidieVerlengd():
            extension = {"beschikking_nummer": event.beschikking_nummer, "periode_start": str(event.periode_start),
                         "periode_eind": str(event.periode_eind), "bedrag_per_jaar_centen": event.bedrag_per_jaar_centen,
                         "voorschotten": json.loads(_advances(event.voorschotten))}
            await _update(connection, recorded, event.beoordeling_id, extension=json.dumps(extension))
        case e.VerleningVastgesteld():
            await _update(connection, recorded, event.beoordeling_id, settled_cents=event.vastgesteld_bedrag_centen)
        case e.BudgetVastgelegd():
            await connection.execute(
                """INSERT INTO budget_commitments (assessment_id, round_id, priority, alliance_id, cents) VALUES ($1, $2, $3, $4, $5)
                   ON CONFLICT (assessment_id) DO UPDATE SET cents = $5""",
                event.beoordeling_id, event.ronde_id, event.prioriteit, event.alliantie_id, event.bedrag_per_jaar_centen,
            )
        case e.PrioriteitOnvervuld():
            await connection.execute(
                "INSERT INTO unfunded_priorities (round_id, priority, motivation) VALUES ($1, $2, $3)",
                event.ronde_id, event.prioriteit, event.motivering,
            )
