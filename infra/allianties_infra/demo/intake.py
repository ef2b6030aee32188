"""Phase 1, aanvraag: the 2021 intake replayed on moved clocks.

The concept round (Nov-Dec 2020) with feedback in January, 14 alliances applying on the seven
priorities (two or three per priority, one on men's emancipation), one completion request answered
in time, a second submit and a submission at 00:01 on 1 April refused. Alliance names and members
come from the process evaluation; the rejected alliances' names are made up.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role
from allianties_shared.regulation.model import AMSTERDAM

DOCUMENTS = ["theory-of-change", "trackrecord", "activiteitenplan", "begroting", "samenwerkingsovereenkomst"]

# (slug, name, priority, euros per year, penvoerder, partners); the first six were granted in 2021.
ALLIANCES = [
    ("samen-sterk-in-werk", "Samen Sterk in Werk", 1, 145_000, "Vrouw en Vaart/SEZO",
     ["Buurvrouwennetwerk Gaasperdam", "Stichting Prachtvrouw", "Stichting Malak", "Vrouwen Vooruit", "Diversion"]),
    ("queer-netwerk-amsterdam", "Queer Netwerk Amsterdam", 2, 200_000, "Stichting art.1/IQMF Festival",
     ["Black Pride", "Colourful Pride", "Fite Qlub", "MarokQueer Zawia", "Papaya Kuir", "Sehaq", "Transketeers"]),
    ("bipoc-alliantie", "BIPOC alliantie", 3, 115_000, "Fite Qlub",
     ["Black Pride NL", "Black Queer & Trans Resistance", "Caribbean Queer Salon", "COC Amsterdam e.o.", "MarokQueer Zawia", "Papaya Kuir"]),
    ("samen-tegen-racisme", "Amsterdammers samen tegen racisme", 4, 175_000, "Pakhuis de Zwijger",
     ["Comité 21 Maart", "Zwart Manifest", "Collectief tegen Islamofobie en Discriminatie", "Oy Vey"]),
    ("wij-zijn-amsterdam", "Wij zijn Amsterdam", 5, 98_000, "In Mijn Buurt",
     ["EducatieStudio", "Amsterdam Museum", "Amerpodia", "Studio Durian"]),
    ("ongelooflijke-geschiedenissen", "De Ongelooflijke Geschiedenissen van onze Voorouders", 6, 155_000, "Stichting Zieraad",
     ["Stadsarchief Amsterdam", "Pabo Hogeschool van Amsterdam", "Tropenmuseum Wereldculturen"]),
    ("vrouwen-aan-het-werk-oost", "Vrouwen aan het Werk Oost", 1, 120_000, "Stichting Werkplaats Oost", ["Buurtvrouwen Dapper", "Taalcafé Oost"]),
    ("pride-zuidoost", "Pride Zuidoost", 2, 185_000, "Stichting Bijlmer Pride", ["Colourful Pride", "Jongerenhuis Zuidoost", "Kwaku Collectief"]),
    ("regenboog-nieuw-west", "Regenboog Nieuw-West", 2, 160_000, "Stichting Roze Nieuw-West", ["Buurthuis Slotermeer", "Queer Currents"]),
    ("diaspora-queer-collectief", "Diaspora Queer Collectief", 3, 90_000, "Stichting Mix Kleur", ["Sehaq", "Survibes", "Pan Asian Collective"]),
    ("buurt-zonder-discriminatie", "Buurt zonder Discriminatie", 4, 150_000, "Meldpunt Discriminatie West", ["Buurtteam West", "Stichting OndersteBoven"]),
    ("herdenken-in-de-wijk", "Herdenken in de Wijk", 5, 80_000, "Stichting Wijkgeheugen", ["Bibliotheek Noord", "Oral History Amsterdam"]),
    ("sporen-van-slavernij", "Sporen van Slavernij", 6, 130_000, "Stichting Keti Koti Noord", ["Surinaams Huis", "Stichting Inclusief"]),
    ("mannen-in-beweging", "Mannen in Beweging", 7, 80_000, "Stichting Vaders Vooraan", ["Mannenpraat Oost", "Sportclub Samen"]),
]
LATE = ("nachtwerk-alliantie", "Alliantie Nachtwerk", 2, 100_000, "Stichting Nachtwerk", ["Club Licht", "Huis van de Nacht"])
CONCEPTS = ["queer-netwerk-amsterdam", "bipoc-alliantie", "wij-zijn-amsterdam", "pride-zuidoost", "mannen-in-beweging"]
LAST_MINUTE = {"bipoc-alliantie", "herdenken-in-de-wijk"}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM)


def kvk(name: str) -> str:
    return str(10_000_000 + int(hashlib.sha256(name.encode()).hexdigest(), 16) % 90_000_000)


def document(kind: str, text: str) -> dict:
    return {"soort": kind, "titel": text, "taal": "nl", "inhoud_base64": base64.b64encode(f"%PDF-1.7\n{text}\n".encode()).decode()}


def run(demo: DemoClient, state: RoundState) -> None:
    ids = {slug: f"{slug}-{state.run_id}" for slug, *_ in [*ALLIANCES, LATE]}
    lead = {slug: (Role.PENVOERDER, alliance) for slug, alliance in ids.items()}

    def call(method: str, path: str, who: tuple, status: int | None = None, **kwargs):
        response = demo.call(method, "aanvraag", path, *who, **kwargs)
        return expect(response, status) if status else response

    regeling = expect(demo.call("GET", "aanvraag", "/v1/regeling", Role.AUDITOR), 200).json()
    ronde = expect(demo.call("GET", "aanvraag", "/v1/rondes/2021", Role.AUDITOR), 200).json()
    demo.step(f"Regulation [bold]{regeling['naam']}[/]: {len(regeling['prioriteiten'])} priorities, at most "
              f"{regeling['max_coordinatie_procent']}% coordination, documents: {', '.join(regeling['documenten'])}")
    demo.step(f"Round 2021: concept {ronde['concept']['van']}…{ronde['concept']['tot']}, applications "
              f"{ronde['aanvragen']['van']}…{ronde['aanvragen']['tot']}, decision {ronde['besluitdatum']}")

    demo.set_time(at(2020, 11, 9, 19, 30))
    slug, name, _, _, penvoerder, partners = ALLIANCES[0]
    alone = call("POST", "/v1/allianties", lead[slug], json=_alliance(ids[slug], name, penvoerder, partners[:1]))
    demo.step(f"{penvoerder} first tries with one partner: [red]{alone.status_code}[/] {alone.json()['detail']}")
    for slug, name, _, _, penvoerder, partners in [*ALLIANCES, LATE]:
        call("POST", "/v1/allianties", lead[slug], 201, json=_alliance(ids[slug], name, penvoerder, partners))
    state.alliances.extend(ids[slug] for slug, *_ in ALLIANCES)
    demo.step(f"{len(ALLIANCES) + 1} alliances registered, from 3 to 8 organisations; Fite Qlub, MarokQueer Zawia and Papaya Kuir are in two")
    coordination = {"organisaties": [kvk("Black Queer & Trans Resistance"), kvk("Caribbean Queer Salon")], "actoren": ["demo-partner"],
                    "contactpersonen": [{"naam": "Coördinator BIPOC", "email": "coordinatie@bipoc.example.org", "taal": "en"}]}
    call("PUT", f"/v1/allianties/{ids['bipoc-alliantie']}/coordinatie", lead["bipoc-alliantie"], 200, json=coordination)
    demo.step("BIPOC alliantie: Fite Qlub is penvoerder, coordination is shared by two partners (English-speaking contact)")

    demo.set_time(at(2020, 12, 14, 21, 15))
    for slug in CONCEPTS:
        body = {**document("theory-of-change", f"Concept Theory of Change van {slug}"), "alliantie_id": ids[slug]}
        call("POST", "/v1/rondes/2021/concepten", lead[slug], 201, json=body)
    demo.step(f"Concept round: {len(CONCEPTS)} alliances hand in a concept Theory of Change (optional)")
    demo.set_time(at(2021, 1, 18, 10, 0))
    for slug in CONCEPTS:
        feedback = {"feedback": "Maak de beoogde verandering per doelgroep concreet en meetbaar."}
        call("POST", f"/v1/rondes/2021/concepten/{ids[slug]}/feedback", (Role.ACCOUNTHOUDER,), 200, json=feedback)
    demo.step(f"January: the accounthouder gives feedback on all {len(CONCEPTS)} concepts")

    demo.set_time(at(2021, 2, 10, 20, 0))
    for joining in ("Pan Asian Collective", "Amsterdam City Rights"):
        body = {"organisatie": {"kvk": kvk(joining), "naam": joining}, "per": "2021-02-10"}
        call("POST", f"/v1/allianties/{ids['samen-tegen-racisme']}/partners", lead["samen-tegen-racisme"], 201, json=body)
    demo.step("Pan Asian Collective and Amsterdam City Rights join 'Amsterdammers samen tegen racisme' later")

    for slug, _, priority, euros, *_ in [*ALLIANCES, LATE]:
        _prepare(call, lead[slug], ids[slug], priority, euros)
    over = {"jaren": [{"jaar": "2021-2022", "totaal_centen": 10_000_000, "coordinatie_centen": 1_800_000}]}
    refused = call("PUT", f"/v1/aanvragen/{ids['pride-zuidoost']}-2021/begroting", lead["pride-zuidoost"], json=over)
    demo.step(f"A budget with 18% coordination is refused: [red]{refused.status_code}[/] {refused.json()['detail']}")
    demo.step(f"{len(ALLIANCES) + 1} applications drafted, each with five documents and a budget for two years")

    demo.set_time(at(2021, 3, 12, 16, 0))
    for slug, _, priority, *_ in ALLIANCES:
        if slug not in LAST_MINUTE:
            _submit(demo, call, state, slug, ids[slug], priority)
    demo.set_time(at(2021, 3, 31, 23, 58))
    for slug, _, priority, *_ in ALLIANCES:
        if slug in LAST_MINUTE:
            who = (Role.PARTNER, ids[slug]) if slug == "bipoc-alliantie" else lead[slug]
            _submit(demo, call, state, slug, ids[slug], priority, who)
    demo.step("Two alliances submit at 23:58 on deadline day (BIPOC alliantie through its coordinator); all 14 have a receipt")
    again = call("POST", f"/v1/aanvragen/{ids['herdenken-in-de-wijk']}-2021/indienen", lead["herdenken-in-de-wijk"], headers={"Accept-Language": "en"})
    demo.step(f"A second submit a minute later: [red]{again.status_code}[/] {again.json()['detail']}")

    demo.set_time(at(2021, 4, 1, 0, 1))
    late = call("POST", f"/v1/aanvragen/{ids[LATE[0]]}-2021/indienen", lead[LATE[0]])
    demo.step(f"{LATE[1]} submits at 00:01 on 1 April: [red]{late.status_code}[/] {late.json()['detail']}")

    demo.set_time(at(2021, 4, 6, 9, 30))
    target = f"{ids['wij-zijn-amsterdam']}-2021"
    asked = call("POST", f"/v1/aanvragen/{target}/aanvulling", (Role.ACCOUNTHOUDER,), 200,
                 json={"reden": "De samenwerkingsovereenkomst is niet door alle partners ondertekend."}).json()
    demo.step(f"The accounthouder asks 'Wij zijn Amsterdam' for completion, term [bold]{asked['termijn']}[/] (the decision clock pauses)")
    demo.set_time(at(2021, 4, 15, 22, 10))
    call("POST", f"/v1/aanvragen/{target}/documenten", lead["wij-zijn-amsterdam"], 201,
         json=document("samenwerkingsovereenkomst", "Samenwerkingsovereenkomst, door alle partners ondertekend"))
    done = call("POST", f"/v1/aanvragen/{target}/aanvullen", lead["wij-zijn-amsterdam"], 200).json()
    demo.step(f"…and completes it on 15 April, within the term: status [green]{done['status']}[/]")

    overview = call("GET", "/v1/aanvragen/overzicht", (Role.ACCOUNTHOUDER,), 200).json()
    counts = ", ".join(
        f"{p}: {sum(n for status, n in s.items() if status != 'concept')}" for p, s in sorted(overview["per_prioriteit"].items())
    )
    demo.step(f"Submitted applications per priority ({counts}); per status {overview['per_status']}")
    history = call("GET", f"/v1/allianties/{ids['bipoc-alliantie']}/geschiedenis", (Role.AUDITOR,), 200).json()
    demo.step(f"BIPOC alliantie's history so far: {' → '.join(h['type'] for h in history)}")
    demo.set_time(at(2021, 4, 16, 9, 0))


def _alliance(alliance_id: str, name: str, penvoerder: str, partners: list[str]) -> dict:
    return {
        "alliantie_id": alliance_id,
        "naam": name,
        "penvoerder": {"kvk": kvk(penvoerder), "naam": penvoerder},
        "partners": [{"kvk": kvk(p), "naam": p} for p in partners],
        "contactpersoon": {"naam": f"Contactpersoon {penvoerder}", "email": f"contact.{alliance_id.split('-')[0]}@example.org", "taal": "nl"},
    }


def _prepare(call, who: tuple, alliance_id: str, priority: int, euros: int) -> None:
    application = f"{alliance_id}-2021"
    cents = euros * 100
    draft = {"aanvraag_id": application, "alliantie_id": alliance_id, "prioriteiten": [priority], "bedrag_per_jaar_centen": cents}
    call("POST", "/v1/aanvragen", who, 201, json=draft)
    for kind in DOCUMENTS:
        call("POST", f"/v1/aanvragen/{application}/documenten", who, 201, json=document(kind, f"{kind} van {alliance_id}"))
    years = [{"jaar": y, "totaal_centen": cents, "coordinatie_centen": cents * 12 // 100} for y in ("2021-2022", "2022-2023")]
    call("PUT", f"/v1/aanvragen/{application}/begroting", who, 200, json={"jaren": years})


def _submit(demo: DemoClient, call, state: RoundState, slug: str, alliance_id: str, priority: int, who: tuple | None = None) -> None:
    application = f"{alliance_id}-2021"
    receipt = call("POST", f"/v1/aanvragen/{application}/indienen", who or (Role.PENVOERDER, alliance_id), 200).json()
    demo.step(f"[cyan]{slug}[/] submits on priority {priority}: receipt [bold]{receipt['referentie']}[/]")
    state.applications[application] = alliance_id
    state.priorities[application] = priority
