"""The composition root of the accountability service."""

from __future__ import annotations

from allianties_shared.contracts.verantwoording import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.runtime import Consumption, ServiceDefinition
from verantwoording import SERVICE
from verantwoording.adapters import read_models
from verantwoording.application.when_subsidy_is_granted_open_dossier import when_subsidy_is_granted_open_dossier
from verantwoording.entrypoints.http import router
from verantwoording.settings import VerantwoordingSettings


def bootstrap(settings: VerantwoordingSettings | None = None) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: verantwoording (accountability)",
        registry=registry,
        settings=settings or VerantwoordingSettings(),
        migrations=package_migrations("verantwoording.adapters"),
        routers=[router],
        projectors=[read_models.project],
        consumes=[Consumption("toekenning", {"subsidie-verleend": when_subsidy_is_granted_open_dossier})],
    )
