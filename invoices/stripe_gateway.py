"""Paying invoices through Stripe: a PaymentIntent for what an invoice still owes, refunds for credit notes,
webhooks, and a reconciliation that repairs what a lost webhook or a crash left behind (docs/payments.md).

Three rules hold everywhere here:
- **Stripe is asked, never told.** A webhook or the payer's return only makes us fetch the object from Stripe
  again and apply its state as it is now; an event's own copy is not trusted (it may be old, or out of order).
- **States only move forward**, along ``payments.TRANSITIONS``, with the row locked while it moves, so two
  confirmations of one payment (the webhook and the return page, or two deliveries) apply it once.
- **Every call that creates something at Stripe carries an idempotency key made from our own ids**, so a retry
  (by the library, by ``reconcile``, by a second request) never makes a second intent or a second refund.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import stripe
from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.core import clock, jobs
from marketplace.core.db import db
from marketplace.core.errors import Conflict, DomainError
from marketplace.core.translation import gettext as _

from .models import Invoice, InvoiceKind
from .payments import TRANSITIONS, Method, Payment, Refund, State, owed_cents

log = logging.getLogger(__name__)

STRIPE_JS_URL = "https://js.stripe.com/v3/"
STRIPE_API = "https://api.stripe.com"
#: offered on every intent; the pay page confirms with the card element (docs/payments.md)
PAYMENT_METHOD_TYPES = ("card", "ideal", "sepa_debit")
#: PaymentIntent statuses in which the payer can still pay the intent
PAYABLE = frozenset({"requires_payment_method", "requires_confirmation", "requires_action"})
INTENT_STATES = {"succeeded": State.succeeded, "canceled": State.canceled}  # anything else: still pending
REFUND_STATES = {"succeeded": State.succeeded, "failed": State.failed, "canceled": State.canceled}


class StripeUnavailable(DomainError):
    """Stripe could not be reached or refused the call; nothing was changed on our side."""

    code = "stripe_unavailable"
    status = 503


class NothingToPay(Conflict):
    code = "nothing_to_pay"


class PaymentInProgress(Conflict):
    code = "payment_in_progress"


# --- configuration ---------------------------------------------------------------------------------------


def enabled() -> bool:
    """Stripe is set up (TAALMARKT_STRIPE_SECRET_KEY): refunds and reconciliation work."""
    return has_app_context() and bool(current_app.config.get("STRIPE_SECRET_KEY"))


def payable_online() -> bool:
    """The pay page can be offered: both keys are set."""
    return enabled() and bool(current_app.config.get("STRIPE_PUBLISHABLE_KEY"))


def js_url() -> str:
    """Where the pay page loads Stripe.js from: configured, else the stand-in beside a local API, else Stripe's."""
    config = current_app.config
    if config.get("STRIPE_JS_URL"):
        return config["STRIPE_JS_URL"]
    if config.get("STRIPE_API_BASE"):
        return config["STRIPE_API_BASE"].rstrip("/") + "/js.stripe.com/v3/"
    return STRIPE_JS_URL


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp_sources() -> dict[str, tuple[str, ...]]:
    """What the pay page's Content-Security-Policy must allow besides 'self': Stripe.js, the API it calls,
    and its frames (the card fields and 3-D Secure)."""
    script = _origin(js_url())
    api = _origin(current_app.config.get("STRIPE_API_BASE") or STRIPE_API)
    frames = (script, "https://*.js.stripe.com", "https://hooks.stripe.com") if script == _origin(STRIPE_JS_URL) \
        else (script,)
    return {"script-src": (script,), "connect-src": (api,), "frame-src": frames}


def client() -> stripe.StripeClient:
    """The app's Stripe client (one per key and address; the library retries, safely, thanks to the keys)."""
    config = current_app.config
    key = (config["STRIPE_SECRET_KEY"], config.get("STRIPE_API_BASE"))
    clients = current_app.extensions.setdefault("taalmarkt.stripe", {})
    if key not in clients:
        base = {"api": key[1].rstrip("/")} if key[1] else None
        clients[key] = stripe.StripeClient(key[0], base_addresses=base, max_network_retries=2)
    return clients[key]


def _stripe(call: Callable, *args, **kwargs) -> dict:
    """Call the Stripe client and answer with the object as a plain dict."""
    try:
        return call(*args, **kwargs).to_dict()
    except stripe.StripeError as e:
        log.warning("Stripe call failed: %s", e)
        raise StripeUnavailable(_("Online payment is not available right now. Please try again later.")) from e


def _day(timestamp: int | None) -> dt.date:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC) if timestamp else clock.now()
    return clock.local_date(moment)


# --- moving rows forward, under a lock -------------------------------------------------------------------


def _advance(row: Payment | Refund, state: State, on: dt.date) -> bool:
    """Move ``row`` to ``state`` when that is a step forward; True when it changed. A state behind ours (an
    older view of the object) is ignored, so events may arrive in any order."""
    if state == row.state or state not in TRANSITIONS[row.state]:
        return False
    return row.move_to(state, on)


def _locked(model, row_id: int, locking: bool):
    """The row, re-read and locked until the commit (``FOR NO KEY UPDATE`` on PostgreSQL, as
    ``bookings.services.lock_run``; SQLite serialises writers). ``locking=False`` only for the control test."""
    query = select(model).where(model.id == row_id).execution_options(populate_existing=True)
    if locking:
        query = query.with_for_update(key_share=True)
    return db.session.scalar(query)


def lock_payment(payment_id: int, *, locking: bool = True) -> Payment:
    return _locked(Payment, payment_id, locking)


def lock_refund(refund_id: int, *, locking: bool = True) -> Refund:
    return _locked(Refund, refund_id, locking)


@dataclass(frozen=True)
class Applied:
    row: Payment | Refund | None
    changed: bool


# --- payments ----------------------------------------------------------------------------------------------


def _retrieve_intent(intent_id: str):
    return _stripe(client().v1.payment_intents.retrieve, intent_id, params={"expand": ["latest_charge"]})


def _paid_on(intent) -> dt.date:
    charge = intent.get("latest_charge")
    return _day(charge.get("created") if charge is not None and not isinstance(charge, str) else None)


def _apply_intent_to(payment: Payment, intent) -> bool:
    state = INTENT_STATES.get(intent.get("status"), State.pending)
    if state == State.succeeded and (intent.get("amount") != payment.amount_cents
                                     or str(intent.get("currency")).lower() != "eur"):
        log.error("PaymentIntent %s succeeded for %s %s, but payment %d is for EUR %d cents: not applied",
                  intent.get("id"), intent.get("amount"), intent.get("currency"), payment.id, payment.amount_cents)
        return False
    return _advance(payment, state, _paid_on(intent))


def apply_intent(intent_id: str, *, locking: bool = True) -> Applied:
    """Apply what Stripe says now of a PaymentIntent to its payment: succeeded, canceled, or else still
    pending. The intent is fetched again (never taken from an event); the payment row is locked while its
    state moves, so concurrent confirmations of one payment apply it once."""
    payment_id = db.session.scalar(select(Payment.id).where(Payment.reference == intent_id,
                                                            Payment.method == Method.stripe))
    if payment_id is None:
        return Applied(None, False)  # not ours (another application on the account, or a test event)
    intent = _retrieve_intent(intent_id)  # before the lock: no row stays locked while Stripe answers
    payment = lock_payment(payment_id, locking=locking)
    changed = _apply_intent_to(payment, intent)
    db.session.flush()
    return Applied(payment, changed)


def _pending_payments(invoice_id: int) -> list[Payment]:
    return db.session.scalars(select(Payment).where(
        Payment.invoice_id == invoice_id, Payment.method == Method.stripe, Payment.state == State.pending,
        Payment.reference.is_not(None)).order_by(Payment.id)).all()


def _cancel_intent(payment: Payment) -> dict:
    """Ask Stripe to cancel an intent that asks for more than is owed now; when Stripe refuses (the payer
    just paid it), what Stripe says of it now. Nothing is locked while Stripe answers."""
    try:
        return client().v1.payment_intents.cancel(
            payment.reference, options={"idempotency_key": f"payment-{payment.id}-cancel"}).to_dict()
    except stripe.InvalidRequestError:
        return _retrieve_intent(payment.reference)
    except stripe.StripeError as e:
        raise StripeUnavailable(_("Online payment is not available right now. Please try again later.")) from e


def _apply_all(answers: list[tuple[Payment, dict]]) -> None:
    """Apply what Stripe answered for each payment, every row locked only while its state moves (after all
    the answers are in, so no lock waits on Stripe)."""
    for payment, intent in answers:
        _apply_intent_to(lock_payment(payment.id), intent)
    db.session.flush()


def start_payment(invoice: Invoice) -> Payment:
    """A pending payment with a PaymentIntent for what the invoice still owes (EUR; card, iDEAL or SEPA Direct
    Debit). An open intent for that amount is reused; one for another amount (a credit note came in between)
    is cancelled, so the payer can never pay an outdated amount on top.

    Stripe is asked first and rows are locked only afterwards, to move their states. Two requests at once ask
    for the same intent (its idempotency key comes from the invoice, the attempt and the amount), and the
    unique reference keeps one payment row for it."""
    if invoice.kind != InvoiceKind.invoice:
        raise NothingToPay(_("A credit note is not paid."))
    answers = [(payment, _retrieve_intent(payment.reference)) for payment in _pending_payments(invoice.id)]
    if any(intent.get("status") not in PAYABLE and intent.get("status") not in INTENT_STATES
           for _payment, intent in answers):
        raise PaymentInProgress(_("A payment for this invoice is being processed. It shows here once it has "
                                  "arrived."))
    arrived = sum(p.amount_cents for p, intent in answers if INTENT_STATES.get(intent.get("status")) == State.succeeded)
    owed = owed_cents(invoice) - arrived
    payable = [(p, intent) for p, intent in answers if intent.get("status") in PAYABLE]
    reusable = next((p for p, _intent in payable if p.amount_cents == owed), None)
    cancelled = {p.id: _cancel_intent(p) for p, _intent in payable if p is not reusable}
    created = None
    if reusable is None and owed > 0:
        attempt = 1 + db.session.scalar(select(func.count()).select_from(Payment).where(
            Payment.invoice_id == invoice.id, Payment.method == Method.stripe))
        created = _stripe(client().v1.payment_intents.create, params={
            "amount": owed, "currency": "eur", "payment_method_types": list(PAYMENT_METHOD_TYPES),
            "metadata": {"invoice_id": str(invoice.id), "invoice_number": invoice.number},
        }, options={"idempotency_key": f"invoice-{invoice.id}-intent-{attempt}-{owed}"})
    _apply_all([(p, cancelled.get(p.id, intent)) for p, intent in answers])
    if owed <= 0:
        raise NothingToPay(_("Nothing is left to pay on this invoice."))
    return reusable or _record_intent(invoice, created, owed)


def _record_intent(invoice: Invoice, intent: dict, amount_cents: int) -> Payment:
    """The pending payment for a new intent; when another request recorded it a moment ago, that one."""
    try:
        with db.session.begin_nested():
            payment = Payment(invoice_id=invoice.id, method=Method.stripe, amount_cents=amount_cents,
                              state=State.pending, reference=intent["id"])
            db.session.add(payment)
    except IntegrityError:
        payment = db.session.scalar(select(Payment).where(Payment.reference == intent["id"]))
    return payment


@dataclass(frozen=True)
class Checkout:
    """What the pay page needs: the payment being made and the intent's client secret for Stripe.js."""

    payment: Payment
    client_secret: str


def checkout(invoice: Invoice) -> Checkout | None:
    """The open payment the payer can pay now (its intent still payable, for what is owed), or None; reads
    only, so the pay page can show it as often as it is opened."""
    owed = owed_cents(invoice)
    for payment in _pending_payments(invoice.id):
        if payment.amount_cents != owed:
            continue
        intent = _retrieve_intent(payment.reference)
        if intent.get("status") in PAYABLE:
            return Checkout(payment, intent.get("client_secret"))
    return None


@jobs.job("payments.apply_open_intents")
def apply_open_intents(invoice_id: int) -> None:
    """Apply what Stripe says now of every open intent of an invoice (the payer came back from paying): all
    answers first, then each payment's row locked to move its state."""
    _apply_all([(payment, _retrieve_intent(payment.reference)) for payment in _pending_payments(invoice_id)])


# --- refunds -----------------------------------------------------------------------------------------------


def refund_for_credit_note(note: Invoice) -> list[Refund]:
    """Give back through Stripe what a credit note leaves overpaid on a Stripe-paid invoice: at most what
    was paid through Stripe, spread over its succeeded payments (newest first). The refunds are recorded now
    as pending and sent to Stripe once the credit note is committed; open intents that now ask too much are
    cancelled then too. A bank transfer is paid back by the issuer, outside Stripe."""
    if not enabled() or note.kind != InvoiceKind.credit_note or note.refers_to_id is None:
        return []
    invoice = db.session.get(Invoice, note.refers_to_id)
    refunds = _plan_refunds(invoice, note)
    stale = [p.id for p in _pending_payments(invoice.id)]
    if refunds or stale:
        jobs.enqueue("payments.settle_credit_note", invoice_id=invoice.id, refund_ids=[r.id for r in refunds])
    return refunds


def _refunded(payment_id: int) -> int:
    """Refunded or being refunded from a payment."""
    return int(db.session.scalar(select(func.coalesce(func.sum(Refund.amount_cents), 0)).where(
        Refund.payment_id == payment_id, Refund.state.in_((State.pending, State.succeeded)))))


def _plan_refunds(invoice: Invoice, note: Invoice) -> list[Refund]:
    being_refunded = int(db.session.scalar(select(func.coalesce(func.sum(Refund.amount_cents), 0)).join(Payment)
                                           .where(Payment.invoice_id == invoice.id, Refund.state == State.pending)))
    overpaid = -owed_cents(invoice) - being_refunded
    refunds = []
    paid = db.session.scalars(select(Payment).where(
        Payment.invoice_id == invoice.id, Payment.method == Method.stripe, Payment.state == State.succeeded)
        .order_by(Payment.id.desc())).all()
    for payment in paid:
        if overpaid <= 0:
            break
        amount = min(overpaid, payment.amount_cents - _refunded(payment.id))
        if amount <= 0:
            continue
        refund = Refund(payment_id=payment.id, credit_note_id=note.id, amount_cents=amount, state=State.pending)
        db.session.add(refund)
        refunds.append(refund)
        overpaid -= amount
    db.session.flush()
    return refunds


@jobs.job("payments.settle_credit_note")
def settle_credit_note(invoice_id: int, refund_ids: list[int]) -> None:
    """After a credit note is committed: ask Stripe for its refunds, and cancel the open intents that now ask
    too much. A failure is left to ``reconcile``, which sends pending refunds again (with the same keys)."""
    for refund_id in refund_ids:
        send_refund(refund_id)
        db.session.commit()  # each refund Stripe made is kept, whatever happens to the next
    owed = owed_cents(db.session.get(Invoice, invoice_id))
    stale = [p for p in _pending_payments(invoice_id) if p.amount_cents != owed]
    _apply_all([(payment, _cancel_intent(payment)) for payment in stale])


def _apply_refund_to(refund: Refund, answer) -> bool:
    if refund.reference is None:
        refund.reference = answer.get("id")  # the one write besides the state: Stripe's id, once known
    return _advance(refund, REFUND_STATES.get(answer.get("status"), State.pending), _day(answer.get("created")))


def send_refund(refund_id: int, *, locking: bool = True) -> Applied:
    """Ask Stripe for a pending refund, or ask again how it went. The key (per credit note and payment)
    makes asking twice safe: Stripe answers with the refund it already made. The row is locked only once
    Stripe has answered, to record it."""
    refund = db.session.get(Refund, refund_id)
    if refund.state != State.pending:
        return Applied(refund, False)
    if refund.reference:
        answer = _stripe(client().v1.refunds.retrieve, refund.reference)
    else:
        key = f"creditnote-{refund.credit_note_id}-refund-{refund.payment_id}" if refund.credit_note_id \
            else f"refund-{refund.id}"
        answer = _stripe(client().v1.refunds.create, params={
            "payment_intent": refund.payment.reference, "amount": refund.amount_cents,
            "metadata": {"refund_id": str(refund.id), "credit_note_id": str(refund.credit_note_id or "")},
        }, options={"idempotency_key": key})
    refund = lock_refund(refund_id, locking=locking)
    changed = _apply_refund_to(refund, answer)
    db.session.flush()
    return Applied(refund, changed)


def apply_refund(stripe_refund_id: str, our_id: object = None, *, locking: bool = True) -> Applied:
    """Apply what Stripe says now of a refund: one of ours by its Stripe id, or, when our commit of that id was
    lost, by ``our_id`` (the event's ``metadata.refund_id``) once the refund fetched again carries it too.
    Refunds that are not ours are left alone without asking Stripe."""
    refund_id = known = db.session.scalar(select(Refund.id).where(Refund.reference == stripe_refund_id))
    hint = str(our_id or "")
    if known is None and hint.isdigit() and len(hint) < 10:
        refund_id = db.session.scalar(select(Refund.id).where(Refund.id == int(hint), Refund.reference.is_(None)))
    if refund_id is None:
        return Applied(None, False)
    answer = _stripe(client().v1.refunds.retrieve, stripe_refund_id)
    if known is None and (answer.get("metadata") or {}).get("refund_id") != str(refund_id):
        return Applied(None, False)
    refund = lock_refund(refund_id, locking=locking)
    changed = _apply_refund_to(refund, answer)
    db.session.flush()
    return Applied(refund, changed)


def send_transfer(payload: dict) -> str:
    """A Stripe Connect transfer of a month's payout (``invoices.payouts.stripe_transfer_payload``), sent with
    its idempotency key; returns the transfer id."""
    params = {key: value for key, value in payload.items() if key != "idempotency_key"}
    return _stripe(client().v1.transfers.create, params, options={"idempotency_key": payload["idempotency_key"]})["id"]
