"""Payment reminders: an invoice still owed after its due date is reminded to its recipient, at most
REMINDERS times, REMINDER_DAYS apart (recorded in ``invoice_reminders``, so a run twice sends nothing twice)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from invoices.models import Invoice, InvoiceKind
from invoices.payments import InvoiceReminder, owed_cents
from marketplace.core import mail
from marketplace.core.db import db
from marketplace.core.i18n import day, money
from marketplace.core.links import external_url
from marketplace.core.mail import render_mail
from marketplace.core.translation import gettext as _

REMINDERS = 3
REMINDER_DAYS = 14


def send_payment_reminders(today: dt.date) -> int:
    sent = db.session.execute(select(InvoiceReminder.invoice_id, func.max(InvoiceReminder.number),
                                     func.max(InvoiceReminder.sent_on)).group_by(InvoiceReminder.invoice_id))
    earlier = {invoice_id: (number, last) for invoice_id, number, last in sent}
    overdue = db.session.scalars(select(Invoice).where(
        Invoice.kind == InvoiceKind.invoice, Invoice.due_date < today, Invoice.due_cents > 0)
        .order_by(Invoice.id)).all()
    count = 0
    for invoice in overdue:
        number, last = earlier.get(invoice.id, (0, None))
        if number >= REMINDERS or (last and (today - last).days < REMINDER_DAYS):
            continue
        owed = owed_cents(invoice)
        if owed <= 0:
            continue
        db.session.add(InvoiceReminder(invoice_id=invoice.id, number=number + 1, sent_on=today))
        subject = _("Payment reminder: invoice %(number)s from %(issuer)s", number=invoice.number,
                    issuer=invoice.issuer.name)
        mail.queue(render_mail(invoice.recipient.contact_email, subject, "invoice_reminder",
                                      invoice=invoice, owed=money(owed), due=day(invoice.due_date),
                                      link=external_url("invoice_pages.show", invoice_id=invoice.id)))
        count += 1
    db.session.flush()
    return count
