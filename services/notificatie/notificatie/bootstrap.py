"""The composition root of the notification service: settings in, a runnable definition out.

Tests pass fakes for the outside world (mailer, contact directory, webhooks) through ``bootstrap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from allianties_shared.contracts.notificatie import registry
from allianties_shared.eventstore.migrations import package_migrations
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.runtime import ServiceDefinition
from allianties_shared.runtime.state import RunningService
from notificatie import SERVICE
from notificatie.adapters import read_models
from notificatie.adapters.claims import PostgresDeliveryLeases, PostgresMessageClaims
from notificatie.adapters.contacts import Contacts, StaffDirectory
from notificatie.adapters.feed import FeedQueue
from notificatie.adapters.pending_messages import PendingMessagesQuery
from notificatie.adapters.smtp_mailer import SmtpMailer
from notificatie.adapters.templates import FileTemplates
from notificatie.adapters.webhooks import HttpWebhooks
from notificatie.application.deliver_to_subscribers import Deliverer
from notificatie.application.manage_subscriptions import SubscriptionCommands
from notificatie.application.ports import ContactDirectory, Mailer, Webhooks
from notificatie.application.send_due_reminders import ReminderScheduler
from notificatie.application.send_pending_messages import MessageSender
from notificatie.domain.backoff import Backoff
from notificatie.domain.reminders import ReminderPolicy
from notificatie.entrypoints import http, http_subscriptions
from notificatie.entrypoints.kafka import Reactions
from notificatie.entrypoints.tickers import TICKERS, real_time
from notificatie.settings import NotificatieSettings


@dataclass
class Wiring:
    sender: MessageSender
    reminders: ReminderScheduler
    deliverer: Deliverer
    subscriptions: SubscriptionCommands
    feed: FeedQueue
    pending: PendingMessagesQuery


def primary_migrations() -> list[tuple[str, str]]:
    """The feed, the catch-up replays and the claims: primary data, which a read-model rebuild leaves alone."""
    return [(f"notificatie_primary_{name}", sql) for name, sql in package_migrations("notificatie.adapters", "primary")]


async def queues(service: RunningService) -> dict:
    """``/ops/status`` → ``queues``: mail to send, waiting and given up on; per subscription what is left to deliver;
    ``failing_subscribers``: the subscriptions whose deliveries fail or were given up on."""
    wiring: Wiring = service.extras[SERVICE]  # type: ignore[assignment]
    return {
        "queues": {"mail": await wiring.pending.counts(real_time()), **await wiring.feed.counts()},
        "failing_subscribers": await wiring.feed.failing_subscribers(),
    }


def bootstrap(
    settings: NotificatieSettings | None = None,
    *,
    mailer: Mailer | None = None,
    directory: ContactDirectory | None = None,
    webhooks: Webhooks | None = None,
) -> ServiceDefinition:
    settings = settings or NotificatieSettings()
    reactions = Reactions()

    async def wire(service: RunningService) -> None:
        reactions.start(service.regulation)
        tokens = TokenIssuer(service.platform.auth_secret.get_secret_value())
        hooks = webhooks or HttpWebhooks(urlsplit(settings.base_url).netloc, timeout=settings.delivery_timeout_seconds)
        pending = PendingMessagesQuery(service.pool)
        feed = FeedQueue(service.pool, service.vault)
        service.extras[SERVICE] = Wiring(
            sender=MessageSender(
                store=service.store,
                pending=pending,
                directory=directory
                or Contacts(settings.aanvraag_url, lambda: tokens.system_token(SERVICE), StaffDirectory(settings.staff_directory)),
                templates=FileTemplates(),
                mailer=mailer
                or SmtpMailer(
                    settings.smtp_host,
                    settings.smtp_port,
                    settings.mail_from,
                    username=settings.smtp_username,
                    password=settings.smtp_password.get_secret_value(),
                    starttls=settings.smtp_starttls,
                ),
                claims=PostgresMessageClaims(service.pool, settings.lease_seconds),
                backoff=Backoff(settings.mail_backoff_seconds, settings.mail_backoff_cap_seconds),
                unsendable_after=timedelta(seconds=settings.unsendable_after_seconds),
            ),
            reminders=ReminderScheduler(
                service.store,
                pending,
                ReminderPolicy(tuple(settings.reminder_days), settings.reminder_hour, settings.quiet_from, settings.quiet_until),
            ),
            deliverer=Deliverer(
                service.store,
                feed,
                hooks,
                Backoff(settings.delivery_backoff_seconds, settings.delivery_backoff_cap_seconds, settings.delivery_max_attempts),
                PostgresDeliveryLeases(service.pool, settings.lease_seconds),
            ),
            subscriptions=SubscriptionCommands(service.store, hooks, service.vault, service.regulation),
            feed=feed,
            pending=pending,
        )

    return ServiceDefinition(
        name=SERVICE,
        title="Allianties: notificatie (notifications and subscriptions)",
        registry=registry,
        settings=settings,
        migrations=package_migrations("notificatie.adapters"),
        primary_migrations=primary_migrations(),
        routers=[http.router, http_subscriptions.router],
        projectors=[read_models.project],
        consumes=reactions.consumptions(),
        on_start=[wire],
        tickers=list(TICKERS),
        tick_seconds=settings.tick_seconds,
        status=[queues],
    )
