"""Phase 3, verantwoording: every grant gets its dossier."""

from __future__ import annotations

from allianties_infra.demo.client import DemoClient
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role


def run(demo: DemoClient, state: RoundState) -> None:
    for alliance in state.alliances:

        def dossiers(alliance: str = alliance) -> list[dict]:
            return demo.call("GET", "verantwoording", "/v1/dossiers", Role.PENVOERDER, alliance).json()

        demo.wait_for("verantwoording opens the dossier", lambda: len(dossiers()) == 1)
        dossier = dossiers()[0]["dossier_id"]
        demo.step(f"verantwoording opened dossier [green]{dossier}[/] for the grant")
        state.dossiers.append(dossier)
    other = demo.call("GET", "verantwoording", "/v1/dossiers", Role.PENVOERDER, "een-andere-alliantie").json()
    demo.step(f"Another alliance's penvoerder lists dossiers and sees {len(other)} of them")
