"""Record a document's event and store its bytes in one transaction: both or neither."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aanvraag.application.ports import Dependencies
from allianties_shared.application import CommandContext
from allianties_shared.contracts.aanvraag import DocumentMetadata
from allianties_shared.domain import Aggregate

A = TypeVar("A", bound=Aggregate)


async def execute_with_content(
    deps: Dependencies,
    cls: type[A],
    stream: str,
    context: CommandContext,
    decide: Callable[[A], None],
    document: DocumentMetadata,
    content: bytes,
) -> A:
    async with deps.store.transaction() as tx:
        aggregate = await deps.repository.load(tx, cls, stream)
        decide(aggregate)
        await deps.documents.put(tx, document.sha256, content)
        await deps.repository.save(tx, aggregate, context)
    return aggregate
