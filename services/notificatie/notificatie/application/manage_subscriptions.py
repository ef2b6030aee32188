"""Take, cancel, catch up and re-send: the commands of a subscriber (or an operator) on a subscription."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from allianties_shared.application import CommandContext, Repository
from allianties_shared.contracts import REGISTRIES
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import NotFound, Role, RuleViolation
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.regulation.model import Regeling
from notificatie.application.ports import Sealer, Webhooks
from notificatie.domain.delivery_log import DeliveryLog
from notificatie.domain.delivery_log import stream_id as delivery_stream
from notificatie.domain.subscription import Subscription, stream_id

_repository = Repository(registry)

SUBSCRIBERS = (Role.SYSTEEM, Role.OPERATOR)


def known_event_types() -> set[str]:
    return {model.name for r in REGISTRIES.values() for model in r}


@dataclass(frozen=True)
class TakeSubscription:
    callback_url: str
    types: list[str]
    prioriteiten: list[int]
    allianties: list[str]
    api_key_header: str | None
    api_key: str | None
    hmac_geheim: str | None
    vanaf_positie: int | None


@dataclass
class SubscriptionCommands:
    store: EventStore
    webhooks: Webhooks
    sealer: Sealer
    regulation: Regeling

    async def take(self, command: TakeSubscription, context: CommandContext, head: int) -> str:
        context.actor.require_role(*SUBSCRIBERS)
        subscription_id = uuid4()
        api_key = await self.sealer.seal(subscription_id, command.api_key) if command.api_key else None
        secret = await self.sealer.seal(subscription_id, command.hmac_geheim) if command.hmac_geheim else None

        def decide(subscription: Subscription) -> None:
            subscription.take(
                owner=context.actor.id,
                callback_url=command.callback_url,
                types=command.types,
                known_types=known_event_types(),
                priorities=command.prioriteiten,
                known_priorities={p.nummer for p in self.regulation.prioriteiten},
                alliances=command.allianties,
                api_key_header=command.api_key_header,
                api_key=api_key,
                hmac_secret=secret,
                from_position=head if command.vanaf_positie is None else command.vanaf_positie,
            )

        # Check the rules before calling out; the handshake is the last check, before anything is recorded.
        decide(Subscription(stream_id(str(subscription_id))))
        handshake = await self.webhooks.validate(command.callback_url)
        if not handshake.ok:
            raise RuleViolation(
                "webhook-validatie",
                f"De callback-URL bevestigde de aflevering niet ({handshake.error or handshake.status}).",
                f"The callback URL did not confirm delivery ({handshake.error or handshake.status}).",
                field="callback_url",
            )
        await _repository.execute(self.store, Subscription, stream_id(str(subscription_id)), context, decide)
        return str(subscription_id)

    async def _owned(self, subscription_id: str, context: CommandContext, decide) -> None:
        def guarded(subscription: Subscription) -> None:
            if subscription.exists and context.actor.role != Role.OPERATOR and subscription.owner != context.actor.id:
                raise NotFound("abonnement-bestaat", "Dit abonnement bestaat niet.", "This subscription does not exist.", field="abonnement_id")
            decide(subscription)

        context.actor.require_role(*SUBSCRIBERS)
        await _repository.execute(self.store, Subscription, stream_id(subscription_id), context, guarded)

    async def cancel(self, subscription_id: str, context: CommandContext) -> None:
        await self._owned(subscription_id, context, lambda s: s.cancel())

    async def resend(self, subscription_id: str, event_id: str, stream: str | None, context: CommandContext) -> None:
        """Re-send a dead letter of ``stream`` (from the dead-letter list); the subscription must be the caller's and active."""
        await self._owned(subscription_id, context, lambda s: s.require_active())
        if stream is None:
            DeliveryLog("-").resend(subscription_id, event_id)  # not on the list: refused with the rule
        await _repository.execute(
            self.store, DeliveryLog, delivery_stream(subscription_id, stream), context, lambda log: log.resend(subscription_id, event_id)
        )

    async def catch_up(self, subscription_id: str, from_position: int | None, from_time: datetime | None, context: CommandContext) -> None:
        await self._owned(subscription_id, context, lambda s: s.catch_up(from_position=from_position, from_time=from_time))
