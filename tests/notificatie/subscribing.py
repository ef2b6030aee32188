"""Helpers for the subscription tests."""

from __future__ import annotations

from tests.support import eventually


def as_system(client, name: str = "financien") -> dict:
    """Request arguments for another municipal system (``systeem:<name>``); the header replaces the default token."""
    return {"role": "operator", "headers": client.token("systeem", actor_id=f"systeem:{name}")}


async def subscribe(client, subscriber, system: str = "financien", **body) -> dict:
    body = {"callback_url": subscriber.url, "hmac_geheim": "een-gedeeld-geheim", "vanaf_positie": 0, **body}
    response = await client.request("POST", "/v1/abonnementen", json=body, **as_system(client, system))
    assert response.status_code == 201, response.text
    return response.json()


async def received(subscriber, count: int, what: str = "deliveries") -> None:
    async def enough() -> bool:
        return len(subscriber.received) >= count

    await eventually(enough, what=f"{count} {what}")


async def delivery_log(client, subscription: dict) -> list[dict]:
    path = f"/v1/abonnementen/{subscription['abonnement_id']}/afleveringen"
    return (await client.request("GET", path, role="operator")).json()


async def logged(client, subscription: dict, successes: int) -> None:
    """Wait until the delivery log holds ``successes`` successful attempts (recorded just after the subscriber answered)."""

    async def enough() -> bool:
        return sum(a["gelukt"] for a in await delivery_log(client, subscription)) >= successes

    await eventually(enough, what=f"{successes} successful deliveries in the log")
