"""Paying an invoice online: Stripe's webhook, the pay page and the page the payer returns to
(docs/payments.md). All of it is a 404 while Stripe is not configured."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from invoices import payments, stripe_events, stripe_gateway
from invoices.models import Invoice, InvoiceKind
from marketplace.core import jobs
from marketplace.core.access import Role, actor, member, public
from marketplace.core.db import db
from marketplace.core.security import content_security_policy
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind

bp = Blueprint("payments", __name__)

#: the invoice's recipient pays it: a member (not a viewer) of the employer it is addressed to
PAYER = member(OrgKind.employer, role=Role.member)


@bp.record_once
def _register_helpers(state) -> None:
    state.app.jinja_env.globals["pay_online_url"] = pay_online_url
    state.app.jinja_env.globals["invoice_status"] = payments.status


def pay_online_url(invoice: Invoice) -> str | None:
    """The pay page of an invoice that is still owed, when Stripe is configured; else None (no link)."""
    if not stripe_gateway.payable_online() or invoice.kind != InvoiceKind.invoice:
        return None
    return url_for("payments.pay", invoice_id=invoice.id) if payments.owed_cents(invoice) > 0 else None


def _invoice_to_pay(invoice_id: int) -> Invoice:
    """The invoice, for a member of its recipient; 404 for anyone else and while Stripe is not configured."""
    if not stripe_gateway.payable_online():
        abort(404)
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or invoice.kind != InvoiceKind.invoice or invoice.recipient_id != actor().organisation.id:
        abort(404)
    return invoice


def _booking_url(invoice: Invoice) -> str | None:
    kind, _, ident = invoice.source.partition(":")
    return url_for("bookings.show", booking_id=int(ident)) if kind == "booking" and ident.isdigit() else None


def _page(invoice: Invoice, status: int = 200, **context):
    response = make_response(render_template(
        "invoices/pay.html", invoice=invoice, owed=payments.owed_cents(invoice), status=payments.status(invoice),
        booking_url=_booking_url(invoice), stripe_js_url=stripe_gateway.js_url(), **context), status)
    response.headers["Content-Security-Policy"] = content_security_policy(stripe_gateway.csp_sources())
    return response


@bp.route("/facturen/<int:invoice_id>/betalen")
@PAYER
def pay(invoice_id: int):
    """The card form for the open payment, or a button that starts one; this page only reads."""
    invoice = _invoice_to_pay(invoice_id)
    try:
        checkout = stripe_gateway.checkout(invoice)
    except stripe_gateway.StripeUnavailable as e:
        return _page(invoice, 503, message=e.message)
    return _page(invoice, checkout=checkout, start=ConfirmForm(), publishable_key=current_app.config[
        "STRIPE_PUBLISHABLE_KEY"], return_url=url_for(".back_from_stripe", invoice_id=invoice.id))


@bp.route("/facturen/<int:invoice_id>/betalen", methods=["POST"])
@PAYER
def start_payment(invoice_id: int):
    """Start paying what is owed online: a PaymentIntent, then the card form."""
    invoice = _invoice_to_pay(invoice_id)
    try:
        stripe_gateway.start_payment(invoice)
    except stripe_gateway.NothingToPay as e:  # what Stripe said of earlier intents is kept
        flash(e.message, "info")
    return redirect(url_for(".pay", invoice_id=invoice.id), 303)


@bp.route("/facturen/<int:invoice_id>/terug")
@PAYER
def back_from_stripe(invoice_id: int):
    """Where Stripe.js sends the payer: what Stripe says of the payment is applied (a job, so this request
    writes nothing itself), then the invoice's payment status is shown."""
    invoice = _invoice_to_pay(invoice_id)
    jobs.enqueue("payments.apply_open_intents", invoice_id=invoice.id)
    return redirect(url_for(".returned", invoice_id=invoice.id), 303)


@bp.route("/facturen/<int:invoice_id>/betaald")
@PAYER
def returned(invoice_id: int):
    return _page(_invoice_to_pay(invoice_id), returned=True)


@bp.route("/payments/stripe/webhook", methods=["POST"])
@public  # Stripe calls it; the signature with the webhook secret is the authentication
def stripe_webhook():
    """A signed event: the object it names is fetched again and applied once. When Stripe cannot be asked,
    the StripeUnavailable escapes (503, nothing recorded), so Stripe's redelivery applies it later."""
    if not stripe_gateway.enabled() or not current_app.config.get("STRIPE_WEBHOOK_SECRET"):
        abort(404)
    event = stripe_events.verify_event(request.get_data(), request.headers.get("Stripe-Signature"))
    return jsonify({"received": stripe_events.handle_event(event)})
