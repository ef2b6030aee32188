"""The composition root of the notification service."""

from __future__ import annotations

from allianties_shared.contracts.notificatie import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.runtime import Consumption, ServiceDefinition
from notificatie import SERVICE
from notificatie.adapters import read_models
from notificatie.application.when_something_concerns_an_alliance_record_notification import (
    when_something_concerns_an_alliance_record_notification as record_notification,
)
from notificatie.entrypoints.http import router
from notificatie.settings import NotificatieSettings


def bootstrap(settings: NotificatieSettings | None = None) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: notificatie (notifications and subscriptions)",
        registry=registry,
        settings=settings or NotificatieSettings(),
        migrations=package_migrations("notificatie.adapters"),
        routers=[router],
        projectors=[read_models.project],
        consumes=[
            Consumption("aanvraag", {"aanvraag-ingediend": record_notification}),
            Consumption("toekenning", {"subsidie-verleend": record_notification, "subsidie-afgewezen": record_notification}),
            Consumption("verantwoording", {"dossier-geopend": record_notification}),
        ],
    )
