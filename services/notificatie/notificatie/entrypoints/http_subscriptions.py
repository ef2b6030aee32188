"""HTTP API for other municipal systems: subscriptions, the delivery log, dead letters, catch-up."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService
from notificatie import SERVICE
from notificatie.adapters.subscription_read_models import SubscriptionReadModels
from notificatie.application.manage_subscriptions import TakeSubscription

router = APIRouter(prefix="/v1", tags=["abonnementen"])

READERS = (Role.SYSTEEM, Role.OPERATOR, Role.AUDITOR)


class SubscriptionRequest(BaseModel):
    callback_url: str = Field(examples=["https://financien.amsterdam.nl/hooks/allianties"])
    types: list[str] = Field(default_factory=list, description="event names, e.g. subsidie-verleend; empty = all")
    prioriteiten: list[int] = Field(default_factory=list, description="only events about these priorities; empty = all")
    allianties: list[str] = Field(default_factory=list, description="only events of these alliances; empty = all")
    api_key_header: str | None = Field(default=None, examples=["X-Api-Key"])
    api_key: str | None = Field(default=None, description="sent in api_key_header with every delivery")
    hmac_geheim: str | None = Field(default=None, description="every delivery carries Signature: sha256=<HMAC-SHA256 of the body>")
    vanaf_positie: int | None = Field(default=None, ge=0, description="deliver the feed after this position; default: from now on")


class CatchUpRequest(BaseModel):
    vanaf_positie: int | None = Field(default=None, ge=1, description="deliver again from this feed position on")
    vanaf_tijd: datetime | None = Field(default=None, description="deliver again every event from this moment on")


def _canonical(subscription_id: str) -> str | None:
    """The id as it is stored (lower-case, hyphenated), or None when it is no UUID and so names no subscription."""
    try:
        return str(UUID(subscription_id))
    except ValueError:
        return None


async def _visible(subscription_id: str, actor: Actor, service: RunningService) -> dict:
    """The subscription the actor may see; its ``abonnement_id`` is canonical, so routes use that, not the path's text."""
    actor.require_role(*READERS)
    canonical = _canonical(subscription_id)
    found = None if canonical is None else await SubscriptionReadModels(service.pool).subscription(canonical)
    if found is None or (actor.role == Role.SYSTEEM and found["eigenaar"] != actor.id):
        raise NotFound("abonnement-bestaat", "Dit abonnement bestaat niet.", "This subscription does not exist.", field="abonnement_id")
    return found


@router.post("/abonnementen", status_code=status.HTTP_201_CREATED, summary="Subscribe a callback URL (systeem, operator)")
async def take_subscription(
    body: SubscriptionRequest, context: CommandContext = Depends(command_context), service: RunningService = Depends(running)
) -> dict:
    wiring = service.extras[SERVICE]
    subscription_id = await wiring.subscriptions.take(TakeSubscription(**body.model_dump()), context, await wiring.feed.head())
    return await SubscriptionReadModels(service.pool).subscription(subscription_id)


@router.get("/abonnementen", summary="Subscriptions (a system sees its own)")
async def list_subscriptions(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    actor.require_role(*READERS)
    return await SubscriptionReadModels(service.pool).subscriptions(actor.id if actor.role == Role.SYSTEEM else None)


@router.get("/abonnementen/{abonnement_id}", summary="One subscription")
async def get_subscription(abonnement_id: str, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
    return await _visible(abonnement_id, actor, service)


@router.delete("/abonnementen/{abonnement_id}", summary="Cancel a subscription")
async def cancel_subscription(
    abonnement_id: str, context: CommandContext = Depends(command_context), service: RunningService = Depends(running)
) -> dict:
    subscription_id = (await _visible(abonnement_id, context.actor, service))["abonnement_id"]
    await service.extras[SERVICE].subscriptions.cancel(subscription_id, context)
    return await _visible(subscription_id, context.actor, service)


@router.get("/abonnementen/{abonnement_id}/afleveringen", summary="The delivery log: every attempt, in order")
async def delivery_log(abonnement_id: str, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    subscription_id = (await _visible(abonnement_id, actor, service))["abonnement_id"]
    return await SubscriptionReadModels(service.pool).attempts(subscription_id)


@router.get("/abonnementen/{abonnement_id}/dead-letters", summary="Events given up on; their streams wait for a re-send")
async def dead_letters(abonnement_id: str, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    subscription_id = (await _visible(abonnement_id, actor, service))["abonnement_id"]
    return await SubscriptionReadModels(service.pool).dead_letters(subscription_id)


@router.post("/abonnementen/{abonnement_id}/dead-letters/{event_id}/opnieuw", summary="Re-send a dead-lettered event")
async def resend(
    abonnement_id: str, event_id: str, context: CommandContext = Depends(command_context), service: RunningService = Depends(running)
) -> dict:
    subscription_id = (await _visible(abonnement_id, context.actor, service))["abonnement_id"]
    letters = await SubscriptionReadModels(service.pool).dead_letters(subscription_id)
    event_id = _canonical(event_id) or event_id
    stream = next((letter["stroom"] for letter in letters if letter["event_id"] == event_id), None)
    await service.extras[SERVICE].subscriptions.resend(subscription_id, event_id, stream, context)
    return {"abonnement_id": subscription_id, "event_id": event_id, "status": "opnieuw"}


@router.post("/abonnementen/{abonnement_id}/inhaalslag", summary="Deliver again from a feed position or a moment (after downtime)")
async def catch_up(
    abonnement_id: str,
    body: CatchUpRequest,
    context: CommandContext = Depends(command_context),
    service: RunningService = Depends(running),
) -> dict:
    subscription_id = (await _visible(abonnement_id, context.actor, service))["abonnement_id"]
    await service.extras[SERVICE].subscriptions.catch_up(subscription_id, body.vanaf_positie, body.vanaf_tijd, context)
    return await _visible(subscription_id, context.actor, service)


@router.get("/gebeurtenissen", summary="The feed itself, to fetch what was missed: events after a position, in order")
async def feed(
    na: int = Query(default=0, ge=0, description="position after which to read"),
    limit: int = Query(default=100, ge=1, le=1000),
    actor: Actor = Depends(current_actor),
    service: RunningService = Depends(running),
) -> list[dict]:
    actor.require_role(*READERS)
    return await service.extras[SERVICE].feed.events(na, limit)
