"""Reminders of deadlines fall due at configured offsets, in the evening, never at night; each once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allianties_shared.application import CommandContext, Repository
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import Actor
from allianties_shared.eventstore.ports import EventStore
from notificatie import SERVICE
from notificatie.application.ports import OpenDeadlines
from notificatie.domain.mailbox import Mailbox, stream_id
from notificatie.domain.reminders import ReminderPolicy

_repository = Repository(registry)


@dataclass
class ReminderScheduler:
    store: EventStore
    deadlines: OpenDeadlines
    policy: ReminderPolicy

    async def remind_due(self, now: datetime) -> int:
        recorded = 0
        for deadline in await self.deadlines.open_deadlines(now):
            days = self.policy.due(deadline.termijn, deadline.reminded, now)
            if days is None:
                continue
            context = CommandContext(actor=Actor.system(SERVICE), correlation_id=f"herinnering:{deadline.termijn_id}:{days}")
            await _repository.execute(
                self.store,
                Mailbox,
                stream_id(deadline.alliantie_id),
                context,
                lambda m, d=deadline, n=days: m.remind(d.alliantie_id, d.termijn_id, n),
            )
            recorded += 1
        return recorded
