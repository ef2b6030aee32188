"""Queries on the read models: assessments and decisions, scores, the ranking's input, the budget."""

from __future__ import annotations

import json
from datetime import date, timedelta

import asyncpg

from toekenning.domain.ranking import Candidate


def _assessment(row: asyncpg.Record) -> dict:
    return {
        "beoordeling_id": row["assessment_id"],
        "aanvraag_id": row["application_id"],
        "alliantie_id": row["alliance_id"],
        "ronde_id": row["round_id"],
        "prioriteit": row["priority"],
        "gevraagd_bedrag_per_jaar_centen": row["requested_cents"],
        "status": row["status"],
        "besluittermijn": row["deadline"],
        "gepauzeerd": row["paused"],
        "besluittermijn_dreigt_te_verlopen": row["flagged"],
        "beeindigd_door": row["end_cause"],
        "besloten_op": row["decided_on"],
        "motivering": row["motivation"],
        "verwijzing": row["referral"],
        "beschikking": None if row["beschikking_number"] is None else {
            "beschikking_nummer": row["beschikking_number"],
            "bedrag_per_jaar_centen": row["granted_cents"],
            "periode_start": row["period_start"],
            "periode_eind": row["period_end"],
            "verlengingsintentie": row["intends_extension"],
            "max_coordinatie_procent": row["max_coordination_percent"],
            "verplichtingen": json.loads(row["obligations"] or "[]"),
            "voorschotten": json.loads(row["advances"] or "[]"),
            "wijzigingsreden": row["amendment_reason"],
            "vastgesteld_bedrag_centen": row["settled_cents"],
            "verlenging": json.loads(row["extension"]) if row["extension"] else None,
        },
        "bedrag_per_jaar_centen": row["granted_cents"],
        "periode_start": row["period_start"],
        "periode_eind": row["period_end"],
        "bezwaar": {
            "mogelijk_tot": row["objection_until"],
            "gronden": row["objection_grounds"],
            "uitkomst": row["objection_outcome"],
            "motivering": row["objection_motivation"],
        },
    }


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def assessments(self, alliance_ids: frozenset[str] | None = None, *, decided_only: bool = False) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM assessments WHERE ($1::text[] IS NULL OR alliance_id = ANY($1::text[]))
                   AND (NOT $2 OR status IN ('verleend', 'afgewezen'))
               ORDER BY priority, assessment_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
            decided_only,
        )
        return [_assessment(r) for r in rows]

    async def assessment(self, assessment_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM assessments WHERE assessment_id = $1", assessment_id)
        return _assessment(row) if row else None

    async def scores(self, assessment_id: str) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM scores WHERE assessment_id = $1 ORDER BY assessor_id, criterion", assessment_id
        )
        return [
            {"beoordelaar_id": r["assessor_id"], "criterium": r["criterion"], "score": r["score"], "motivering": r["motivation"]}
            for r in rows
        ]

    async def conflicts(self, assessment_id: str) -> dict[str, str]:
        rows = await self.pool.fetch("SELECT assessor_id, explanation FROM conflicts WHERE assessment_id = $1", assessment_id)
        return {r["assessor_id"]: r["explanation"] for r in rows}

    async def panel(self, round_id: str, priority: int) -> list[str]:
        rows = await self.pool.fetch(
            "SELECT assessor_id FROM panel_members WHERE round_id = $1 AND priority = $2 ORDER BY assessor_id", round_id, priority
        )
        return [r["assessor_id"] for r in rows]

    async def candidates(self, round_id: str, priority: int) -> list[Candidate]:
        rows = await self.pool.fetch(
            """SELECT assessment_id, alliance_id, status FROM assessments
               WHERE round_id = $1 AND priority = $2 AND status <> 'beeindigd' ORDER BY assessment_id""",
            round_id, priority,
        )
        found = {r["assessment_id"]: Candidate(r["assessment_id"], r["alliance_id"], r["status"]) for r in rows}
        for r in await self.pool.fetch("SELECT * FROM scores WHERE assessment_id = ANY($1::text[])", list(found)):
            found[r["assessment_id"]].scores.append((r["assessor_id"], r["criterion"], r["score"]))
        for r in await self.pool.fetch("SELECT * FROM conflicts WHERE assessment_id = ANY($1::text[])", list(found)):
            found[r["assessment_id"]].conflicts.add(r["assessor_id"])
        return list(found.values())

    async def commitments(self, round_id: str) -> list[asyncpg.Record]:
        return await self.pool.fetch("SELECT * FROM budget_commitments WHERE round_id = $1", round_id)

    async def unfunded(self, round_id: str) -> dict[int, str]:
        rows = await self.pool.fetch("SELECT priority, motivation FROM unfunded_priorities WHERE round_id = $1", round_id)
        return {r["priority"]: r["motivation"] for r in rows}

    async def near_deadline(self, today: date, warning_days: int) -> list[str]:
        rows = await self.pool.fetch(
            """SELECT assessment_id FROM assessments WHERE status = 'open' AND NOT paused AND NOT flagged
                   AND deadline BETWEEN $1 AND $2 ORDER BY assessment_id""",
            today,
            today + timedelta(days=warning_days),
        )
        return [r["assessment_id"] for r in rows]
