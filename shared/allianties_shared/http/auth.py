"""Bearer tokens: signed claims (HS256) naming the actor, its role and, for alliance roles, its alliances."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from allianties_shared.domain.actor import Actor, Role

ISSUER = "allianties"
_bearer = HTTPBearer(auto_error=False, description="A token from `allianties token` (development) or the identity provider.")


class TokenIssuer:
    def __init__(self, secret: str) -> None:
        self._secret = secret

    def issue(self, actor: Actor, *, valid_for: timedelta = timedelta(days=30)) -> str:
        """A token for ``actor``. Role ``systeem`` is for one service calling another (``systeem:<service>``)."""
        if actor.role is Role.SYSTEEM and not actor.id.startswith("systeem:"):
            raise ValueError("a system token names the calling service: systeem:<service>")
        now = datetime.now(UTC)
        claims = {
            "iss": ISSUER,
            "sub": actor.id,
            "role": actor.role.value,
            "alliances": sorted(actor.alliances),
            "iat": now,
            "exp": now + valid_for,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str) -> Actor:
        claims = jwt.decode(token, self._secret, algorithms=["HS256"], issuer=ISSUER, options={"require": ["exp", "sub"]})
        actor = Actor(id=claims["sub"], role=Role(claims["role"]), alliances=frozenset(claims.get("alliances", [])))
        if actor.role is Role.SYSTEEM and not actor.id.startswith("systeem:"):
            raise ValueError("a system token names the calling service")
        return actor

    def system_token(self, service: str) -> str:
        """What a service sends when it calls another service's API on its own behalf."""
        return self.issue(Actor.system(service), valid_for=timedelta(hours=1))


def _unauthenticated(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": 'Bearer realm="allianties"'})


async def current_actor(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> Actor:
    if credentials is None:
        raise _unauthenticated("Bearer token required / bearer-token vereist")
    issuer: TokenIssuer = request.app.state.tokens
    try:
        actor = issuer.verify(credentials.credentials)
    except (jwt.PyJWTError, ValueError, KeyError, ValidationError):
        raise _unauthenticated("Invalid or expired token / ongeldig of verlopen token") from None
    request.state.actor = actor
    return actor
