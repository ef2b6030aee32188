"""The explainable ranking of one priority: weighted scores, and per criterion what made the difference.

The evaluation warns that "the best Theory of Change wins" even where another alliance fits the
policy better; so each place names the criteria it lost on, and flags when the one above it fits
the policy (beleidsaansluiting) worse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allianties_shared.regulation.model import Criterium

POLICY_FIT = "beleidsaansluiting"


@dataclass
class Candidate:
    assessment_id: str
    alliance_id: str
    status: str
    scores: list[tuple[str, str, int]] = field(default_factory=list)  # (assessor, criterion, score)
    conflicts: set[str] = field(default_factory=set)


def averages(candidate: Candidate, criteria: list[Criterium]) -> dict[str, float | None]:
    counted = [(c, s) for a, c, s in candidate.scores if a not in candidate.conflicts]
    result: dict[str, float | None] = {}
    for criterion in criteria:
        values = [s for c, s in counted if c == criterion.code]
        result[criterion.code] = round(sum(values) / len(values), 2) if values else None
    return result


def weighted_total(avgs: dict[str, float | None], criteria: list[Criterium]) -> float:
    total_weight = sum(c.gewicht for c in criteria)
    return round(sum(c.gewicht * (avgs[c.code] or 0.0) for c in criteria) / total_weight, 2)


def rank(candidates: list[Candidate], criteria: list[Criterium]) -> list[dict]:
    total_weight = sum(c.gewicht for c in criteria)
    rows = []
    for candidate in candidates:
        avgs = averages(candidate, criteria)
        rows.append({
            "beoordeling_id": candidate.assessment_id,
            "alliantie_id": candidate.alliance_id,
            "status": candidate.status,
            "volledig_gescoord": all(v is not None for v in avgs.values()),
            "gemiddelde_per_criterium": avgs,
            "totaal": weighted_total(avgs, criteria),
        })
    rows.sort(key=lambda r: (-r["totaal"], r["beoordeling_id"]))
    for place, row in enumerate(rows, start=1):
        row["plaats"] = place
        row["verschil_met_hogere"] = []
        row["toelichting"] = "hoogste gewogen score" if place == 1 else ""
        row["waarschuwing"] = None
        if place == 1:
            continue
        above = rows[place - 2]
        differences = []
        for criterion in criteria:
            mine, theirs = row["gemiddelde_per_criterium"][criterion.code] or 0.0, above["gemiddelde_per_criterium"][criterion.code] or 0.0
            differences.append({
                "criterium": criterion.code,
                "gewicht": criterion.gewicht,
                "verschil": round(mine - theirs, 2),
                "gewogen_verschil": round(criterion.gewicht * (mine - theirs) / total_weight, 2),
            })
        differences.sort(key=lambda d: d["gewogen_verschil"])
        row["verschil_met_hogere"] = differences
        decisive = differences[0]
        row["toelichting"] = (
            f"{row['totaal'] - above['totaal']:+.2f} ten opzichte van {above['beoordeling_id']}; "
            f"het meest beslissend: {decisive['criterium']} ({decisive['gewogen_verschil']:+.2f} gewogen)"
        )
        policy = next((d for d in differences if d["criterium"] == POLICY_FIT), None)
        if policy and policy["verschil"] > 0:
            row["waarschuwing"] = (
                f"Past beter bij het beleid dan {above['beoordeling_id']} (beleidsaansluiting {policy['verschil']:+.2f}), "
                f"maar staat lager door {decisive['criterium']}."
            )
    return rows
