"""What ``allianties run`` prints once the stack is up: where each part listens, and the tokens."""

from __future__ import annotations

from rich.console import Console

from allianties_infra.stack_config import StackConfig
from allianties_infra.tokens import dev_tokens


def print_endpoints(config: StackConfig, secret: str) -> None:
    out = Console()
    out.print("\n[bold green]The alliance subsidy system is running.[/] Ctrl-C stops everything.\n")
    for service in config.service_ports:
        url = config.service_url(service)
        out.print(f"  [bold]{service:<15}[/] {url}  (docs: /docs, ready: /readyz)")
    if config.replicas > 1:
        out.print(f"  ({config.replicas} processes per service, sharing its port; a process that dies is started again)")
    out.print(f"\n  PostgreSQL      postgresql://postgres@{config.host}:{config.postgres_port}/<service>")
    out.print(f"  Kafka           {config.kafka_bootstrap}")
    out.print(f"  Mail (SMTP)     {config.host}:{config.smtp_port}, stored in {config.mail_dir}")
    tokens = dev_tokens(secret)
    path = config.data_dir / "dev-tokens.env"
    path.write_text("".join(f"TOKEN_{role.upper()}={token}\n" for role, token in tokens.items()))
    out.print(f"\n[bold]Development bearer tokens[/] (also in {path}; more with `allianties token`):")
    for role, token in tokens.items():
        out.print(f"  [bold]{role:<14}[/] {token}", soft_wrap=True)
    out.print("\nTry: [bold]make demo[/] in another terminal, or [bold].venv/bin/allianties status[/].\n")
