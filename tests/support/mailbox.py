"""A real SMTP server for tests (aiosmtpd) that keeps what arrives, and a free loopback port for it."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session


class Mailbox:
    """An aiosmtpd handler that keeps what arrives; it can refuse the first N messages (451)."""

    def __init__(self, refuse_first: int = 0) -> None:
        self.received: list[EmailMessage] = []
        self.refuse_left = refuse_first

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refuse_left > 0:
            self.refuse_left -= 1
            return "451 Requested action aborted: try again later"
        self.received.append(message_from_bytes(envelope.content or b"", policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"
