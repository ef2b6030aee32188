"""Who may act on a dossier: alliance members on their own, accounthouders on the alliances assigned to them."""

from __future__ import annotations

from collections.abc import Callable

from allianties_shared.application import CommandContext
from allianties_shared.domain import AccessDenied, ConcurrencyError, NotFound, Role
from allianties_shared.eventstore.ports import StoreTransaction
from verantwoording.application.ports import Dependencies
from verantwoording.domain import accountholding
from verantwoording.domain.accountholding import Accountholding
from verantwoording.domain.dossier import Dossier, stream_id

ATTEMPTS = 3


def dossier_not_found(dossier_id: str) -> NotFound:
    return NotFound("dossier-exists", f"Dossier {dossier_id} bestaat niet.", f"Dossier {dossier_id} does not exist.")


async def require_current_accounthouder(tx: StoreTransaction, deps: Dependencies, context: CommandContext, alliance_id: str) -> None:
    holding = await deps.repository.load(tx, Accountholding, accountholding.stream_id(alliance_id))
    if not holding.is_current(context.actor.id):
        raise AccessDenied(
            "accounthouder-current",
            f"U bent niet de accounthouder van alliantie {alliance_id}.",
            f"You are not the accounthouder of alliance {alliance_id}.",
        )


async def act_on_dossier(
    deps: Dependencies,
    context: CommandContext,
    dossier_id: str,
    decide: Callable[[Dossier], None],
    *,
    members: tuple[Role, ...] = (),
    accounthouder: bool = False,
) -> Dossier:
    """Load, check who acts, decide, append: one transaction, retried on a concurrent write."""
    context.actor.require_role(*members, *((Role.ACCOUNTHOUDER,) if accounthouder else ()))
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with deps.store.transaction() as tx:
                dossier = await deps.repository.load(tx, Dossier, stream_id(dossier_id))
                if not dossier.exists or not context.actor.may_see_alliance(dossier.alliance_id):
                    raise dossier_not_found(dossier_id)
                if context.actor.role == Role.ACCOUNTHOUDER:
                    await require_current_accounthouder(tx, deps, context, dossier.alliance_id)
                decide(dossier)
                await deps.repository.save(tx, dossier, context)
            return dossier
        except ConcurrencyError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
