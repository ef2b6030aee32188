"""Development tokens, signed with the embedded stack's secret (or ``ALLIANTIES_AUTH_SECRET``)."""

from __future__ import annotations

from allianties_shared.domain import Actor, Role
from allianties_shared.http.auth import TokenIssuer

DEMO_ALLIANCE = "voorbeeld-alliantie"


def issue(secret: str, role: Role, actor_id: str | None = None, alliances: tuple[str, ...] = ()) -> str:
    actor = Actor(id=actor_id or f"dev-{role.value}", role=role, alliances=frozenset(alliances))
    return TokenIssuer(secret).issue(actor)


def dev_tokens(secret: str) -> dict[str, str]:
    """One token per role; alliance roles act for the example alliance."""
    return {
        role.value: issue(secret, role, alliances=(DEMO_ALLIANCE,) if role in (Role.PENVOERDER, Role.PARTNER) else ())
        for role in Role
        if role is not Role.SYSTEEM
    }


def operator_headers(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue(secret, Role.OPERATOR, 'allianties-cli')}"}
