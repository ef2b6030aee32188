"""Phase 3, verantwoording: one grant year of accountability for every 2021 grant, through the HTTP API only.

Accounthouders are assigned (one alliance waits two months, flagged and listed; one is handed over),
activities with the accounthouder invited, MSC stories from partners (one partner silent), quarterly
conversations with both sides' notes, two half-yearly reports (one returned and resubmitted, one
late and flagged) and the final report, then the final settlement: a payment or a reclaim.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_infra.tokens import issue
from allianties_shared.domain import Role
from allianties_shared.regulation.model import AMSTERDAM

ACCOUNTHOUDERS = [("ah-fatima", "Fatima El Amrani"), ("ah-ruud", "Ruud de Boer"), ("ah-lieke", "Lieke Jansen")]
SUCCESSOR = ("ah-joost", "Joost Visser")
PLAN = ["Ontmoetingen en debatten", "Zichtbaarheid in de stad"]


def euros(cents: int) -> str:
    return f"€ {cents / 100:,.0f}".replace(",", ".")


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


class Dossier:
    """One dossier as the demo drives it: its alliance, partners, budget and accounthouder."""

    def __init__(self, demo: DemoClient, dossier_id: str) -> None:
        self.demo, self.id = demo, dossier_id
        data = self.read("")
        self.alliance, self.total = data["alliantie_id"], data["toegekend_totaal_centen"]
        self.start, self.end = date.fromisoformat(data["periode_start"]), date.fromisoformat(data["periode_eind"])
        self.accounthouder: str | None = None
        found = demo.call("GET", "aanvraag", f"/v1/allianties/{self.alliance}", Role.PENVOERDER, self.alliance)
        body = found.json() if found.status_code == 200 else {}
        lead = (body.get("penvoerder") or {}).get("naam", "Penvoerder")
        partners = [p["naam"] for p in body.get("partners", [])][:3] or ["Partner A", "Partner B"]
        self.organisations = [lead, *partners]
        share = self.total * 60 // 100 // len(partners)
        self.budget = [
            {"partner": lead, "post": "coordinatie", "bedrag_centen": self.total * 10 // 100, "coordinatie": True},
            {"partner": lead, "post": "activiteiten", "bedrag_centen": self.total * 30 // 100},
            *({"partner": p, "post": "activiteiten", "bedrag_centen": share} for p in partners),
        ]
        self.budget[-1]["bedrag_centen"] += self.total - sum(line["bedrag_centen"] for line in self.budget)

    def read(self, path: str) -> dict:
        return expect(self.demo.call("GET", "verantwoording", f"/v1/dossiers/{self.id}{path}", Role.AUDITOR), 200).json()

    def member(self, method: str, path: str, status: int = 200, role: Role = Role.PENVOERDER, **kwargs) -> dict:
        url = f"/v1/dossiers/{self.id}{path}"
        return expect(self.demo.call(method, "verantwoording", url, role, self.alliance, **kwargs), status).json()

    def municipal(self, method: str, path: str, status: int = 200, actor: str | None = None, role: Role = Role.ACCOUNTHOUDER, **kwargs) -> dict:
        token = issue(self.demo.secret, role, actor or self.accounthouder)
        url = path if path.startswith("/v1/allianties") else f"/v1/dossiers/{self.id}{path}"
        return expect(self.demo.call(method, "verantwoording", url, role, headers={"Authorization": f"Bearer {token}"}, **kwargs), status).json()

    def assign(self, others: list[Dossier], actor: str, name: str, note: str = "", by: str | None = None) -> None:
        body = {"accounthouder_id": actor, "naam": name, "notitie": note}
        self.municipal("POST", f"/v1/allianties/{self.alliance}/accounthouder", actor=by or actor, json=body)
        for dossier in others:  # an alliance with two grants has one accounthouder for both
            if dossier.alliance == self.alliance:
                dossier.accounthouder = actor

    def spending(self, percent: int) -> list[dict]:
        return [{"partner": b["partner"], "post": b["post"], "besteed_centen": b["bedrag_centen"] * percent // 100} for b in self.budget]

    def report(self, term: str, percent: int, stories: list[str] = ()) -> dict:
        body = {"voortgang": [{"onderdeel": item, "toelichting": f"{item}: volgens plan"} for item in PLAN],
                "msc_verhalen": list(stories), "financien": self.spending(percent)}
        return self.member("POST", f"/rapportages/{term}", json=body)


def _without(demo: DemoClient) -> list[str]:
    listed = expect(demo.call("GET", "verantwoording", "/v1/allianties-zonder-accounthouder", Role.AUDITOR), 200).json()
    return [a["alliantie_id"] for a in listed]


def run(demo: DemoClient, state: RoundState) -> None:
    if not state.grants:
        demo.step("No grants, so no dossiers")
        return
    for grant in state.grants:
        demo.wait_for(f"verantwoording opens dossier {grant}",
                      lambda grant=grant: demo.call("GET", "verantwoording", f"/v1/dossiers/{grant}", Role.AUDITOR).status_code == 200)
    dossiers = [Dossier(demo, grant) for grant in state.grants]
    state.dossiers.extend(d.id for d in dossiers)
    first, start = dossiers[0], dossiers[0].start
    gap, handed, late = dossiers[0], dossiers[-1], dossiers[len(dossiers) // 2]
    for dossier in dossiers:
        demo.step(f"verantwoording opened dossier [green]{dossier.id}[/]: {euros(dossier.total)}, {dossier.start} to {dossier.end}")
    terms = first.read("/termijnen")["termijnen"]
    demo.step(f"Schedule of {first.id}: " + ", ".join(f"{t['termijn_id']} by {t['uiterlijk']}" for t in terms))

    demo.set_time(moment(start + timedelta(days=7)))
    demo.step(f"All {len(dossiers)} alliances are flagged at once: no accounthouder yet ({len(_without(demo))} listed)")
    for n, dossier in enumerate(d for d in dossiers if d.alliance != gap.alliance):
        if dossier.accounthouder is None:
            dossier.assign(dossiers, *ACCOUNTHOUDERS[n % len(ACCOUNTHOUDERS)])
    demo.step(f"Accounthouders assigned; still without one: [yellow]{', '.join(_without(demo))}[/]")
    for dossier in dossiers:
        dossier.member("PUT", "/plan", json={"activiteitenplan": PLAN, "begroting": dossier.budget})
        activity = {"activiteit_id": "startbijeenkomst", "titel": "Startbijeenkomst", "datum": (start + timedelta(days=45)).isoformat(),
                    "plaats": "OBA Oosterdok", "partners": dossier.organisations, "onderdeel": PLAN[0], "accounthouder_uitnodigen": True}
        dossier.member("POST", "/activiteiten", 201, json=activity)
    demo.step(f"Each alliance records its activity plan and budget ({euros(first.total)} for {first.alliance}, "
              f"coordination {euros(first.budget[0]['bedrag_centen'])}) and registers a kick-off with its accounthouder invited")

    demo.set_time(moment(start + timedelta(days=62)))
    gap.assign(dossiers, "ah-sanne", "Sanne Mulder")
    demo.step(f"Two months later [green]{gap.alliance}[/] finally gets accounthouder Sanne Mulder; "
              f"alliances without one: {_without(demo) or 'none'}")
    stories: dict[str, list[str]] = {}
    for dossier in dossiers:
        dossier.municipal("POST", "/activiteiten/startbijeenkomst/aanwezigheid", json={"aanwezig": dossier is not gap})
        stories[dossier.id] = []
        for organisation in dossier.organisations[:-1]:  # the last partner sends nothing
            story = {"activiteit_id": "startbijeenkomst", "partner": organisation, "rol": "deelnemer", "verteller": "Deelnemer",
                     "wat_veranderde": "Ik heb mensen ontmoet die hetzelfde meemaken", "waarom_belangrijkst": "Ik voel me minder alleen",
                     "taal": "nl"}
            stories[dossier.id].append(dossier.member("POST", "/msc-verhalen", 201, role=Role.PARTNER, json=story)["verhaal_id"])
    msc = first.member("GET", "/msc?halfjaar=1")
    demo.step(f"MSC stories after the kick-off: {msc['verzameld_per_partner']}; still missing from [yellow]{', '.join(msc['ontbreekt_van'])}[/]")

    for number, offset, agreement in ((1, 75, "MSC-formulier ook in het Engels"), (2, 160, "Verantwoording na de drukke meimaand")):
        day = start + timedelta(days=offset)
        for dossier in dossiers:
            dossier.municipal("POST", f"/kwartaalgesprekken/kwartaal-{number}/planning", json={"datum": day.isoformat()})
        demo.set_time(moment(day, 15))
        for dossier in dossiers:
            dossier.municipal("POST", f"/kwartaalgesprekken/kwartaal-{number}/verslag", json={"notities": "Goed gesprek", "afspraken": [agreement]})
            dossier.member("POST", f"/kwartaalgesprekken/kwartaal-{number}/notities-alliantie", json={"notities": "Fijn meedenken, graag minder formulieren"})
        demo.step(f"Quarterly conversation {number} held with every alliance; agreed: “{agreement}”; the alliances add their own notes")
        if number == 1:
            demo.set_time(moment(start + timedelta(days=150)))
            handed.assign(dossiers, *SUCCESSOR, note="Kwartaalgesprek 1 gehouden, MSC-verhalen lopen; rapportage H1 in december", by=handed.accounthouder)
            history = handed.municipal("GET", f"/v1/allianties/{handed.alliance}/accounthouder")["geschiedenis"]
            demo.step(f"Handover for {handed.alliance}: now {SUCCESSOR[1]}; history: " + " → ".join(h["gebeurtenis"] for h in history))

    demo.set_time(moment(start + timedelta(days=190)))
    for dossier in dossiers:
        dossier.report("halfjaar-1", 40, stories[dossier.id])
        choice = {"halfjaar": 1, "keuzes": [{"verhaal_id": stories[dossier.id][0], "reden": "Laat het doel van de Theory of Change het best zien"}]}
        dossier.member("POST", "/msc-selecties", json=choice)
    returned = first.municipal("POST", "/rapportages/halfjaar-1/terugsturen", json={"opmerkingen": "Graag de besteding per partner toelichten"})
    demo.step(f"Half-yearly reports submitted; {first.alliance}'s is [yellow]returned[/]: “{returned['opmerkingen'][-1]}”")
    demo.set_time(moment(start + timedelta(days=195)))
    first.report("halfjaar-1", 40, stories[first.id])
    for dossier in dossiers:
        dossier.municipal("POST", "/rapportages/halfjaar-1/accepteren")
    demo.step(f"{first.alliance} resubmits; every first half-year report is accepted")

    for number, offset in ((3, 260), (4, 340)):
        day = start + timedelta(days=offset)
        demo.set_time(moment(day, 9))
        for dossier in dossiers:
            dossier.municipal("POST", f"/kwartaalgesprekken/kwartaal-{number}/planning", json={"datum": day.isoformat()})
            dossier.municipal("POST", f"/kwartaalgesprekken/kwartaal-{number}/verslag", json={"notities": "Op koers", "afspraken": []})
    demo.step("Quarterly conversations 3 and 4 held")

    end = first.end
    demo.set_time(moment(end + timedelta(days=20)))
    for dossier in dossiers:
        if dossier is not late:
            dossier.report("halfjaar-2", 55 if dossier is first else 60 if dossier is handed else 45)
            dossier.report("eindverslag", 0)
    demo.set_time(moment(end + timedelta(days=33)))
    demo.wait_for("the ticker flags the late report", lambda: "halfjaar-2" in late.read("/termijnen")["te_laat"])
    demo.step(f"{late.alliance}'s second report is [red]late[/]: flagged for {', '.join(late.read('/termijnen')['te_laat'])} "
              f"(due {next(t['uiterlijk'] for t in terms if t['termijn_id'] == 'halfjaar-2')})")
    submitted = late.report("halfjaar-2", 45)
    late.report("eindverslag", 0)
    demo.step(f"{late.alliance} submits after all (te_laat={submitted['ingediend_te_laat']})")
    for dossier in dossiers:
        dossier.municipal("POST", "/rapportages/halfjaar-2/accepteren")
        dossier.municipal("POST", "/rapportages/eindverslag/accepteren")

    demo.set_time(moment(end + timedelta(days=45)))
    for dossier in dossiers:
        spent = dossier.read("/bestedingen")
        settled = dossier.municipal("POST", "/vaststelling")
        colour = "green" if settled["uitkomst"] == "nabetaling" else "red" if settled["uitkomst"] == "terugvordering" else "white"
        demo.step(f"Vaststelling {dossier.alliance}: spent {euros(spent['besteed_totaal_centen'])} of {euros(dossier.total)} "
                  f"(coordination {euros(spent['coordinatie']['besteed_centen'])}, max {euros(spent['coordinatie']['maximum_centen'])}); "
                  f"advances {euros(settled['voorschotten_centen'])} → [{colour}]"
                  + (f"{settled['uitkomst']} {euros(abs(settled['verschil_centen']))}[/]" if settled["verschil_centen"] else "nothing to pay or reclaim[/]"))
    other = demo.call("GET", "verantwoording", "/v1/dossiers", Role.PENVOERDER, "een-andere-alliantie").json()
    demo.step(f"Another alliance's penvoerder lists dossiers and sees {len(other)} of them; every dossier is now closed")
