"""What the routes share: the handlers' dependencies, the read models, who sees what."""

from __future__ import annotations

from fastapi import Depends, Request

from aanvraag.adapters.read_models import ReadModels, Visible
from aanvraag.application.ports import Dependencies
from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR, Role.BESLUITVORMER, Role.AUDITOR, Role.OPERATOR, Role.SYSTEEM)


def dependencies(request: Request) -> Dependencies:
    return request.app.state.service.extras["dependencies"]


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)


def visible_to(actor: Actor) -> Visible:
    """Municipal roles see every alliance; alliance members their own; anyone else none."""
    if actor.role in READERS_OF_ALL:
        return None
    return actor.alliances if actor.is_alliance_member else frozenset()


def not_found(what_nl: str, what_en: str, id: str) -> NotFound:
    return NotFound(
        f"{what_en}-exists",
        f"{what_nl} {id} bestaat niet of is niet zichtbaar voor u.",
        f"{what_en.capitalize()} {id} does not exist or is not visible to you.",
    )


def require_visible(actor: Actor, alliance_id: str, found: object | None, what_nl: str, what_en: str, id: str) -> None:
    visible = visible_to(actor)
    if found is None or (visible is not None and alliance_id not in visible):
        raise not_found(what_nl, what_en, id)
