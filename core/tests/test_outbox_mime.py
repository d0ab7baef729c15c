"""The MIME the outbox writes: what a mail client needs, read back by the
standard parser exactly as written."""

import email
import email.policy

import pytest

from core.outbox import OutboxMessage

TEXT = "Bonjour Élise,\n\nVoici ce qui s’est passé : « HEARTWATCH » a changé.\n" + "x" * 300 + "\n"
HTML = "<p>Bonjour Élise,</p>" + "<p style='color:#1d4f91'>ligne</p>" * 200


def parsed(message: OutboxMessage) -> email.message.EmailMessage:
    raw = message.message().as_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    return email.message_from_bytes(raw, policy=email.policy.default)


def outbox_message(**overrides: object) -> OutboxMessage:
    fields = {
        "subject": "Votre récapitulatif hebdomadaire — 2 éléments",
        "body": TEXT,
        "from_email": "labsite <labsite@hôpital.example>",
        "to": ["elise@labsite.example"],
        "headers": {"Message-ID": "<abc@labsite>", "Content-Language": "fr"},
    }
    message = OutboxMessage(**(fields | overrides))
    message.attach_alternative(HTML, "text/html")
    return message


def test_text_and_html_parts_and_headers_read_back_as_written():
    message = parsed(outbox_message(to=["elise@labsite.example"], from_email="labsite <labsite@labsite.example>"))

    assert message["Subject"] == "Votre récapitulatif hebdomadaire — 2 éléments"
    assert message["From"] == "labsite <labsite@labsite.example>"
    assert message["To"] == "elise@labsite.example"
    assert message["Message-ID"] == "<abc@labsite>"
    assert message["Content-Language"] == "fr"
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert text.get_content().replace("\r\n", "\n") == TEXT
    assert html.get_content().replace("\r\n", "\n") == HTML
    assert text["Content-Transfer-Encoding"] == "quoted-printable"


def test_a_non_ascii_domain_is_written_in_idna_and_a_non_ascii_mailbox_refused():
    read = parsed(outbox_message())
    assert read["From"] == "labsite <labsite@xn--hpital-ixa.example>"
    with pytest.raises(ValueError):
        outbox_message(to=["élise@labsite.example"]).message()


def test_a_text_only_email_is_a_single_part():
    message = OutboxMessage(subject="Hello", body="Plain.\n", from_email="a@labsite.example", to=["b@labsite.example"])
    read = parsed(message)
    assert read.get_content_type() == "text/plain"
    assert read.get_content() == "Plain.\r\n"


def test_a_subject_cannot_add_headers():
    read = parsed(outbox_message(subject="Hello\r\nBcc: someone@elsewhere.example", to=["b@labsite.example"]))
    assert read["Bcc"] is None
    assert read["Subject"] == "Hello Bcc: someone@elsewhere.example"


def test_an_address_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        outbox_message(to=["b@labsite.example\r\nBcc: x@elsewhere.example"]).message()


def test_the_console_shows_each_email_as_its_reader_would_see_it():
    import io

    from core.mail import ReadableConsoleBackend

    stream = io.StringIO()
    ReadableConsoleBackend(stream=stream).send_messages([outbox_message(to=["elise@labsite.example"])])
    shown = stream.getvalue()
    assert "Subject: Votre récapitulatif hebdomadaire — 2 éléments" in shown
    assert "Voici ce qui s’est passé : « HEARTWATCH » a changé." in shown
    assert f"[HTML part: {len(HTML)} characters]" in shown
    assert "=C3=A9" not in shown
