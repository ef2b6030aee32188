"""Read models of the accountability service."""

from __future__ import annotations

import asyncpg

from allianties_shared.contracts.verantwoording import DossierGeopend, registry
from allianties_shared.events.recorded import RecordedEvent


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = registry.decode(recorded.name, recorded.schema_version, recorded.data)
    match event:
        case DossierGeopend():
            await connection.execute(
                """INSERT INTO dossiers (dossier_id, alliance_id, assessment_id, application_id, amount_cents,
                       period_start, period_end, status, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)""",
                event.dossier_id,
                event.alliantie_id,
                event.beoordeling_id,
                event.aanvraag_id,
                event.bedrag_per_jaar_centen,
                event.periode_start,
                event.periode_eind,
                recorded.recorded_at,
            )


def _dossier(row: asyncpg.Record) -> dict:
    return {
        "dossier_id": row["dossier_id"],
        "alliantie_id": row["alliance_id"],
        "beoordeling_id": row["assessment_id"],
        "aanvraag_id": row["application_id"],
        "bedrag_per_jaar_centen": row["amount_cents"],
        "periode_start": row["period_start"],
        "periode_eind": row["period_end"],
        "status": row["status"],
        "geopend_op": row["opened_at"],
    }


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def dossiers(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM dossiers WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY opened_at, dossier_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [_dossier(r) for r in rows]

    async def dossier(self, dossier_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM dossiers WHERE dossier_id = $1", dossier_id)
        return _dossier(row) if row else None
