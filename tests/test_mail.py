"""E-mail goes over SMTP when configured (a local aiosmtpd server here), else into the outbox folder; it waits in
the outbox while SMTP is down, and goes out once when it is back."""

import datetime as dt
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.core.mail import CLAIM_MINUTES, Mail, OutboxMessage, deliver
from marketplace.employers.models import Employee

from .booking_world import a_run, staff
from .factories import make_token


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


# --- the outbox: mail survives an SMTP outage ------------------------------------------------------------


def confirm_a_booking(client, world) -> dict:
    """Two agency workers booked and confirmed through the API: four mails (agency, provider, two learners)."""
    run = a_run(world.provider, capacity=3)
    people = staff(world.agency, 2)
    token = make_token(world.agency_owner, world.agency)
    commit()
    held = client.api("POST", "/api/v1/bookings", token,
                      json={"run_id": run.id, "employee_ids": [p.id for p in people], "waitlist": False})
    confirmed = client.api("POST", f"/api/v1/bookings/{held.json['id']}/confirm", token, json={})
    assert confirmed.status_code == 200, confirmed.json
    return confirmed.json


def send_mail(app):
    """`taalmarkt mail send`, as cron runs it."""
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    db.session.expire_all()  # the command had a session of its own
    return result


def later(monkeypatch, minutes: int) -> None:
    """Let the clock run ``minutes`` ahead (what the scheduled commands see)."""
    real = clock.now
    monkeypatch.setattr(clock, "now", lambda: real() + dt.timedelta(minutes=minutes))


def test_with_smtp_down_a_booking_is_confirmed_and_its_mail_goes_out_once_smtp_is_back(
        app, client, world, monkeypatch):
    port = free_port()  # nothing listens here yet: SMTP is down
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")

    booking = confirm_a_booking(client, world)

    assert booking["status"] == "confirmed"
    waiting = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(waiting) == 4 and {m.attempts for m in waiting} == {1} and {m.sent_at for m in waiting} == {None}
    assert all("Connection refused" in m.last_error for m in waiting)
    later(monkeypatch, 2)
    still_down = send_mail(app)
    assert "mail sent 0, failed 4, waiting 4" in still_down.output and still_down.exit_code == 1
    assert {m.attempts for m in db.session.scalars(select(OutboxMessage))} == {2}  # next try in 5 minutes

    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        too_soon = send_mail(app)
        later(monkeypatch, 8)
        back = send_mail(app)
        again = send_mail(app)
    finally:
        controller.stop()
    assert "mail sent 0, failed 0, waiting 4" in too_soon.output
    assert "mail sent 4, failed 0, waiting 0" in back.output and back.exit_code == 0
    assert "mail sent 0, failed 0, waiting 0" in again.output  # each mail went out once
    learners = {e.email for e in db.session.scalars(select(Employee).where(
        Employee.employer_id == world.agency.id))}
    assert sorted(to for recipients, _content in handler.messages for to in recipients) == sorted(
        [world.agency_owner.email, world.provider.contact_email, *learners])


def test_a_mail_job_that_fails_leaves_the_request_and_the_mail_intact(app, client, world, monkeypatch, caplog):
    def broken(mail, config):
        raise RuntimeError("the mail server's certificate changed")

    monkeypatch.setattr("marketplace.core.mail.deliver", broken)
    booking = confirm_a_booking(client, world)
    assert booking["status"] == "confirmed"
    assert "job mail.send" in caplog.text and "certificate changed" in caplog.text
    monkeypatch.undo()
    later(monkeypatch, CLAIM_MINUTES + 1)  # the failed sender's claim has run out
    assert "mail sent 4" in send_mail(app).output
