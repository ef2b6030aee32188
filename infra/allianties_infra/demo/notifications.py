"""Phase 4, notificatie: what each alliance was told, and why."""

from __future__ import annotations

from allianties_infra.demo.client import DemoClient
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role


def run(demo: DemoClient, state: RoundState) -> None:
    for alliance in state.alliances:

        def notifications(alliance: str = alliance) -> list[dict]:
            return demo.call("GET", "notificatie", "/v1/notificaties", Role.PENVOERDER, alliance).json()

        demo.wait_for("notificatie records the messages", lambda: len(notifications()) >= 3)
        for note in notifications():
            demo.step(
                f"notificatie: message [yellow]{note['sjabloon']}[/] for the {note['ontvanger_rol']} "
                f"(because of {note['aanleiding_type']})"
            )
