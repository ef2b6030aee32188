"""Queries on the read models (see ``projections.py`` for how they are kept)."""

from __future__ import annotations

import json

import asyncpg

Visible = frozenset[str] | None
"""``None`` = every alliance (municipal roles); else only these alliances."""


def _visible(alliance_ids: Visible) -> list[str] | None:
    return sorted(alliance_ids) if alliance_ids is not None else None


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def alliances(self, visible: Visible) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM alliances WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[]) ORDER BY alliance_id",
            _visible(visible),
        )
        return [_alliance(r) for r in rows]

    async def alliance(self, alliance_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM alliances WHERE alliance_id = $1", alliance_id)
        return _alliance(row) if row else None

    async def applications(self, visible: Visible, priority: int | None = None, status: str | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM applications WHERE ($1::text[] IS NULL OR alliance_id = ANY($1::text[]))
                 AND ($2::int IS NULL OR $2::int = ANY(priorities)) AND ($3::text IS NULL OR status = $3)
               ORDER BY updated_at, application_id""",
            _visible(visible), priority, status,
        )
        return [_application(r) for r in rows]

    async def application(self, application_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM applications WHERE application_id = $1", application_id)
        return _application(row) if row else None

    async def overview(self, visible: Visible) -> dict:
        """Applications counted per priority and per status."""
        rows = await self.pool.fetch(
            """SELECT p AS priority, status, count(*) AS n FROM applications, unnest(priorities) p
               WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[]) GROUP BY p, status ORDER BY p, status""",
            _visible(visible),
        )
        per_priority: dict[str, dict[str, int]] = {}
        per_status: dict[str, int] = {}
        for row in rows:
            per_priority.setdefault(str(row["priority"]), {})[row["status"]] = row["n"]
        for row in await self.pool.fetch(
            "SELECT status, count(*) AS n FROM applications WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[]) GROUP BY status",
            _visible(visible),
        ):
            per_status[row["status"]] = row["n"]
        return {"per_prioriteit": per_priority, "per_status": per_status}

    async def history(self, alliance_id: str) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM alliance_history WHERE alliance_id = $1 ORDER BY position", alliance_id
        )
        return [
            {
                "event_id": str(r["event_id"]),
                "type": r["event_type"],
                "stroom": r["stream_id"],
                "versie": r["version"],
                "rol": r["actor_role"],
                "op": r["recorded_at"],
                "data": json.loads(r["data"]),
            }
            for r in rows
        ]

    async def contact_person(self, person_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM contact_persons WHERE person_id = $1", person_id)
        return dict(row) if row else None

    async def contact_persons(self, alliance_id: str) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM contact_persons WHERE alliance_id = $1 AND current ORDER BY role DESC, person_id", alliance_id
        )
        return [dict(r) for r in rows]

    async def documents(self, owner_id: str) -> list[dict]:
        rows = await self.pool.fetch("SELECT * FROM documents WHERE owner_id = $1 ORDER BY added_at, document_id", owner_id)
        return [_document(r) for r in rows]

    async def document(self, owner_id: str, document_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM documents WHERE owner_id = $1 AND document_id = $2", owner_id, document_id)
        return _document(row) if row else None

    async def concepts(self, round_id: str, visible: Visible) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM concepts WHERE round_id = $1 AND ($2::text[] IS NULL OR alliance_id = ANY($2::text[]))
               ORDER BY handed_in_at""",
            round_id, _visible(visible),
        )
        return [
            {
                "ronde_id": r["round_id"],
                "alliantie_id": r["alliance_id"],
                "document": json.loads(r["document"]),
                "ingediend_op": r["handed_in_at"],
                "feedback": r["feedback"],
                "feedback_op": r["feedback_at"],
            }
            for r in rows
        ]


def _alliance(row: asyncpg.Record) -> dict:
    return {
        "alliantie_id": row["alliance_id"],
        "naam": row["name"],
        "penvoerder": json.loads(row["penvoerder"]),
        "partners": json.loads(row["partners"]),
        "vertrokken_partners": json.loads(row["former_partners"]),
        "coordinatie": json.loads(row["coordination"]),
        "contactpersoon": json.loads(row["contact"]),
        "geregistreerd_op": row["registered_at"],
    }


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
        "documenten": sorted(json.loads(row["documents"])),
        "begroting": json.loads(row["budget"]) if row["budget"] else None,
        "termijn": row["term"],
        "reden": row["reason"],
    }


def _document(row: asyncpg.Record) -> dict:
    return {
        "document_id": row["document_id"],
        "soort": row["kind"],
        "titel": row["title"],
        "taal": row["language"],
        "grootte_bytes": row["size_bytes"],
        "sha256": row["sha256"],
        "toegevoegd_op": row["added_at"],
    }
