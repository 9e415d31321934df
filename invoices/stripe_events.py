"""Stripe tells, we ask: its signed webhooks, and a reconciliation that repairs what a lost webhook or a crash
left behind (docs/payments.md). Both only make the gateway fetch the object again from Stripe and apply its
state as it is now (``stripe_gateway.apply_intent``, ``apply_refund``, ``send_refund``)."""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.core.db import db
from marketplace.core.errors import DomainError

from .payments import Method, Payment, Refund, State, StripeEvent
from .stripe_gateway import StripeUnavailable, apply_intent, apply_refund, send_refund

REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"})


class BadSignature(DomainError):
    code = "bad_signature"
    status = 400


# --- webhooks ----------------------------------------------------------------------------------------------


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event, if Stripe signed it with our webhook secret (``Stripe-Signature``, at most 5 minutes old)."""
    if not signature:
        raise BadSignature("No Stripe-Signature header.")
    try:
        event = stripe.Webhook.construct_event(payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"])
    except stripe.SignatureVerificationError as e:
        raise BadSignature("The signature does not match.") from e
    except Exception as e:  # noqa: BLE001 - signed, but not a JSON object: bad input all the same
        raise BadSignature("The body is not a Stripe event.") from e
    return event.to_dict()


def handle_event(event: dict) -> str:
    """Apply a verified event once: its id is recorded, so a redelivery changes nothing ("duplicate"). The
    object it names is fetched again from Stripe and applied ("applied"); other events are "ignored"."""
    event_id, kind = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 100 or not isinstance(kind, str):
        return "ignored"
    if db.session.get(StripeEvent, event_id) is not None:
        return "duplicate"
    try:
        with db.session.begin_nested():  # the same event delivered twice at once: one insert wins
            db.session.add(StripeEvent(id=event_id, type=kind[:60]))
    except IntegrityError:
        return "duplicate"
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(object_id, str):
        return "ignored"
    if kind.startswith("payment_intent."):
        return "applied" if apply_intent(object_id).row is not None else "ignored"
    if kind in REFUND_EVENTS:
        metadata = obj.get("metadata")
        our_id = metadata.get("refund_id") if isinstance(metadata, dict) else None
        return "applied" if apply_refund(object_id, our_id).row is not None else "ignored"
    if kind == "charge.refunded" and isinstance(obj.get("payment_intent"), str):
        refunds = db.session.scalars(select(Refund.reference).join(Payment).where(
            Payment.reference == obj["payment_intent"], Refund.state == State.pending,
            Refund.reference.is_not(None))).all()
        for reference in refunds:
            apply_refund(reference)
        return "applied" if refunds else "ignored"
    return "ignored"


# --- reconciliation ----------------------------------------------------------------------------------------


@dataclass
class Reconciled:
    payments: int = 0
    payments_changed: int = 0
    refunds: int = 0
    refunds_changed: int = 0
    errors: int = 0


def reconcile() -> Reconciled:
    """Look again at every pending Stripe payment and refund and apply what Stripe says, each in its own
    transaction; refunds never sent are sent (with their key, so one sent before a crash is not sent twice).
    Repairs a lost webhook and a crash between Stripe's answer and our commit. Safe to run at any time."""
    result = Reconciled()
    payments = db.session.scalars(select(Payment.reference).where(
        Payment.method == Method.stripe, Payment.state == State.pending, Payment.reference.is_not(None))
        .order_by(Payment.id)).all()
    refunds = db.session.scalars(select(Refund.id).join(Payment).where(
        Payment.method == Method.stripe, Refund.state == State.pending).order_by(Refund.id)).all()
    db.session.commit()
    for reference in payments:
        result.payments += 1
        try:
            result.payments_changed += apply_intent(reference).changed
            db.session.commit()
        except StripeUnavailable:
            db.session.rollback()
            result.errors += 1
    for refund_id in refunds:
        result.refunds += 1
        try:
            result.refunds_changed += send_refund(refund_id).changed
            db.session.commit()
        except StripeUnavailable:
            db.session.rollback()
            result.errors += 1
    return result
