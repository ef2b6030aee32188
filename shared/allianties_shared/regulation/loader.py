"""Reads the regulation: the packaged ``regeling.yaml`` or the file ``ALLIANTIES_REGULATION_FILE`` names."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from allianties_shared.regulation.model import Regeling


def load_regulation(path: str | Path | None = None) -> Regeling:
    text = Path(path).read_text() if path else files("allianties_shared.regulation").joinpath("regeling.yaml").read_text()
    return Regeling.model_validate(yaml.safe_load(text))


@cache
def packaged_regulation() -> Regeling:
    return load_regulation()
