"""The composition root of the assessment service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from allianties_shared.contracts.toekenning import registry
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.runtime import Consumption, ServiceDefinition
from allianties_shared.runtime.state import RunningService
from toekenning import SERVICE
from toekenning.adapters import read_models
from toekenning.application.ports import Dependencies
from toekenning.application.when_application_changes_update_assessments import (
    when_application_is_completed_resume_assessments,
    when_application_is_inadmissible_end_assessments,
    when_application_is_withdrawn_end_assessments,
    when_completion_is_requested_pause_assessments,
)
from toekenning.application.when_application_is_submitted_open_assessment import (
    when_application_is_submitted_open_assessment,
)
from toekenning.application.when_grant_is_settled_close_amendments import when_grant_is_settled_close_amendments
from toekenning.entrypoints import http, http_decisions, http_rounds
from toekenning.entrypoints.ticker import flag_decisions_that_would_be_late
from toekenning.settings import ToekenningSettings

Reaction = Callable[..., Awaitable[None]]


class _Wiring:
    """The dependencies, once the service runs; consumers may start a moment before ``on_start`` wires them."""

    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.dependencies: Dependencies | None = None

    def bind(self, reaction: Reaction) -> Callable[[StoreTransaction, CloudEvent, object], Awaitable[None]]:
        async def handle(tx: StoreTransaction, envelope: CloudEvent, event: object) -> None:
            await self.ready.wait()
            await reaction(tx, envelope, event, self.dependencies)

        handle.__name__ = reaction.__name__
        return handle


def bootstrap(settings: ToekenningSettings | None = None) -> ServiceDefinition:
    settings = settings or ToekenningSettings()
    wiring = _Wiring()

    async def wire(service: RunningService) -> None:
        wiring.dependencies = Dependencies(
            store=service.store,
            regulation=service.regulation,
            clock=service.clock,
            deadline_warning_days=settings.deadline_warning_days,
            decision_term_days=settings.decision_term_days,
        )
        service.extras["dependencies"] = wiring.dependencies
        wiring.ready.set()

    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: toekenning (assessment and decisions)",
        registry=registry,
        settings=settings,
        migrations=package_migrations("toekenning.adapters"),
        routers=[http.router, http_decisions.router, http_rounds.router],
        projectors=[read_models.project],
        consumes=[
            Consumption(
                "aanvraag",
                {
                    "aanvraag-ingediend": wiring.bind(when_application_is_submitted_open_assessment),
                    "aanvulling-gevraagd": wiring.bind(when_completion_is_requested_pause_assessments),
                    "aanvraag-aangevuld": wiring.bind(when_application_is_completed_resume_assessments),
                    "aanvraag-ingetrokken": wiring.bind(when_application_is_withdrawn_end_assessments),
                    "aanvraag-niet-ontvankelijk": wiring.bind(when_application_is_inadmissible_end_assessments),
                },
            ),
            Consumption("verantwoording", {"subsidie-vastgesteld": wiring.bind(when_grant_is_settled_close_amendments)}),
        ],
        on_start=[wire],
        tickers=[flag_decisions_that_would_be_late],
        tick_seconds=30.0,
    )
