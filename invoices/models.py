"""Invoices and credit notes: frozen documents with a gapless number per issuer and year.

An invoice is never edited or deleted; a correction is a credit note that refers to it. The whole document
(parties, lines, VAT, totals, payment reference) is kept as issued in ``document``; the columns beside it
exist for queries and the API.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock
from marketplace.core.db import Base, EnumText
from marketplace.tenancy.organisations.models import Organisation

from .document import Document


class InvoiceKind(StrEnum):
    invoice = "invoice"
    credit_note = "credit_note"


class InvoiceSequence(Base):
    """The last number an issuer gave out in a year. Locked while a number is taken, so numbers are
    unique and gapless: a rolled-back transaction gives its number back with it."""

    __tablename__ = "invoice_sequences"

    #: the issuer whose number series it is; each issuer numbers its own invoices
    issuer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    #: the calendar year of the series; numbering starts again each year
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the last sequence number given out in that year; 0 before the first
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("issuer_id", "year", "sequence", name="uq_invoices_issuer_year_sequence"),
        CheckConstraint("kind = 'invoice' OR refers_to_id IS NOT NULL", name="credit_note_refers"),
    )

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: an invoice, or a credit note correcting one
    kind: Mapped[InvoiceKind] = mapped_column(EnumText(InvoiceKind, 12), nullable=False)
    #: who issues it and is paid: the provider for a booking, the platform for its payout fee
    issuer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: who is invoiced: the employer for a booking, the provider for the platform's fee
    recipient_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the year of issue, whose number series the invoice is in
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    #: its place in the issuer's series for the year; unique and gapless
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    #: e.g. "2026-00042"
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    #: on a credit note: the invoice it corrects; null on an invoice
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), nullable=True, index=True)
    #: what it is for, e.g. "booking:42" (bookings find their invoices by it)
    source: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    #: the day it was issued
    issue_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the day payment is due, PAYMENT_DAYS after issue; reminders start after it
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: total of the lines excluding VAT; negative on a credit note
    net_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the VAT, worked out per rate and rounded once; negative on a credit note
    vat_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: net plus VAT; negative on a credit note
    total_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: what the recipient pays (the total less what funds pay the issuer directly)
    due_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: ISO 11649 structured creditor reference ("RF..."), for the payer to quote with a transfer
    payment_reference: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    #: the whole document as issued (parties, lines, VAT, totals, fund shares); PDF and UBL come from it
    document: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: when it was stored
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    issuer: Mapped[Organisation] = relationship(foreign_keys=[issuer_id])
    recipient: Mapped[Organisation] = relationship(foreign_keys=[recipient_id])
    refers_to: Mapped[Invoice | None] = relationship(remote_side=[id])

    @property
    def frozen(self) -> Document:
        return Document.from_dict(self.document)


class InvoiceFile(Base):
    """A rendering of an invoice (PDF or UBL), made once and served as stored: identical bytes every time."""

    __tablename__ = "invoice_files"

    #: the invoice or credit note rendered
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    #: "pdf-nl", "pdf-en", "ubl"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    #: the rendered bytes, served as stored
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    #: hex SHA-256 digest of content, taken when the file was stored
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: when the file was rendered
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
