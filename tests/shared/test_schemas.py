"""The published contracts: a JSON Schema per event type and an AsyncAPI document per topic."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from allianties_infra.cli import app
from allianties_shared.contracts import REGISTRIES
from allianties_shared.schemas import write_schemas


def test_the_schemas_command_writes_a_json_schema_per_event_type_and_an_asyncapi_document_per_topic(tmp_path):
    result = CliRunner().invoke(app, ["schemas", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for service, registry in REGISTRIES.items():
        folder = tmp_path / service
        asyncapi = json.loads((folder / "asyncapi.json").read_text())
        assert asyncapi["asyncapi"].startswith("3.")
        assert asyncapi["channels"][service]["address"] == f"allianties.{service}"
        for model in registry:
            ce_type = f"nl.amsterdam.subsidies.allianties.{model.name}.v{model.version}"
            schema = json.loads((folder / f"{ce_type}.json").read_text())
            assert schema["$id"] == ce_type
            assert schema["title"] == model.__name__
            assert asyncapi["components"]["messages"][model.__name__]["payload"]["properties"]["type"]["const"] == ce_type


def test_every_event_type_has_a_name_in_kebab_case_and_a_docstring():
    for registry in REGISTRIES.values():
        for model in registry:
            assert model.name.replace("-", "").isalpha() and model.name.islower(), model.name
            assert model.__doc__, f"{model.__name__} needs a docstring: it becomes the schema's description"


def test_the_committed_schemas_are_what_the_code_generates_now(tmp_path):
    """Other gemeente systems read schemas/ in the repository: it must never drift from the models."""
    committed = Path(__file__).parent.parent.parent / "schemas"
    generated = write_schemas(tmp_path)
    assert generated, "nothing generated"
    for path in generated:
        relative = path.relative_to(tmp_path)
        assert (committed / relative).exists(), f"schemas/{relative} is missing: run `make schemas`"
        assert (committed / relative).read_text() == path.read_text(), f"schemas/{relative} is stale: run `make schemas`"
    assert {p.relative_to(committed) for p in committed.rglob("*.json")} == {p.relative_to(tmp_path) for p in generated}


def test_writing_the_schemas_removes_those_of_versions_no_longer_current(tmp_path):
    old = tmp_path / "aanvraag" / "nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v1.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    write_schemas(tmp_path)
    assert not old.exists()
    assert (tmp_path / "aanvraag" / "nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v2.json").exists()
