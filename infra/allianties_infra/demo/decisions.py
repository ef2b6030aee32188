"""Phase 2, toekenning: the 2021 round assessed and decided, through the HTTP API only.

Two assessors per priority (one declares a conflict of interest on one application), every
criterion scored with a motivation, the explainable ranking per priority, then on 1 June 2021 the
college grants the best suitable application per priority within what is left of the budget and
rejects the others with a motivation and a referral to the Sociale Basis. A priority whose best
plan is not suitable (men's emancipation in 2021) stays unfunded. One rejected alliance objects.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_infra.tokens import issue
from allianties_shared.domain import Role
from allianties_shared.regulation.model import AMSTERDAM

SUITABLE = 6.0  # a weighted total below this is not a suitable alliance for the priority
UNSUITABLE_PRIORITIES = {7}  # in 2021 the one plan for men's emancipation did not fit
REFERRAL = "Sociale Basis"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM)


def euros(cents: int) -> str:
    return f"€ {cents / 100:,.0f}".replace(",", ".")


def scores_for(place: int, priority: int, criteria: list[str]) -> dict[str, int]:
    """Illustrative scores: the first alliance per priority (in the intake's order) has the best Theory of Change;
    the runner-up fits the policy better, which the ranking makes visible."""
    if priority in UNSUITABLE_PRIORITIES:
        return {c: 4 if c in ("theory-of-change", "beleidsaansluiting") else 6 for c in criteria}
    if place == 0:
        return {c: {"theory-of-change": 9, "beleidsaansluiting": 7}.get(c, 8) for c in criteria}
    if place == 1:
        return {c: {"theory-of-change": 6, "beleidsaansluiting": 9}.get(c, 7) for c in criteria}
    return {c: 6 - min(place, 3) + (1 if c == "samenwerking" else 0) for c in criteria}


def run(demo: DemoClient, state: RoundState) -> None:
    def as_(role: Role, actor: str) -> dict:
        return {"headers": {"Authorization": f"Bearer {issue(demo.secret, role, actor)}"}}

    def call(method: str, path: str, role: Role, status: int, *alliances: str, **kwargs) -> dict | list:
        return expect(demo.call(method, "toekenning", path, role, *alliances, **kwargs), status).json()

    def assessments() -> list[dict]:
        found = call("GET", "/v1/beoordelingen", Role.BESLUITVORMER, 200)
        return [a for a in found if a["aanvraag_id"] in state.applications]

    demo.set_time(at(2021, 4, 20, 10, 0))
    demo.wait_for(
        "toekenning opens an assessment per application and priority",
        lambda: {a["aanvraag_id"] for a in assessments()} >= set(state.applications),
    )
    order = {alliance: i for i, alliance in enumerate(state.alliances)}
    by_priority: dict[int, list[dict]] = defaultdict(list)
    for assessment in sorted(assessments(), key=lambda a: (order.get(a["alliantie_id"], len(order)), a["beoordeling_id"])):
        by_priority[assessment["prioriteit"]].append(assessment)
    demo.step(f"{sum(len(v) for v in by_priority.values())} assessments open on priorities {sorted(by_priority)}; "
              f"decision deadline {next(iter(by_priority.values()))[0]['besluittermijn']}")

    criteria = [c["code"] for c in call("GET", f"/v1/rondes/2021/prioriteiten/{min(by_priority)}/rangschikking", Role.BESLUITVORMER, 200)["criteria"]]
    conflicted = None
    for priority, group in sorted(by_priority.items()):
        panel = [f"beoordelaar-{state.run_id}-p{priority}-{n}" for n in ("a", "b")]
        for assessor in panel:
            call("POST", f"/v1/rondes/2021/prioriteiten/{priority}/beoordelaars", Role.ACCOUNTHOUDER, 201, json={"beoordelaar_id": assessor})
        for place, assessment in enumerate(group):
            path = f"/v1/beoordelingen/{assessment['beoordeling_id']}"
            for assessor in panel:
                if conflicted is None and assessor.endswith("-b") and len(group) > 1 and place == 0:
                    why = {"toelichting": "Bestuurslid van een van de partnerorganisaties van deze alliantie"}
                    call("POST", f"{path}/belangenverstrengeling", Role.BEOORDELAAR, 200, **as_(Role.BEOORDELAAR, assessor), json=why)
                    conflicted = (assessor, assessment["beoordeling_id"])
                    continue
                points = scores_for(place, priority, criteria)
                body = {"scores": [{"criterium": c, "score": s, "motivering": f"{c}: {s}/10, onderbouwd in het beoordelingsformulier"}
                                   for c, s in points.items()]}
                call("POST", f"{path}/scores", Role.BEOORDELAAR, 200, **as_(Role.BEOORDELAAR, assessor), json=body)
    demo.step(f"Two assessors per priority scored all {len(criteria)} criteria with a motivation"
              + (f"; {conflicted[0]} declared a conflict of interest on {conflicted[1]} and was excluded from it" if conflicted else ""))

    rankings = {}
    for priority in sorted(by_priority):
        ranking = call("GET", f"/v1/rondes/2021/prioriteiten/{priority}/rangschikking", Role.BESLUITVORMER, 200)
        rankings[priority] = ranking["rangschikking"]
        demo.step(f"[bold]Ranking priority {priority}[/] ({ranking['naam']}):")
        for row in ranking["rangschikking"]:
            line = f"   {row['plaats']}. {row['alliantie_id']}  {row['totaal']:.2f}  {row['toelichting']}"
            demo.console.print(line + (f"\n      [yellow]⚠ {row['waarschuwing']}[/]" if row["waarschuwing"] else ""))

    demo.set_time(at(2021, 5, 20, 9, 0))

    def due_soon() -> list[dict]:  # open, running, and due within the two weeks the service warns ahead
        return [a for a in assessments() if a["status"] == "open" and not a["gepauzeerd"] and "2021-05-20" <= a["besluittermijn"] <= "2021-06-03"]

    demo.wait_for("toekenning flags the decisions that are due soon", lambda: all(a["besluittermijn_dreigt_te_verlopen"] for a in due_soon()))
    moved = [a for a in assessments() if a["besluittermijn"] > "2021-06-03"]
    demo.step(f"20 May: toekenning flags {len(due_soon())} open assessments: their decisions are due on 1 June"
              + (f"; {len(moved)} had their deadline moved by a completion request" if moved else ""))

    demo.set_time(at(2021, 6, 1, 9, 0))
    budget = {b["prioriteit"]: b for b in call("GET", "/v1/rondes/2021/budget", Role.BESLUITVORMER, 200)}
    granted_priorities = set()
    for priority, rows in sorted(rankings.items()):
        best = rows[0]
        if best["totaal"] < SUITABLE:
            continue
        assessment = next(a for a in by_priority[priority] if a["beoordeling_id"] == best["beoordeling_id"])
        amount = min(assessment["gevraagd_bedrag_per_jaar_centen"], budget[priority]["resterend_centen"])
        grant = {"besluit": "verleend", "bedrag_per_jaar_centen": amount}
        call("POST", f"/v1/beoordelingen/{best['beoordeling_id']}/besluit", Role.BESLUITVORMER, 200, json=grant)
        state.grants.append(best["beoordeling_id"])
        granted_priorities.add(priority)
        note = "" if amount == assessment["gevraagd_bedrag_per_jaar_centen"] else f" (asked {euros(assessment['gevraagd_bedrag_per_jaar_centen'])}, capped at what is left)"
        demo.step(f"[green]Granted[/] priority {priority} to {best['alliantie_id']}: {euros(amount)} per year{note}")
    for priority, rows in sorted(rankings.items()):
        for row in rows:
            if row["beoordeling_id"] in state.grants:
                continue
            reason = (f"Op prioriteit {priority} sloot een andere alliantie beter aan (plaats {row['plaats']}, {row['totaal']:.2f})."
                      if priority in granted_priorities else f"Het plan is niet passend genoeg voor prioriteit {priority} ({row['totaal']:.2f}).")
            rejection = {"besluit": "afgewezen", "motivering": reason, "verwijzing": REFERRAL}
            call("POST", f"/v1/beoordelingen/{row['beoordeling_id']}/besluit", Role.BESLUITVORMER, 200, json=rejection)
            state.rejections.append(row["beoordeling_id"])
    demo.step(f"[red]Rejected[/] {len(state.rejections)} applications, each with a motivation and a referral to the {REFERRAL}")
    for priority in sorted(set(rankings) - granted_priorities):
        why = {"motivering": "Geen passende alliantie: het ingediende plan sluit onvoldoende aan bij de prioriteit."}
        call("POST", f"/v1/rondes/2021/prioriteiten/{priority}/onvervuld", Role.BESLUITVORMER, 200, json=why)
        demo.step(f"Priority {priority} stays [bold]unfunded[/]: no suitable alliance")

    budget = call("GET", "/v1/rondes/2021/budget", Role.BESLUITVORMER, 200)
    for row in budget:
        if row["prioriteit"] in rankings:
            demo.console.print(f"   priority {row['prioriteit']}: granted {euros(row['toegekend_centen'])}, "
                               f"left {euros(row['resterend_centen'])} of {euros(row['beschikbaar_voor_allianties_centen'])}"
                               + (f" (municipality keeps {euros(row['gemeentelijk_deel_centen'])})" if row["gemeentelijk_deel_centen"] else ""))
    demo.step(f"1 June 2021: {len(state.grants)} grants, {len(state.rejections)} rejections, "
              f"{len(set(rankings) - granted_priorities)} priority unfunded")
    if state.grants:
        beschikking = call("GET", f"/v1/beoordelingen/{state.grants[0]}", Role.BESLUITVORMER, 200)["beschikking"]
        demo.step(f"Beschikking {beschikking['beschikking_nummer']}: {beschikking['periode_start']} to {beschikking['periode_eind']}"
                  f"{' with the intention of a second year' if beschikking['verlengingsintentie'] else ''}, "
                  f"max {beschikking['max_coordinatie_procent']}% coordination, {', '.join(beschikking['verplichtingen'])}, "
                  f"{len(beschikking['voorschotten'])} advances of {euros(beschikking['voorschotten'][-1]['bedrag_centen'])}")
    _objection(demo, state, call)


def _objection(demo: DemoClient, state: RoundState, call) -> None:
    if not state.rejections:
        return
    objecting = state.rejections[0]
    alliance = call("GET", f"/v1/beoordelingen/{objecting}", Role.BESLUITVORMER, 200)["alliantie_id"]
    demo.set_time(at(2021, 6, 28, 11, 0))
    seen = [d for d in call("GET", "/v1/besluiten", Role.PENVOERDER, 200, alliance) if d["beoordeling_id"] == objecting]
    demo.step(f"{alliance} reads its own decision: “{seen[0]['motivering']}” (referral: {seen[0]['verwijzing']})")
    lodged = {"gronden": "Onze aansluiting bij het beleid is hoger beoordeeld; de Theory of Change woog te zwaar."}
    call("POST", f"/v1/beoordelingen/{objecting}/bezwaar", Role.PENVOERDER, 200, alliance, json=lodged)
    demo.step(f"{alliance} objects within the term (until {seen[0]['bezwaar']['mogelijk_tot']})")
    demo.set_time(at(2021, 7, 12, 10, 0))
    outcome = {"uitkomst": "ongegrond", "motivering": "De weging volgt de regeling; de rangschikking is zorgvuldig en per criterium gemotiveerd."}
    call("POST", f"/v1/beoordelingen/{objecting}/bezwaar/beslissing", Role.BESLUITVORMER, 200, json=outcome)
    demo.step("The college declares the objection unfounded, with a motivation; the rejection stands")
