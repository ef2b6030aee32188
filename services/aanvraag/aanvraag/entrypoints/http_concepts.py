"""``/v1/rondes/{ronde_id}/concepten``: the concept round and the accounthouder's feedback."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.commands import GiveFeedback, HandInConcept
from aanvraag.application.concept_round import give_feedback, hand_in_concept
from aanvraag.application.ports import Dependencies
from aanvraag.domain.concept import stream_id
from aanvraag.entrypoints.dependencies import dependencies, not_found, read_models, visible_to
from aanvraag.entrypoints.http_documents import DOCUMENT_BODY_BYTES
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context

router = APIRouter(prefix="/v1/rondes/{ronde_id}/concepten", tags=["conceptronde"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    max_body_size=DOCUMENT_BODY_BYTES,
    summary="Hand in a concept Theory of Change (penvoerder or coordinator)",
)
async def post_concept(
    ronde_id: str, command: HandInConcept, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    concept = await hand_in_concept(ronde_id, command, context, deps)
    return {"ronde_id": ronde_id, "alliantie_id": concept.alliance_id, "document": concept.document.model_dump(mode="json")}


@router.get("", summary="Concepts of the round the caller may see, with feedback")
async def list_concepts(ronde_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.concepts(ronde_id, visible_to(actor))


@router.post("/{alliantie_id}/feedback", summary="Give feedback on a concept, inside the feedback window (accounthouder)")
async def post_feedback(
    ronde_id: str,
    alliantie_id: str,
    command: GiveFeedback,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    concept = await give_feedback(ronde_id, alliantie_id, command, context, deps)
    return {"ronde_id": ronde_id, "alliantie_id": alliantie_id, "feedback": concept.feedback}


@router.get("/{alliantie_id}/document", summary="Download the concept Theory of Change", response_class=Response)
async def download_concept(
    ronde_id: str,
    alliantie_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    deps: Dependencies = Depends(dependencies),
) -> Response:
    found = [c for c in await models.concepts(ronde_id, visible_to(actor)) if c["alliantie_id"] == alliantie_id]
    documents = await models.documents(stream_id(alliantie_id, ronde_id)) if found else []
    content = await deps.documents.get(found[0]["document"]["sha256"]) if found else None
    if not documents or content is None:
        raise not_found("Concept", "concept", alliantie_id)
    return Response(content, media_type="application/octet-stream", headers={"ETag": f'"{found[0]["document"]["sha256"]}"'})
