"""HTTP API of the notification service (``/v1``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from allianties_shared.domain import Actor, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService
from notificatie.adapters.read_models import ReadModels

router = APIRouter(prefix="/v1", tags=["notificaties"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.AUDITOR, Role.OPERATOR)


@router.get("/notificaties", summary="Notifications recorded for the alliances the caller may see")
async def list_notifications(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> list[dict]:
    return await ReadModels(service.pool).notifications(None if actor.role in READERS_OF_ALL else actor.alliances)
