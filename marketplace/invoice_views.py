"""Invoice pages: the organisation's invoices and credit notes, and their PDF and UBL files."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from sqlalchemy import func, or_, select

from invoices import payments
from invoices.files import stored
from invoices.models import Invoice
from marketplace.access import actor, member
from marketplace.api.invoices import invoice_for_actor
from marketplace.db import db

bp = Blueprint("invoice_pages", __name__, url_prefix="/facturen")

ISSUER_OR_RECIPIENT = member()
PAGE_SIZE = 25


@bp.route("")
@ISSUER_OR_RECIPIENT
def index():
    org_id = actor().organisation.id
    page = min(max(1, request.args.get("pagina", 1, type=int)), 100_000)
    query = select(Invoice).where(or_(Invoice.issuer_id == org_id, Invoice.recipient_id == org_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    invoices = db.session.scalars(query.order_by(Invoice.id.desc()).offset((page - 1) * PAGE_SIZE)
                                  .limit(PAGE_SIZE)).all()
    return render_template("invoices/index.html", invoices=invoices, page=page, total=total, org_id=org_id,
                           pages=max(1, -(-total // PAGE_SIZE)), status={i.id: payments.status(i) for i in invoices})


@bp.route("/<int:invoice_id>.pdf")
@ISSUER_OR_RECIPIENT
def pdf(invoice_id: int):
    from flask_babel import get_locale

    from invoices.pdf import render_pdf

    invoice = invoice_for_actor(invoice_id)
    lang = "en" if str(get_locale()) == "en" else "nl"
    content = stored(invoice, f"pdf-{lang}", lambda doc: render_pdf(doc, lang))
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="factuur-{invoice.number}.pdf"'})


@bp.route("/<int:invoice_id>.xml")
@ISSUER_OR_RECIPIENT
def ubl(invoice_id: int):
    from invoices.ubl import render_ubl

    invoice = invoice_for_actor(invoice_id)
    return Response(stored(invoice, "ubl", render_ubl), mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="factuur-{invoice.number}.xml"'})
