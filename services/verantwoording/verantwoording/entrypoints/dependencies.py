"""What the routes get injected: the handlers' dependencies and the read models."""

from __future__ import annotations

from fastapi import Depends, Request

from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService
from verantwoording.adapters.read_models import ReadModels
from verantwoording.application.ports import Dependencies


def dependencies(request: Request) -> Dependencies:
    return request.app.state.service.extras["dependencies"]


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)
