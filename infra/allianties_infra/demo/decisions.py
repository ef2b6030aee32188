"""Phase 2, toekenning: assessments open by themselves; the college decides."""

from __future__ import annotations

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role


def run(demo: DemoClient, state: RoundState) -> None:
    for application in state.applications:

        def assessments(application: str = application) -> list[dict]:
            found = demo.call("GET", "toekenning", "/v1/beoordelingen", Role.BESLUITVORMER).json()
            return [a for a in found if a["aanvraag_id"] == application]

        demo.wait_for("toekenning opens the assessments", lambda: len(assessments()) == 2)
        demo.step("toekenning opened an assessment per priority: " + ", ".join(a["beoordeling_id"] for a in assessments()))

        grant = {"besluit": "verleend", "bedrag_per_jaar_centen": 18_500_000, "periode_start": "2021-06-01", "periode_eind": "2022-05-31"}
        expect(demo.call("POST", "toekenning", f"/v1/beoordelingen/{application}-p2/besluit", Role.BESLUITVORMER, json=grant), 200)
        demo.step("The college grants priority 2: € 185.000 per year, June 2021 to June 2022")
        state.grants.append(f"{application}-p2")

        reject = {"besluit": "afgewezen", "motivering": "Past beter bij prioriteit 2, waarop al is toegekend.", "verwijzing": "Sociale Basis"}
        expect(demo.call("POST", "toekenning", f"/v1/beoordelingen/{application}-p3/besluit", Role.BESLUITVORMER, json=reject), 200)
        demo.step("…and rejects priority 3, with a motivation and a referral to the Sociale Basis")
        state.rejections.append(f"{application}-p3")
