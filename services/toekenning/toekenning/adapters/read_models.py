"""Read models of the assessment service, kept in the transaction of their events."""

from __future__ import annotations

import asyncpg

from allianties_shared.contracts.toekenning import BeoordelingGeopend, SubsidieAfgewezen, SubsidieVerleend, registry
from allianties_shared.events.recorded import RecordedEvent


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = registry.decode(recorded.name, recorded.schema_version, recorded.data)
    match event:
        case BeoordelingGeopend():
            await connection.execute(
                """INSERT INTO assessments (assessment_id, application_id, alliance_id, priority, requested_cents,
                       status, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)""",
                event.beoordeling_id,
                event.aanvraag_id,
                event.alliantie_id,
                event.prioriteit,
                event.gevraagd_bedrag_per_jaar_centen,
                recorded.recorded_at,
            )
        case SubsidieVerleend():
            await connection.execute(
                """UPDATE assessments SET status = 'verleend', granted_cents = $2, period_start = $3, period_end = $4,
                       updated_at = $5 WHERE assessment_id = $1""",
                event.beoordeling_id,
                event.bedrag_per_jaar_centen,
                event.periode_start,
                event.periode_eind,
                recorded.recorded_at,
            )
        case SubsidieAfgewezen():
            await connection.execute(
                """UPDATE assessments SET status = 'afgewezen', motivation = $2, referral = $3, updated_at = $4
                   WHERE assessment_id = $1""",
                event.beoordeling_id,
                event.motivering,
                event.verwijzing,
                recorded.recorded_at,
            )


def _assessment(row: asyncpg.Record) -> dict:
    return {
        "beoordeling_id": row["assessment_id"],
        "aanvraag_id": row["application_id"],
        "alliantie_id": row["alliance_id"],
        "prioriteit": row["priority"],
        "gevraagd_bedrag_per_jaar_centen": row["requested_cents"],
        "status": row["status"],
        "bedrag_per_jaar_centen": row["granted_cents"],
        "periode_start": row["period_start"],
        "periode_eind": row["period_end"],
        "motivering": row["motivation"],
        "verwijzing": row["referral"],
    }


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def assessments(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM assessments WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY priority, assessment_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [_assessment(r) for r in rows]

    async def assessment(self, assessment_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM assessments WHERE assessment_id = $1", assessment_id)
        return _assessment(row) if row else None
