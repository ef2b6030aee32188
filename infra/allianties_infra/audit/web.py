"""The auditor's HTTP API and web page: one alliance's verified timeline, filterable by service and type.

``allianties audit serve`` runs it next to the services. The JSON API takes an auditor's bearer
token; the page asks for one and keeps it in the browser's session storage only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib.resources import files

from fastapi import Depends, FastAPI, Query
from fastapi.responses import HTMLResponse

from allianties_infra.audit.history import erased_people, mask_personal_data
from allianties_infra.audit.run import run_audit
from allianties_shared.domain import Actor, Role
from allianties_shared.eventstore.verification import verify_chains
from allianties_shared.http.auth import TokenIssuer, current_actor
from allianties_shared.http.problems import install_problem_handlers
from allianties_shared.settings import KafkaSettings


def _event_json(wire, problems: dict[tuple[str, int], list[str]], erased: set[str]) -> dict:
    event = wire.event
    found = problems.get((event.stream_id, event.version), [])
    return {
        "time": event.recorded_at.isoformat(),
        "service": wire.producer,
        "type": event.name,
        "stream": event.stream_id,
        "version": event.version,
        "actor_role": event.metadata.actor_role,
        "actor_id": event.metadata.actor_id,
        "correlation_id": event.metadata.correlation_id,
        "data": mask_personal_data(event.data, erased),
        "hash": event.hash,
        "verified": not found,
        "problems": found,
    }


StoreDigests = Callable[[], Awaitable[dict[str, dict[str, tuple[int, str]]]]]


def create_audit_app(kafka: KafkaSettings, stores: StoreDigests, secret: str) -> FastAPI:
    """``stores`` fetches every service's stream heads (``/ops/streams``) when an audit runs."""
    app = FastAPI(title="Allianties: audit", version="0.1.0", description="The verified history of an alliance, for auditors.")
    app.state.tokens = TokenIssuer(secret)
    install_problem_handlers(app)

    @app.get("/v1/audit/allianties/{alliantie_id}", summary="An alliance's history from the topics, verified (auditor)")
    async def history(
        alliantie_id: str,
        as_of: datetime | None = Query(None, description="what was known at this moment"),
        service: str | None = Query(None, description="only events of this service"),
        type: str | None = Query(None, description="only events of this type"),  # noqa: A002 - the API's word
        actor: Actor = Depends(current_actor),
    ) -> dict:
        actor.require_role(Role.AUDITOR)
        report = await run_audit(kafka, alliance_id=alliantie_id, as_of=as_of, stores=await stores())
        problems: dict[tuple[str, int], list[str]] = {}
        for problem in verify_chains(sorted((w.event for w in report.history), key=lambda e: (e.stream_id, e.version))):
            problems.setdefault((problem.stream_id, problem.version), []).append(problem.problem)
        erased = erased_people(report.history)
        events = [
            _event_json(w, problems, erased)
            for w in report.history
            if (service is None or w.producer == service) and (type is None or w.event.name == type)
        ]
        return {
            "alliantie_id": alliantie_id,
            "as_of": as_of,
            "verified": report.passed,
            "events": events,
            "services": sorted({w.producer for w in report.history}),
            "types": sorted({w.event.name for w in report.history}),
            "checks": [
                {"name": c.name, "checked": c.checked, "passed": c.passed, "failures": c.failures[:50]} for c in report.checks
            ],
        }

    @app.get("/audit/allianties/{alliantie_id}", response_class=HTMLResponse, summary="The auditor's page for one alliance")
    async def page(alliantie_id: str) -> str:
        return files("allianties_infra.audit").joinpath("page.html").read_text()

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok"}

    return app
