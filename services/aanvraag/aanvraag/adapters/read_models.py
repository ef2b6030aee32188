"""Read models, kept in the same transaction as the events that change them."""

from __future__ import annotations

import json

import asyncpg

from allianties_shared.contracts.aanvraag import AanvraagIngediend, AanvraagOpgesteld, AlliantieGeregistreerd, registry
from allianties_shared.events.recorded import RecordedEvent


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = registry.decode(recorded.name, recorded.schema_version, recorded.data)
    match event:
        case AlliantieGeregistreerd():
            await connection.execute(
                """INSERT INTO alliances (alliance_id, name, penvoerder, partners, contact, registered_at)
                   VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6)""",
                event.alliantie_id,
                event.naam,
                event.penvoerder.model_dump_json(),
                json.dumps([p.model_dump() for p in event.partners]),
                event.contactpersoon.model_dump_json(),
                recorded.recorded_at,
            )
        case AanvraagOpgesteld():
            await connection.execute(
                """INSERT INTO applications (application_id, alliance_id, round_id, priorities, amount_per_year_cents,
                       status, updated_at) VALUES ($1, $2, $3, $4, $5, 'concept', $6)""",
                event.aanvraag_id,
                event.alliantie_id,
                event.ronde_id,
                event.prioriteiten,
                event.bedrag_per_jaar_centen,
                recorded.recorded_at,
            )
        case AanvraagIngediend():
            await connection.execute(
                """UPDATE applications SET status = 'ingediend', reference = $2, submitted_at = $3, updated_at = $3
                   WHERE application_id = $1""",
                event.aanvraag_id,
                event.referentie,
                event.ingediend_op,
            )


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def alliance(self, alliance_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM alliances WHERE alliance_id = $1", alliance_id)
        if row is None:
            return None
        return {
            "alliantie_id": row["alliance_id"],
            "naam": row["name"],
            "penvoerder": json.loads(row["penvoerder"]),
            "partners": json.loads(row["partners"]),
            "contactpersoon": json.loads(row["contact"]),
            "geregistreerd_op": row["registered_at"],
        }

    async def applications(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM applications WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY updated_at, application_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [_application(r) for r in rows]

    async def application(self, application_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM applications WHERE application_id = $1", application_id)
        return _application(row) if row else None


def _application(row: asyncpg.Record) -> dict:
    return {
        "aanvraag_id": row["application_id"],
        "alliantie_id": row["alliance_id"],
        "ronde_id": row["round_id"],
        "prioriteiten": list(row["priorities"]),
        "bedrag_per_jaar_centen": row["amount_per_year_cents"],
        "status": row["status"],
        "referentie": row["reference"],
        "ingediend_op": row["submitted_at"],
    }
