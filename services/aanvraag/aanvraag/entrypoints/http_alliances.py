"""``/v1/allianties``: register, read, partners joining and leaving, coordination, history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.alliance_membership import join_alliance, leave_alliance, record_coordination
from aanvraag.application.commands import JoinAlliance, LeaveAlliance, RecordCoordination, RegisterAlliance
from aanvraag.application.ports import Dependencies
from aanvraag.application.register_alliance import register_alliance
from aanvraag.entrypoints.dependencies import dependencies, read_models, require_visible, visible_to
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService

router = APIRouter(prefix="/v1/allianties", tags=["allianties"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an alliance (penvoerder, with at least two partners)")
async def post_alliance(
    command: RegisterAlliance, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    alliance = await register_alliance(command, context, deps)
    return {"alliantie_id": alliance.alliance_id, "versie": alliance.version}


@router.get("", summary="The alliances the caller may see")
async def list_alliances(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.alliances(visible_to(actor))


@router.get("/{alliantie_id}", summary="One alliance, with its penvoerder's contact person")
async def get_alliance(
    alliantie_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    service: RunningService = Depends(running),
) -> dict:
    alliance = await models.alliance(alliantie_id)
    require_visible(actor, alliantie_id, alliance, "Alliantie", "alliance", alliantie_id)
    contact = alliance["contactpersoon"]
    contact["naam"] = await service.vault.reveal(Sealed.model_validate(contact["naam"]))
    contact["email"] = await service.vault.reveal(Sealed.model_validate(contact["email"]))
    return alliance


@router.post("/{alliantie_id}/partners", status_code=status.HTTP_201_CREATED, summary="A partner joins (penvoerder or coordinator)")
async def post_partner(
    alliantie_id: str,
    command: JoinAlliance,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    alliance = await join_alliance(alliantie_id, command, context, deps)
    return {"alliantie_id": alliantie_id, "partners": sorted(alliance.partners), "versie": alliance.version}


@router.post("/{alliantie_id}/partners/{kvk}/vertrek", summary="A partner leaves (penvoerder or coordinator)")
async def post_departure(
    alliantie_id: str,
    kvk: str,
    command: LeaveAlliance,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    alliance = await leave_alliance(alliantie_id, kvk, command, context, deps)
    return {"alliantie_id": alliantie_id, "partners": sorted(alliance.partners), "versie": alliance.version}


@router.put("/{alliantie_id}/coordinatie", summary="Record who coordinates: one or two members, their actors and contacts (penvoerder)")
async def put_coordination(
    alliantie_id: str,
    command: RecordCoordination,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    alliance = await record_coordination(alliantie_id, command, context, deps)
    return {"alliantie_id": alliantie_id, "organisaties": alliance.coordinating, "actoren": sorted(alliance.coordinator_actors)}


@router.get("/{alliantie_id}/geschiedenis", summary="Everything that happened to one alliance, in order")
async def get_history(
    alliantie_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)
) -> list[dict]:
    alliance = await models.alliance(alliantie_id)
    require_visible(actor, alliantie_id, alliance, "Alliantie", "alliance", alliantie_id)
    return await models.history(alliantie_id)
