"""Quarterly conversations: scheduled and held by the accounthouder, with notes from both sides."""

from __future__ import annotations

from datetime import date, datetime

from allianties_shared.contracts.verantwoording import (
    KwartaalgesprekAangevuld,
    KwartaalgesprekGehouden,
    KwartaalgesprekGepland,
)
from verantwoording.domain.rules import missing, refuse, today
from verantwoording.domain.state import Term


class ConversationsPart:
    """Mixed into ``Dossier``."""

    def _conversation(self, term_id: str) -> Term:
        term = self.terms.get(term_id)
        if term is None or term.soort != "kwartaalgesprek":
            raise missing("conversation-term-exists", "Kwartaalgesprek", "Quarterly conversation", term_id, "termijn_id")
        return term

    def plan_conversation(self, term_id: str, day: date) -> None:
        self.require_open()
        term = self._conversation(term_id)
        if term.status == "gehouden":
            raise refuse("conversation-held-once", f"Kwartaalgesprek {term_id} is al gehouden.", f"Quarterly conversation {term_id} was already held.", "termijn_id")
        if day < term.van:
            raise refuse("conversation-in-its-quarter", f"Het gesprek over {term_id} valt niet voor {term.van}.",
                         f"The conversation for {term_id} cannot be before {term.van}.", "datum")
        self._record(KwartaalgesprekGepland(**self._ids(), termijn_id=term_id, datum=day))

    def hold_conversation(self, term_id: str, notes: str, agreements: list[str], now: datetime) -> None:
        self.require_open()
        term = self._conversation(term_id)
        if term.status != "gepland":
            raise refuse("conversation-planned", f"Kwartaalgesprek {term_id} is niet gepland (status {term.status}).",
                         f"Quarterly conversation {term_id} is not scheduled (status {term.status}).", "termijn_id")
        if today(now) < term.gepland_op:
            raise refuse("conversation-date-reached", f"Het gesprek is gepland op {term.gepland_op}.",
                         f"The conversation is scheduled for {term.gepland_op}.", "termijn_id")
        self._record(KwartaalgesprekGehouden(**self._ids(), termijn_id=term_id, notities=notes, afspraken=agreements))

    def add_alliance_notes(self, term_id: str, notes: str) -> None:
        self.require_open()
        term = self._conversation(term_id)
        if term.status != "gehouden":
            raise refuse("conversation-held", f"Kwartaalgesprek {term_id} is nog niet gehouden.",
                         f"Quarterly conversation {term_id} has not been held yet.", "termijn_id")
        self._record(KwartaalgesprekAangevuld(**self._ids(), termijn_id=term_id, notities=notes))

    def _on_KwartaalgesprekGepland(self, e: KwartaalgesprekGepland) -> None:
        term = self.terms[e.termijn_id]
        term.status, term.gepland_op = "gepland", e.datum

    def _on_KwartaalgesprekGehouden(self, e: KwartaalgesprekGehouden) -> None:
        term = self.terms[e.termijn_id]
        term.status, term.notities, term.afspraken = "gehouden", e.notities, list(e.afspraken)

    def _on_KwartaalgesprekAangevuld(self, e: KwartaalgesprekAangevuld) -> None:
        self.terms[e.termijn_id].notities_alliantie = e.notities
