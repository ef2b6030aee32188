"""The Kubernetes manifests (infra/kubernetes), rendered by kustomize and validated offline against the
API schemas by kubernetes-validate (both written by others), then held against the code: the probes,
ports and variables the services really have."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from allianties_shared.settings import KafkaSettings, PlatformSettings

ROOT = Path(__file__).resolve().parents[2]
KUSTOMIZATIONS = {"base": ROOT / "infra/kubernetes/base", "example": ROOT / "infra/kubernetes/overlays/example"}
SERVICES = ("aanvraag", "toekenning", "verantwoording", "notificatie")
KUBERNETES_VERSION = "1.32.0"


@cache
def rendered(which: str) -> tuple[dict[str, Any], ...]:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl (with its built-in kustomize) renders the manifests; it is part of the machine image"
    output = subprocess.run([kubectl, "kustomize", str(KUSTOMIZATIONS[which])], capture_output=True, text=True, check=True)
    return tuple(doc for doc in yaml.safe_load_all(output.stdout) if doc)


def resource(which: str, kind: str, name: str) -> dict[str, Any]:
    found = [d for d in rendered(which) if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{which}: expected one {kind} {name}, found {len(found)}"
    return found[0]


def container(which: str, name: str) -> dict[str, Any]:
    (only,) = resource(which, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    return only


def environment_of(which: str, name: str) -> dict[str, str | None]:
    """The variables the container gets: its ConfigMaps' keys with their values, and its own entries (secrets: None)."""
    spec = container(which, name)
    variables: dict[str, str | None] = {}
    for source in spec.get("envFrom", []):
        variables |= resource(which, "ConfigMap", source["configMapRef"]["name"])["data"]
    for entry in spec.get("env", []):
        variables[entry["name"]] = entry.get("value")
    return variables


def compose_environment(name: str) -> set[str]:
    return set(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"][name]["environment"])


def settings_class(name: str):
    return getattr(importlib.import_module(f"{name}.settings"), f"{name.capitalize()}Settings")


@pytest.mark.parametrize("which", sorted(KUSTOMIZATIONS))
def test_every_rendered_resource_is_valid_for_the_kubernetes_api_in_strict_mode(which):
    assert rendered(which)
    for document in rendered(which):
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_two_replicas_probed_on_healthz_and_readyz_at_its_own_port(name):
    deployment = resource("example", "Deployment", name)
    port = settings_class(name).model_fields["http_port"].default
    spec = container("example", name)
    assert deployment["spec"]["replicas"] == 2
    assert [p["containerPort"] for p in spec["ports"]] == [port]
    assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert environment_of("example", name)[f"{name.upper()}_HTTP_PORT"] == str(port)


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_as_non_root_on_a_read_only_root_filesystem_with_resources(name):
    pod = resource("example", "Deployment", name)["spec"]["template"]["spec"]
    spec = container("example", name)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001  # the user the Dockerfile creates
    assert spec["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    assert {"cpu", "memory"} <= spec["resources"]["requests"].keys()
    assert "memory" in spec["resources"]["limits"]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_service_a_disruption_budget_and_an_autoscaler_that_select_its_pods(name):
    labels = resource("example", "Deployment", name)["spec"]["template"]["metadata"]["labels"]
    port = settings_class(name).model_fields["http_port"].default
    service = resource("example", "Service", name)
    assert service["spec"]["selector"].items() <= labels.items()
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(port, "http")]
    assert resource("example", "PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"].items() <= labels.items()
    autoscaler = resource("example", "HorizontalPodAutoscaler", name)["spec"]
    assert autoscaler["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    assert autoscaler["minReplicas"] == 2


@pytest.mark.parametrize("which", sorted(KUSTOMIZATIONS))
@pytest.mark.parametrize("name", SERVICES)
def test_every_service_gets_exactly_the_variables_compose_gives_it(which, name):
    assert set(environment_of(which, name)) == compose_environment(name)


@pytest.mark.parametrize("name", SERVICES)
def test_the_secrets_come_from_secret_references_never_from_values(name):
    entries = {e["name"]: e for e in container("example", name).get("env", [])}
    for secret in (f"{name.upper()}_DATABASE_URL", "ALLIANTIES_AUTH_SECRET"):
        assert "secretKeyRef" in entries[secret]["valueFrom"], secret
    assert not any(d["kind"] == "Secret" for d in rendered("example"))


@pytest.mark.parametrize("name", SERVICES)
def test_every_value_the_manifests_set_is_valid_for_the_service_settings(name, monkeypatch):
    for variable, value in environment_of("example", name).items():
        monkeypatch.setenv(variable, value if value is not None else "postgresql://u:p@db:5432/x" if "DATABASE" in variable else "s" * 48)
    settings = settings_class(name)()
    assert settings.base_url.startswith("https://allianties.example.amsterdam.nl/")
    assert KafkaSettings().replication_factor == 3
    assert PlatformSettings().settable_clock is False


@pytest.mark.parametrize("name", SERVICES)
def test_the_kubelet_waits_longer_than_the_service_takes_to_shut_down(name):
    grace = float(environment_of("example", name)["ALLIANTIES_SHUTDOWN_GRACE_SECONDS"])
    assert resource("example", "Deployment", name)["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > grace
