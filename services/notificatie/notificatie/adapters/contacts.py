"""Where addresses come from, at send time: contact persons from the aanvraag service's API,
accounthouders (municipal staff) from a small staff directory file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

from notificatie.application.ports import Contact, DirectoryUnavailable


class StaffDirectory:
    """A YAML file: ``<accounthouder id>: {naam: ..., email: ..., taal: nl|en}``. Read on each lookup,
    so a change of staff needs no restart."""

    def __init__(self, path: str) -> None:
        self.path = Path(path) if path else None

    def contact(self, person_id: str) -> Contact | None:
        if self.path is None or not self.path.exists():
            return None
        try:
            entry = (yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}).get(person_id)
        except (OSError, yaml.YAMLError) as error:
            raise DirectoryUnavailable(f"staff directory: {type(error).__name__}") from None
        if not entry:
            return None
        return Contact(person_id, entry.get("naam", ""), entry.get("email", ""), entry.get("taal", "nl"))


class Contacts:
    """The ``ContactDirectory``: ``GET /v1/contactpersonen/{persoon_id}`` on aanvraag, as system."""

    def __init__(self, aanvraag_url: str, token: Callable[[], str], staff: StaffDirectory, timeout: float = 5.0) -> None:
        self.aanvraag_url = aanvraag_url.rstrip("/")
        self.token = token
        self.staff = staff
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def contact(self, role: str, persoon_id: str) -> Contact | None:
        if role == "accounthouder":
            return self.staff.contact(persoon_id)
        if self._client is None:  # one pooled client for the service's life
            self._client = httpx.AsyncClient(timeout=self.timeout)
        try:
            response = await self._client.get(
                f"{self.aanvraag_url}/v1/contactpersonen/{persoon_id}", headers={"Authorization": f"Bearer {self.token()}"}
            )
            if response.status_code == 404:
                return None
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise DirectoryUnavailable(f"aanvraag: {type(error).__name__}") from None
        return Contact(
            persoon_id=persoon_id,
            naam=data.get("naam") or "",
            email=data.get("email") or "",
            taal=data.get("taal") or "nl",
            gewist=bool(data.get("gewist")),
        )
