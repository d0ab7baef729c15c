"""The console mail backend of ``make run`` (``EMAIL_URL=consolemail://``): each
email as its reader would see it, not as MIME on the wire."""

import email
import email.policy
from typing import Any

from django.core.mail.backends.console import EmailBackend

HEADERS = ("Message-ID", "Date", "From", "To", "Subject", "Content-Language")


class ReadableConsoleBackend(EmailBackend):
    """Headers decoded, the text part in clear, and the size of the HTML part."""

    def write_message(self, message: Any) -> None:
        raw = message.message().as_bytes()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        lines = [f"{name}: {parsed[name]}" for name in HEADERS if parsed[name]]
        text = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        lines.append("")
        lines.append(text.get_content().replace("\r\n", "\n").rstrip("\n") if text is not None else "")
        if html is not None:
            lines.append(f"[HTML part: {len(html.get_content())} characters]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
