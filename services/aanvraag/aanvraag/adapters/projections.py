"""Read models, kept in the same transaction as the events that change them (rebuildable by replay)."""

from __future__ import annotations

import json

import asyncpg

from allianties_shared.contracts import aanvraag as ev
from allianties_shared.contracts.common import Contactpersoon
from allianties_shared.events.recorded import RecordedEvent

_STATUS = {
    ev.AanvraagIngediend: "ingediend",
    ev.AanvullingGevraagd: "aanvulling-gevraagd",
    ev.AanvraagAangevuld: "aangevuld",
    ev.AanvraagIngetrokken: "ingetrokken",
    ev.AanvraagNietOntvankelijk: "niet-ontvankelijk",
}


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = ev.registry.decode(recorded.name, recorded.schema_version, recorded.data)
    alliance_id = getattr(event, "alliantie_id", None)
    if alliance_id:
        await connection.execute(
            """INSERT INTO alliance_history (event_id, position, alliance_id, stream_id, version, event_type, actor_role, recorded_at, data)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)""",
            recorded.event_id, recorded.global_position, alliance_id, recorded.stream_id, recorded.version, recorded.name,
            recorded.metadata.actor_role, recorded.recorded_at, json.dumps(recorded.data),
        )
    await _project_alliance(connection, event, recorded)
    await _project_application(connection, event, recorded)


async def _contact(connection: asyncpg.Connection, alliance_id: str, role: str, contact: Contactpersoon) -> None:
    await connection.execute(
        """INSERT INTO contact_persons (person_id, alliance_id, role, name, email, language)
           VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)""",
        contact.persoon_id, alliance_id, role, contact.naam.model_dump_json(), contact.email.model_dump_json(), contact.taal,
    )


async def _document(connection: asyncpg.Connection, owner: str, alliance_id: str, document: ev.DocumentMetadata, at) -> None:
    await connection.execute(
        """INSERT INTO documents (document_id, owner_id, alliance_id, kind, title, language, size_bytes, sha256, added_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        document.document_id, owner, alliance_id, document.soort.value, document.titel, document.taal,
        document.grootte_bytes, document.sha256, at,
    )


async def _project_alliance(connection: asyncpg.Connection, event, recorded: RecordedEvent) -> None:
    at = recorded.recorded_at
    match event:
        case ev.AlliantieGeregistreerd():
            await connection.execute(
                """INSERT INTO alliances (alliance_id, name, penvoerder, partners, contact, registered_at, coordination)
                   VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7::jsonb)""",
                event.alliantie_id, event.naam, event.penvoerder.model_dump_json(),
                json.dumps([{**p.model_dump(), "sinds": at.date().isoformat()} for p in event.partners]),
                event.contactpersoon.model_dump_json(), at,
                json.dumps({"organisaties": [event.penvoerder.kvk], "actoren": []}),
            )
            await _contact(connection, event.alliantie_id, "penvoerder", event.contactpersoon)
        case ev.PartnerToegetreden():
            joined = {**event.organisatie.model_dump(), "sinds": event.per.isoformat()}
            await connection.execute(
                "UPDATE alliances SET partners = partners || $2::jsonb WHERE alliance_id = $1",
                event.alliantie_id, json.dumps([joined]),
            )
        case ev.PartnerVertrokken():
            await connection.execute(
                """UPDATE alliances SET
                       former_partners = former_partners || (SELECT coalesce(jsonb_agg(p || jsonb_build_object('tot', $3::text)), '[]')
                           FROM jsonb_array_elements(partners) p WHERE p->>'kvk' = $2),
                       partners = (SELECT coalesce(jsonb_agg(p), '[]') FROM jsonb_array_elements(partners) p WHERE p->>'kvk' <> $2)
                   WHERE alliance_id = $1""",
                event.alliantie_id, event.kvk, event.per.isoformat(),
            )
        case ev.CoordinatieVastgelegd():
            await connection.execute(
                "UPDATE alliances SET coordination = $2::jsonb WHERE alliance_id = $1",
                event.alliantie_id, json.dumps({"organisaties": event.organisaties, "actoren": event.actoren}),
            )
            await connection.execute(
                "UPDATE contact_persons SET current = false WHERE alliance_id = $1 AND role = 'coordinator'", event.alliantie_id
            )
            for contact in event.contactpersonen:
                await _contact(connection, event.alliantie_id, "coordinator", contact)
        case ev.ConceptTocIngediend():
            await connection.execute(
                """INSERT INTO concepts (round_id, alliance_id, document, handed_in_at) VALUES ($1, $2, $3::jsonb, $4)
                   ON CONFLICT (round_id, alliance_id) DO UPDATE SET document = excluded.document, handed_in_at = excluded.handed_in_at""",
                event.ronde_id, event.alliantie_id, event.document.model_dump_json(), at,
            )
            await _document(connection, recorded.stream_id, event.alliantie_id, event.document, at)
        case ev.FeedbackGegeven():
            await connection.execute(
                "UPDATE concepts SET feedback = $3, feedback_at = $4 WHERE round_id = $1 AND alliance_id = $2",
                event.ronde_id, event.alliantie_id, event.feedback, at,
            )


async def _project_application(connection: asyncpg.Connection, event, recorded: RecordedEvent) -> None:
    at = recorded.recorded_at
    match event:
        case ev.AanvraagOpgesteld():
            await connection.execute(
                """INSERT INTO applications (application_id, alliance_id, round_id, priorities, amount_per_year_cents,
                       status, updated_at) VALUES ($1, $2, $3, $4, $5, 'concept', $6)""",
                event.aanvraag_id, event.alliantie_id, event.ronde_id, event.prioriteiten, event.bedrag_per_jaar_centen, at,
            )
        case ev.DocumentToegevoegd():
            await _document(connection, event.aanvraag_id, event.alliantie_id, event.document, at)
            await connection.execute(
                """UPDATE applications SET documents = documents || jsonb_build_object($2::text, $3::jsonb), updated_at = $4
                   WHERE application_id = $1""",
                event.aanvraag_id, event.document.soort.value, event.document.model_dump_json(), at,
            )
        case ev.BegrotingVastgelegd():
            await connection.execute(
                """UPDATE applications SET budget = $2::jsonb, amount_per_year_cents = $3, updated_at = $4 WHERE application_id = $1""",
                event.aanvraag_id, json.dumps([y.model_dump() for y in event.jaren]), event.bedrag_per_jaar_centen, at,
            )
        case ev.AanvraagIngediend():
            await connection.execute(
                """UPDATE applications SET status = 'ingediend', reference = $2, submitted_at = $3, updated_at = $4
                   WHERE application_id = $1""",
                event.aanvraag_id, event.referentie, event.ingediend_op, at,
            )
        case ev.AanvullingGevraagd() | ev.AanvraagAangevuld() | ev.AanvraagIngetrokken() | ev.AanvraagNietOntvankelijk():
            term = event.termijn if isinstance(event, ev.AanvullingGevraagd) else None
            await connection.execute(
                "UPDATE applications SET status = $2, term = $3, reason = coalesce($4, reason), updated_at = $5 WHERE application_id = $1",
                event.aanvraag_id, _STATUS[type(event)], term, getattr(event, "reden", None), at,
            )
