"""The published contracts: a JSON Schema per event type and an AsyncAPI document per topic."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from allianties_infra.cli import app
from allianties_shared.contracts import REGISTRIES
from allianties_shared.schemas import write_schemas

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schemas"
ASYNCAPI_PARSER = ROOT / "infra" / "contract-checks" / "validate-asyncapi.mjs"


def test_the_schemas_command_writes_a_json_schema_per_event_type_and_an_asyncapi_document_per_topic(tmp_path):
    result = CliRunner().invoke(app, ["schemas", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for service, registry in REGISTRIES.items():
        folder = tmp_path / service
        asyncapi = json.loads((folder / "asyncapi.json").read_text())
        assert asyncapi["asyncapi"].startswith("3.")
        assert asyncapi["channels"][service]["address"] == f"allianties.{service}"
        for model in registry.every_version():
            ce_type = f"nl.amsterdam.subsidies.allianties.{model.name}.v{model.version}"
            schema = json.loads((folder / f"{ce_type}.json").read_text())
            assert schema["$id"] == ce_type
            assert schema["title"] == model.model_json_schema()["title"]
            payload = asyncapi["components"]["messages"][model.__name__]["payload"]
            assert payload["schemaFormat"] == "application/schema+json;version=draft-07"
            assert payload["schema"]["properties"]["type"]["const"] == ce_type


def test_every_event_type_has_a_name_in_kebab_case_and_a_docstring():
    for registry in REGISTRIES.values():
        for model in registry:
            assert model.name.replace("-", "").isalpha() and model.name.islower(), model.name
            assert model.__doc__, f"{model.__name__} needs a docstring: it becomes the schema's description"


def test_the_committed_schemas_are_what_the_code_generates_now(tmp_path):
    """Other gemeente systems read schemas/ in the repository: it must never drift from the models."""
    committed = COMMITTED
    generated = write_schemas(tmp_path)
    assert generated, "nothing generated"
    for path in generated:
        relative = path.relative_to(tmp_path)
        assert (committed / relative).exists(), f"schemas/{relative} is missing: run `make schemas`"
        assert (committed / relative).read_text() == path.read_text(), f"schemas/{relative} is stale: run `make schemas`"
    assert {p.relative_to(committed) for p in committed.rglob("*.json")} == {p.relative_to(tmp_path) for p in generated}


def test_writing_the_schemas_keeps_past_versions_and_removes_types_the_code_does_not_know(tmp_path):
    unknown = tmp_path / "aanvraag" / "nl.amsterdam.subsidies.allianties.nooit-bestaan.v1.json"
    unknown.parent.mkdir(parents=True)
    unknown.write_text("{}")
    write_schemas(tmp_path)
    assert not unknown.exists()
    for version in (1, 2):
        assert (tmp_path / "aanvraag" / f"nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v{version}.json").exists()


def test_every_version_that_was_ever_current_keeps_its_model_and_an_upcaster_to_the_next():
    for registry in REGISTRIES.values():
        for model in registry.every_version():
            current = registry.model(model.name)
            assert 1 <= model.version <= current.version
            assert [v.version for v in registry.every_version() if v.name == model.name] == list(range(1, current.version + 1))
            if model.version < current.version:
                assert (model.name, model.version) in registry._upcasters, f"{model.name} v{model.version} cannot be read"


def test_the_past_versions_are_the_schemas_that_were_published_then():
    """The v1 schemas of 2026 are frozen: their text is what subscribers downloaded before v2."""
    toekenning = COMMITTED / "toekenning"
    v1 = json.loads((toekenning / "nl.amsterdam.subsidies.allianties.subsidie-verleend.v1.json").read_text())
    assert v1["required"] == ["beoordeling_id", "aanvraag_id", "alliantie_id", "prioriteit", "bedrag_per_jaar_centen", "periode_start", "periode_eind"]
    assert v1["title"] == "SubsidieVerleend"


def test_every_json_schema_is_valid_against_the_json_schema_metaschema():
    schemas = [p for p in COMMITTED.rglob("*.json") if p.name != "asyncapi.json"]
    assert len(schemas) > 50
    for path in schemas:
        Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_every_asyncapi_document_is_valid_per_the_official_asyncapi_parser():
    node = shutil.which("node")
    assert node, "Node.js runs the official AsyncAPI parser (make contract-checks installs it)"
    documents = sorted(COMMITTED.glob("*/asyncapi.json"))
    done = subprocess.run([node, str(ASYNCAPI_PARSER), *map(str, documents)], capture_output=True, text=True, cwd=ROOT)
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(Path(r["file"]).parent.name, r["errors"]) for r in reports] == [(d.parent.name, []) for d in documents], done.stderr
    assert done.returncode == 0


def test_the_asyncapi_documents_list_every_version_still_on_the_topics():
    asyncapi = json.loads((COMMITTED / "toekenning" / "asyncapi.json").read_text())
    names = {m["name"] for m in asyncapi["components"]["messages"].values()}
    assert {f"nl.amsterdam.subsidies.allianties.subsidie-verleend.v{v}" for v in (1, 2)} <= names


async def test_a_service_serves_the_schema_of_every_version_its_events_were_ever_written_in(intake):
    for version in (1, 2):
        ce_type = f"nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v{version}"
        response = await intake.http.get(f"/schemas/{ce_type}.json")
        assert response.status_code == 200
        assert response.json() == json.loads((COMMITTED / "aanvraag" / f"{ce_type}.json").read_text())
    assert (await intake.http.get("/schemas/nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v3.json")).status_code == 404
