"""For tests of other components that need a submittable application from the intake service.

    await complete_application(intake, "qa-2021", ALLIANCE_ID, prioriteiten=[2, 3], bedrag_per_jaar_centen=15_000_000)
    submitted = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", role="penvoerder", alliances=(ALLIANCE_ID,))

It drafts the application (unless ``draft=False``), uploads the five documents, records a budget
with 15% coordination and sets the service's clock inside the 2021 application window. The clock
must be settable: start the service with ``platform=PlatformSettings(settable_clock=True)``.
"""

from __future__ import annotations

from datetime import datetime

from allianties_shared.domain.clock import SettableClock
from allianties_shared.regulation.model import AMSTERDAM, DocumentSoort
from tests.aanvraag.examples import budget_body, document_body

INSIDE_THE_2021_WINDOW = datetime(2021, 3, 15, 12, 0, tzinfo=AMSTERDAM)


async def complete_application(
    client,
    aanvraag_id: str,
    alliantie_id: str,
    *,
    prioriteiten: list[int] = (2,),
    bedrag_per_jaar_centen: int = 15_000_000,
    draft: bool = True,
    moment: datetime = INSIDE_THE_2021_WINDOW,
) -> None:
    clock = client.service.clock
    assert isinstance(clock, SettableClock), "start the intake service with PlatformSettings(settable_clock=True)"
    clock.set(moment)
    lead = {"role": "penvoerder", "alliances": (alliantie_id,)}
    if draft:
        body = {"aanvraag_id": aanvraag_id, "alliantie_id": alliantie_id, "prioriteiten": list(prioriteiten), "bedrag_per_jaar_centen": bedrag_per_jaar_centen}
        drafted = await client.request("POST", "/v1/aanvragen", json=body, **lead)
        assert drafted.status_code == 201, drafted.text
    for kind in DocumentSoort:
        added = await client.request("POST", f"/v1/aanvragen/{aanvraag_id}/documenten", json=document_body(kind), **lead)
        assert added.status_code == 201, added.text
    recorded = await client.request("PUT", f"/v1/aanvragen/{aanvraag_id}/begroting", json=budget_body(bedrag_per_jaar_centen), **lead)
    assert recorded.status_code == 200, recorded.text
