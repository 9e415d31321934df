"""Paying invoices through Stripe, against localstripe (a local Stripe stand-in, tests/stripe_server.py): the pay
page, webhooks (once, in any order, signed), refunds for credit notes, reconciliation, idempotency keys, and
two confirmations of one payment at the same moment on PostgreSQL (with its control twin)."""

from __future__ import annotations

import contextlib
import os
import re
import threading

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from invoices import stripe_events, stripe_gateway
from invoices.models import Invoice
from invoices.payments import Method, Payment, Refund, State, StripeEvent
from marketplace.bookings import services
from marketplace.bookings.models import PaymentMethod
from marketplace.core.access import Actor
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.accounts.models import Role, User
from marketplace.tenancy.organisations.models import Organisation

from . import stripe_server
from .booking_world import a_run, staff
from .factories import build_world, make_token
from .race_database import own_database_app
from .test_bookings import book

SEAT = 45000  # a_run's price per seat, VAT exempt: the employer (no fund) owes it all


@pytest.fixture(scope="session")
def stripe_api():
    with stripe_server.running() as server:
        yield server


@pytest.fixture
def stripe_app(app, stripe_api, monkeypatch):
    """The test app, pointed at localstripe for this test."""
    for name, value in stripe_api.config().items():
        monkeypatch.setitem(app.config, name, value)
    return app


@pytest.fixture
def employer(client, world):
    client.login(world.employer_owner.email)
    return make_token(world.employer_owner, world.employer)


def booked_online(client, token, world, seats: int = 2, **run) -> dict:
    """A booking of ``seats`` of the employer's staff, confirmed with payment method stripe."""
    people = staff(world.employer, seats)
    course_run = a_run(world.provider, capacity=4, **run)
    commit()
    booking = book(client, token, course_run, people).json
    confirmed = client.api("POST", f"/api/v1/bookings/{booking['id']}/confirm", token,
                           json={"payment_method": "stripe"})
    assert confirmed.status_code == 200, confirmed.json
    return client.api("GET", f"/api/v1/bookings/{booking['id']}", token).json


def open_pay_page(client, invoice_id: int) -> str:
    """Open the pay page and start paying; the id of the PaymentIntent it made (from the client secret the
    card form hands Stripe.js)."""
    started = client.submit(f"/facturen/{invoice_id}/betalen", {})
    assert started.status_code == 303, started.text
    page = client.get(f"/facturen/{invoice_id}/betalen")
    assert page.status_code == 200, page.text
    secret = re.search(r'data-client-secret="([^"]+)"', page.text).group(1)
    return secret.split("_secret_")[0]


def invoice_json(client, token, invoice_id: int) -> dict:
    return client.api("GET", f"/api/v1/invoices/{invoice_id}", token).json


def payment(intent_id: str) -> Payment:
    return db.session.scalar(select(Payment).where(Payment.reference == intent_id))


def localstripe_event(stripe_api, kind: str, intent_id: str) -> dict:
    """The event localstripe itself made when the intent changed."""
    events = stripe_api.client().v1.events.list(params={"type": kind, "limit": 100}).auto_paging_iter()
    return next(e.to_dict() for e in events if e.data.object.id == intent_id)


def deliver(client, event: dict, **signing):
    body, signature = stripe_server.signed(event, **signing)
    return client.post("/payments/stripe/webhook", data=body, headers={"Stripe-Signature": signature},
                       content_type="application/json")


def test_an_employer_pays_an_invoice_by_card_and_the_webhook_makes_it_paid(client, world, stripe_app, stripe_api,
                                                                            employer):
    booking = booked_online(client, employer, world, seats=2)
    invoice_id = booking["invoice_ids"][0]
    booking_page = client.get(f"/boekingen/{booking['id']}").text
    assert f'href="/facturen/{invoice_id}/betalen"' in booking_page  # the "Pay now" link

    intent_id = open_pay_page(client, invoice_id)
    assert (payment(intent_id).method, payment(intent_id).state, payment(intent_id).amount_cents) == (
        Method.stripe, State.pending, 2 * SEAT)
    intent = stripe_api.client().v1.payment_intents.retrieve(intent_id)
    assert (intent.amount, intent.currency) == (90000, "eur")
    assert intent.metadata.to_dict() == {"invoice_id": str(invoice_id),
                                         "invoice_number": invoice_json(client, employer, invoice_id)["number"]}

    assert stripe_api.pay(intent_id)["status"] == "succeeded"
    assert invoice_json(client, employer, invoice_id)["status"] == "open"  # Stripe has it; we wait for word
    answer = deliver(client, localstripe_event(stripe_api, "payment_intent.succeeded", intent_id))
    assert answer.status_code == 200 and answer.json == {"received": "applied"}

    body = invoice_json(client, employer, invoice_id)
    assert (body["status"], body["paid_cents"]) == ("paid", 90000)
    assert payment(intent_id).state == State.succeeded and payment(intent_id).received_on is not None
    booking_page = client.get(f"/boekingen/{booking['id']}").text
    assert "tm-invoice--paid" in booking_page and f"/facturen/{invoice_id}/betalen" not in booking_page
    assert "nothing_to_pay" not in client.get(f"/facturen/{invoice_id}/betalen").text  # a page, not an error
    assert "data-client-secret" not in client.get(f"/facturen/{invoice_id}/betalen").text


def test_the_return_page_applies_the_payment_before_any_webhook(client, world, stripe_app, stripe_api, employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    page = client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True)
    assert page.status_code == 200 and 'data-status="paid"' in page.text
    assert payment(intent_id).state == State.succeeded


def test_opening_the_pay_page_again_reuses_the_intent_and_a_credit_note_cancels_one_for_the_old_amount(
        client, world, stripe_app, stripe_api, employer):
    booking = booked_online(client, employer, world, seats=2, days_ahead=8, deadline_days=1)  # late: 50% fee
    invoice_id = booking["invoice_ids"][0]
    first = open_pay_page(client, invoice_id)
    assert open_pay_page(client, invoice_id) == first
    assert db.session.scalar(select(func.count()).select_from(Payment).where(Payment.invoice_id == invoice_id)) == 1

    cancelled = client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", employer,
                           json={"employee_ids": [booking["enrolments"][0]["employee_id"]]})
    assert cancelled.status_code == 200, cancelled.json
    assert payment(first).state == State.canceled  # it asked EUR 900; EUR 675 is owed now
    assert stripe_api.client().v1.payment_intents.retrieve(first).status == "canceled"
    second = open_pay_page(client, invoice_id)
    assert second != first and payment(second).amount_cents == 2 * SEAT - SEAT // 2


def test_a_webhook_delivered_ten_times_changes_the_payment_once(client, world, stripe_app, stripe_api, employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    event = localstripe_event(stripe_api, "payment_intent.succeeded", intent_id)
    answers = [deliver(client, event) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 10
    assert [a.json["received"] for a in answers] == ["applied"] + ["duplicate"] * 9
    assert db.session.scalar(select(func.count()).select_from(StripeEvent).where(StripeEvent.id == event["id"])) == 1
    assert invoice_json(client, employer, invoice_id)["paid_cents"] == SEAT


def test_events_in_any_order_end_in_the_state_stripe_reports_now(client, world, stripe_app, stripe_api, employer):
    declined = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, declined)
    snapshot = stripe_api.client().v1.payment_intents.retrieve(intent_id).to_dict()
    # a forged or stale "succeeded" for an intent nobody paid: we ask Stripe, and it is still open
    deliver(client, stripe_server.event("payment_intent.succeeded", {**snapshot, "status": "succeeded"}))
    assert payment(intent_id).state == State.pending
    # a declined card leaves the payment open: the payer may try again on the same intent
    with pytest.raises(Exception, match="declined"):
        stripe_api.pay(intent_id, card="pm_card_chargeCustomerFail")
    deliver(client, localstripe_event(stripe_api, "payment_intent.payment_failed", intent_id))
    assert payment(intent_id).state == State.pending
    assert open_pay_page(client, declined) == intent_id

    paid = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, paid)
    snapshot = stripe_api.client().v1.payment_intents.retrieve(intent_id).to_dict()
    stripe_api.pay(intent_id)
    deliver(client, localstripe_event(stripe_api, "payment_intent.succeeded", intent_id))
    assert payment(intent_id).state == State.succeeded
    # older events arriving late change nothing: the state only moves forward
    for kind, status in (("payment_intent.processing", "processing"),
                         ("payment_intent.payment_failed", "requires_payment_method"),
                         ("payment_intent.canceled", "canceled")):
        assert deliver(client, stripe_server.event(kind, {**snapshot, "status": status})).status_code == 200
    assert payment(intent_id).state == State.succeeded
    assert invoice_json(client, employer, paid)["status"] == "paid"


def test_a_bad_signature_is_refused_with_400_and_changes_nothing(client, world, stripe_app, stripe_api, employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    event = localstripe_event(stripe_api, "payment_intent.succeeded", intent_id)
    body, _ = stripe_server.signed(event)
    refused = [
        deliver(client, event, secret="whsec_someone_else"),
        deliver(client, event, at=1_700_000_000),  # an old signature, replayed
        client.post("/payments/stripe/webhook", data=body, content_type="application/json"),  # unsigned
        client.post("/payments/stripe/webhook", data=body, headers={"Stripe-Signature": "t=1,v1=00"}),
        client.post("/payments/stripe/webhook", data=b"\xff\xfe", headers={"Stripe-Signature": "garbage"}),
    ]
    assert [r.status_code for r in refused] == [400] * 5
    assert all(r.json["error"]["code"] == "bad_signature" for r in refused)
    assert payment(intent_id).state == State.pending
    assert db.session.get(StripeEvent, event["id"]) is None
    # signed with our secret, but not an event: bad input or nothing to do, never a 500
    for odd, expected in ((b"[1, 2]", 400), (b'"text"', 400), (b"{}", 200), (b'{"id": 5, "type": []}', 200),
                          (b'{"id": "evt_odd", "type": "payment_intent.succeeded", "data": 1}', 200)):
        payload, signature = stripe_server.signed(odd)
        answer = client.post("/payments/stripe/webhook", data=payload, headers={"Stripe-Signature": signature})
        assert answer.status_code == expected, odd


def test_the_webhook_and_the_pay_pages_are_404_while_stripe_is_not_configured(client, world, employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    assert client.get(f"/facturen/{invoice_id}/betalen").status_code == 404
    assert client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True).status_code == 404
    body, signature = stripe_server.signed(stripe_server.event("payment_intent.succeeded", {"id": "pi_x"}))
    assert client.post("/payments/stripe/webhook", data=body, headers={"Stripe-Signature": signature}).status_code \
        == 404
    booking_id = int(db.session.get(Invoice, invoice_id).source.split(":")[1])
    assert "/betalen" not in client.get(f"/boekingen/{booking_id}").text


def test_only_members_of_the_recipient_open_the_pay_page(client, world, stripe_app, employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    client.logout()
    for user, expected in ((world.other_owner, 404), (world.provider_owner, 403), (world.employer_viewer, 403)):
        client.login(user.email)
        assert client.get(f"/facturen/{invoice_id}/betalen").status_code == expected, user.email
        client.logout()
    assert db.session.scalar(select(func.count()).select_from(Payment).where(Payment.invoice_id == invoice_id)) == 0


def test_the_pay_page_alone_may_load_stripe_js_and_its_frames(client, world, stripe_app, stripe_api, employer,
                                                               monkeypatch):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    open_pay_page(client, invoice_id)
    page = client.get(f"/facturen/{invoice_id}/betalen")
    csp = page.headers["Content-Security-Policy"]
    assert f"script-src 'self' {stripe_api.base}" in csp and f"connect-src 'self' {stripe_api.base}" in csp
    assert f"frame-src 'self' {stripe_api.base}" in csp and "unsafe-inline" not in csp
    assert f'<script src="{stripe_api.base}/js.stripe.com/v3/"></script>' in page.text
    assert stripe_api.base not in client.get("/facturen").headers["Content-Security-Policy"]
    monkeypatch.setitem(stripe_app.config, "STRIPE_API_BASE", None)  # Stripe's own
    with stripe_app.test_request_context():
        sources = stripe_gateway.csp_sources()
    assert sources == {"script-src": ("https://js.stripe.com",), "connect-src": ("https://api.stripe.com",),
                       "frame-src": ("https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com")}


def test_cancelling_a_card_paid_seat_refunds_the_credit_note_under_the_terms(client, world, stripe_app, stripe_api,
                                                                              employer):
    booking = booked_online(client, employer, world, seats=2, days_ahead=8, deadline_days=1)  # late: 50% fee
    invoice_id = booking["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True)
    assert invoice_json(client, employer, invoice_id)["paid_cents"] == 90000

    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", employer,
               json={"employee_ids": [booking["enrolments"][0]["employee_id"]]})
    note_id = client.api("GET", f"/api/v1/bookings/{booking['id']}", employer).json["invoice_ids"][1]
    assert invoice_json(client, employer, note_id)["due_cents"] == -22500  # the seat less its 50% fee

    refund = db.session.scalar(select(Refund).where(Refund.credit_note_id == note_id))
    assert (refund.amount_cents, refund.state, refund.payment_id) == (22500, State.succeeded, payment(intent_id).id)
    at_stripe = stripe_api.client().v1.refunds.retrieve(refund.reference)
    assert (at_stripe.amount, at_stripe.payment_intent, at_stripe.status) == (22500, intent_id, "succeeded")
    body = invoice_json(client, employer, invoice_id)
    assert (body["paid_cents"], body["status"]) == (67500, "paid")  # kept one seat and paid the fee

    # a refund.updated webhook for it (or a redelivery) changes nothing more
    deliver(client, stripe_server.event("refund.updated", at_stripe.to_dict()))
    assert db.session.scalar(select(func.count()).select_from(Refund).where(Refund.credit_note_id == note_id)) == 1


def test_a_free_cancellation_of_the_whole_booking_refunds_everything_paid(client, world, stripe_app, stripe_api,
                                                                           employer):
    booking = booked_online(client, employer, world, seats=2, days_ahead=40)  # early: free
    invoice_id = booking["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True)
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", employer, json={})
    refunds = db.session.scalars(select(Refund).join(Payment).where(Payment.invoice_id == invoice_id)).all()
    assert [(r.amount_cents, r.state) for r in refunds] == [(90000, State.succeeded)]
    assert invoice_json(client, employer, invoice_id)["status"] == "credited"


def test_a_refund_webhook_completes_a_refund_whose_stripe_id_we_never_stored(client, world, stripe_app, stripe_api,
                                                                              employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)
    client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True)
    pending = Refund(payment_id=payment(intent_id).id, amount_cents=5000, state=State.pending)
    db.session.add(pending)
    commit()
    # Stripe made it, then our commit of its id was lost (a crash): only its metadata knows our row
    made = stripe_api.client().v1.refunds.create(params={
        "payment_intent": intent_id, "amount": 5000, "metadata": {"refund_id": str(pending.id)}}).to_dict()
    stranger = {**made, "id": "re_not_ours", "metadata": {}}
    assert deliver(client, stripe_server.event("refund.updated", stranger)).json == {"received": "ignored"}
    assert deliver(client, stripe_server.event("refund.updated", made)).json == {"received": "applied"}
    db.session.expire_all()
    assert (db.session.get(Refund, pending.id).state, db.session.get(Refund, pending.id).reference) == (
        State.succeeded, made["id"])
    assert invoice_json(client, employer, invoice_id)["paid_cents"] == SEAT - 5000


def reconcile(app):
    """`taalmarkt payments reconcile` (the `taalmarkt` group pushes the app context the same way)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["payments", "reconcile"])


def test_reconcile_repairs_payments_and_refunds_that_differ_from_stripe(client, world, stripe_app, stripe_api,
                                                                       employer):
    invoice_id = booked_online(client, employer, world, seats=1)["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    stripe_api.pay(intent_id)  # paid, but the webhook never arrives and the payer closes the tab
    lost = Refund(payment_id=payment(intent_id).id, amount_cents=1000, state=State.pending)  # never sent: a crash
    db.session.add(lost)
    commit()
    assert invoice_json(client, employer, invoice_id)["status"] == "open"

    result = reconcile(stripe_app)
    assert result.exit_code == 0, result.output
    assert "payments checked 1, changed 1; refunds checked 1, changed 1; errors 0" in result.output
    db.session.expire_all()
    assert payment(intent_id).state == State.succeeded
    assert db.session.get(Refund, lost.id).state == State.succeeded and db.session.get(Refund, lost.id).reference
    assert invoice_json(client, employer, invoice_id)["paid_cents"] == SEAT - 1000

    again = reconcile(stripe_app)
    assert "payments checked 0, changed 0; refunds checked 0, changed 0; errors 0" in again.output


def test_every_stripe_call_that_creates_something_carries_an_idempotency_key_made_from_our_ids(
        client, world, stripe_app, stripe_api, employer):
    before = len(stripe_api.requests())
    booking = booked_online(client, employer, world, seats=2, days_ahead=8, deadline_days=1)
    invoice_id = booking["invoice_ids"][0]
    intent_id = open_pay_page(client, invoice_id)
    open_pay_page(client, invoice_id)  # reused: nothing new is created
    stripe_api.pay(intent_id)
    client.get(f"/facturen/{invoice_id}/terug", follow_redirects=True)
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", employer,
               json={"employee_ids": [booking["enrolments"][0]["employee_id"]]})
    note_id = client.api("GET", f"/api/v1/bookings/{booking['id']}", employer).json["invoice_ids"][1]

    posts = [(r["path"], r["idempotency_key"]) for r in stripe_api.requests()[before:] if r["method"] == "POST"]
    assert posts == [("/v1/payment_intents", f"invoice-{invoice_id}-intent-1-90000"),
                     ("/v1/refunds", f"creditnote-{note_id}-refund-{payment(intent_id).id}")]


def test_the_webhook_needs_no_csrf_token_and_no_login_and_ignores_events_it_does_not_use(client, stripe_app):
    body, signature = stripe_server.signed(stripe_server.event("customer.created", {"id": "cus_1"}))
    answer = client.post("/payments/stripe/webhook", data=body, headers={"Stripe-Signature": signature})
    assert answer.status_code == 200 and answer.json == {"received": "ignored"}


# --- two confirmations of one payment at the same moment (PostgreSQL) --------------------------------------

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
CONFIRMERS = 6


@pytest.fixture(scope="module")
def race_app(stripe_api):
    with own_database_app("taalmarkt_pay_race", **stripe_api.config()) as app:
        yield app


@pytest.fixture(scope="module")
def race_world(race_app):
    with race_app.test_request_context():
        world = build_world()
        commit()
        return world.provider.id, world.employer.id, world.employer_owner.id


def paid_at_stripe(app, race_world, stripe_api) -> str:
    """A booking confirmed with payment method stripe whose invoice was paid at Stripe; nothing applied yet."""
    provider_id, employer_id, owner_id = race_world
    with app.test_request_context():
        employer = db.session.get(Organisation, employer_id)
        actor = Actor(db.session.get(User, owner_id), employer, Role.owner)
        run = a_run(db.session.get(Organisation, provider_id))
        booking = services.book_seats(actor, services.BookingRequest(run.id, (staff(employer, 1)[0].id,)))
        services.confirm(actor, booking, PaymentMethod.stripe)
        invoice = db.session.scalar(select(Invoice).where(Invoice.source == f"booking:{booking.id}"))
        intent_id = stripe_gateway.start_payment(invoice).reference
        commit()
    stripe_api.pay(intent_id)
    return intent_id


def confirm_at_once(app, intent_id: str, monkeypatch, *, locking: bool) -> list:
    """CONFIRMERS threads (webhook deliveries, the return page) apply the same payment at the same moment: each
    waits at a barrier just before taking the payment's lock."""
    barrier = threading.Barrier(CONFIRMERS)
    real = stripe_gateway.lock_payment

    def at_the_barrier(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)  # with the lock, the others queue behind it and time out here
        return real(*args, **kwargs)

    monkeypatch.setattr(stripe_gateway, "lock_payment", at_the_barrier)
    results: list = [None] * CONFIRMERS

    def confirm(i: int) -> None:
        try:
            with app.test_request_context():
                results[i] = stripe_gateway.apply_intent(intent_id, locking=locking).changed
                commit()
        except Exception as e:  # noqa: BLE001 - reported to the test
            results[i] = e

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(CONFIRMERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.own_database
def test_concurrent_confirmations_of_one_payment_apply_it_exactly_once(race_app, race_world, stripe_api, monkeypatch):
    intent_id = paid_at_stripe(race_app, race_world, stripe_api)
    changed = confirm_at_once(race_app, intent_id, monkeypatch, locking=True)
    assert sorted(changed) == [False] * (CONFIRMERS - 1) + [True]
    with race_app.app_context():
        assert payment(intent_id).state == State.succeeded


@pytest.mark.postgres
@pytest.mark.own_database
def test_control_without_the_lock_the_payment_is_applied_more_than_once(race_app, race_world, stripe_api,
                                                                         monkeypatch):
    intent_id = paid_at_stripe(race_app, race_world, stripe_api)
    changed = confirm_at_once(race_app, intent_id, monkeypatch, locking=False)
    assert [c for c in changed if isinstance(c, Exception)] == []
    assert changed.count(True) > 1


# --- no row stays locked while Stripe answers (PostgreSQL) -------------------------------------------------

WATCHED_TABLES = ("invoices", "payments", "refunds")


class LockWatch:
    """Stands between the gateway and the Stripe client: before every call to Stripe, another connection tries
    to lock each invoice, payment and refund row without waiting. A row the caller holds locked at that
    moment is a finding."""

    def __init__(self, url: str):
        self.engine = create_engine(url)
        self.calls = 0
        self.findings: list[str] = []

    def check(self, call: str) -> None:
        self.calls += 1
        with self.engine.connect() as conn:
            for table in WATCHED_TABLES:
                try:
                    with conn.begin_nested():
                        conn.execute(text(f"SELECT id FROM {table} FOR UPDATE NOWAIT"))  # noqa: S608
                except OperationalError:
                    self.findings.append(f"{table} locked during {call}")
            conn.rollback()

    def wrap(self, target, path: str = "stripe"):
        watch = self

        class Watched:
            def __getattr__(self, name):
                value = getattr(target, name)
                if name in ("create", "retrieve", "cancel", "update", "list"):
                    def call(*args, **kwargs):
                        watch.check(f"{path}.{name}")
                        return value(*args, **kwargs)
                    return call
                return watch.wrap(value, f"{path}.{name}")

        return Watched()


@pytest.fixture
def lock_watch(race_app, monkeypatch):
    watch = LockWatch(race_app.config["DATABASE_URL"])
    real = stripe_gateway.client
    monkeypatch.setattr(stripe_gateway, "client", lambda: watch.wrap(real()))
    yield watch
    watch.engine.dispose()


@pytest.mark.postgres
@pytest.mark.own_database
def test_no_row_is_locked_while_stripe_answers(race_app, race_world, stripe_api, lock_watch):
    """Paying, a credit note that makes the open intent stale, paying again, a refund, the webhook's and the
    return's confirmations, and the reconciliation: Stripe is asked while no invoice, payment or refund row is
    locked, so a slow Stripe makes nobody wait."""
    provider_id, employer_id, owner_id = race_world
    with race_app.test_request_context():
        employer = db.session.get(Organisation, employer_id)
        actor = Actor(db.session.get(User, owner_id), employer, Role.owner)
        run = a_run(db.session.get(Organisation, provider_id), days_ahead=8, deadline_days=1)
        people = staff(employer, 2)
        booking = services.book_seats(actor, services.BookingRequest(run.id, tuple(p.id for p in people)))
        services.confirm(actor, booking, PaymentMethod.stripe)
        invoice = db.session.scalar(select(Invoice).where(Invoice.source == f"booking:{booking.id}"))
        commit()
        first = stripe_gateway.start_payment(invoice).reference
        commit()
        services.cancel(actor, booking, (people[1].id,))  # a credit note: the open intent asks too much now
        commit()  # its job cancels the stale intent at Stripe
        second = stripe_gateway.start_payment(invoice).reference
        commit()
        stripe_api.pay(second)
        stripe_gateway.apply_open_intents(invoice.id)  # the payer is back
        commit()
        services.cancel(actor, booking)  # the last seat: a refund of what was paid, less the fee
        commit()
        stripe_events.reconcile()
    assert first != second
    with race_app.app_context():
        assert [p.state for p in db.session.scalars(select(Payment).where(Payment.invoice_id == invoice.id)
                                                    .order_by(Payment.id))] == [State.canceled, State.succeeded]
        assert db.session.scalar(select(func.count()).select_from(Refund)) >= 1
    assert lock_watch.calls == 5  # create, cancel the stale one, create, retrieve on return, refund
    assert lock_watch.findings == []


@pytest.mark.postgres
@pytest.mark.own_database
def test_control_the_lock_watch_sees_a_row_locked_across_a_stripe_call(race_app, race_world, stripe_api,
                                                                        lock_watch):
    intent_id = paid_at_stripe(race_app, race_world, stripe_api)
    with race_app.app_context():
        payment_id = db.session.scalar(select(Payment.id).where(Payment.reference == intent_id))
        stripe_gateway.lock_payment(payment_id)  # held ...
        stripe_gateway._retrieve_intent(intent_id)  # ... while Stripe answers
        db.session.rollback()
    assert lock_watch.findings == ["payments locked during stripe.v1.payment_intents.retrieve"]
