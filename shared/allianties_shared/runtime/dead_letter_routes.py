"""``/ops/dead-letters``: what the service's consumers parked, and redriving it after a fix (operator)."""

from __future__ import annotations

import asyncio

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends

from allianties_shared.domain.actor import Actor, Role
from allianties_shared.domain.errors import DomainError, NotFound, RuleViolation
from allianties_shared.http.auth import current_actor
from allianties_shared.messaging.dead_letter_topic import ParkedMessage, read_parked
from allianties_shared.messaging.redrives import Redrive, RedriveLog, redrive
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService


class BrokerUnavailable(DomainError):
    """The dead-letter topic cannot be read, or a redrive's new dead letter not written, now (503)."""

    status = 503

    def __init__(self, error: Exception) -> None:
        super().__init__(
            "broker-unavailable",
            f"De broker antwoordt nu niet ({type(error).__name__}); probeer het opnieuw.",
            f"The broker does not answer now ({type(error).__name__}); try again.",
        )


async def parked_with_redrives(service: RunningService) -> list[tuple[ParkedMessage, list[Redrive]]]:
    """Every entry on the service's dead-letter topic, oldest failure first, with its redrives."""
    if not service.definition.consumes:  # a service that consumes nothing parks nothing
        return []
    try:
        parked = await read_parked(service.kafka, service.kafka.dead_letter_topic(service.definition.consumer_group))
    except KafkaError as error:
        raise BrokerUnavailable(error) from None
    redrives = await RedriveLog(service.pool).of(parked)
    return [(p, redrives.get(p.id, [])) for p in parked]


async def dead_letter_counts(service: RunningService, *, within: float = 2.0) -> dict:
    """For ``/ops/status``: entries on the dead-letter topic, and how many of them were never redriven;
    with ``error`` instead when the topic cannot be read within ``within`` seconds (status still answers)."""
    try:
        async with asyncio.timeout(within):
            entries = await parked_with_redrives(service)
    except Exception as error:  # noqa: BLE001 - status reports, it does not raise
        return {"entries": None, "waiting": None, "error": f"{type(error).__name__}: {error or f'no answer within {within:g} s'}"}
    return {"entries": len(entries), "waiting": sum(1 for _, redrives in entries if not redrives)}


def _listed(parked: ParkedMessage, redrives: list[Redrive], *, detail: bool = False) -> dict:
    shown = parked.detail() if detail else parked.summary()
    return shown | {"redriven": bool(redrives), "redrives": [r.as_dict() for r in redrives]}


async def _one(service: RunningService, dead_letter_id: str) -> tuple[ParkedMessage, list[Redrive]]:
    for parked, redrives in await parked_with_redrives(service):
        if parked.id == dead_letter_id:
            return parked, redrives
    raise NotFound(
        "dead-letter",
        f"Dead letter {dead_letter_id} staat niet op de dead-letter-topic van {service.name}.",
        f"Dead letter {dead_letter_id} is not on {service.name}'s dead-letter topic.",
    )


async def _redrive(service: RunningService, parked: ParkedMessage, actor: Actor) -> dict:
    handle = next((h for h in service.consumers if h.consumer.group == parked.consumer_group), None)
    if handle is None:
        raise RuleViolation(
            "dead-letter-consumer",
            f"Deze instantie van {service.name} draait consumer group {parked.consumer_group} niet; stuur het verzoek naar een die dat wel doet.",
            f"This instance of {service.name} does not run consumer group {parked.consumer_group}; ask one that does.",
        )
    try:
        done = await redrive(handle.consumer, RedriveLog(service.pool), parked, actor.id)
    except KafkaError as error:  # parking it again failed: nothing recorded, the redrive may be asked again
        raise BrokerUnavailable(error) from None
    return {"id": parked.id, **done.as_dict()}


def dead_letter_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/ops/dead-letters", summary="What the service's consumers parked on its dead-letter topic (operator)")
    async def list_dead_letters(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.OPERATOR)
        entries = await parked_with_redrives(service)
        return {"service": service.name, "dead_letters": [_listed(p, r) for p, r in entries]}

    @router.get("/ops/dead-letters/{dead_letter_id}", summary="One dead letter with its original record and CloudEvent (operator)")
    async def show_dead_letter(
        dead_letter_id: str, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)
    ) -> dict:
        actor.require_role(Role.OPERATOR)
        parked, redrives = await _one(service, dead_letter_id)
        return _listed(parked, redrives, detail=True)

    @router.post("/ops/dead-letters/{dead_letter_id}/redrive", summary="Hand one dead letter to its consumer again (operator)")
    async def redrive_one(
        dead_letter_id: str, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)
    ) -> dict:
        actor.require_role(Role.OPERATOR)
        parked, _ = await _one(service, dead_letter_id)
        return await _redrive(service, parked, actor)

    @router.post("/ops/dead-letters/redrive", summary="Hand every dead letter not redriven yet to its consumer again (operator)")
    async def redrive_all(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.OPERATOR)
        waiting = [parked for parked, redrives in await parked_with_redrives(service) if not redrives]
        return {"service": service.name, "redriven": [await _redrive(service, parked, actor) for parked in waiting]}

    return router
