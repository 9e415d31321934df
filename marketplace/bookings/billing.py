"""From bookings to invoices: the provider invoices the employer when a booking is confirmed, and credits
cancelled seats (docs/invoices.md).

The employer's invoice charges every seat in full and shows, below the total, what a fund pays the provider
directly (the Doorzaam Taalbudget): the employer owes the rest. The provider claims the fund's share from
the fund with this invoice as its evidence (one claim per invoice), so no cost is paid twice.
"""

from __future__ import annotations

import datetime as dt

from invoices.document import Document, Line, ThirdPartyShare
from invoices.models import Invoice, InvoiceKind
from invoices.services import credit, invoices_for, issue, party
from invoices.stripe_gateway import refund_for_credit_note
from marketplace.funding.fund_schemes import current_catalogue
from providers.vat import vat_rate

from .models import Booking, Enrolment


def source(booking: Booking) -> str:
    return f"booking:{booking.id}"


def _rate(booking: Booking) -> str:
    course = booking.run.course
    return vat_rate(course.vocational, course.provider.crkbo_registered)


def _describe(booking: Booking, enrolment: Enrolment) -> str:
    run = booking.run
    return f"{run.course.title} ({run.start_date:%d-%m-%Y} t/m {run.end_date:%d-%m-%Y}): {enrolment.employee.name}"


def fund_shares(enrolments: list[Enrolment], sign: int = 1) -> tuple[ThirdPartyShare, ...]:
    """What schemes that pay the provider directly cover of these seats, per scheme, from each enrolment's
    frozen funding plan."""
    totals: dict[str, int] = {}
    for enrolment in enrolments:
        if enrolment.funding is None:
            continue
        paid_to_provider = {d["scheme"] for d in enrolment.funding.decisions if d["payee"] == "provider"}
        for allocation in enrolment.funding.plan["allocations"]:
            if allocation["scheme"] in paid_to_provider:
                totals[allocation["scheme"]] = totals.get(allocation["scheme"], 0) + allocation["amount_cents"]
    catalogue = current_catalogue()
    return tuple(ThirdPartyShare(payer=catalogue.scheme(scheme).name.in_language("nl"), scheme=scheme,
                                 amount_cents=sign * amount) for scheme, amount in sorted(totals.items()) if amount)


def _draft(booking: Booking, lines: tuple[Line, ...], shares, note: str = "") -> Document:
    return Document(kind="invoice", number="", issue_date=dt.date.min, due_date=dt.date.min,
                    issuer=party(booking.provider), recipient=party(booking.employer), lines=lines,
                    payment_reference="", reference=f"Taalmarkt boeking {booking.id}", third_party=shares, note=note)


def invoice_booking(booking: Booking, on: dt.date) -> Invoice:
    """The provider's invoice for the booking's confirmed seats."""
    seats = booking.live_enrolments
    lines = tuple(Line(_describe(booking, e), 1, e.price_cents, _rate(booking), booking.run.start_date) for e in seats)
    return issue(booking.provider, booking.employer, _draft(booking, lines, fund_shares(seats)), source(booking), on)


def credit_cancelled(booking: Booking, enrolments: list[Enrolment], on: dt.date, reason: str) -> Invoice | None:
    """A credit note for cancelled seats that were invoiced: each seat's price less its cancellation fee,
    and the fund's share of them taken back (a fund pays nothing for a seat not taken)."""
    invoice = next((i for i in invoices_for(source(booking)) if i.kind == InvoiceKind.invoice), None)
    if invoice is None or not enrolments:
        return None
    lines = tuple(Line(f"Annulering: {_describe(booking, e)}", 1, -(e.price_cents - (e.cancellation_fee_cents or 0)),
                       _rate(booking), booking.run.start_date) for e in enrolments)
    note = credit(invoice, _draft(booking, lines, fund_shares(enrolments, sign=-1), note=reason), source(booking), on)
    refund_for_credit_note(note)  # what was paid online for these seats goes back the same way
    return note
