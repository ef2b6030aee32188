"""Per-person AES-GCM keys in the service's database.

Events store ``Sealed`` values only. Erasure deletes the person's key (the key table is mutable,
the events are not): replay still works and shows ``[gewist]`` where the value was.
"""

from __future__ import annotations

import base64
import os
from uuid import UUID

import asyncpg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from allianties_shared.domain.errors import RuleViolation
from allianties_shared.domain.personal_data import ERASED, Sealed


class SubjectErased(RuleViolation):
    def __init__(self, subject: UUID) -> None:
        super().__init__(
            "subject-erased",
            f"De gegevens van persoon {subject} zijn gewist en worden niet opnieuw vastgelegd.",
            f"The data of person {subject} were erased and are not recorded again.",
        )


class PersonalDataVault:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def _key(self, connection: asyncpg.Connection | asyncpg.Pool, subject: UUID, *, create: bool) -> bytes | None:
        if create:
            await connection.execute(
                "INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                subject,
                AESGCM.generate_key(bit_length=256),
            )
        row = await connection.fetchrow("SELECT key, erased_at FROM personal_data_keys WHERE subject_id = $1", subject)
        if row is not None and row["erased_at"] is not None:
            if create:
                raise SubjectErased(subject)
            return None
        return row["key"] if row else None

    async def seal(self, subject: UUID, value: str, connection: asyncpg.Connection | None = None) -> Sealed:
        key = await self._key(connection or self.pool, subject, create=True)
        assert key is not None
        nonce = os.urandom(12)
        ciphertext = AESGCM(key).encrypt(nonce, value.encode(), subject.bytes)
        return Sealed(subject=subject, ciphertext=base64.b64encode(nonce + ciphertext).decode())

    async def reveal(self, sealed: Sealed) -> str:
        key = await self._key(self.pool, sealed.subject, create=False)
        if key is None:
            return ERASED
        raw = base64.b64decode(sealed.ciphertext)
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], sealed.subject.bytes).decode()
        except InvalidTag:
            return ERASED

    async def erase(self, subject: UUID) -> bool:
        """Forget the key; return False when there was nothing left to erase."""
        status = await self.pool.execute(
            """INSERT INTO personal_data_keys (subject_id, key, erased_at) VALUES ($1, NULL, now())
               ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = now()
               WHERE personal_data_keys.erased_at IS NULL""",
            subject,
        )
        return status.endswith(" 1")

    async def is_erased(self, subject: UUID) -> bool:
        return bool(
            await self.pool.fetchval(
                "SELECT erased_at IS NOT NULL FROM personal_data_keys WHERE subject_id = $1", subject
            )
        )
