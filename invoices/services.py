"""Issuing invoices and credit notes: numbered, frozen, never changed."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from stdnum.iso7064 import mod_97_10

from marketplace.core.db import db
from marketplace.core.errors import Conflict
from marketplace.tenancy.organisations.models import Organisation

from .document import Document, Party, build
from .models import Invoice, InvoiceKind, InvoiceSequence

PAYMENT_DAYS = 30


def party(org: Organisation) -> Party:
    return Party(name=org.name, street=org.street, postcode=org.postcode, city=org.city, kvk_number=org.kvk_number,
                 vat_id=org.vat_id, iban=org.iban, email=org.contact_email)


def take_number(issuer_id: int, year: int, *, locking: bool = True) -> int:
    """The next number in the issuer's sequence for the year, unique and gapless also under concurrent
    issuing: the sequence row is locked until the commit (``locking=False`` only for the control test)."""
    db.session.flush()
    if last_number(issuer_id, year) is None:
        try:  # two first invoices of a year at once: one insert wins, the other finds the row
            with db.session.begin_nested():
                db.session.add(InvoiceSequence(issuer_id=issuer_id, year=year, last_number=0))
        except IntegrityError:
            pass
    if locking:
        # one statement that increments and reads: the row stays locked until the commit
        return db.session.scalar(update(InvoiceSequence).where(
            InvoiceSequence.issuer_id == issuer_id, InvoiceSequence.year == year)
            .values(last_number=InvoiceSequence.last_number + 1).returning(InvoiceSequence.last_number))
    current = last_number(issuer_id, year)
    db.session.execute(update(InvoiceSequence).where(InvoiceSequence.issuer_id == issuer_id,
                                                     InvoiceSequence.year == year).values(last_number=current + 1))
    return current + 1


def last_number(issuer_id: int, year: int) -> int | None:
    return db.session.scalar(select(InvoiceSequence.last_number).where(InvoiceSequence.issuer_id == issuer_id,
                                                                       InvoiceSequence.year == year))


def payment_reference(issuer_id: int, number: str) -> str:
    """A structured creditor reference (ISO 11649, "RF..."), unique per issuer and invoice number."""
    body = f"{issuer_id}{number.replace('-', '')}"
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def issue(issuer: Organisation, recipient: Organisation, draft: Document, source: str, on: dt.date, *,
          refers_to: Invoice | None = None, locking: bool = True) -> Invoice:
    """Number, freeze and store a document. ``draft`` carries lines and parties; number, dates, reference
    and totals are set here."""
    sequence = take_number(issuer.id, on.year, locking=locking)
    number = f"{on.year}-{sequence:05d}"
    document = build(dataclasses.replace(
        draft, number=number, issue_date=on, due_date=on + dt.timedelta(days=PAYMENT_DAYS),
        payment_reference=payment_reference(issuer.id, number), refers_to=refers_to.number if refers_to else None,
        kind=InvoiceKind.credit_note.value if refers_to else InvoiceKind.invoice.value))
    invoice = Invoice(
        kind=InvoiceKind(document.kind), issuer_id=issuer.id, recipient_id=recipient.id, year=on.year,
        sequence=sequence, number=number, refers_to_id=refers_to.id if refers_to else None, source=source,
        issue_date=on, due_date=document.due_date, net_cents=document.net_cents, vat_cents=document.vat_cents,
        total_cents=document.total_cents, due_cents=document.due_cents,
        payment_reference=document.payment_reference, document=document.to_dict())
    db.session.add(invoice)
    db.session.flush()
    return invoice


def credit(invoice: Invoice, draft: Document, source: str, on: dt.date) -> Invoice:
    """A credit note for (part of) ``invoice``: ``draft`` lines carry negative amounts, and together with
    earlier credit notes never exceed what the invoice charged."""
    if invoice.kind != InvoiceKind.invoice:
        raise Conflict("Only an invoice can be credited.")
    credited = sum(c.total_cents for c in credit_notes(invoice))
    note = build(draft)
    if invoice.total_cents + credited + note.total_cents < 0:
        raise Conflict("A credit note cannot credit more than the invoice charged.")
    return issue(invoice.issuer, invoice.recipient, draft, source, on, refers_to=invoice)


def credit_notes(invoice: Invoice) -> list[Invoice]:
    return db.session.scalars(select(Invoice).where(Invoice.refers_to_id == invoice.id).order_by(Invoice.id)).all()


def invoices_for(source: str) -> list[Invoice]:
    """Invoices and credit notes issued for ``source``, oldest first."""
    return db.session.scalars(select(Invoice).where(Invoice.source == source).order_by(Invoice.id)).all()
