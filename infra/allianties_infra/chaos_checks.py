"""What a fault-injection run checks afterwards, each as an audit ``Check`` with what it found.

The rules, precisely:
- **accepted commands once**: every write the workload sent carried its own ``X-Correlation-ID``
  (kept across retries). A write finally answered 2xx recorded its events in exactly one transaction
  of the service's store (events with that correlation id and no causation); a write refused (4xx)
  recorded nothing; a write that never got an answer recorded at most one transaction.
- **consumer effects once**: in every store, the events caused by one consumed event come from one
  transaction; every submitted application opened assessments in toekenning once, every grant a
  dossier in verantwoording once, and every event of every store has exactly one feed entry in
  notificatie.
- **mail at least once**: every message notificatie recorded as sent is in the mail sink, each mail
  has a ``Message-ID``; the same ``Message-ID`` twice only after a notificatie process was killed.
- **webhooks at least once, in order**: each subscriber received every feed event after its start
  position (the delivery log itself is not delivered), each stream's events first arriving in their
  order; an event id twice only after a notificatie kill.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from rich.console import Console

from allianties_infra import ops_client
from allianties_infra.audit.run import run_audit, store_digests
from allianties_infra.audit.verification import Check
from allianties_infra.http_retry import Exchange
from allianties_infra.stack_config import StackConfig
from allianties_shared.settings import KafkaSettings

DELIVERY_LOG = ("aflevering-geprobeerd", "aflevering-opgegeven", "aflevering-opnieuw-aangeboden")
# (consumed event in its store, the effect's event in the consumer's store) that must happen once each.
CONSUMER_EFFECTS = [
    ("aanvraag", "aanvraag-ingediend", "toekenning", "beoordeling-geopend"),
    ("toekenning", "subsidie-verleend", "verantwoording", "dossier-geopend"),
]
TRANSACTIONS_PER_CORRELATION = """
    SELECT metadata->>'correlation_id' AS correlation_id, count(DISTINCT transaction_id) AS transactions
    FROM events WHERE metadata->>'causation_id' IS NULL AND metadata->>'correlation_id' = ANY($1::text[])
    GROUP BY 1"""
CAUSES_IN_SEVERAL_TRANSACTIONS = """
    SELECT metadata->>'causation_id' AS cause, count(DISTINCT transaction_id) AS transactions
    FROM events WHERE metadata->>'causation_id' IS NOT NULL
    GROUP BY 1 HAVING count(DISTINCT transaction_id) > 1"""


def service_of(url: str, config: StackConfig) -> str | None:
    port = urlsplit(url).port
    return next((s for s, p in config.service_ports.items() if p == port), None)


def command_writes(journal: Iterable[Exchange], config: StackConfig) -> dict[str, list[Exchange]]:
    """The workload's commands per service: its writes to ``/v1`` (the clock and other ``/ops`` calls are no commands)."""
    writes: dict[str, list[Exchange]] = {}
    for exchange in journal:
        service = service_of(exchange.url, config)
        if exchange.is_write and service and urlsplit(exchange.url).path.startswith("/v1/"):
            writes.setdefault(service, []).append(exchange)
    return writes


async def accepted_commands_once(stores: dict[str, asyncpg.Connection], writes: dict[str, list[Exchange]]) -> Check:
    check = Check("accepted commands: one transaction each, refusals none")
    for service, exchanges in writes.items():
        rows = await stores[service].fetch(TRANSACTIONS_PER_CORRELATION, [e.correlation_id for e in exchanges])
        found = {r["correlation_id"]: r["transactions"] for r in rows}
        for exchange in exchanges:
            check.checked += 1
            transactions = found.get(exchange.correlation_id, 0)
            what = f"{exchange.method} {urlsplit(exchange.url).path} ({exchange.status or exchange.error}, {exchange.attempts} attempts)"
            if exchange.status is not None and 200 <= exchange.status < 300 and transactions != 1:
                check.failures.append(f"{service}: {what} was accepted but recorded in {transactions} transactions")
            elif exchange.status is not None and 400 <= exchange.status < 500 and transactions:
                check.failures.append(f"{service}: {what} was refused but recorded {transactions} transactions")
            elif transactions > 1:
                check.failures.append(f"{service}: {what} recorded {transactions} transactions")
            elif exchange.attempts > 1:
                replay = ", answered by replay" if exchange.replayed else ""
                check.notes.append(f"{service}: {what} retried for {', '.join(exchange.retried_for)}{replay}")
    return check


async def consumer_effects_once(stores: dict[str, asyncpg.Connection]) -> Check:
    check = Check("consumer effects: once per consumed event")
    for service, store in stores.items():
        check.checked += await store.fetchval("SELECT count(*) FROM events WHERE metadata->>'causation_id' IS NOT NULL")
        for row in await store.fetch(CAUSES_IN_SEVERAL_TRANSACTIONS):
            check.failures.append(f"{service}: event {row['cause']} caused effects in {row['transactions']} transactions")
    for source, cause, consumer, effect in CONSUMER_EFFECTS:
        causes = {str(r["event_id"]) for r in await stores[source].fetch("SELECT event_id FROM events WHERE name = $1", cause)}
        rows = await stores[consumer].fetch(
            "SELECT metadata->>'causation_id' AS cause, count(DISTINCT transaction_id) AS n FROM events WHERE name = $1 GROUP BY 1", effect
        )
        effects = {r["cause"]: r["n"] for r in rows}
        for event_id in sorted(causes):
            if effects.get(event_id, 0) != 1:
                check.failures.append(f"{source} {cause} {event_id}: {effects.get(event_id, 0)} × {effect} in {consumer}")
        check.notes.append(f"{len(causes)} × {cause} → {consumer} {effect}")
    feed = Counter(str(r["event_id"]) for r in await stores["notificatie"].fetch("SELECT event_id FROM feed"))
    for service, store in stores.items():
        for row in await store.fetch("SELECT event_id FROM events"):
            check.checked += 1
            if feed[str(row["event_id"])] != 1:
                check.failures.append(f"{service} event {row['event_id']}: {feed[str(row['event_id'])]} feed entries in notificatie")
    return check


def mail_ids(mail_dir: Path) -> list[str | None]:
    """The ``Message-ID`` of every mail the sink stored (None for a mail without one)."""
    parser = BytesHeaderParser()
    ids = []
    for path in sorted(mail_dir.glob("*.eml")):
        with path.open("rb") as file:
            ids.append(parser.parse(file).get("Message-ID"))
    return ids


async def mail_at_least_once(notificatie: asyncpg.Connection, mail_dir: Path, notificatie_faults: int) -> Check:
    check = Check("mail: every sent message in the sink, duplicates recognisable")
    sent = await notificatie.fetchval("SELECT count(*) FROM message_outcomes WHERE outcome = 'verzonden'")
    ids = mail_ids(mail_dir)
    check.checked = len(ids)
    unnamed = sum(1 for i in ids if i is None)
    if unnamed:
        check.failures.append(f"{unnamed} of {len(ids)} mails carry no Message-ID: a re-sent mail cannot be recognised")
    distinct = Counter(i for i in ids if i is not None)
    if len(distinct) + unnamed < sent:
        check.failures.append(f"notificatie recorded {sent} messages as sent, the sink holds {len(distinct) + unnamed} distinct mails")
    twice = {i: n for i, n in distinct.items() if n > 1}
    if twice and not notificatie_faults:
        check.failures.append(f"{len(twice)} mails arrived more than once without any notificatie process killed: {sorted(twice)[:3]}")
    elif twice:
        check.notes.append(f"{len(twice)} mails arrived again after a kill, each under its own Message-ID")
    return check


async def webhooks_at_least_once(
    notificatie: asyncpg.Connection, received: dict[str, tuple[str, list[str]]], notificatie_faults: int
) -> Check:
    """``received``: per subscriber, its subscription id and the event ids it got (in arrival order)."""
    check = Check("webhooks: every feed event delivered in stream order, duplicates recognisable")
    for name, (subscription_id, event_ids) in received.items():
        start = await notificatie.fetchval("SELECT start_position FROM subscriptions WHERE subscription_id = $1::uuid", subscription_id)
        rows = await notificatie.fetch(
            "SELECT event_id, subject, sequence FROM feed WHERE position > $1 AND name <> ALL($2::text[])", start or 0, list(DELIVERY_LOG)
        )
        places = {str(r["event_id"]): (r["subject"], r["sequence"]) for r in rows}
        check.checked += len(places)
        missing = places.keys() - set(event_ids)
        if missing:
            check.failures.append(f"{name}: {len(missing)} of {len(places)} feed events never arrived, e.g. {sorted(missing)[0]}")
        check.failures += [f"{name}: {problem}" for problem in out_of_stream_order(event_ids, places)]
        again = len(event_ids) - len(set(event_ids))
        if again and not notificatie_faults:
            check.failures.append(f"{name}: {again} events arrived more than once without any notificatie process killed")
        elif again:
            check.notes.append(f"{name}: {again} events arrived again after a kill (same event id)")
    return check


def out_of_stream_order(event_ids: list[str], places: dict[str, tuple[str, int]]) -> list[str]:
    """Per stream, the first arrival of each event comes after the first arrivals of the events before it
    (a re-sent event arriving again later is a duplicate, not disorder)."""
    last: dict[str, int] = {}
    problems, seen = [], set()
    for event_id in event_ids:
        if event_id in seen or event_id not in places:
            continue
        seen.add(event_id)
        subject, sequence = places[event_id]
        if sequence < last.get(subject, 0):
            problems.append(f"stream {subject}: event {sequence} arrived after event {last[subject]}")
        last[subject] = max(sequence, last.get(subject, 0))
    return problems


@dataclass
class Evidence:
    """What the harness knows besides the stores: the writes it sent, what each subscriber received,
    how often notificatie lost a process or its database (after which a re-send is allowed)."""

    journal: list[Exchange]
    received: dict[str, tuple[str, list[str]]]  # subscriber -> (subscription id, event ids in arrival order)
    notificatie_faults: int
    alliance: str | None  # the alliance whose history the audit replays


async def run_checks(config: StackConfig, evidence: Evidence) -> list[Check]:
    stores = {s: await asyncpg.connect(config.database_url(s)) for s in config.service_ports}
    try:
        checks = [
            await accepted_commands_once(stores, command_writes(evidence.journal, config)),
            await consumer_effects_once(stores),
            await mail_at_least_once(stores["notificatie"], config.mail_dir, evidence.notificatie_faults),
            await webhooks_at_least_once(stores["notificatie"], evidence.received, evidence.notificatie_faults),
        ]
    finally:
        for connection in stores.values():
            await connection.close()
    targets, headers = ops_client.targets(config), ops_client.operator_auth(config)
    digests = await store_digests(targets, headers)
    report = await run_audit(KafkaSettings(bootstrap_servers=config.kafka_bootstrap), alliance_id=evidence.alliance, stores=digests)
    return checks + [Check(f"audit: {c.name}", c.checked, c.failures, c.notes) for c in report.checks]


def checks_until_they_pass(config: StackConfig, evidence: Callable[[], Evidence], timeout: float, console: Console) -> list[Check]:
    """Effects are eventual (a mail or a delivery may still be on its way): check again until all pass or time is up."""
    deadline = time.monotonic() + timeout
    with console.status("checking"):
        while True:
            checks = asyncio.run(run_checks(config, evidence()))
            if all(c.passed for c in checks) or time.monotonic() > deadline:
                return checks
            time.sleep(3)
