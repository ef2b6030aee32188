"""How a dossier reads: the aggregate's state as JSON, with the overview (what is due when, what is late)
and spending against the budget worked out."""

from __future__ import annotations

from dataclasses import asdict

from allianties_shared.contracts.verantwoording import Besteding
from verantwoording.domain.dossier import Dossier
from verantwoording.domain.finance import coordination_maximum


def _spending(dossier: Dossier) -> dict:
    accepted = dossier.accepted_spending()
    pending = [
        Besteding.model_validate(line)
        for t in dossier.terms.values() if t.status == "ingediend" and t.rapportage
        for line in t.rapportage["financien"]
    ]

    def total(lines: list[Besteding], partner: str, post: str | None = None) -> int:
        return sum(s.besteed_centen for s in lines if s.partner == partner and (post is None or s.post == post))

    lines = [
        {
            "partner": b.partner, "post": b.post, "coordinatie": b.coordinatie, "begroot_centen": b.bedrag_centen,
            "besteed_centen": total(accepted, b.partner, b.post), "ingediend_centen": total(pending, b.partner, b.post),
            "resterend_centen": b.bedrag_centen - total(accepted, b.partner, b.post),
        }
        for b in dossier.budget
    ]
    partners = sorted({b.partner for b in dossier.budget})
    coordination = sum(line["besteed_centen"] for line in lines if line["coordinatie"])
    return {
        "posten": lines,
        "per_partner": [
            {
                "partner": p,
                "begroot_centen": sum(b.bedrag_centen for b in dossier.budget if b.partner == p),
                "besteed_centen": total(accepted, p),
            }
            for p in partners
        ],
        "coordinatie": {
            "besteed_centen": coordination,
            "maximum_centen": coordination_maximum(dossier.toegekend_totaal_centen, dossier.max_coordinatie_procent),
            "max_procent": dossier.max_coordinatie_procent,
        },
        "toegekend_totaal_centen": dossier.toegekend_totaal_centen,
        "begroot_totaal_centen": sum(b.bedrag_centen for b in dossier.budget),
        "besteed_totaal_centen": sum(s.besteed_centen for s in accepted),
    }


def dossier_view(dossier: Dossier) -> dict:
    terms = list(dossier.terms.values())
    open_terms = [t for t in terms if not t.done]
    return {
        "dossier_id": dossier.dossier_id,
        "alliantie_id": dossier.alliance_id,
        "status": dossier.status,
        "beschikking_nummer": dossier.beschikking_nummer,
        "periode_start": dossier.periode_start.isoformat() if dossier.periode_start else None,
        "periode_eind": dossier.periode_eind.isoformat() if dossier.periode_eind else None,
        "toegekend_totaal_centen": dossier.toegekend_totaal_centen,
        "max_coordinatie_procent": dossier.max_coordinatie_procent,
        "voorschotten": [v.model_dump(mode="json") for v in dossier.voorschotten],
        "termijnen": [asdict(t) for t in terms],
        "eerstvolgende": min((t.uiterlijk for t in open_terms), default=None),
        "te_laat": [t.termijn_id for t in terms if t.te_laat and not t.done],
        "activiteitenplan": dossier.plan,
        "partners": dossier.partners_known(),
        "activiteiten": [asdict(a) for a in dossier.activities.values()],
        "msc_verhalen": [asdict(s) for s in dossier.stories.values()],
        "msc_selecties": {str(h): [c.model_dump() for c in choices] for h, choices in dossier.selections.items()},
        "bestedingen": _spending(dossier),
        "vaststelling": asdict(dossier.settlement) if dossier.settlement else None,
    }
