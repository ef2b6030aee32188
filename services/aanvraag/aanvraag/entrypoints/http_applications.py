"""``/v1/aanvragen``: draft, budget, submit, completion, withdrawal, inadmissibility, and the read models."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, status

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.application_documents import record_budget
from aanvraag.application.closing import declare_inadmissible, withdraw_application
from aanvraag.application.commands import DraftApplication, GiveReason, RecordBudget, RequestCompletion
from aanvraag.application.completion import complete_application, request_completion
from aanvraag.application.draft_application import draft_application
from aanvraag.application.ports import Dependencies
from aanvraag.application.submit_application import submit_application
from aanvraag.domain.application import Application
from aanvraag.entrypoints.dependencies import dependencies, read_models, require_visible, visible_to
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context

router = APIRouter(prefix="/v1/aanvragen", tags=["aanvragen"])
STATUSES = "concept|ingediend|aanvulling-gevraagd|aangevuld|ingetrokken|niet-ontvankelijk"


def _state(application: Application) -> dict:
    return {
        "aanvraag_id": application.application_id,
        "status": application.status,
        "referentie": application.reference,
        "termijn": application.term,
        "versie": application.version,
    }


@router.post("", status_code=status.HTTP_201_CREATED, summary="Start a draft application (penvoerder or coordinator)")
async def post_application(
    command: DraftApplication, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    return _state(await draft_application(command, context, deps))


@router.put("/{aanvraag_id}/begroting", summary="Record the budget per year (penvoerder or coordinator)")
async def put_budget(
    aanvraag_id: str, command: RecordBudget, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    application = await record_budget(aanvraag_id, command, context, deps)
    return {**_state(application), "bedrag_per_jaar_centen": application.amount_per_year_cents}


@router.post("/{aanvraag_id}/indienen", summary="Submit: inside the window, complete, once (penvoerder or coordinator)")
async def submit(aanvraag_id: str, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)) -> dict:
    return _state(await submit_application(aanvraag_id, context, deps))


@router.post("/{aanvraag_id}/aanvulling", summary="Ask the alliance to complete its application within a term (accounthouder, beoordelaar)")
async def post_completion_request(
    aanvraag_id: str, command: RequestCompletion, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    return _state(await request_completion(aanvraag_id, command, context, deps))


@router.post("/{aanvraag_id}/aanvullen", summary="Hand in the completed application within the term (penvoerder or coordinator)")
async def post_completed(aanvraag_id: str, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)) -> dict:
    return _state(await complete_application(aanvraag_id, context, deps))


@router.post("/{aanvraag_id}/intrekken", summary="Withdraw the application, with a reason (penvoerder or coordinator)")
async def post_withdrawal(
    aanvraag_id: str, command: GiveReason, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    return _state(await withdraw_application(aanvraag_id, command, context, deps))


@router.post("/{aanvraag_id}/niet-ontvankelijk", summary="Declare the application inadmissible, with a reason (accounthouder, beoordelaar)")
async def post_inadmissible(
    aanvraag_id: str, command: GiveReason, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    return _state(await declare_inadmissible(aanvraag_id, command, context, deps))


@router.get("", summary="Applications the caller may see, optionally per priority and per status")
async def list_applications(
    prioriteit: int | None = Query(default=None, ge=1),
    status: str | None = Query(default=None, pattern=f"^({STATUSES})$"),
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
) -> list[dict]:
    return await models.applications(visible_to(actor), prioriteit, status)


@router.get("/overzicht", summary="Applications counted per priority and per status")
async def overview(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    return await models.overview(visible_to(actor))


@router.get("/{aanvraag_id}", summary="One application")
async def get_application(aanvraag_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    application = await models.application(aanvraag_id)
    require_visible(actor, application["alliantie_id"] if application else "", application, "Aanvraag", "application", aanvraag_id)
    return application
