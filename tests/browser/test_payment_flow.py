"""The demo employer confirms a booking with payment method "online", pays its invoice by card on the pay page
through the Stripe.js stand-in of localstripe, and sees it paid; localstripe's own signed webhook arrives too.

This module has its own live server (Stripe configured, pointed at localstripe, its own SQLite database), so the
session's live server stays without Stripe. The browser keeps the app's Content-Security-Policy (no bypass):
the pay page must be allowed to load Stripe.js and to talk to its API.

The stand-in's card fields are filled as a payer would, but the stand-in does not send them: its
``confirmCardPayment`` only asks the 3-D Secure question (tests/stripe_server.py gives the intent a test card
that needs it), which the payer answers with "Complete authentication"."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from invoices.payments import Payment, State, StripeEvent
from marketplace.core.db import db

from .. import stripe_server
from .conftest import live_demo_server, log_in


@pytest.fixture(scope="module")
def stripe_api():
    with stripe_server.running() as server:
        yield server


@pytest.fixture(scope="module")
def paying_server(tmp_path_factory, stripe_api):
    """A live server with the demo data and Stripe configured; localstripe delivers its webhooks to it."""
    with live_demo_server(tmp_path_factory, "live-pay", **stripe_api.config()) as (app, base):
        stripe_api.send_webhooks_to(f"{base}/payments/stripe/webhook")
        yield app, base


@pytest.fixture
def payer(browser, paying_server):
    context = browser.new_context(base_url=paying_server[1], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def book_and_confirm_online(page, run_id: int, name: str) -> str:
    """Hold a seat on the run for the employee, confirm with payment method stripe; the booking page's URL."""
    page.goto(f"/werkgever/boeken/{run_id}")
    form = page.locator("form", has=page.locator("input[name=employee_ids]"))
    form.get_by_label(re.compile(name)).check()
    form.locator("input[name=waitlist]").uncheck()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    confirm = page.locator("form[action$='/bevestigen']")
    confirm.locator("input[name=payment_method][value=stripe]").check()
    confirm.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert page.locator(".tm-badge.tm-booking--confirmed").is_visible()
    return page.url


def test_the_employer_pays_the_invoice_by_card_and_the_booking_shows_it_paid(payer, paying_server):
    app, _ = paying_server
    log_in(payer, "werkgever@demo.taalmarkt.nl")
    booking_url = book_and_confirm_online(payer, 2, "Dimitrov")
    assert payer.locator(".tm-invoice--open").is_visible()

    payer.locator("a[href$='/betalen']").click()  # "Pay now"
    payer.wait_for_url(re.compile(r"/facturen/\d+/betalen$"))
    payer.locator("#start-payment").click()  # "Pay EUR ... online": the intent is made
    payer.wait_for_url(re.compile(r"/facturen/\d+/betalen$"))
    invoice_id = int(payer.url.split("/")[-2])
    owed = payer.locator("#amount-owed").inner_text()
    assert re.search(r"EUR\s?[\d.,]+", owed) and owed in payer.locator("#pay-button").inner_text()
    card = payer.locator("#card-element")
    card.locator("input").first.wait_for()  # Stripe.js (the stand-in) mounted the card element
    for placeholder, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "30"),
                               ("cvc", "123"), ("postal_code", "3011")):
        card.locator(f"input[placeholder={placeholder}]").fill(value)
    payer.locator("#pay-button").click()
    payer.get_by_role("button", name="Complete authentication").click()  # the stand-in's 3-D Secure question

    payer.wait_for_url(re.compile(r"/facturen/\d+/betaald$"))
    assert payer.locator("#invoice-status").get_attribute("data-status") == "paid"
    assert re.fullmatch(r"EUR\s0\.00", payer.locator("#amount-owed").inner_text())

    payer.goto(booking_url)
    assert payer.locator(".tm-invoice--paid").is_visible()
    assert payer.locator("a[href$='/betalen']").count() == 0

    with app.app_context():  # localstripe's own webhook, signed by localstripe, arrives a second later
        deadline = time.monotonic() + 15
        while db.session.scalar(select(StripeEvent).where(StripeEvent.type == "payment_intent.succeeded")) is None:
            assert time.monotonic() < deadline, "localstripe's webhook did not arrive"
            time.sleep(0.2)
            db.session.rollback()
        assert [p.state for p in db.session.scalars(select(Payment).where(Payment.invoice_id == invoice_id))] == [
            State.succeeded]


def test_a_declined_authentication_leaves_the_invoice_open_to_pay_again(payer, paying_server):
    log_in(payer, "werkgever@demo.taalmarkt.nl")
    book_and_confirm_online(payer, 1, "Georgieva")
    payer.locator("a[href$='/betalen']").click()
    payer.wait_for_url(re.compile(r"/facturen/\d+/betalen$"))
    payer.locator("#start-payment").click()
    payer.wait_for_url(re.compile(r"/facturen/\d+/betalen$"))
    payer.locator("#card-element input").first.wait_for()
    payer.locator("#pay-button").click()
    payer.get_by_role("button", name="Fail authentication").click()
    expect(payer.locator("#pay-error")).to_contain_text("failed authentication")  # the reason, from Stripe
    assert re.search(r"/betalen$", payer.url)
    expect(payer.locator("#pay-button")).to_be_enabled()

    payer.locator("#pay-button").click()  # the same intent, a second try
    payer.get_by_role("button", name="Complete authentication").click()
    payer.wait_for_url(re.compile(r"/facturen/\d+/betaald$"))
    assert payer.locator("#invoice-status").get_attribute("data-status") == "paid"
