"""Phase 1, aanvraag: alliances register and submit their applications."""

from __future__ import annotations

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role

PARTNERS = [
    {"kvk": "40530021", "naam": "MarokQueer Zawia"},
    {"kvk": "40530022", "naam": "Papaya Kuir"},
    {"kvk": "40530023", "naam": "Stichting Zami"},
]


def alliance_body(alliance_id: str, partners: int) -> dict:
    return {
        "alliantie_id": alliance_id,
        "naam": "Alliantie Regenboog Amsterdam",
        "penvoerder": {"kvk": "40530020", "naam": "COC Amsterdam"},
        "partners": PARTNERS[:partners],
        "contactpersoon": {"naam": "Noor Bakker", "email": "noor@example.org", "taal": "nl"},
    }


def run(demo: DemoClient, state: RoundState) -> None:
    alliance = f"regenboog-{state.run_id}"
    application = f"regenboog-{state.run_id}-2021"
    penvoerder = (Role.PENVOERDER, alliance)

    alone = demo.call("POST", "aanvraag", "/v1/allianties", *penvoerder, json=alliance_body(alliance, partners=1))
    demo.step(f"A single organisation tries to register on its own: [red]{alone.status_code}[/] {alone.json()['detail']}")

    expect(demo.call("POST", "aanvraag", "/v1/allianties", *penvoerder, json=alliance_body(alliance, partners=3)), 201)
    demo.step(f"Penvoerder COC Amsterdam registers alliance [cyan]{alliance}[/] with three partners")
    state.alliances.append(alliance)

    draft = {"aanvraag_id": application, "alliantie_id": alliance, "prioriteiten": [2, 3], "bedrag_per_jaar_centen": 18_500_000}
    expect(demo.call("POST", "aanvraag", "/v1/aanvragen", *penvoerder, json=draft), 201)
    submitted = expect(demo.call("POST", "aanvraag", f"/v1/aanvragen/{application}/indienen", *penvoerder), 200)
    demo.step(f"Application on priorities 2 and 3 submitted; receipt reference [bold]{submitted.json()['referentie']}[/]")
    state.applications[application] = alliance

    again = demo.call(
        "POST", "aanvraag", f"/v1/aanvragen/{application}/indienen", *penvoerder, headers={"Accept-Language": "en"}
    )
    demo.step(f"A second submit at 23:58 is refused: [red]{again.status_code}[/] {again.json()['detail']}")
