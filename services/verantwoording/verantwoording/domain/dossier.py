"""An accountability dossier: opened for one grant, it carries the grant year to its settlement."""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.verantwoording import DossierGeopend
from allianties_shared.domain import Aggregate, DomainEvent


def stream_id(dossier_id: str) -> str:
    return f"dossier-{dossier_id}"


class Dossier(Aggregate):
    stream_type = "dossier"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.dossier_id = ""
        self.alliance_id = ""
        self.status = "nieuw"

    def open(
        self,
        dossier_id: str,
        alliance_id: str,
        assessment_id: str,
        application_id: str,
        amount_cents: int,
        period_start: date,
        period_end: date,
    ) -> None:
        if self.exists:
            return  # one dossier per grant
        self._record(
            DossierGeopend(
                dossier_id=dossier_id,
                alliantie_id=alliance_id,
                beoordeling_id=assessment_id,
                aanvraag_id=application_id,
                bedrag_per_jaar_centen=amount_cents,
                periode_start=period_start,
                periode_eind=period_end,
            )
        )

    def apply(self, event: DomainEvent) -> None:
        match event:
            case DossierGeopend():
                self.dossier_id = event.dossier_id
                self.alliance_id = event.alliantie_id
                self.status = "open"
