"""Sends mail over SMTP with the standard library's client, in a worker thread."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

from allianties_shared import tracing
from notificatie.application.ports import Mail, MailRefused, MailServerUnavailable


class SmtpMailer:
    def __init__(
        self, host: str, port: int, sender: str, *, username: str = "", password: str = "", starttls: bool = False, timeout: float = 10.0
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def _send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Message-ID"] = mail.message_id
        message.set_content(mail.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)

    async def send(self, mail: Mail) -> None:
        try:
            with tracing.client_span("smtp send", mail.traceparent, **{"allianties.mail.message_id": mail.message_id}):
                await asyncio.to_thread(self._send, mail)
        except smtplib.SMTPRecipientsRefused:
            raise MailRefused("the mail server refused the recipient") from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailServerUnavailable(type(error).__name__) from None
