"""``make demo``: the 2021 round through the HTTP APIs of a running stack, told as it happens.

Each phase is its own module and hands what it created to the next through ``RoundState``.
"""

from __future__ import annotations

import httpx
from rich.console import Console

from allianties_infra.demo import accountability, audit, decisions, intake, notifications, subscriptions
from allianties_infra.demo.client import DemoClient, DemoError
from allianties_infra.demo.state import RoundState
from allianties_infra.stack_config import StackConfig

PHASES = [
    ("Notificatie: abonnementen van andere gemeentelijke systemen", subscriptions.run),
    ("Aanvraag: allianties en aanvragen", intake.run),
    ("Toekenning: beoordelen en besluiten", decisions.run),
    ("Verantwoording: dossiers", accountability.run),
    ("Notificatie: wie hoorde wat", notifications.run),
    ("Audit: de geschiedenis van één alliantie, geverifieerd", audit.run),
]


def run_demo(console: Console) -> int:
    demo = DemoClient(console, StackConfig.from_environment())
    state = RoundState(run_id=demo.run_id)
    try:
        for title, phase in PHASES:
            console.rule(f"[bold]{title}")
            phase(demo, state)
    except httpx.TransportError as error:
        console.print(f"[red]cannot reach the services ({error}); start them first with `make run`[/]")
        return 1
    except DemoError as error:
        console.print(f"[red]{error}[/]")
        console.print(
            "The demo plays the 2021 round once per data directory (a round grants each priority once). "
            "To play it again: stop the stack, then `ALLIANTIES_DATA_DIR=.data-demo make run` and `make demo`."
        )
        return 1
    console.rule("[green]done")
    return 0
