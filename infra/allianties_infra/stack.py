"""``allianties run``: the whole system on the embedded stack, each service its own process.

Start order: PostgreSQL (data survives restarts), the memory-only Tansu broker, the four
services. Because the broker starts empty every time, each service is then asked to republish
its event store from the start; consumers are idempotent, so nothing happens twice.
Ctrl-C (or SIGTERM) stops the services, then the broker, then PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from rich.console import Console

from allianties_infra.embedded import EmbeddedKafka, EmbeddedPostgres
from allianties_infra.embedded.ports import dies_with_parent, port_is_open
from allianties_infra.stack_config import StackConfig, stack_secret
from allianties_infra.tokens import dev_tokens, operator_headers

COLOURS = {"aanvraag": "cyan", "toekenning": "magenta", "verantwoording": "green", "notificatie": "yellow"}


class StackError(RuntimeError):
    pass


# The development staff directory: the demo's accounthouders (fictional), so their mail can be addressed.
DEV_STAFF = """\
ah-fatima: {naam: Fatima El Amrani, email: fatima.elamrani@amsterdam.example, taal: nl}
ah-ruud: {naam: Ruud de Boer, email: ruud.deboer@amsterdam.example, taal: nl}
ah-lieke: {naam: Lieke Jansen, email: lieke.jansen@amsterdam.example, taal: en}
ah-joost: {naam: Joost Visser, email: joost.visser@amsterdam.example, taal: nl}
ah-sanne: {naam: Sanne Mulder, email: sanne.mulder@amsterdam.example, taal: en}
"""


class MailSink:
    """A local SMTP server (aiosmtpd) for notificatie: each mail is stored as ``<data>/mail/<n>-<time>.eml``."""

    def __init__(self, directory: Path, host: str, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.directory = directory
        self.controller = Controller(self, hostname=host, port=port)
        self.count = len(list(directory.glob("*.eml"))) if directory.exists() else 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count += 1
        (self.directory / f"{self.count:05d}-{time.strftime('%Y%m%dT%H%M%S')}.eml").write_bytes(envelope.content)
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class Stack:
    def __init__(self, config: StackConfig, console: Console | None = None) -> None:
        self.config = config
        self.console = console or Console(stderr=True)
        self.logs = config.data_dir / "logs"
        self.postgres = EmbeddedPostgres(config.data_dir / "postgres", port=config.postgres_port, host=config.host)
        self.kafka = EmbeddedKafka(port=config.kafka_port, host=config.host, log_file=self.logs / "tansu.log")
        self.services: dict[str, subprocess.Popen] = {}
        self.secret = ""
        self.mail: MailSink | None = None

    def _require_free(self, port: int, what: str) -> None:
        if port_is_open(self.config.host, port):
            raise StackError(f"port {port} ({what}) is already in use: is the stack already running? Stop it, or set another port.")

    def start(self) -> None:
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        self.secret = stack_secret(self.config.data_dir)
        self._require_free(self.config.postgres_port, "PostgreSQL")
        self._require_free(self.config.kafka_port, "Kafka")
        for service, port in self.config.service_ports.items():
            self._require_free(port, service)
        self._require_free(self.config.smtp_port, "the mail sink")
        with self.console.status("starting PostgreSQL"):
            self.postgres.start()
            for service in self.config.service_ports:
                self.postgres.create_database(service)
        self.console.print(f"[bold]PostgreSQL[/] on {self.config.host}:{self.config.postgres_port}, data in {self.postgres.data_dir}")
        with self.console.status("starting the Tansu broker"):
            self.kafka.start()
        self.console.print(f"[bold]Kafka (Tansu, in memory)[/] on {self.kafka.bootstrap_servers}")
        staff = self.config.data_dir / "accounthouders.yaml"
        if not staff.exists():
            staff.write_text(DEV_STAFF, encoding="utf-8")
        self.mail = MailSink(self.config.mail_dir, self.config.host, self.config.smtp_port)
        self.mail.start()
        self.console.print(f"[bold]Mail sink (SMTP)[/] on {self.config.host}:{self.config.smtp_port}, mails in {self.config.mail_dir}")
        for service in self.config.service_ports:
            self._start_service(service)
        self._wait_ready()
        self._republish_all()

    def _start_service(self, service: str) -> None:
        env = {**os.environ, **self.config.service_environment(service, self.secret)}
        env.setdefault("LOG_FORMAT", "console")
        process = subprocess.Popen(
            [sys.executable, "-m", f"{service}.main"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=dies_with_parent(signal.SIGTERM),  # no orphaned service if the launcher is killed
        )
        self.services[service] = process
        threading.Thread(target=self._pump, args=(service, process), daemon=True).start()

    def _pump(self, service: str, process: subprocess.Popen) -> None:
        colour = COLOURS.get(service, "white")
        with open(self.logs / f"{service}.log", "ab") as log:
            for line in iter(process.stdout.readline, b""):
                log.write(line)
                log.flush()
                self.console.print(f"[{colour}]{service:>14}[/] | {line.decode(errors='replace').rstrip()}", highlight=False, markup=True)

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        pending = set(self.services)
        with self.console.status("waiting for the services to be ready"), httpx.Client(timeout=2) as client:
            while pending:
                for service in sorted(pending):
                    if self.services[service].poll() is not None:
                        raise StackError(f"{service} exited with code {self.services[service].returncode}; see {self.logs / (service + '.log')}")
                    try:
                        if client.get(f"{self.config.service_url(service)}/readyz").status_code == 200:
                            pending.discard(service)
                    except httpx.HTTPError:
                        pass
                if time.monotonic() > deadline:
                    raise StackError(f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}")
                time.sleep(0.2)

    def _republish_all(self) -> None:
        """The memory broker starts empty: put every service's history back on its topic."""
        with httpx.Client(timeout=10, headers=operator_headers(self.secret)) as client:
            for service in self.services:
                response = client.post(f"{self.config.service_url(service)}/ops/republish", json={"from_position": 0})
                response.raise_for_status()
                count = response.json()["republishing"]
                if count:
                    self.console.print(f"{service}: republishing {count} stored events to the fresh broker")

    def print_endpoints(self) -> None:
        out = Console()
        out.print("\n[bold green]The alliance subsidy system is running.[/] Ctrl-C stops everything.\n")
        for service in self.config.service_ports:
            url = self.config.service_url(service)
            out.print(f"  [bold]{service:<15}[/] {url}  (docs: /docs, ready: /readyz)")
        out.print(f"\n  PostgreSQL      postgresql://postgres@{self.config.host}:{self.config.postgres_port}/<service>")
        out.print(f"  Kafka           {self.config.kafka_bootstrap}")
        out.print(f"  Mail (SMTP)     {self.config.host}:{self.config.smtp_port}, stored in {self.config.mail_dir}")
        tokens = dev_tokens(self.secret)
        path = self.config.data_dir / "dev-tokens.env"
        path.write_text("".join(f"TOKEN_{role.upper()}={token}\n" for role, token in tokens.items()))
        out.print(f"\n[bold]Development bearer tokens[/] (also in {path}; more with `allianties token`):")
        for role, token in tokens.items():
            out.print(f"  [bold]{role:<14}[/] {token}", soft_wrap=True)
        out.print("\nTry: [bold]make demo[/] in another terminal, or [bold].venv/bin/allianties status[/].\n")

    def watch(self) -> int:
        """Block until Ctrl-C / SIGTERM (0) or until a service dies (1)."""
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.wait(0.5):
                for service, process in self.services.items():
                    if process.poll() is not None:
                        self.console.print(f"[red]{service} exited with code {process.returncode}; stopping everything[/]")
                        return 1
        except KeyboardInterrupt:
            pass
        return 0

    def stop(self) -> None:
        for process in self.services.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.services.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.mail is not None:
            self.mail.stop()
        self.kafka.stop()
        self.postgres.stop()
        self.console.print("stopped: services, mail sink, broker and PostgreSQL")


def run_stack(config: StackConfig | None = None) -> int:
    stack = Stack(config or StackConfig.from_environment())
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        stack.start()
        stack.print_endpoints()
        return stack.watch()
    except StackError as error:
        stack.console.print(f"[red]error:[/] {error}")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
