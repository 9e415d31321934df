"""Payments and refunds against invoices. Append-only: a row is never changed except its state, along the
transitions below; "paid" is never stored but derived from the succeeded payments and refunds.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock, states
from marketplace.core.db import Base, EnumText, db
from marketplace.core.errors import Conflict, DomainError
from marketplace.core.translation import gettext as _

from .models import Invoice, InvoiceKind


class Method(StrEnum):
    bank_transfer = "bank_transfer"
    stripe = "stripe"


class State(StrEnum):
    pending = "pending"  # started (a Stripe PaymentIntent awaiting the payer, a refund being processed)
    succeeded = "succeeded"
    failed = "failed"  # a refund the bank or Stripe refused
    canceled = "canceled"  # a PaymentIntent given up


#: the only changes a payment or refund row may go through; everything else about it is fixed at insert
TRANSITIONS: dict[State, frozenset[State]] = {
    State.pending: frozenset({State.succeeded, State.failed, State.canceled}),
    State.succeeded: frozenset(),
    State.failed: frozenset(),
    State.canceled: frozenset(),
}


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the invoice paid (never a credit note)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), nullable=False, index=True)
    #: a bank transfer recorded by hand, or a payment through Stripe
    method: Mapped[Method] = mapped_column(EnumText(Method, 16), nullable=False)
    #: the amount paid, above zero
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: pending, succeeded, failed or canceled, along TRANSITIONS; only succeeded payments count as paid
    state: Mapped[State] = mapped_column(EnumText(State, 10), nullable=False)
    #: the Stripe PaymentIntent id, or the bank statement's reference
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True)
    #: the day the money came in, set when the payment succeeds; it places it in a payout month
    received_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: the person who recorded a bank transfer; null for Stripe payments
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: when the payment was recorded (for Stripe: when the PaymentIntent was created)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the state last changed
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    invoice: Mapped[Invoice] = relationship()

    def move_to(self, state: State, on: dt.date | None = None) -> bool:
        """Apply a state; True when it changed. The same state again is a no-op (a repeated webhook)."""
        return _move(self, state, on)


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    #: surrogate key; sent to Stripe in the refund's metadata, to recognise it in webhooks
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the payment the money is given back from
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), nullable=False, index=True)
    #: the credit note it settles, if any
    credit_note_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), nullable=True, index=True)
    #: the amount given back, above zero and at most what is left of the payment
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: pending, succeeded, failed or canceled, along TRANSITIONS; only succeeded refunds count
    state: Mapped[State] = mapped_column(EnumText(State, 10), nullable=False)
    #: the Stripe refund id (null until Stripe has answered), or the bank transfer's reference
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True)
    #: the day the refund succeeded; it places it in a payout month
    received_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: when the refund was recorded
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the state last changed
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    payment: Mapped[Payment] = relationship()

    def move_to(self, state: State, on: dt.date | None = None) -> bool:
        return _move(self, state, on)


class InvoiceReminder(Base):
    """A payment reminder sent for an overdue invoice (at most one per interval)."""

    __tablename__ = "invoice_reminders"

    #: the overdue invoice reminded
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    #: 1 for the first reminder of the invoice, up to REMINDERS
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the day it was sent; the next comes REMINDER_DAYS later at the earliest
    sent_on: Mapped[dt.date] = mapped_column(Date, nullable=False)


def _move(row, state: State, on: dt.date | None) -> bool:
    if row.state == state:
        return False
    states.move(row, state, TRANSITIONS, lambda old, new: Conflict(
        f"A {old} {type(row).__name__.lower()} cannot become {new}."), field="state")
    row.state_changed_at = clock.now()
    if state == State.succeeded and row.received_on is None:
        row.received_on = on or clock.today()
    return True


# --- what an invoice has received -------------------------------------------------------------------------


def paid_cents(invoice_id: int) -> int:
    """Succeeded payments less succeeded refunds."""
    paid = db.session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(
        Payment.invoice_id == invoice_id, Payment.state == State.succeeded))
    refunded = db.session.scalar(select(func.coalesce(func.sum(Refund.amount_cents), 0)).join(Payment).where(
        Payment.invoice_id == invoice_id, Refund.state == State.succeeded))
    return int(paid) - int(refunded)


def owed_cents(invoice: Invoice) -> int:
    """What the recipient still owes on an invoice: its amount due, with its credit notes, less what was paid
    (negative: the recipient is owed a refund)."""
    credited = db.session.scalar(select(func.coalesce(func.sum(Invoice.due_cents), 0)).where(
        Invoice.refers_to_id == invoice.id))
    return invoice.due_cents + int(credited) - paid_cents(invoice.id)


def statuses(invoices: list[Invoice], today: dt.date | None = None) -> dict[int, str]:
    """The status of each invoice, in three queries however many there are (list pages):
    ``open``, ``overdue``, ``paid``, ``credited`` (credit notes cancel it all), ``refund_due`` (more was
    paid than is owed), ``nothing_due`` (a fund pays it all to the issuer); a credit note is ``issued``."""
    ids = [i.id for i in invoices if i.kind == InvoiceKind.invoice]
    paid: dict[int, int] = {}
    credited: dict[int, tuple[int, int]] = {}
    if ids:
        paid = dict(db.session.execute(select(Payment.invoice_id, func.sum(Payment.amount_cents)).where(
            Payment.invoice_id.in_(ids), Payment.state == State.succeeded).group_by(Payment.invoice_id)).all())
        for invoice_id, refunded in db.session.execute(select(Payment.invoice_id, func.sum(Refund.amount_cents))
                                                       .join(Payment).where(Payment.invoice_id.in_(ids),
                                                                            Refund.state == State.succeeded)
                                                       .group_by(Payment.invoice_id)):
            paid[invoice_id] = paid.get(invoice_id, 0) - refunded
        credited = {row[0]: (row[1], row[2]) for row in db.session.execute(
            select(Invoice.refers_to_id, func.sum(Invoice.due_cents), func.sum(Invoice.total_cents))
            .where(Invoice.refers_to_id.in_(ids)).group_by(Invoice.refers_to_id))}
    today = today or clock.today()
    result = {}
    for invoice in invoices:
        if invoice.kind == InvoiceKind.credit_note:
            result[invoice.id] = "issued"
            continue
        credited_due, credited_total = credited.get(invoice.id, (0, 0))
        received = paid.get(invoice.id, 0)
        owed = invoice.due_cents + credited_due - received
        if owed < 0:
            result[invoice.id] = "refund_due"
        elif owed == 0:
            result[invoice.id] = ("paid" if received > 0 else
                                  "credited" if invoice.total_cents + credited_total <= 0 else "nothing_due")
        else:
            result[invoice.id] = "overdue" if today > invoice.due_date else "open"
    return result


def status(invoice: Invoice, today: dt.date | None = None) -> str:
    """The status of one invoice (see ``statuses``)."""
    return statuses([invoice], today)[invoice.id]


def record_bank_payment(invoice: Invoice, amount_cents: int, received_on: dt.date, reference: str | None,
                        user_id: int | None) -> Payment:
    """A bank transfer the issuer (or a platform admin) saw arrive."""
    if invoice.kind != InvoiceKind.invoice:
        raise DomainError(_("Payments are recorded against invoices, not credit notes."))
    if amount_cents <= 0:
        raise DomainError(_("Enter an amount above zero."), field="amount")
    if reference and db.session.scalar(select(Payment.id).where(Payment.reference == reference)):
        raise Conflict(_("A payment with this bank reference is already recorded."), field="reference")
    payment = Payment(invoice_id=invoice.id, method=Method.bank_transfer, amount_cents=amount_cents,
                      state=State.succeeded, reference=reference or None, received_on=received_on,
                      recorded_by_id=user_id, state_changed_at=clock.now())
    db.session.add(payment)
    db.session.flush()
    return payment


class StripeEvent(Base):
    """A Stripe webhook event already applied: a redelivered event is recognised and changes nothing."""

    __tablename__ = "stripe_events"

    #: Stripe's event id (evt_...); a redelivery finds it here
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: the event's type, e.g. "payment_intent.succeeded", cut to 60 characters
    type: Mapped[str] = mapped_column(String(60), nullable=False)
    #: when the event was first received
    received_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
