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

    issuer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("issuer_id", "year", "sequence", name="uq_invoices_issuer_year_sequence"),
        CheckConstraint("kind = 'invoice' OR refers_to_id IS NOT NULL", name="credit_note_refers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InvoiceKind] = mapped_column(EnumText(InvoiceKind, 12), nullable=False)
    issuer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    #: e.g. "2026-00042"
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), nullable=True, index=True)
    #: what it is for, e.g. "booking:42" (bookings find their invoices by it)
    source: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    issue_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    net_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    vat_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    total_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: what the recipient pays (the total less what funds pay the issuer directly)
    due_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    payment_reference: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    document: Mapped[dict] = mapped_column(JSON, nullable=False)
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

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    #: "pdf-nl", "pdf-en", "ubl"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
