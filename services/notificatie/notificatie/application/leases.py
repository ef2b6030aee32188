"""Recording under a lease: the outcome of a send counts only while this instance still holds its claim.

Claims live in the service's database (``MessageClaims``, ``DeliveryLeases``). An instance that stalls
past its lease may already have been overtaken by another one; its late word is then dropped, so a
stale failure never overwrites a recorded success.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import uuid4

from allianties_shared.application import CommandContext, Repository
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import Aggregate, ConcurrencyError
from allianties_shared.eventstore.ports import EventStore, StoreTransaction

A = TypeVar("A", bound=Aggregate)
_repository = Repository(registry)


def new_token() -> str:
    """A lease owner: which process claimed (for the operator), and a part of its own for this claim."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid4().hex[:12]}"


async def record_if_held(
    store: EventStore,
    cls: type[A],
    stream_id: str,
    context: CommandContext,
    decide: Callable[[A], None],
    held: Callable[[StoreTransaction], Awaitable[bool]],
    after: Callable[[StoreTransaction], Awaitable[None]] | None = None,
    *,
    attempts: int = 3,
) -> bool:
    """Load, decide and append in one transaction that first checks (and locks) the lease; False when it was lost."""
    for attempt in range(1, attempts + 1):
        try:
            async with store.transaction() as tx:
                if not await held(tx):
                    return False
                aggregate = await _repository.load(tx, cls, stream_id)
                decide(aggregate)
                await _repository.save(tx, aggregate, context)
                if after is not None:
                    await after(tx)
            return True
        except ConcurrencyError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")
