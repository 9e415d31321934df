"""Outgoing e-mail: over SMTP when TAALMARKT_SMTP_URL is set, else into instance/outbox/ as .eml files."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template

from marketplace.core import clock
from marketplace.core.db import after_commit


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


def render_mail(to: str, subject: str, template: str, **context) -> Mail:
    """Build a mail from ``templates/emails/<template>.txt`` and ``.html``."""
    return Mail(
        to=to,
        subject=subject,
        text=render_template(f"emails/{template}.txt", **context),
        html=render_template(f"emails/{template}.html", subject=subject, **context),
    )


def send_after_commit(mail: Mail) -> None:
    """Send once the current transaction has committed, so no mail tells of something rolled back."""
    config = dict(current_app.config)
    after_commit(lambda: deliver(mail, config))


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
