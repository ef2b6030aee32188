"""The alliance adds the five documents and the budget per year to its application."""

from __future__ import annotations

from aanvraag.application.commands import DocumentUpload, RecordBudget
from aanvraag.application.loading import require_lead_of
from aanvraag.application.ports import Dependencies
from aanvraag.application.with_content import execute_with_content
from aanvraag.domain import documents
from aanvraag.domain.application import Application, stream_id
from aanvraag.domain.windows import round_of
from allianties_shared.application import CommandContext
from allianties_shared.contracts.aanvraag import DocumentMetadata


async def add_document(
    application_id: str, command: DocumentUpload, context: CommandContext, deps: Dependencies
) -> DocumentMetadata:
    await require_lead_of(deps, context.actor, application_id)
    content = command.content
    document = documents.describe(command.soort, command.titel, command.taal, content)
    await execute_with_content(
        deps, Application, stream_id(application_id), context, lambda a: a.add_document(document), document, content
    )
    return document


async def record_budget(application_id: str, command: RecordBudget, context: CommandContext, deps: Dependencies) -> Application:
    current = await require_lead_of(deps, context.actor, application_id)
    ronde = round_of(deps.regulation, current.round_id)
    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(application_id), context, lambda a: a.record_budget(ronde, deps.regulation, command.jaren)
    )
    return application
