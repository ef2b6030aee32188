"""Contact persons for other services (``systeem``) and operators, and erasure on request."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.erase_personal_data import erase_personal_data
from aanvraag.application.ports import Dependencies
from aanvraag.entrypoints.dependencies import dependencies, not_found, read_models
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, Role
from allianties_shared.domain.personal_data import ERASED, Sealed
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService

router = APIRouter(prefix="/v1", tags=["persoonsgegevens"])
RESOLVERS = (Role.SYSTEEM, Role.OPERATOR)


async def _revealed(service: RunningService, row: dict) -> dict:
    name = await service.vault.reveal(Sealed.model_validate_json(row["name"]))
    email = await service.vault.reveal(Sealed.model_validate_json(row["email"]))
    return {
        "persoon_id": row["person_id"],
        "alliantie_id": row["alliance_id"],
        "rol": row["role"],
        "naam": name,
        "email": email,
        "taal": row["language"],
        "gewist": name == ERASED,
    }


@router.get("/contactpersonen/{persoon_id}", summary="One contact person, revealed at send time (systeem, operator)")
async def get_contact_person(
    persoon_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    service: RunningService = Depends(running),
) -> dict:
    actor.require_role(*RESOLVERS)
    row = await models.contact_person(persoon_id)
    if row is None:
        raise not_found("Contactpersoon", "contact person", persoon_id)
    return await _revealed(service, row)


@router.get("/allianties/{alliantie_id}/contactpersonen", summary="An alliance's current contact persons: penvoerder and coordinators (systeem, operator)")
async def get_alliance_contacts(
    alliantie_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    service: RunningService = Depends(running),
) -> list[dict]:
    actor.require_role(*RESOLVERS)
    if await models.alliance(alliantie_id) is None:
        raise not_found("Alliantie", "alliance", alliantie_id)
    return [await _revealed(service, row) for row in await models.contact_persons(alliantie_id)]


@router.post("/personen/{persoon_id}/wissen", summary="Erase a contact person's data (operator)")
async def erase_person(
    persoon_id: UUID, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    await erase_personal_data(persoon_id, context, deps)
    return {"persoon_id": str(persoon_id), "gewist": True}
