"""The composition root: settings in, a runnable service definition out. Nothing runs at import."""

from __future__ import annotations

from aanvraag import SERVICE
from aanvraag.adapters import projections
from aanvraag.adapters.document_contents import PostgresDocumentContents, migrate_document_store
from aanvraag.application.ports import Dependencies
from aanvraag.entrypoints.http import router
from aanvraag.settings import AanvraagSettings
from allianties_shared.contracts.aanvraag import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.runtime import ServiceDefinition
from allianties_shared.runtime.state import RunningService


async def _wire(service: RunningService) -> None:
    await migrate_document_store(service.pool)
    service.extras["dependencies"] = Dependencies(
        store=service.store,
        personal_data=service.vault,
        documents=PostgresDocumentContents(service.pool),
        clock=service.clock.now,
        regulation=service.regulation,
    )


def bootstrap(settings: AanvraagSettings | None = None) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: aanvraag (intake)",
        registry=registry,
        settings=settings or AanvraagSettings(),
        migrations=package_migrations("aanvraag.adapters"),
        routers=[router],
        projectors=[projections.project],
        on_start=[_wire],
    )
