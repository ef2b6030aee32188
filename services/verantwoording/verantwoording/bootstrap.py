"""The composition root of the accountability service."""

from __future__ import annotations

from functools import partial

from allianties_shared.contracts.verantwoording import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.runtime import Consumption, ServiceDefinition
from allianties_shared.runtime.state import RunningService
from verantwoording import SERVICE
from verantwoording.adapters import read_models
from verantwoording.application.ports import Dependencies, Regulation
from verantwoording.application.when_subsidy_is_amended_amend_dossier import when_subsidy_is_amended_amend_dossier
from verantwoording.application.when_subsidy_is_extended_extend_dossier import when_subsidy_is_extended_extend_dossier
from verantwoording.application.when_subsidy_is_granted_open_dossier import when_subsidy_is_granted_open_dossier
from verantwoording.entrypoints import http, http_commands
from verantwoording.entrypoints.tickers import flag_overdue
from verantwoording.settings import VerantwoordingSettings


def bootstrap(settings: VerantwoordingSettings | None = None) -> ServiceDefinition:
    regulation = Regulation()  # filled with the regulation the service loads at start-up

    async def wire(service: RunningService) -> None:
        regulation.loaded = service.regulation
        service.extras["dependencies"] = Dependencies(
            store=service.store, personal_data=service.vault, clock=service.clock.now, regulation=regulation
        )

    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: verantwoording (accountability)",
        registry=registry,
        settings=settings or VerantwoordingSettings(),
        migrations=package_migrations("verantwoording.adapters"),
        routers=[http.router, http_commands.router],
        projectors=[read_models.project],
        consumes=[
            Consumption(
                "toekenning",
                {
                    "subsidie-verleend": partial(when_subsidy_is_granted_open_dossier, regulation=regulation),
                    "subsidie-gewijzigd": partial(when_subsidy_is_amended_amend_dossier, regulation=regulation),
                    "subsidie-verlengd": partial(when_subsidy_is_extended_extend_dossier, regulation=regulation),
                },
            )
        ],
        on_start=[wire],
        tickers=[flag_overdue],
        tick_seconds=10.0,
    )
