"""FastAPI dependencies that routes of every service use."""

from __future__ import annotations

from fastapi import Depends, Request

from allianties_shared.application import CommandContext
from allianties_shared.domain.actor import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.state import RunningService


def running(request: Request) -> RunningService:
    return request.app.state.service


def command_context(request: Request, actor: Actor = Depends(current_actor)) -> CommandContext:
    return CommandContext(actor=actor, correlation_id=request.scope["state"]["correlation_id"])
