"""Documents of an application and of a concept: upload (base64 JSON), list, download by those allowed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from aanvraag.adapters.read_models import ReadModels
from aanvraag.application.application_documents import add_document
from aanvraag.application.commands import MAX_DOCUMENT_BASE64, DocumentUpload
from aanvraag.application.ports import Dependencies
from aanvraag.entrypoints.dependencies import dependencies, not_found, read_models, require_visible
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.http.body_limit import json_body_around
from allianties_shared.runtime.dependencies import command_context

router = APIRouter(prefix="/v1/aanvragen/{aanvraag_id}/documenten", tags=["documenten"])
DOCUMENT_BODY_BYTES = json_body_around(MAX_DOCUMENT_BASE64)  # the request-body limit of a route that uploads a document


async def _visible_application(models: ReadModels, actor: Actor, aanvraag_id: str) -> dict:
    application = await models.application(aanvraag_id)
    require_visible(actor, application["alliantie_id"] if application else "", application, "Aanvraag", "application", aanvraag_id)
    return application


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    max_body_size=DOCUMENT_BODY_BYTES,
    summary="Add a document (at most 20 MB, base64); replaces one of the same kind",
)
async def post_document(
    aanvraag_id: str, command: DocumentUpload, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    document = await add_document(aanvraag_id, command, context, deps)
    return document.model_dump(mode="json")


@router.get("", summary="The application's documents (metadata)")
async def list_documents(aanvraag_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    await _visible_application(models, actor, aanvraag_id)
    return await models.documents(aanvraag_id)


@router.get("/{document_id}", summary="Download one document", response_class=Response)
async def download(
    aanvraag_id: str,
    document_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    deps: Dependencies = Depends(dependencies),
) -> Response:
    await _visible_application(models, actor, aanvraag_id)
    document = await models.document(aanvraag_id, document_id)
    content = await deps.documents.get(document["sha256"]) if document else None
    if document is None or content is None:
        raise not_found("Document", "document", document_id)
    return Response(
        content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{document["soort"]}-{document_id}"',
            "ETag": f'"{document["sha256"]}"',
            "X-Content-SHA256": document["sha256"],
        },
    )
