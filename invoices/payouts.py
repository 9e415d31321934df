"""What each provider is owed: payments received on its invoices, less refunds and the platform's fee.

The platform collects (Stripe) or the provider is paid directly (bank transfer to the IBAN on its invoice);
either way the ledger below says, per provider and month, what came in and what the platform's fee is. A
``Payout`` records a month settled: by a Stripe Connect transfer when the provider has a connected account
(``stripe_transfer_payload``), else by the platform's own bank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core import clock
from marketplace.core.db import Base, db
from marketplace.core.vat import STANDARD
from marketplace.tenancy.organisations.models import Organisation
from subsidies import formats
from subsidies.money import share_cents

from .document import Document, Line
from .models import Invoice
from .payments import Method, Payment, Refund, State
from .services import issue, party


class Payout(Base):
    __tablename__ = "payouts"
    __table_args__ = (UniqueConstraint("provider_id", "period", name="uq_payouts_provider_period"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the provider paid out to; one payout per provider and month
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the month settled, "2026-11"
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    #: succeeded Stripe payments on the provider's invoices in the month
    received_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: succeeded Stripe refunds in the month, taken off what is paid out
    refunded_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the platform's fee: its percentage of all the provider received, direct bank transfers included
    fee_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: what the platform owes the provider: received less refunded less fee (negative: the provider owes)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the platform's invoice for its fee, settled against the payout
    fee_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), nullable=True)
    #: the Stripe transfer id, or the bank transfer's reference
    transfer_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: the day the money was sent; set on a Stripe Connect transfer, null until a bank payout is recorded
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: when the month was settled
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)


@dataclass(frozen=True)
class MonthLedger:
    provider_id: int
    period: str
    received_cents: int  # succeeded payments through the platform (Stripe) in the month
    refunded_cents: int  # succeeded refunds of those in the month
    direct_cents: int  # bank transfers straight to the provider (the fee is owed on them too)
    fee_cents: int
    payable_cents: int  # what the platform owes the provider for the month


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(f"{period}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following


def ledger(provider_id: int, period: str, fee_percent: Decimal) -> MonthLedger:
    first, following = month_bounds(period)

    def paid(method: Method) -> int:
        return int(db.session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0)).join(Invoice).where(
            Invoice.issuer_id == provider_id, Payment.method == method, Payment.state == State.succeeded,
            Payment.received_on >= first, Payment.received_on < following)))

    refunded = int(db.session.scalar(select(func.coalesce(func.sum(Refund.amount_cents), 0))
                                     .join(Payment, Payment.id == Refund.payment_id).join(Invoice).where(
        Invoice.issuer_id == provider_id, Payment.method == Method.stripe, Refund.state == State.succeeded,
        Refund.received_on >= first, Refund.received_on < following)))
    received, direct = paid(Method.stripe), paid(Method.bank_transfer)
    fee = share_cents(received - refunded + direct, fee_percent / 100)
    return MonthLedger(provider_id, period, received, refunded, direct, fee, received - refunded - fee)


def stripe_transfer_payload(entry: MonthLedger, destination: str) -> dict:
    """The request body of a Stripe Connect transfer settling the month (POST /v1/transfers), with the
    idempotency key to send it with: a retried or repeated run cannot pay twice."""
    return {"amount": entry.payable_cents, "currency": "eur", "destination": destination,
            "transfer_group": f"payout-{entry.provider_id}-{entry.period}",
            "metadata": {"provider_id": str(entry.provider_id), "period": entry.period},
            "idempotency_key": f"payout-{entry.provider_id}-{entry.period}"}


def settle(provider: Organisation, period: str, fee_percent: Decimal, platform: Organisation | None,
           transfer: Callable[[dict], str] | None = None) -> Payout | None:
    """Record the month's payout for a provider, once: a second run finds it and does nothing. The platform
    invoices its fee (21% VAT: a service, not education) and nets it against the payout. With a connected
    Stripe account and ``transfer`` (which sends the payload and returns the transfer id), the money goes by
    Stripe Connect; else the platform pays by bank and records the reference later."""
    existing = db.session.scalar(select(Payout).where(Payout.provider_id == provider.id, Payout.period == period))
    if existing is not None:
        return existing
    entry = ledger(provider.id, period, fee_percent)
    if entry.received_cents == entry.refunded_cents == entry.direct_cents == 0:
        return None
    payout = Payout(provider_id=provider.id, period=period, received_cents=entry.received_cents,
                    refunded_cents=entry.refunded_cents, fee_cents=entry.fee_cents, amount_cents=entry.payable_cents)
    if platform is not None and entry.fee_cents > 0:
        payout.fee_invoice_id = fee_invoice(platform, provider, entry, fee_percent).id
    destination = provider.stripe_account_id
    if destination and transfer and entry.payable_cents > 0:
        payout.transfer_reference = transfer(stripe_transfer_payload(entry, destination))
        payout.paid_on = clock.today()
    db.session.add(payout)
    db.session.flush()
    return payout


def fee_invoice(platform: Organisation, provider: Organisation, entry: MonthLedger, fee_percent: Decimal) -> Invoice:
    _first, following = month_bounds(entry.period)
    base = entry.received_cents - entry.refunded_cents + entry.direct_cents
    line = Line(f"Taalmarkt-vergoeding {entry.period}: {fee_percent}% van {formats.money(base, 'nl')} ontvangen", 1,
                entry.fee_cents, STANDARD, following - dt.timedelta(days=1))
    draft = Document(kind="invoice", number="", issue_date=dt.date.min, due_date=dt.date.min, issuer=party(platform),
                     recipient=party(provider), lines=(line,), payment_reference="",
                     reference=f"Uitbetaling {entry.period}", note="Verrekend met de uitbetaling van deze maand.")
    return issue(platform, provider, draft, f"payout:{provider.id}:{entry.period}", following)


def previous_month(today: dt.date) -> str:
    return (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
