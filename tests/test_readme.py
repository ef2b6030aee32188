"""Every variable and endpoint the README names exists in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aanvraag.bootstrap import bootstrap as aanvraag
from allianties_infra import ops_client
from allianties_shared.runtime import create_app
from allianties_shared.settings import KafkaSettings, LogSettings, PlatformSettings, env_names
from notificatie.bootstrap import bootstrap as notificatie
from toekenning.bootstrap import bootstrap as toekenning
from verantwoording.bootstrap import bootstrap as verantwoording

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
BOOTSTRAPS = {"aanvraag": aanvraag, "toekenning": toekenning, "verantwoording": verantwoording, "notificatie": notificatie}


def variables_in_code() -> set[str]:
    names = env_names(KafkaSettings) | env_names(PlatformSettings) | env_names(LogSettings)
    for bootstrap in BOOTSTRAPS.values():
        names |= env_names(type(bootstrap().settings))
    infra = "\n".join(p.read_text() for p in (ROOT / "infra" / "allianties_infra").rglob("*.py"))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', infra))
    return names


def test_every_environment_variable_the_readme_names_is_read_by_the_code(monkeypatch):
    prefixes = "KAFKA|ALLIANTIES|LOG|AANVRAAG|TOEKENNING|VERANTWOORDING|NOTIFICATIE"
    named = set(re.findall(rf"`((?:{prefixes})_[A-Z0-9_]+)`", README))
    per_service_urls = {f"ALLIANTIES_{s.upper()}_URL" for s in BOOTSTRAPS}
    for variable in named & per_service_urls:
        monkeypatch.setenv(variable, "http://elsewhere:1")
    assert {t.url for t in ops_client.targets() if f"ALLIANTIES_{t.service.upper()}_URL" in named} <= {"http://elsewhere:1"}
    unknown = named - variables_in_code() - per_service_urls
    assert not unknown, f"the README names variables no code reads: {sorted(unknown)}"


@pytest.fixture(scope="module")
def openapi() -> dict[str, set[tuple[str, str]]]:
    platform = PlatformSettings(auth_secret="x" * 40)
    paths = {}
    for service, bootstrap in BOOTSTRAPS.items():
        spec = create_app(bootstrap(), platform, KafkaSettings()).openapi()
        paths[service] = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    return paths


def test_every_endpoint_every_service_has_exists_in_all_four(openapi):
    common = re.findall(r"^\| (GET|POST|PUT) \| `(/[^`]*)` \|", README, flags=re.MULTILINE)
    assert len(common) >= 5
    for service, paths in openapi.items():
        missing = {(m, p.replace("{type}", "{ce_type}")) for m, p in common} - paths
        assert not missing, f"{service} lacks {missing}"


def service_readme_endpoints(service: str) -> set[tuple[str, str]]:
    text = (ROOT / "services" / service / "README.md").read_text()
    return set(re.findall(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `(/v1/[^`]*)` \|", text, flags=re.MULTILINE))


@pytest.mark.parametrize("service", list(BOOTSTRAPS))
def test_each_service_readme_lists_exactly_the_v1_endpoints_the_service_serves(openapi, service):
    served = {(method, path) for method, path in openapi[service] if path.startswith("/v1/")}
    listed = service_readme_endpoints(service)
    assert listed - served == set(), f"services/{service}/README.md lists endpoints it does not serve"
    assert served - listed == set(), f"services/{service}/README.md does not list every endpoint it serves"
