"""A provider's monthly payout statement as PDF: what came in, what went back, the platform's fee, what is paid
out. Pure like the invoice PDF (plain data in, bytes out), with the same fonts, stylesheet and URL fetcher."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from subsidies import formats

from .document import Party
from .payouts import MonthLedger
from .pdf import STYLESHEET, TEMPLATES, _environment, check_fonts, font_face_css, local_files_only


@dataclass(frozen=True)
class Received:
    day: dt.date
    invoice_number: str
    method: str  # "stripe" or "bank_transfer"
    amount_cents: int  # negative for a refund


@dataclass(frozen=True)
class Statement:
    provider: Party
    ledger: MonthLedger
    fee_percent: str
    rows: tuple[Received, ...]
    fee_invoice_number: str | None = None
    transfer_reference: str | None = None


METHODS = {"stripe": "online (Stripe)", "bank_transfer": "overboeking aan u"}


def render_statement(statement: Statement) -> bytes:
    """The statement in Dutch, A4; the same bytes for the same statement."""
    from weasyprint import HTML

    check_fonts()
    month = dt.date.fromisoformat(f"{statement.ledger.period}-01")
    html = _environment.get_template("statement.html").render(
        s=statement, e=statement.ledger, money=lambda cents: formats.money(cents, "nl"),
        date=lambda day: day.strftime("%d-%m-%Y"), methods=METHODS, stylesheet=STYLESHEET.as_uri(),
        fonts=font_face_css(), month=month)
    key = f"statement/{statement.provider.kvk_number}/{statement.ledger.period}"
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=local_files_only()).write_pdf(
        pdf_identifier=hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode())
