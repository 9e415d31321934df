"""Outgoing e-mail through an outbox: written in the transaction of the change it tells of, sent after the
commit, retried with backoff while SMTP is unreachable.

``queue(mail)`` stores the message in ``outbox_messages`` and enqueues the ``mail.send`` job, which sends
it once the transaction has committed. No lock is held while SMTP answers: a message is *claimed* for a few
minutes in its own short transaction, sent, then marked sent in another. A message whose sending failed
waits (1 minute, then longer each time) for ``taalmarkt mail send`` or the tick to try again; one that is
never claimed again (a crash after sending) goes out a second time rather than never.

Messages go over SMTP when ``TAALMARKT_SMTP_URL`` is set, else into ``instance/outbox/`` as .eml files.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from sqlalchemy import JSON, Integer, String, Text, func, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core import clock, jobs
from marketplace.core.db import Base, db

log = logging.getLogger(__name__)

#: minutes to wait after the 1st, 2nd, ... failed attempt; the last value repeats
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 720)
#: after this many failed attempts a message is given up (and counted as failed)
MAX_ATTEMPTS = 12
#: how long a sender may take before another sender may claim the same message
CLAIM_MINUTES = 5


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


class OutboxMessage(Base):
    """One e-mail to send, kept until it has gone out (and afterwards, as a record of what was sent)."""

    __tablename__ = "outbox_messages"

    #: surrogate key; the mail.send job names the messages it sends by it
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the recipient's address
    to_address: Mapped[str] = mapped_column(String(254), nullable=False)
    #: the subject line, as rendered in the recipient's language
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    #: the plain-text body
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: the HTML body, when the mail has one
    html: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: files sent with it: [{filename, maintype, subtype, content (base64)}]
    attachments: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: when it was queued, in the transaction of the change it tells of
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: failed sending attempts so far
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: not to be tried before this moment (backoff after a failure)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now, index=True)
    #: a sender is on it until this moment; afterwards another may take it over
    claimed_until: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: the last failure, for the administrator
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    #: when it went out; null while it waits
    sent_at: Mapped[dt.datetime | None] = mapped_column(nullable=True, index=True)


def render_mail(to: str, subject: str, template: str, **context) -> Mail:
    """Build a mail from ``templates/emails/<template>.txt`` and ``.html``."""
    return Mail(
        to=to,
        subject=subject,
        text=render_template(f"emails/{template}.txt", **context),
        html=render_template(f"emails/{template}.html", subject=subject, **context),
    )


def queue(mail: Mail) -> OutboxMessage:
    """Put ``mail`` in the outbox, in the current transaction; it is sent once that has committed."""
    message = OutboxMessage(
        to_address=mail.to, subject=mail.subject, text=mail.text, html=mail.html,
        attachments=[{"filename": a.filename, "maintype": a.maintype, "subtype": a.subtype,
                      "content": base64.b64encode(a.content).decode()} for a in mail.attachments])
    db.session.add(message)
    db.session.flush()
    if (job := jobs.pending("mail.send")) is not None:
        job["ids"].append(message.id)  # one job sends all the mail of a transaction
    else:
        jobs.enqueue("mail.send", ids=[message.id])
    return message


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0
    waiting: int = 0


@jobs.job("mail.send")
def send_waiting(ids: list[int] | None = None, now: dt.datetime | None = None) -> Sent:
    """Send the messages that are due (or only those of ``ids``), each claimed, sent and marked on its own,
    so one failure stops nothing else. Returns what was sent, what failed now, and (for all) what still waits."""
    now = now or clock.now()
    config = current_app.config
    due = select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS,
                                         OutboxMessage.next_attempt_at <= now)
    if ids is not None:
        due = due.where(OutboxMessage.id.in_(ids))
    result = Sent()
    for message_id in db.session.scalars(due.order_by(OutboxMessage.id)).all():
        message = _claim(message_id, now)
        if message is None:
            continue  # another sender has it, or it went out a moment ago
        try:
            deliver(_as_mail(message), config)
        except (OSError, smtplib.SMTPException) as e:
            _failed(message_id, now, e)
            result.failed += 1
        else:
            _mark_sent(message_id)
            result.sent += 1
    if ids is None:  # the scheduled command reports what still waits; the job after a request need not count
        result.waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS))
    db.session.commit()
    return result


def _claim(message_id: int, now: dt.datetime) -> OutboxMessage | None:
    """Take the message for CLAIM_MINUTES, in a transaction of its own, so no lock waits on SMTP."""
    claimed = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
                                    or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .values(claimed_until=now + dt.timedelta(minutes=CLAIM_MINUTES))
        .execution_options(synchronize_session=False)).rowcount
    message = db.session.get(OutboxMessage, message_id) if claimed else None
    db.session.commit()
    return message


def _failed(message_id: int, now: dt.datetime, error: Exception) -> None:
    message = db.session.get(OutboxMessage, message_id)
    message.attempts += 1
    wait = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
    message.next_attempt_at = now + dt.timedelta(minutes=wait)
    message.claimed_until = None
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    db.session.commit()
    log.warning("mail %d to %s not sent (attempt %d): %s", message_id, message.to_address, message.attempts, error)


def _mark_sent(message_id: int) -> None:
    message = db.session.get(OutboxMessage, message_id)
    message.sent_at, message.claimed_until = clock.now(), None
    db.session.commit()


def _as_mail(message: OutboxMessage) -> Mail:
    return Mail(to=message.to_address, subject=message.subject, text=message.text, html=message.html,
                attachments=tuple(Attachment(a["filename"], base64.b64decode(a["content"]), a["maintype"],
                                             a["subtype"]) for a in message.attachments))


def to_message(mail: Mail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="taalmarkt.nl")
    msg.set_content(mail.text)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    for a in mail.attachments:
        msg.add_attachment(a.content, maintype=a.maintype, subtype=a.subtype, filename=a.filename)
    return msg


def deliver(mail: Mail, config) -> None:
    """Hand one mail to SMTP, or write it to the outbox folder; raises when SMTP refuses or is unreachable."""
    msg = to_message(mail, config["MAIL_SENDER"])
    if config.get("SMTP_URL"):
        _send_smtp(msg, config["SMTP_URL"])
    else:
        outbox = Path(config["OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        name = f"{clock.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(msg.as_bytes())


def _send_smtp(msg: EmailMessage, url: str) -> None:
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(parts.hostname, port, context=ssl.create_default_context(), timeout=30)
    else:
        server = smtplib.SMTP(parts.hostname, port, timeout=30)
    with server:
        if parts.scheme == "smtp" and parts.query == "starttls":
            server.starttls(context=ssl.create_default_context())
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(msg)
