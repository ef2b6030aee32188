"""The rules of reminders, deadlines, backoff and subscriptions, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from allianties_shared.contracts.verantwoording import Termijn, VerantwoordingsschemaVastgesteld
from allianties_shared.domain import NotFound, RuleViolation
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.regulation.loader import load_regulation
from notificatie.domain.backoff import Backoff
from notificatie.domain.deadlines import deadlines_set_by
from notificatie.domain.reminders import ReminderPolicy
from notificatie.domain.subscription import Delivery, Subscription
from tests.notificatie.events import rejected

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEADLINE = datetime(2021, 3, 31, 23, 59, tzinfo=AMSTERDAM)


def test_a_reminder_comes_in_the_evening_some_days_before_the_deadline():
    policy = ReminderPolicy()
    assert policy.moment(DEADLINE, 14) == datetime(2021, 3, 17, 19, tzinfo=AMSTERDAM)
    assert policy.moment(DEADLINE, 3) == datetime(2021, 3, 28, 19, tzinfo=AMSTERDAM)


def test_no_reminder_is_sent_at_night_on_the_deadline_or_after_it():
    policy = ReminderPolicy()
    assert policy.due(DEADLINE, set(), datetime(2021, 3, 28, 23, tzinfo=AMSTERDAM)) is None
    assert policy.due(DEADLINE, set(), datetime(2021, 3, 29, 7, 59, tzinfo=AMSTERDAM)) is None
    assert policy.due(DEADLINE, set(), datetime(2021, 3, 29, 8, tzinfo=AMSTERDAM)) == 3
    assert policy.due(DEADLINE, set(), datetime(2021, 4, 1, 12, tzinfo=AMSTERDAM)) is None


def test_each_reminder_is_sent_once_and_an_overtaken_one_never():
    policy = ReminderPolicy()
    evening = datetime(2021, 3, 17, 20, tzinfo=AMSTERDAM)
    assert policy.due(DEADLINE, set(), evening) == 14
    assert policy.due(DEADLINE, {14}, evening) is None
    assert policy.due(DEADLINE, {3}, datetime(2021, 3, 29, 20, tzinfo=AMSTERDAM)) is None


def test_a_reminder_hour_inside_the_quiet_hours_is_refused():
    with pytest.raises(ValueError):
        ReminderPolicy(evening_hour=23)
    with pytest.raises(ValueError):
        ReminderPolicy(days_before=(0,))


def test_report_deadlines_come_from_the_accountability_schedule():
    schedule = VerantwoordingsschemaVastgesteld(
        dossier_id="d1",
        alliantie_id="a",
        aanleiding="beschikking",
        termijnen=[
            Termijn(termijn_id="kwartaal-1", soort="kwartaalgesprek", van=date(2021, 6, 1), tot=date(2021, 8, 31), uiterlijk=date(2021, 9, 30)),
            Termijn(termijn_id="halfjaar-1", soort="halfjaarrapportage", van=date(2021, 6, 1), tot=date(2021, 11, 30), uiterlijk=date(2021, 12, 31)),
        ],
    )
    (deadline,) = deadlines_set_by(schedule, "e1", datetime(2021, 6, 1, tzinfo=UTC), load_regulation(None))
    assert (deadline.soort, deadline.referentie, deadline.termijn.date()) == ("rapportage", "d1/halfjaar-1", date(2021, 12, 31))


def test_the_objection_term_is_six_weeks_after_a_rejection():
    (deadline,) = deadlines_set_by(rejected("a", "x"), "e1", datetime(2021, 6, 1, 10, tzinfo=UTC), load_regulation(None))
    assert (deadline.soort, deadline.termijn.date()) == ("bezwaar", date(2021, 7, 13))


def test_backoff_doubles_up_to_its_cap_and_gives_up_after_the_last_attempt():
    backoff = Backoff(base_seconds=1, cap_seconds=5, max_attempts=4)
    assert [backoff.delay(n) for n in (1, 2, 3, 4)] == [timedelta(seconds=s) for s in (1, 2, 4, 5)]
    assert not backoff.gives_up_after(3) and backoff.gives_up_after(4)


def _take(subscription: Subscription, **overrides) -> None:
    arguments = {
        "owner": "systeem:financien",
        "callback_url": "https://financien.example/hook",
        "types": ["subsidie-verleend"],
        "known_types": {"subsidie-verleend", "aflevering-geprobeerd"},
        "priorities": [],
        "known_priorities": {1, 2},
        "alliances": [],
        "api_key_header": None,
        "api_key": None,
        "hmac_secret": Sealed(subject="6f1c3a52-4d0e-4a8e-9d35-2b7f7a1e0c11", ciphertext="x"),
        "from_position": 0,
    }
    subscription.take(**{**arguments, **overrides})


@pytest.mark.parametrize(
    ("overrides", "rule"),
    [
        ({"callback_url": "ftp://x/y"}, "callback-url"),
        ({"types": ["bestaat-niet"]}, "type-bekend"),
        ({"types": ["aflevering-geprobeerd"]}, "type-abonneerbaar"),
        ({"priorities": [9]}, "prioriteit-bekend"),
        ({"hmac_secret": None}, "authenticatie-vereist"),
    ],
)
def test_a_subscription_that_breaks_a_rule_records_nothing(overrides, rule):
    subscription = Subscription("abonnement-1")
    with pytest.raises(RuleViolation) as refused:
        _take(subscription, **overrides)
    assert refused.value.rule == rule and refused.value.field
    assert subscription.collect_pending() == (0, [])


def test_only_a_dead_lettered_event_can_be_resent_and_a_cancelled_subscription_takes_no_commands():
    from notificatie.domain.delivery_log import DeliveryLog

    log = DeliveryLog("afleveringen-1-beoordeling-1")
    delivery = Delivery("e1", "subsidie-verleend", "beoordeling-1", 7)
    with pytest.raises(NotFound):
        log.resend("1", "e1")
    log.attempted("1", delivery, ok=False, status=503, error="HTTP 503", retry_at=None)
    log.attempted("1", delivery, ok=False, status=503, error="HTTP 503", retry_at=None)
    log.give_up("1", delivery)
    log.resend("1", "e1")
    recorded = log.collect_pending()[1]
    assert [e.name for e in recorded] == ["aflevering-geprobeerd"] * 2 + ["aflevering-opgegeven", "aflevering-opnieuw-aangeboden"]
    assert [e.poging for e in recorded[:2]] == [1, 2] and recorded[2].pogingen == 2

    subscription = Subscription("abonnement-1")
    _take(subscription)
    subscription.cancel()
    with pytest.raises(RuleViolation):
        subscription.catch_up(from_position=1, from_time=None)
    assert [e.name for e in subscription.collect_pending()[1]] == ["abonnement-genomen", "abonnement-opgezegd"]


def test_coordinators_hear_what_the_penvoerder_hears_until_a_new_coordination_replaces_them():
    from notificatie.domain.mailbox import Mailbox

    mailbox = Mailbox("notificaties-a")
    mailbox.learn_recipient("a", "penvoerder", "p-penvoerder", "nl", "e1")
    mailbox.replace_coordinators("a", {"p-coord-1": "en", "p-coord-2": "nl"}, "e2")
    mailbox.replace_coordinators("a", {"p-coord-2": "nl"}, "e3")
    assert mailbox.recipients["penvoerder"] == {"p-penvoerder": "nl", "p-coord-2": "nl"}
    assert [e.name for e in mailbox.collect_pending()[1]] == ["ontvanger-bekend"] * 3 + ["ontvanger-vervallen"]
