"""``make demo``: a small 2021 round through the HTTP APIs of a running stack, told as it happens.

It uses only what any client has: the services' URLs and bearer tokens (signed with the stack's
development secret). The later issues grow it into the whole 2021 round.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import httpx
from rich.console import Console

from allianties_infra import ops_client
from allianties_infra.stack_config import StackConfig, stack_secret
from allianties_infra.tokens import issue
from allianties_shared.domain import Role


class DemoError(RuntimeError):
    pass


class Demo:
    def __init__(self, console: Console, config: StackConfig) -> None:
        self.console = console
        self.urls = {t.service: t.url for t in ops_client.targets(config)}
        self.secret = stack_secret(config.data_dir)
        self.http = httpx.Client(timeout=10)
        self.run_id = uuid.uuid4().hex[:6]

    def auth(self, role: Role, *alliances: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue(self.secret, role, f'demo-{role.value}', alliances)}"}

    def call(self, method: str, service: str, path: str, role: Role, *alliances: str, **kwargs) -> httpx.Response:
        headers = {**self.auth(role, *alliances), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kwargs)

    def wait_for(self, what: str, check: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self.console.status(f"waiting: {what}"):
            while not check():
                if time.monotonic() > deadline:
                    raise DemoError(f"gave up waiting for {what} after {timeout:.0f}s")
                time.sleep(0.2)

    def step(self, text: str) -> None:
        self.console.print(f"[bold]›[/] {text}")

    def run(self) -> None:
        alliance = f"regenboog-{self.run_id}"
        application = f"regenboog-{self.run_id}-2021"
        penvoerder = (Role.PENVOERDER, alliance)
        self.console.rule("[bold]Ronde 2021: één alliantie van aanvraag tot dossier")

        alone = self.call("POST", "aanvraag", "/v1/allianties", *penvoerder, json=_alliance(alliance, partners=1))
        self.step(f"A single organisation tries to register on its own: [red]{alone.status_code}[/] {alone.json()['detail']}")

        registered = self.call("POST", "aanvraag", "/v1/allianties", *penvoerder, json=_alliance(alliance, partners=3))
        _expect(registered, 201)
        self.step(f"Penvoerder COC Amsterdam registers alliance [cyan]{alliance}[/] with three partners")

        draft = {"aanvraag_id": application, "alliantie_id": alliance, "prioriteiten": [2, 3], "bedrag_per_jaar_centen": 18_500_000}
        _expect(self.call("POST", "aanvraag", "/v1/aanvragen", *penvoerder, json=draft), 201)
        submitted = self.call("POST", "aanvraag", f"/v1/aanvragen/{application}/indienen", *penvoerder)
        _expect(submitted, 200)
        self.step(f"Application on priorities 2 and 3 submitted; receipt reference [bold]{submitted.json()['referentie']}[/]")
        again = self.call("POST", "aanvraag", f"/v1/aanvragen/{application}/indienen", *penvoerder, headers={"Accept-Language": "en"})
        self.step(f"A second submit at 23:58 is refused: [red]{again.status_code}[/] {again.json()['detail']}")

        def assessments() -> list[dict]:
            found = self.call("GET", "toekenning", "/v1/beoordelingen", Role.BESLUITVORMER).json()
            return [a for a in found if a["aanvraag_id"] == application]

        self.wait_for("toekenning opens the assessments", lambda: len(assessments()) == 2)
        self.step("toekenning opened an assessment per priority: " + ", ".join(a["beoordeling_id"] for a in assessments()))

        grant = {"besluit": "verleend", "bedrag_per_jaar_centen": 18_500_000, "periode_start": "2021-06-01", "periode_eind": "2022-05-31"}
        _expect(self.call("POST", "toekenning", f"/v1/beoordelingen/{application}-p2/besluit", Role.BESLUITVORMER, json=grant), 200)
        self.step("The college grants priority 2: € 185.000 per year, June 2021 to June 2022")
        reject = {"besluit": "afgewezen", "motivering": "Past beter bij prioriteit 2, waarop al is toegekend.", "verwijzing": "Sociale Basis"}
        _expect(self.call("POST", "toekenning", f"/v1/beoordelingen/{application}-p3/besluit", Role.BESLUITVORMER, json=reject), 200)
        self.step("…and rejects priority 3, with a motivation and a referral to the Sociale Basis")

        def dossiers() -> list[dict]:
            return self.call("GET", "verantwoording", "/v1/dossiers", *penvoerder).json()

        self.wait_for("verantwoording opens the dossier", lambda: len(dossiers()) == 1)
        self.step(f"verantwoording opened dossier [green]{dossiers()[0]['dossier_id']}[/] for the grant")

        def notifications() -> list[dict]:
            return self.call("GET", "notificatie", "/v1/notificaties", *penvoerder).json()

        self.wait_for("notificatie records the messages", lambda: len(notifications()) == 4)
        for note in notifications():
            self.step(f"notificatie: message [yellow]{note['sjabloon']}[/] for the {note['ontvanger_rol']} (because of {note['aanleiding_type']})")
        other = self.call("GET", "verantwoording", "/v1/dossiers", Role.PENVOERDER, "een-andere-alliantie").json()
        self.step(f"Another alliance's penvoerder lists dossiers and sees {len(other)} of them")
        self.console.rule("[green]done")


def _alliance(alliance_id: str, partners: int) -> dict:
    organisations = [
        {"kvk": "40530021", "naam": "MarokQueer Zawia"},
        {"kvk": "40530022", "naam": "Papaya Kuir"},
        {"kvk": "40530023", "naam": "Stichting Zami"},
    ]
    return {
        "alliantie_id": alliance_id,
        "naam": "Alliantie Regenboog Amsterdam",
        "penvoerder": {"kvk": "40530020", "naam": "COC Amsterdam"},
        "partners": organisations[:partners],
        "contactpersoon": {"naam": "Noor Bakker", "email": "noor@example.org", "taal": "nl"},
    }


def _expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise DemoError(f"{response.request.method} {response.request.url} gave {response.status_code}: {response.text}")


def run_demo(console: Console) -> int:
    config = StackConfig.from_environment()
    try:
        Demo(console, config).run()
    except httpx.ConnectError as error:
        console.print(f"[red]cannot reach the services ({error}); start them first with `make run`[/]")
        return 1
    except DemoError as error:
        console.print(f"[red]{error}[/]")
        return 1
    return 0
