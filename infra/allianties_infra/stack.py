"""``allianties run``: the whole system on the embedded stack, each service in its own processes.

Start order: PostgreSQL (data survives restarts), the memory-only Tansu broker, the mail sink, then
``config.replicas`` processes per service, sharing the service's port (``SO_REUSEPORT``) and its
consumer group. Because the broker starts empty every time, each service is then asked to
republish its event store from the start; consumers are idempotent, so nothing happens twice.
From then on the supervisor (``supervisor.py``) keeps every process running. Ctrl-C (or SIGTERM)
stops the services, then the broker, then PostgreSQL.

The chaos harness drives faults through ``instances()``, ``kill_instance()``, ``restart_broker()``
and ``restart_postgres()``; the supervisor does the rest.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
from rich.console import Console

from allianties_infra.embedded import EmbeddedKafka, EmbeddedPostgres
from allianties_infra.embedded.ports import dies_with_parent, port_is_open
from allianties_infra.embedded.postgres_access import PostgresAccessError
from allianties_infra.mail_sink import DEV_STAFF, MailSink
from allianties_infra.stack_config import StackConfig, stack_secret
from allianties_infra.stack_output import print_endpoints
from allianties_infra.supervised import Instance, Supervised
from allianties_infra.supervisor import Supervisor
from allianties_infra.tokens import operator_headers

CONNECTIONS_PER_PROCESS = 20  # a service's pool at its largest (ALLIANTIES_DB_POOL_SIZE, 12 by default) and some to spare
COLOURS = {"aanvraag": "cyan", "toekenning": "magenta", "verantwoording": "green", "notificatie": "yellow"}


class StackError(RuntimeError):
    pass


class Stack:
    def __init__(self, config: StackConfig, console: Console | None = None) -> None:
        self.config = config
        self.console = console or Console(stderr=True)
        self.logs = config.data_dir / "logs"
        self.postgres = EmbeddedPostgres(
            config.data_dir / "postgres", port=config.postgres_port, host=config.host,
            max_connections=max(200, CONNECTIONS_PER_PROCESS * len(config.service_ports) * config.replicas + 20),
        )
        self.kafka = EmbeddedKafka(port=config.kafka_port, host=config.host, log_file=self.logs / "tansu.log")
        self.secret = ""
        self.mail: MailSink | None = None
        self.lock = threading.RLock()  # the supervisor and the chaos harness change processes under it
        self._instances = {
            service: [Instance(f"{service}-{index}", service=service, index=index) for index in range(config.replicas)]
            for service in config.service_ports
        }
        self.broker_record, self.postgres_record = Supervised("broker"), Supervised("postgres")
        self.supervisor = Supervisor(self)
        self._stopping = threading.Event()

    # -- the public API of a running stack ---------------------------------------------------------

    def instances(self) -> dict[str, list[Instance]]:
        """Every service's processes, in index order."""
        return {service: list(instances) for service, instances in self._instances.items()}

    def kill_instance(self, service: str, index: int, sig: signal.Signals = signal.SIGKILL) -> int:
        """Send ``sig`` to one process of a service (the supervisor starts it again); its pid."""
        with self.lock:
            instance = self._instances[service][index]
            if instance.process is None or instance.process.poll() is not None:
                raise StackError(f"{instance.name} is not running")  # and its pid may be another's by now
            os.kill(instance.pid, sig)
            return instance.pid

    def restart_broker(self) -> None:
        """Kill the broker (it forgets everything), start it again, and have every service republish."""

        def restart() -> None:
            with self.lock:
                self.kafka.kill()
                self.kafka.start()
                self.broker_record.restarted()

        self.supervisor.call(restart)
        self.console.print("[yellow]broker restarted (empty): asking every service to republish[/]")
        self.republish_all()

    def restart_postgres(self) -> None:
        """Kill PostgreSQL outright, as a crash would, and start it again on its data."""

        def restart() -> None:
            with self.lock:
                self.postgres.kill()
                self.postgres.start()
                self.postgres_record.restarted()

        self.supervisor.call(restart)
        self.console.print("[yellow]PostgreSQL restarted on its data[/]")

    # -- start and stop ------------------------------------------------------------------------------

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
        for instances in self._instances.values():
            for instance in instances:
                self.launch(instance)
        self._wait_ready()
        self.republish_all()
        self.supervisor.start()

    def launch(self, instance: Instance) -> None:
        """Start one process of a service (again); its output goes to the console and its log file."""
        env = {**os.environ, **self.config.service_environment(instance.service, self.secret)}
        env.setdefault("LOG_FORMAT", "console")
        instance.up.clear()
        process = subprocess.Popen(
            [sys.executable, "-m", f"{instance.service}.main"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=dies_with_parent(signal.SIGTERM),  # no orphaned service if the launcher is killed
        )
        instance.process = process
        instance.mark_started()
        threading.Thread(target=self._pump, args=(instance, process), daemon=True).start()

    def _pump(self, instance: Instance, process: subprocess.Popen) -> None:
        colour = COLOURS.get(instance.service, "white")
        label = instance.name if self.config.replicas > 1 else instance.service
        with open(self.logs / f"{instance.name}.log", "ab") as log:
            for line in iter(process.stdout.readline, b""):
                if b"service.started" in line and instance.process is process:
                    instance.up.set()
                log.write(line)
                log.flush()
                self.console.print(f"[{colour}]{label:>16}[/] | {line.decode(errors='replace').rstrip()}", highlight=False, markup=True)

    def _wait_ready(self, timeout: float = 90) -> None:
        """Every process has logged ``service.started`` and every service answers ``/readyz``.

        With one shared port a request cannot choose its process, so each process's own start-up line
        says it is up, and readiness (database, broker, consumer group) is asked of the service."""
        deadline = time.monotonic() + timeout
        pending = {instance.name: instance for instances in self._instances.values() for instance in instances}
        with self.console.status("waiting for the services to be ready"), httpx.Client(timeout=2) as client:
            while pending:
                ready: dict[str, bool] = {}
                for name, instance in sorted(pending.items()):
                    if instance.process.poll() is not None:
                        log = self.logs / f"{name}.log"
                        raise StackError(f"{name} exited with code {instance.process.returncode}; see {log}")
                    if instance.up.is_set() and ready.setdefault(instance.service, self._answers_ready(client, instance.service)):
                        del pending[name]
                if time.monotonic() > deadline:
                    raise StackError(f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}")
                time.sleep(0.2)

    def _answers_ready(self, client: httpx.Client, service: str) -> bool:
        try:
            return client.get(f"{self.config.service_url(service)}/readyz").status_code == 200
        except httpx.HTTPError:
            return False

    def republish_all(self, timeout: float = 90) -> None:
        """The memory broker starts empty: put every service's history back on its topic.

        Any process of a service may answer: the relay's checkpoint lives in the service's database."""
        pending, deadline = list(self._instances), time.monotonic() + timeout
        with httpx.Client(timeout=10, headers=operator_headers(self.secret)) as client:
            while pending and not self._stopping.is_set():
                for service in list(pending):
                    try:
                        response = client.post(f"{self.config.service_url(service)}/ops/republish", json={"from_position": 0})
                        response.raise_for_status()
                    except httpx.HTTPError as error:
                        if time.monotonic() > deadline:
                            raise StackError(f"{service} did not republish within {timeout:.0f}s: {error}") from None
                        continue
                    pending.remove(service)
                    if count := response.json()["republishing"]:
                        self.console.print(f"{service}: republishing {count} stored events to the fresh broker")
                if pending:
                    time.sleep(0.5)

    def print_endpoints(self) -> None:
        print_endpoints(self.config, self.secret)

    def watch(self) -> int:
        """Block until Ctrl-C or SIGTERM (0); the supervisor keeps the processes running meanwhile."""
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        return 0

    def stop(self) -> None:
        self._stopping.set()
        self.supervisor.stop()
        with self.lock:
            processes = [i.process for instances in self._instances.values() for i in instances if i.process is not None]
            for process in processes:
                if process.poll() is None:
                    with contextlib.suppress(ProcessLookupError):  # it ended a moment ago
                        os.killpg(process.pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            for process in processes:
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
    except (StackError, PostgresAccessError) as error:
        stack.console.print(f"[red]error:[/] {error}")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
