"""E-mail goes over SMTP when configured (a local aiosmtpd server here), else into the outbox folder."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from marketplace.core.mail import Mail, deliver


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_mail_goes_over_smtp_when_a_url_is_configured(smtp_server, tmp_path):
    controller, handler = smtp_server
    config = {"SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
              "MAIL_SENDER": "Taalmarkt <noreply@taalmarkt.nl>", "OUTBOX_DIR": str(tmp_path)}
    deliver(Mail(to="hr@haven.example", subject="Welkom", text="Hallo", html="<p>Hallo</p>"), config)
    [(recipients, content)] = handler.messages
    assert recipients == ["hr@haven.example"]
    msg = message_from_bytes(content, policy=policy.default)
    assert msg["Subject"] == "Welkom"
    assert msg.get_body(("plain",)).get_content().strip() == "Hallo"
    assert msg.get_body(("html",)).get_content().strip() == "<p>Hallo</p>"
    assert list(tmp_path.iterdir()) == []


def test_without_smtp_mail_is_written_to_the_outbox_as_eml(tmp_path):
    config = {"SMTP_URL": None, "MAIL_SENDER": "Taalmarkt <noreply@taalmarkt.nl>", "OUTBOX_DIR": str(tmp_path / "out")}
    deliver(Mail(to="hr@haven.example", subject="Welkom", text="Hallo"), config)
    [path] = list((tmp_path / "out").glob("*.eml"))
    assert message_from_bytes(path.read_bytes(), policy=policy.default)["To"] == "hr@haven.example"


def test_no_mail_is_sent_when_the_request_fails(client, world, outbox):
    client.login(world.employer_owner.email)
    response = client.submit("/team", {"email": world.employer_owner.email, "role": "member"})
    assert response.status_code == 422  # already a member
    assert outbox() == []
