"""What is wrong, from the services' ``/readyz`` and ``/ops/status``: the problems ``allianties status``
lists and the exit code a cron job or a probe acts on.

The code is the sum of the kinds of problem found, so one number tells them all apart:

| code | meaning |
| --- | --- |
| 0 | every service ready, nothing waiting |
| 1 | a service is down (does not answer) or not ready |
| 4 | a relay lags: its oldest unpublished event waited longer than ``--max-relay-lag`` seconds; or a
consumer group lags more than ``--max-consumer-lag`` records (only when given) |
| 8 | dead letters wait for a redrive (or the dead-letter topic could not be read) |
| 16 | notificatie gave up on mail (unsendable) or a subscriber's deliveries fail |

(2 is left to the command line itself: a bad option.)
"""

from __future__ import annotations

from dataclasses import dataclass

DOWN, LAGGING, DEAD_LETTERS, UNDELIVERED = 1, 4, 8, 16


@dataclass(frozen=True)
class Problem:
    code: int
    service: str
    text: str

    def __str__(self) -> str:
        return f"{self.service}: {self.text}"


def problems(states: list[dict], *, max_relay_lag_seconds: float, max_consumer_lag: int | None = None) -> list[Problem]:
    """Every problem in the states ``ops_client.status`` returned, a service that did not answer included."""
    found: list[Problem] = []
    for state in states:
        found += _of_service(state, max_relay_lag_seconds)
        if max_consumer_lag is not None and state["running"]:
            found += [
                Problem(LAGGING, state["service"], f"consumer group {c['group']} lags {c['lag']} records")
                for c in state.get("consumers", []) if c["lag"] > max_consumer_lag
            ]  # fmt: skip
    return found


def exit_code(found: list[Problem]) -> int:
    code = 0
    for problem in found:
        code |= problem.code
    return code


def _of_service(state: dict, max_lag: float) -> list[Problem]:
    service = state["service"]
    if not state["running"]:
        return [Problem(DOWN, service, f"down ({state['error']})")]
    found = []
    ready = state["ready"]
    if ready.get("status") != "ready":
        failed = ", ".join(name for name, ok in ready.get("checks", {}).items() if not ok) or ready.get("status", "?")
        found.append(Problem(DOWN, service, f"not ready ({failed})"))
    lag = state["relay"].get("lag_seconds", 0) or 0
    if lag > max_lag:
        found.append(Problem(LAGGING, service, f"relay lags {lag:.0f} s ({state['relay']['lag']} events unpublished)"))
    dead = state.get("dead_letters") or {}
    if dead.get("error"):
        found.append(Problem(DEAD_LETTERS, service, f"dead letters unreadable ({dead['error']})"))
    elif dead.get("waiting"):
        found.append(Problem(DEAD_LETTERS, service, f"{dead['waiting']} dead letters wait for a redrive"))
    unsendable = ((state.get("queues") or {}).get("mail") or {}).get("unsendable", 0)
    if unsendable:
        found.append(Problem(UNDELIVERED, service, f"{unsendable} mails could not be sent (given up)"))
    for subscriber in state.get("failing_subscribers") or []:
        found.append(Problem(UNDELIVERED, service, subscriber_text(subscriber)))
    return found


def subscriber_text(subscriber: dict) -> str:
    last = subscriber.get("last_status") or subscriber.get("last_error") or "?"
    return (
        f"subscription {subscriber['abonnement_id']} ({subscriber['callback_host']}): {subscriber['failing']} failing, "
        f"{subscriber['dead_letters']} given up; last: {last}"
    )
