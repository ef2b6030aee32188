"""The composition root of the assessment service."""

from __future__ import annotations

from allianties_shared.contracts.toekenning import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.runtime import Consumption, ServiceDefinition
from allianties_shared.runtime.state import RunningService
from toekenning import SERVICE
from toekenning.adapters import read_models
from toekenning.application.ports import Dependencies
from toekenning.application.when_application_is_submitted_open_assessment import (
    when_application_is_submitted_open_assessment,
)
from toekenning.entrypoints.http import router
from toekenning.settings import ToekenningSettings


async def _wire(service: RunningService) -> None:
    service.extras["dependencies"] = Dependencies(store=service.store)


def bootstrap(settings: ToekenningSettings | None = None) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: toekenning (assessment and decisions)",
        registry=registry,
        settings=settings or ToekenningSettings(),
        migrations=package_migrations("toekenning.adapters"),
        routers=[router],
        projectors=[read_models.project],
        consumes=[Consumption("aanvraag", {"aanvraag-ingediend": when_application_is_submitted_open_assessment})],
        on_start=[_wire],
    )
