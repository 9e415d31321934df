"""Loading an invoice for the acting organisation: its issuer or recipient (or the platform), else 404."""

from __future__ import annotations

from flask import abort

from marketplace.core.access import actor
from marketplace.core.db import db
from marketplace.tenancy.organisations.models import OrgKind

from .models import Invoice


def invoice_for_actor(invoice_id: int) -> Invoice:
    """The invoice for its issuer or recipient (and the platform's administrators); else 404."""
    invoice = db.session.get(Invoice, invoice_id)
    org = actor().organisation
    if invoice is None or (org.id not in (invoice.issuer_id, invoice.recipient_id) and org.kind != OrgKind.platform):
        abort(404)
    return invoice
