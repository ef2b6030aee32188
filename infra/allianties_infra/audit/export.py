"""Exports for an alliance or a period: every event as JSON Lines, and the public subsidy register as CSV.

The register rows carry the fields of Amsterdam's public subsidy register: dossier number,
applicant, regulation, policy area, amounts requested, granted and settled, subsidy year.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import orjson

from allianties_infra.audit.wire import WireEvent
from allianties_shared.regulation.model import Regeling

REGISTER_FIELDS = [
    "dossiernummer",
    "aanvrager",
    "penvoerder",
    "regeling",
    "beleidsterrein",
    "prioriteit",
    "aangevraagd_eur",
    "verleend_eur",
    "vastgesteld_eur",
    "subsidiejaar",
    "status",
    "alliantie_id",
    "aanvraag_id",
]


def _euros(cents: int | None) -> str:
    return "" if cents is None else f"{cents / 100:.2f}"


def register_rows(events: Iterable[WireEvent], regulation: Regeling) -> list[dict[str, str]]:
    """One row per assessment (an application on one priority), following it to its settlement."""
    alliances: dict[str, dict] = {}
    applications: dict[str, dict] = {}
    rows: dict[str, dict] = {}
    for wire in sorted(events, key=lambda w: w.event.recorded_at):
        name, data = wire.event.name, wire.event.data
        if name == "alliantie-geregistreerd":
            alliances[data["alliantie_id"]] = data
        elif name == "aanvraag-ingediend":
            applications[data["aanvraag_id"]] = data
        elif name == "beoordeling-geopend":
            application = applications.get(data["aanvraag_id"], {})
            alliance = alliances.get(data["alliantie_id"], {})
            priority = regulation.prioriteit(data["prioriteit"])
            round_ = regulation.ronde(application.get("ronde_id", ""))
            rows[data["beoordeling_id"]] = {
                "dossiernummer": application.get("referentie", data["beoordeling_id"]),
                "aanvrager": alliance.get("naam", data["alliantie_id"]),
                "penvoerder": alliance.get("penvoerder", {}).get("naam", ""),
                "regeling": regulation.naam,
                "beleidsterrein": priority.programmalijn.value if priority else "",
                "prioriteit": priority.naam if priority else str(data["prioriteit"]),
                "aangevraagd_eur": _euros(data.get("gevraagd_bedrag_per_jaar_centen")),
                "verleend_eur": "",
                "vastgesteld_eur": "",
                "subsidiejaar": str(round_.subsidieperiode.start.year) if round_ else application.get("ronde_id", ""),
                "status": "in behandeling",
                "alliantie_id": data["alliantie_id"],
                "aanvraag_id": data["aanvraag_id"],
            }
        elif name in ("subsidie-verleend", "subsidie-gewijzigd") and data["beoordeling_id"] in rows:
            row = rows[data["beoordeling_id"]]
            row["verleend_eur"] = _euros(data["bedrag_per_jaar_centen"])
            row["dossiernummer"] = data.get("beschikking_nummer", row["dossiernummer"])
            row["status"] = "verleend"
            if "periode_start" in data:
                row["subsidiejaar"] = data["periode_start"][:4]
        elif name == "subsidie-afgewezen" and data["beoordeling_id"] in rows:
            rows[data["beoordeling_id"]]["status"] = "afgewezen"
        elif name == "subsidie-vastgesteld" and data.get("dossier_id") in rows:
            row = rows[data["dossier_id"]]
            row["vastgesteld_eur"] = _euros(data["vastgesteld_bedrag_centen"])
            row["status"] = "vastgesteld"
    return list(rows.values())


def write_jsonl(events: Iterable[WireEvent], path: Path) -> int:
    count = 0
    with path.open("wb") as out:
        for wire in events:
            event = wire.event
            record = {
                "service": wire.producer,
                "stream": event.stream_id,
                "version": event.version,
                "type": event.name,
                "schema_version": event.schema_version,
                "id": str(event.event_id),
                "time": event.recorded_at.isoformat(),
                "actor_role": event.metadata.actor_role,
                "actor_id": event.metadata.actor_id,
                "correlation_id": event.metadata.correlation_id,
                "causation_id": event.metadata.causation_id,
                "traceparent": event.metadata.traceparent,
                "data": event.data,
                "hash": event.hash,
                "prev_hash": event.prev_hash,
            }
            out.write(orjson.dumps(record) + b"\n")
            count += 1
    return count


def write_register_csv(rows: list[dict[str, str]], path: Path) -> int:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=REGISTER_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
