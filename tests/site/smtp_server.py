"""A real SMTP server on 127.0.0.1 for the e-mail fault tests (aiosmtpd, in a thread).

It can refuse chosen recipients for good (550) or for now (451, as greylisting does), close
down mid-batch (421 to every recipient), answer slowly, or not run at all: `stop()` and
`start()` keep its port, as a mail server restarted on its own address would.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self):
        self.refuse: set[str] = set()  # 550, every time
        self.greylist: set[str] = set()  # 451 the first time an address is tried, then accepted
        self.accept_only = None  # after this many messages, 421 for every recipient
        self.data_delay = 0.0  # seconds before the reply to the message's data
        self.received: list[tuple[str, object]] = []
        self.tried: list[str] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.tried.append(address)
            if self.accept_only is not None and len(self.received) >= self.accept_only:
                return "421 4.3.2 Service shutting down"
            if address in self.refuse:
                return "550 5.2.2 Mailbox full"
            if address in self.greylist:
                self.greylist.discard(address)
                return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:  # queued for delivery: from here on the message is on its way
            for address in envelope.rcpt_tos:
                self.received.append((address, message_from_bytes(envelope.content)))
        if self.data_delay:  # ... but the reply saying so is late
            await asyncio.sleep(self.data_delay)
        return "250 Message accepted"

    def addresses(self) -> list[str]:
        with self._lock:
            return sorted(address for address, _message in self.received)


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.handler = Handler()
        self.port = port or free_port()
        self.controller = None

    def start(self) -> SMTPServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def email_settings(self, settings, timeout: float = 5) -> None:
        """Django's settings for this server, through the project's own SMTP backend."""
        from tests.conftest import use_mail_backend

        use_mail_backend(
            settings,
            "frontend_widget.mailing.smtp.EmailBackend",
            host="127.0.0.1",
            port=self.port,
            username="",
            password="",
            use_tls=False,
            use_ssl=False,
            timeout=timeout,
        )
        settings.DEFAULT_FROM_EMAIL = "Lägesbild <lagesbild@example.se>"
