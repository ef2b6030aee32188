"""Who acts: every command carries an authenticated actor, every event records its role and id."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from allianties_shared.domain.errors import AccessDenied, NotFound


class Role(StrEnum):
    PENVOERDER = "penvoerder"
    PARTNER = "partner"
    ACCOUNTHOUDER = "accounthouder"
    BEOORDELAAR = "beoordelaar"
    BESLUITVORMER = "besluitvormer"
    AUDITOR = "auditor"
    OPERATOR = "operator"
    SYSTEEM = "systeem"
    """A service acting on its own behalf: reacting to an event, or calling another service."""


ALLIANCE_ROLES = frozenset({Role.PENVOERDER, Role.PARTNER})


class Actor(BaseModel):
    """An authenticated actor. ``alliances`` limits alliance roles to the alliances they act for."""

    model_config = ConfigDict(frozen=True)

    id: str
    role: Role
    alliances: frozenset[str] = frozenset()

    @classmethod
    def system(cls, service: str) -> Actor:
        return cls(id=f"systeem:{service}", role=Role.SYSTEEM)

    @property
    def is_alliance_member(self) -> bool:
        return self.role in ALLIANCE_ROLES

    def may_see_alliance(self, alliance_id: str) -> bool:
        return not self.is_alliance_member or alliance_id in self.alliances

    def require_role(self, *roles: Role) -> None:
        if self.role not in roles:
            allowed = ", ".join(roles)
            raise AccessDenied(
                "role",
                f"Rol {self.role} mag dit niet; toegestaan: {allowed}.",
                f"Role {self.role} may not do this; allowed: {allowed}.",
            )

    def require_alliance(self, alliance_id: str) -> None:
        """Alliance users only reach their own alliances; to them another alliance does not exist."""
        if not self.may_see_alliance(alliance_id):
            raise NotFound(
                "alliance-visible",
                f"Alliantie {alliance_id} bestaat niet of is niet zichtbaar voor u.",
                f"Alliance {alliance_id} does not exist or is not visible to you.",
            )
