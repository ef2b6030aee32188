"""Who is an alliance's accounthouder, since when, with every handover; and an alliance left without one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allianties_shared.contracts.verantwoording import (
    AccounthouderOvergedragen,
    AccounthouderToegewezen,
    AccounthouderVertrokken,
    AlliantieZonderAccounthouderGesignaleerd,
)
from allianties_shared.domain import Aggregate, DomainEvent
from verantwoording.domain.rules import refuse


def stream_id(alliance_id: str) -> str:
    return f"accounthouderschap-{alliance_id}"


@dataclass
class Assignment:
    accounthouder_id: str
    naam: str


class Accountholding(Aggregate):
    stream_type = "accounthouderschap"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.alliance_id = ""
        self.current: Assignment | None = None
        self.flagged = False  # listed as an alliance without an accounthouder

    def is_current(self, actor_id: str) -> bool:
        return self.current is not None and self.current.accounthouder_id == actor_id

    def flag_if_without(self, alliance_id: str, dossier_id: str) -> None:
        """A dossier opened: with nobody assigned, the alliance is flagged at once (once per gap)."""
        if self.current is None and not self.flagged:
            self._record(AlliantieZonderAccounthouderGesignaleerd(alliantie_id=alliance_id, aanleiding="dossier-geopend", dossier_id=dossier_id))

    def assign(self, alliance_id: str, accounthouder_id: str, name: str, note: str) -> None:
        if self.current is None:
            self._record(AccounthouderToegewezen(alliantie_id=alliance_id, accounthouder_id=accounthouder_id, naam=name))
            return
        if self.current.accounthouder_id == accounthouder_id:
            raise refuse("accounthouder-changes", f"{name} is al accounthouder van deze alliantie.",
                         f"{name} already is this alliance's accounthouder.", "accounthouder_id")
        if not note.strip():
            raise refuse("handover-note", "Een overdracht heeft een overdrachtsnotitie: waar staat de alliantie?",
                         "A handover carries a note: where does the alliance stand?", "notitie")
        self._record(AccounthouderOvergedragen(
            alliantie_id=alliance_id, van_accounthouder_id=self.current.accounthouder_id,
            naar_accounthouder_id=accounthouder_id, naam=name, overdrachtsnotitie=note,
        ))

    def leave(self, alliance_id: str, reason: str) -> None:
        if self.current is None:
            raise refuse("accounthouder-assigned", "Deze alliantie heeft geen accounthouder.", "This alliance has no accounthouder.")
        self._record(AccounthouderVertrokken(alliantie_id=alliance_id, accounthouder_id=self.current.accounthouder_id, reden=reason))
        self._record(AlliantieZonderAccounthouderGesignaleerd(alliantie_id=alliance_id, aanleiding="accounthouder-vertrokken"))

    def apply(self, event: DomainEvent) -> None:
        self.alliance_id = getattr(event, "alliantie_id", self.alliance_id)
        match event:
            case AccounthouderToegewezen():
                self.current, self.flagged = Assignment(event.accounthouder_id, event.naam), False
            case AccounthouderOvergedragen():
                self.current = Assignment(event.naar_accounthouder_id, event.naam)
            case AccounthouderVertrokken():
                self.current = None
            case AlliantieZonderAccounthouderGesignaleerd():
                self.flagged = True


def history_entry(event: DomainEvent, at: datetime) -> dict:
    """One line of the alliance's accounthouder history, for the read model."""
    return {"gebeurtenis": event.name, "op": at.isoformat(), **event.model_dump(mode="json", exclude={"alliantie_id"})}
