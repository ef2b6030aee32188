"""The ``Message-ID`` of a mail: the same for every try of one message to one person, so a mail sent
again after a crash is recognisable (RFC 5322 section 3.6.4). No address or name goes into it."""

from __future__ import annotations

import hashlib

DOMAIN = "allianties.amsterdam.nl"


def message_id(notification_id: str, person_id: str) -> str:
    recipient = hashlib.sha256(person_id.encode()).hexdigest()[:16]
    return f"<{notification_id}.{recipient}@{DOMAIN}>"
