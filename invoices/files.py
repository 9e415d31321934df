"""Renderings of an invoice: the PDF (Dutch and English) and the UBL file, made from its frozen document.

Renderers are deterministic (the same document gives the same bytes), so a stored file is a cache that a
download may use, never a second truth. Files are stored by the scheduled work (``render_missing``), never
by a download: a GET serves the stored file, or renders one without storing it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.core.db import db

from .document import Document
from .models import Invoice, InvoiceFile
from .pdf import FontsMissing, render_pdf
from .ubl import render_ubl

log = logging.getLogger(__name__)

#: every rendering kept per invoice, by kind
RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "pdf-nl": lambda document: render_pdf(document, "nl"),
    "pdf-en": lambda document: render_pdf(document, "en"),
    "ubl": render_ubl,
}


def rendering(invoice: Invoice, kind: str) -> bytes:
    """The rendering ``kind`` of the invoice: the stored file, else rendered now (and not stored)."""
    existing = db.session.get(InvoiceFile, (invoice.id, kind))
    return existing.content if existing is not None else RENDERERS[kind](invoice.frozen)


def render_missing(limit: int = 200) -> int:
    """Store the renderings that issued invoices still lack, at most ``limit`` invoices at a time, each
    rendered outside any transaction and stored in a short one of its own. Returns how many files were
    stored. Run by the tick; safe to run twice at once (a file stored meanwhile is left as it is)."""
    complete = (select(InvoiceFile.invoice_id).group_by(InvoiceFile.invoice_id)
                .having(func.count() >= len(RENDERERS)))
    todo = db.session.scalars(select(Invoice.id).where(Invoice.id.not_in(complete)).order_by(Invoice.id)
                              .limit(limit)).all()
    stored = 0
    for invoice_id in todo:
        document = db.session.get(Invoice, invoice_id).frozen
        present = set(db.session.scalars(select(InvoiceFile.kind).where(InvoiceFile.invoice_id == invoice_id)))
        db.session.commit()  # nothing stays open while the files are rendered
        try:
            files = {kind: render(document) for kind, render in RENDERERS.items() if kind not in present}
        except FontsMissing:
            log.error("invoice files are not rendered: the fonts are missing (see the error logged at start-up)")
            break
        try:
            with db.session.begin_nested():
                db.session.add_all(InvoiceFile(invoice_id=invoice_id, kind=kind, content=content,
                                               sha256=hashlib.sha256(content).hexdigest())
                                   for kind, content in files.items())
        except IntegrityError:
            files = {}  # another renderer stored them a moment ago
        db.session.commit()
        stored += len(files)
    return stored
