"""Last phase, notificatie: what each alliance was told, in which language, and what the subscribers got."""

from __future__ import annotations

import time
from collections import Counter

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_shared.domain import Role

DELIVERY_LOG = ("aflevering-geprobeerd", "aflevering-opgegeven", "aflevering-opnieuw-aangeboden")


def _feed(demo: DemoClient, after: int) -> list[dict]:
    events, position = [], after
    while True:
        page = expect(demo.call("GET", "notificatie", f"/v1/gebeurtenissen?na={position}&limit=1000", Role.OPERATOR), 200).json()
        if not page:
            return events
        events += [row["event"] for row in page if row["event"]["type"].split(".")[-2] not in DELIVERY_LOG]
        position = page[-1]["positie"]


def _in_stream_order(received: list[dict]) -> bool:
    last: dict[str, int] = {}
    for event in received:
        sequence = int(event["sequence"])
        if sequence < last.get(event["subject"], 0):
            return False
        last[event["subject"]] = sequence
    return True


def _messages(demo: DemoClient, state: RoundState) -> None:
    def ours() -> list[dict]:
        found = expect(demo.call("GET", "notificatie", "/v1/berichten", Role.OPERATOR), 200).json()
        return [m for m in found if m["alliantie_id"] in state.alliances]

    def notes() -> list[dict]:
        found = expect(demo.call("GET", "notificatie", "/v1/notificaties", Role.OPERATOR), 200).json()
        return [n for n in found if n["alliantie_id"] in state.alliances]

    def pending() -> set[str]:
        return {n["notificatie_id"] for n in notes()} - {m["notificatie_id"] for m in ours()}

    deadline = time.monotonic() + 20
    with demo.console.status("waiting: every message of the round mailed"):
        while pending() and time.monotonic() < deadline:
            time.sleep(0.5)
    messages = ours()
    by_language = Counter(m["taal"] or m["status"] for m in messages)
    demo.step(f"notificatie mailed {len(messages)} messages for the round's alliances: {dict(by_language)} (nl/en per recipient)")
    for template, count in sorted(Counter(m["sjabloon"] for m in messages).items()):
        languages = sorted({m["taal"] for m in messages if m["sjabloon"] == template and m["taal"]})
        demo.step(f"  [yellow]{template}[/] ×{count} in {', '.join(languages)}")
    if pending():
        demo.step(f"  [red]{len(pending())} messages still pending[/] (no address known for their recipient yet)")
    demo.step("  (the mails themselves are in the mail sink: $ALLIANTIES_DATA_DIR/mail/, one .eml per message)")


def _subscribers(demo: DemoClient, state: RoundState) -> None:
    if not state.subscribers:
        return
    start = min(
        expect(demo.call("GET", "notificatie", f"/v1/abonnementen/{sid}", Role.OPERATOR), 200).json()["vanaf_positie"]
        for sid in state.subscriptions.values()
    )
    deadline = time.monotonic() + 45  # the demo tells what arrived; it does not hang on a slow machine
    for name, subscriber in state.subscribers.items():
        subscription = state.subscriptions[name]
        path = f"/v1/abonnementen/{subscription}"
        for letter in expect(demo.call("GET", "notificatie", f"{path}/dead-letters", Role.OPERATOR), 200).json():
            expect(demo.call("POST", "notificatie", f"{path}/dead-letters/{letter['event_id']}/opnieuw", Role.OPERATOR), 200)
            demo.step(f"{name}: dead letter {letter['type']} re-sent by hand")

        def missing(subscriber=subscriber) -> set[str]:
            return {e["id"] for e in _feed(demo, start)} - {e["id"] for e in subscriber.received}

        with demo.console.status(f"waiting: {name} gets every event of the round"):
            while missing() and time.monotonic() < deadline:
                time.sleep(0.5)
        late = missing()
        received = subscriber.received
        log = expect(demo.call("GET", "notificatie", f"{path}/afleveringen", Role.OPERATOR), 200).json()
        failed = sum(1 for attempt in log if not attempt["gelukt"])
        streams = len({e["subject"] for e in received})
        order = "[green]every stream in order[/]" if _in_stream_order(received) else "[red]out of order[/]"
        got = "[green]every event of the round[/]" if not late else f"[yellow]{len(late)} events still on their way[/]"
        demo.step(
            f"{name}: received {len(received)} events of {streams} streams ({got}), {order}; "
            f"{failed} failed attempts (503 while down) in the delivery log, {subscriber.bad_signatures} bad signatures; "
            + ("subscription kept" if state.keep_subscriptions else "subscription cancelled")
        )
        if not state.keep_subscriptions:
            expect(demo.call("DELETE", "notificatie", path, Role.OPERATOR), 200)
            subscriber.close()


def _deadlines(demo: DemoClient, state: RoundState) -> None:
    found = expect(demo.call("GET", "notificatie", "/v1/termijnen", Role.OPERATOR), 200).json()
    ours = [d for d in found if d["alliantie_id"] in state.alliances]
    kinds = Counter(d["soort"] for d in ours)
    reminded = sum(len(d["herinnerd_dagen_voor"]) for d in ours)
    demo.step(
        f"notificatie learned {len(ours)} deadlines from the events ({dict(kinds)}); {sum(d['vervallen'] for d in ours)} were met; "
        f"{reminded} reminders sent (14 and 3 days before, in the evening, never at night; the demo's clock jumps over most of those moments)"
    )


def run(demo: DemoClient, state: RoundState) -> None:
    _deadlines(demo, state)
    _messages(demo, state)
    _subscribers(demo, state)
