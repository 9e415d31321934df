"""Invoices and credit notes (CONTRACT.md): for their issuer and their recipient only."""

from __future__ import annotations

from flask import Response, jsonify, request

from invoices import payments
from invoices.files import rendering
from invoices.loading import invoice_for_actor
from invoices.models import Invoice
from marketplace.core.access import member

from .core import api_route

ISSUER_OR_RECIPIENT = member()


def invoice_json(invoice: Invoice) -> dict:
    doc = invoice.frozen
    return {
        "id": invoice.id, "kind": invoice.kind, "number": invoice.number,
        "refers_to": invoice.refers_to_id, "issuer": doc.to_dict()["issuer"], "recipient": doc.to_dict()["recipient"],
        "issue_date": invoice.issue_date.isoformat(), "due_date": invoice.due_date.isoformat(),
        "lines": [{"description": line.description, "quantity": line.quantity, "unit_cents": line.unit_cents,
                   "net_cents": line.net_cents, "vat_rate": line.vat_rate} for line in doc.lines],
        "net_cents": invoice.net_cents, "vat_cents": invoice.vat_cents, "total_cents": invoice.total_cents,
        "paid_by_funds": [{"scheme": s.scheme, "payer": s.payer, "amount_cents": s.amount_cents}
                          for s in doc.third_party],
        "due_cents": invoice.due_cents, "payment_reference": invoice.payment_reference,
        "paid_cents": payments.paid_cents(invoice.id), "status": payments.status(invoice),
    }


@api_route("/invoices/<int:invoice_id>", summary="An invoice or credit note (its issuer and recipient)")
@ISSUER_OR_RECIPIENT
def get_invoice(invoice_id: int):
    return jsonify(invoice_json(invoice_for_actor(invoice_id)))


@api_route("/invoices/<int:invoice_id>.pdf", summary="The invoice as PDF (A4; ?lang=en for English)",
           responses={"200": {"description": "application/pdf"}})
@ISSUER_OR_RECIPIENT
def invoice_pdf(invoice_id: int):
    invoice = invoice_for_actor(invoice_id)
    lang = "en" if request.args.get("lang") == "en" else "nl"
    content = rendering(invoice, f"pdf-{lang}")
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="factuur-{invoice.number}.pdf"'})


@api_route("/invoices/<int:invoice_id>.xml", summary="The invoice as UBL 2.1 (Peppol BIS Billing 3.0)",
           responses={"200": {"description": "application/xml"}})
@ISSUER_OR_RECIPIENT
def invoice_ubl(invoice_id: int):
    invoice = invoice_for_actor(invoice_id)
    content = rendering(invoice, "ubl")
    return Response(content, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="factuur-{invoice.number}.xml"'})
