"""The NL API Design Rules (Logius), checked on every service's OpenAPI document and on the answers of a real one.

Our own checks of the rules Logius' Spectral ruleset (``media/linter.yaml`` of Logius-standaarden/API-Design-Rules)
tests; CI cannot fetch that ruleset, so the rules are restated here as assertions.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from aanvraag.bootstrap import bootstrap as aanvraag
from allianties_shared.http.problems import PROBLEM_JSON
from allianties_shared.runtime import create_app
from allianties_shared.settings import KafkaSettings, PlatformSettings
from notificatie.bootstrap import bootstrap as notificatie
from tests.aanvraag.conftest import ALLIANCE
from toekenning.bootstrap import bootstrap as toekenning
from verantwoording.bootstrap import bootstrap as verantwoording

CHECKS = Path(__file__).resolve().parents[2] / "infra" / "contract-checks"
BOOTSTRAPS = {"aanvraag": aanvraag, "toekenning": toekenning, "verantwoording": verantwoording, "notificatie": notificatie}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
LOWER_CAMEL = re.compile(r"^[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
KEBAB_SEGMENT = re.compile(r"^([a-z0-9-]+|\{[^}]+\})$")
METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module", params=list(BOOTSTRAPS))
def document(request) -> dict:
    return create_app(BOOTSTRAPS[request.param](), PlatformSettings(auth_secret="x" * 40), KafkaSettings()).openapi()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_document_is_openapi_3_with_a_semver_version_servers_and_a_full_contact(document):  # /core/doc-openapi, /core/semver
    assert re.match(r"^3(\.\d+){1,2}$", document["openapi"])
    assert SEMVER.match(document["info"]["version"])
    assert {"name", "url", "email"} <= set(document["info"]["contact"])  # /core/doc-openapi-contact
    assert document["servers"] and all(s["url"] and not s["url"].endswith("/") for s in document["servers"])


def test_every_response_documents_the_api_version_header(document):  # /core/version-header
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            assert "API-Version" in response.get("headers", {}), (method, path, status)
    assert document["components"]["headers"]["API-Version"]["schema"]["type"] == "string"


def test_every_error_response_is_problem_json_with_status_title_and_detail(document):  # /core/error-handling/problem-details
    problem = document["components"]["schemas"]["Problem"]
    assert {"status", "title", "detail"} <= set(problem["properties"])
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if status[0] in "45":
                assert list(response["content"]) == [PROBLEM_JSON], (method, path, status)


def test_every_operation_that_takes_input_can_answer_400(document):  # /core/error-handling/invalid-input
    for path, method, operation in operations(document):
        if method in {"post", "put", "patch"} or operation.get("parameters"):
            assert "400" in operation["responses"], (method, path)


def test_paths_have_no_trailing_slash_and_only_standard_methods(document):  # /core/no-trailing-slash, /core/http-methods
    for path, item in document["paths"].items():
        assert path == "/" or not path.endswith("/"), path
        assert set(item) <= METHODS | {"parameters", "summary", "description", "servers"}, path


def test_operation_ids_are_unique(document):  # spectral:oas operation-operationId-unique
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))


def test_path_parameters_are_declared_once_each(document):  # spectral:oas path-params
    for path, method, operation in operations(document):
        declared = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"]
        assert sorted(declared) == sorted(re.findall(r"\{([^}]+)\}", path)), (method, path)


KNOWN_DEVIATIONS = {"/schemas/{ce_type}.json"}  # the CloudEvents dataschema URL, in events already recorded


def test_path_segments_are_kebab_case(document):  # /core/path-segments-kebab-case
    for path in set(document["paths"]) - KNOWN_DEVIATIONS:
        assert all(KEBAB_SEGMENT.match(s) for s in path.strip("/").split("/")), path


def test_query_keys_are_lower_camel_case(document):  # /core/query-keys-camel-case
    for path, method, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query" and not parameter.get("deprecated"):
                assert LOWER_CAMEL.match(parameter["name"]), (method, path, parameter["name"])


def test_every_document_is_valid_openapi_per_spectral(tmp_path):  # /core/publish-openapi, with Spectral's own rules
    spectral = CHECKS / "node_modules" / ".bin" / "spectral"
    assert spectral.exists(), "make contract-checks installs Spectral, pinned by package-lock.json"
    files = []
    for service, bootstrap in BOOTSTRAPS.items():
        document = create_app(bootstrap(), PlatformSettings(auth_secret="x" * 40), KafkaSettings()).openapi()
        files.append(tmp_path / f"{service}.json")
        files[-1].write_text(json.dumps(document))
    ruleset = CHECKS / "openapi-ruleset.yaml"
    done = subprocess.run(
        [str(spectral), "lint", "-r", str(ruleset), "-f", "json", "-q", *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert json.loads(done.stdout or "[]") == [], done.stdout
    assert done.returncode == 0, done.stderr


async def test_every_answer_carries_the_api_version_the_document_names(intake):
    version = intake.app.openapi()["info"]["version"]
    for answer in (
        await intake.request("GET", "/v1/allianties/bestaat-niet", role="operator"),
        await intake.http.get("/healthz"),
        await intake.http.post("/v1/allianties", json=ALLIANCE),
    ):
        assert answer.headers["API-Version"] == version, answer.request.url


async def test_invalid_input_is_400_problem_json_naming_every_invalid_parameter(intake):
    bad = {**ALLIANCE, "naam": 12, "partners": "geen lijst"}
    refused = await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=bad)
    assert (refused.status_code, refused.headers["content-type"]) == (400, PROBLEM_JSON)
    assert {p["name"] for p in refused.json()["invalid-params"]} >= {"naam", "partners"}
    assert all(p["reason"] for p in refused.json()["invalid-params"])
    assert await intake.service.store.read_all() == []


async def test_a_body_that_is_no_json_is_400_naming_the_body(intake):
    refused = await intake.request(
        "POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",),
        content=b'{"naam": ', headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )  # fmt: skip
    assert (refused.status_code, refused.json()["rule"], refused.json()["field"]) == (400, "invalid-input", "body")
    assert [p["name"] for p in refused.json()["invalid-params"]] == ["body"]
    assert refused.json()["detail"].startswith("Invalid input: body")
