"""HTTP API of the intake service (``/v1``)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request, status

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.commands import DraftApplication, RegisterAlliance, SubmitApplication
from aanvraag.application.draft_application import draft_application
from aanvraag.application.erase_personal_data import erase_personal_data
from aanvraag.application.ports import Dependencies
from aanvraag.application.register_alliance import register_alliance
from aanvraag.application.submit_application import submit_application
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService

router = APIRouter(prefix="/v1")

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR, Role.BESLUITVORMER, Role.AUDITOR, Role.OPERATOR)


def dependencies(request: Request) -> Dependencies:
    return request.app.state.service.extras["dependencies"]


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)


def _not_found(what: str, id: str) -> NotFound:
    return NotFound(f"{what}-exists", f"{what} {id} bestaat niet.", f"{what} {id} does not exist.")


@router.post("/allianties", status_code=status.HTTP_201_CREATED, tags=["allianties"], summary="Register an alliance (penvoerder)")
async def post_alliance(
    command: RegisterAlliance, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    alliance = await register_alliance(command, context, deps)
    return {"alliantie_id": alliance.alliance_id, "versie": alliance.version}


@router.get("/allianties/{alliantie_id}", tags=["allianties"], summary="One alliance, with its contact person")
async def get_alliance(
    alliantie_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    service: RunningService = Depends(running),
) -> dict:
    actor.require_alliance(alliantie_id)
    alliance = await models.alliance(alliantie_id)
    if alliance is None:
        raise _not_found("alliantie", alliantie_id)
    contact = alliance["contactpersoon"]
    contact["naam"] = await service.vault.reveal(Sealed.model_validate(contact["naam"]))
    contact["email"] = await service.vault.reveal(Sealed.model_validate(contact["email"]))
    return alliance


@router.post("/aanvragen", status_code=status.HTTP_201_CREATED, tags=["aanvragen"], summary="Start a draft application (penvoerder)")
async def post_application(
    command: DraftApplication, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    application = await draft_application(command, context, deps)
    return {"aanvraag_id": application.application_id, "status": application.status}


@router.post("/aanvragen/{aanvraag_id}/indienen", tags=["aanvragen"], summary="Submit an application (penvoerder)")
async def submit(
    aanvraag_id: str, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    application = await submit_application(SubmitApplication(aanvraag_id=aanvraag_id), context, deps)
    return {"aanvraag_id": aanvraag_id, "status": application.status, "referentie": application.reference}


@router.get("/aanvragen", tags=["aanvragen"], summary="Applications the caller may see")
async def list_applications(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.applications(None if actor.role in READERS_OF_ALL else actor.alliances)


@router.get("/aanvragen/{aanvraag_id}", tags=["aanvragen"], summary="One application")
async def get_application(
    aanvraag_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)
) -> dict:
    application = await models.application(aanvraag_id)
    if application is None or not actor.may_see_alliance(application["alliantie_id"]):
        raise _not_found("aanvraag", aanvraag_id)
    return application


@router.post("/personen/{persoon_id}/wissen", tags=["persoonsgegevens"], summary="Erase a contact person's data (operator)")
async def erase_person(
    persoon_id: UUID, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    await erase_personal_data(persoon_id, context, deps)
    return {"persoon_id": str(persoon_id), "gewist": True}
