"""HTTP API of the notification service (``/v1``): what people were told."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from allianties_shared.domain import Actor, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService
from notificatie.adapters.read_models import ReadModels

router = APIRouter(prefix="/v1", tags=["notificaties"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.AUDITOR, Role.OPERATOR, Role.BESLUITVORMER, Role.BEOORDELAAR)


def _visible(actor: Actor) -> frozenset[str] | None:
    return None if actor.role in READERS_OF_ALL else actor.alliances


@router.get("/notificaties", summary="Notifications recorded for the alliances the caller may see")
async def list_notifications(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    return await ReadModels(service.pool).notifications(_visible(actor))


@router.get("/berichten", summary="Who was told what, when and in which language: the mails sent (no addresses)")
async def list_messages(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    return await ReadModels(service.pool).messages(_visible(actor))


@router.get("/termijnen", summary="The deadlines learned from events, and which reminders of them were sent")
async def list_deadlines(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    return await ReadModels(service.pool).deadlines(_visible(actor))
