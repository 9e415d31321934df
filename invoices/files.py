"""Renderings of an invoice, made once and then served as stored, so a download is always the same bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from marketplace.core.db import db

from .document import Document
from .models import Invoice, InvoiceFile


def stored(invoice: Invoice, kind: str, render: Callable[[Document], bytes]) -> bytes:
    """The stored rendering ``kind`` of the invoice; rendered from its frozen document the first time."""
    existing = db.session.get(InvoiceFile, (invoice.id, kind))
    if existing is not None:
        return existing.content
    content = render(invoice.frozen)
    db.session.add(InvoiceFile(invoice_id=invoice.id, kind=kind, content=content,
                               sha256=hashlib.sha256(content).hexdigest()))
    db.session.flush()
    return content
