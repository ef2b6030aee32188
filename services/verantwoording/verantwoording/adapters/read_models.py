"""Read models of the accountability service, updated in the transaction that records the events.

Each stream's read model is its aggregate replayed (the single apply path), written as a row: the
dossier with its schedule, activities, stories, reports and money; the accounthouder of an alliance
with its history. Any of them rebuilds from the events.
"""

from __future__ import annotations

from datetime import date

import asyncpg
import orjson

from allianties_shared.contracts.verantwoording import registry
from allianties_shared.domain import Aggregate
from allianties_shared.events.recorded import RecordedEvent
from verantwoording.adapters.views import dossier_view
from verantwoording.domain.accountholding import Accountholding, history_entry
from verantwoording.domain.dossier import Dossier


async def _replay(connection: asyncpg.Connection, cls: type[Aggregate], stream_id: str) -> tuple[Aggregate, list]:
    rows = await connection.fetch(
        "SELECT name, schema_version, data::text AS data, recorded_at FROM events WHERE stream_id = $1 ORDER BY version", stream_id
    )
    decoded = [(registry.decode(r["name"], r["schema_version"], orjson.loads(r["data"])), r["recorded_at"]) for r in rows]
    return cls.replay(stream_id, (e for e, _ in decoded)), decoded


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    if recorded.stream_type == Dossier.stream_type:
        await _project_dossier(connection, recorded)
    elif recorded.stream_type == Accountholding.stream_type:
        await _project_accountholding(connection, recorded)


async def _project_dossier(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    dossier, decoded = await _replay(connection, Dossier, recorded.stream_id)
    opened = decoded[0][0]
    view = dossier_view(dossier)
    await connection.execute(
        """INSERT INTO dossiers (dossier_id, alliance_id, assessment_id, application_id, amount_cents, period_start, period_end,
               status, opened_at, beschikking_nummer, next_due, late_count, view)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
           ON CONFLICT (dossier_id) DO UPDATE SET amount_cents = $5, period_end = $7, status = $8, beschikking_nummer = $10,
               next_due = $11, late_count = $12, view = $13::jsonb""",
        dossier.dossier_id,
        dossier.alliance_id,
        opened.beoordeling_id,
        opened.aanvraag_id,
        dossier.toegekend_totaal_centen,
        dossier.periode_start,
        dossier.periode_eind,
        dossier.status,
        decoded[0][1],
        dossier.beschikking_nummer,
        view["eerstvolgende"],
        len(view["te_laat"]),
        orjson.dumps(view).decode(),
    )


async def _project_accountholding(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    holding, decoded = await _replay(connection, Accountholding, recorded.stream_id)
    history = [history_entry(event, at) for event, at in decoded]
    since = next((at for event, at in reversed(decoded) if event.name in ("accounthouder-toegewezen", "accounthouder-overgedragen")), None)
    without = next((at for event, at in reversed(decoded) if event.name == "alliantie-zonder-accounthouder-gesignaleerd"), None)
    current = holding.current
    await connection.execute(
        """INSERT INTO accountholders (alliance_id, accounthouder_id, name, since, without_since, history)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb)
           ON CONFLICT (alliance_id) DO UPDATE SET accounthouder_id = $2, name = $3, since = $4, without_since = $5, history = $6::jsonb""",
        holding.alliance_id,
        current.accounthouder_id if current else None,
        current.naam if current else None,
        since if current else None,
        without if current is None and holding.flagged else None,
        orjson.dumps(history).decode(),
    )


def _dossier(row: asyncpg.Record) -> dict:
    view = orjson.loads(row["view"]) if row["view"] else {}
    return {
        "dossier_id": row["dossier_id"],
        "alliantie_id": row["alliance_id"],
        "beoordeling_id": row["assessment_id"],
        "aanvraag_id": row["application_id"],
        "beschikking_nummer": row["beschikking_nummer"],
        "toegekend_totaal_centen": row["amount_cents"],
        "periode_start": row["period_start"],
        "periode_eind": row["period_end"],
        "status": row["status"],
        "geopend_op": row["opened_at"],
        "eerstvolgende_termijn": row["next_due"],
        "te_laat": view.get("te_laat", []),
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
        return {**_dossier(row), **orjson.loads(row["view"] or "{}")} if row else None

    async def open_dossiers_due_before(self, moment: date) -> list[str]:
        rows = await self.pool.fetch(
            "SELECT dossier_id FROM dossiers WHERE status = 'open' AND next_due < $1 ORDER BY dossier_id", moment
        )
        return [r["dossier_id"] for r in rows]

    async def accountholding(self, alliance_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM accountholders WHERE alliance_id = $1", alliance_id)
        return _holding(row) if row else None

    async def alliances_without_accounthouder(self) -> list[dict]:
        rows = await self.pool.fetch("SELECT * FROM accountholders WHERE without_since IS NOT NULL ORDER BY without_since, alliance_id")
        return [_holding(r) for r in rows]


def _holding(row: asyncpg.Record) -> dict:
    return {
        "alliantie_id": row["alliance_id"],
        "accounthouder_id": row["accounthouder_id"],
        "naam": row["name"],
        "sinds": row["since"],
        "zonder_accounthouder_sinds": row["without_since"],
        "geschiedenis": orjson.loads(row["history"]),
    }
