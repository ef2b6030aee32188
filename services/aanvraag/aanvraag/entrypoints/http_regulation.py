"""The regulation as data, read-only and public: priorities, rounds and their windows, documents, budgets."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from aanvraag.domain.windows import round_of
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService

router = APIRouter(prefix="/v1", tags=["regeling"])


@router.get("/regeling", summary="The regulation: priorities, rounds, documents, maximum coordination share, languages")
async def get_regulation(service: RunningService = Depends(running)) -> dict:
    return service.regulation.model_dump(mode="json")


@router.get("/rondes/{ronde_id}", summary="One round, with its windows (Amsterdam time) and budgets")
async def get_round(ronde_id: str, service: RunningService = Depends(running)) -> dict:
    ronde = round_of(service.regulation, ronde_id)
    windows = {
        name: {"opent": window.opens_at(), "sluit": window.closes_at()}
        for name, window in (("concept", ronde.concept), ("feedback", ronde.feedback), ("aanvragen", ronde.aanvragen), ("beoordeling", ronde.beoordeling))
        if window is not None
    }
    return {**ronde.model_dump(mode="json"), "vensters": windows}
