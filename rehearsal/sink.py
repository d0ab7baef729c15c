"""The SMTP sink: accepts every message and records its Message-ID and recipients."""

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from aiosmtpd.controller import Controller

from rehearsal.config import HOST
from rehearsal.processes import free_port


@dataclass(frozen=True)
class Delivery:
    message_id: str
    recipient: str
    at: float


@dataclass
class Sink:
    """An SMTP server (aiosmtpd, in a thread of this process) that accepts
    everything and records each message's Message-ID and recipients."""

    port: int = field(default_factory=free_port)
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = BytesHeaderParser(policy=compat32).parsebytes(envelope.original_content or envelope.content)
        message_id = str(headers.get("Message-ID", "")).strip()
        now = time.monotonic()
        with self.lock:
            self.deliveries.extend(Delivery(message_id, rcpt.lower(), now) for rcpt in envelope.rcpt_tos)
        return "250 OK"

    def since(self, moment: float) -> list[Delivery]:
        with self.lock:
            return [delivery for delivery in self.deliveries if delivery.at >= moment]

    def start(self) -> None:
        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            with contextlib.suppress(RuntimeError, asyncio.CancelledError):
                self.controller.stop()
            self.controller = None
