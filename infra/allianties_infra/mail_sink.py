"""The embedded stack's mail server, and the development staff directory notificatie addresses mail by."""

from __future__ import annotations

import time
from pathlib import Path

# The development staff directory: the demo's accounthouders (fictional), so their mail can be addressed.
DEV_STAFF = """\
ah-fatima: {naam: Fatima El Amrani, email: fatima.elamrani@amsterdam.example, taal: nl}
ah-ruud: {naam: Ruud de Boer, email: ruud.deboer@amsterdam.example, taal: nl}
ah-lieke: {naam: Lieke Jansen, email: lieke.jansen@amsterdam.example, taal: en}
ah-joost: {naam: Joost Visser, email: joost.visser@amsterdam.example, taal: nl}
ah-sanne: {naam: Sanne Mulder, email: sanne.mulder@amsterdam.example, taal: en}
"""


class MailSink:
    """A local SMTP server (aiosmtpd) for notificatie: each mail is stored as ``<data>/mail/<n>-<time>.eml``."""

    def __init__(self, directory: Path, host: str, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.directory = directory
        self.controller = Controller(self, hostname=host, port=port)
        self.count = len(list(directory.glob("*.eml"))) if directory.exists() else 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count += 1
        (self.directory / f"{self.count:05d}-{time.strftime('%Y%m%dT%H%M%S')}.eml").write_bytes(envelope.content)
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
