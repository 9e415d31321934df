"""What providers are owed: the monthly ledger, the platform's fee invoice, payouts recorded once."""

import datetime as dt
from decimal import Decimal

from invoices.models import Invoice
from invoices.payments import Method, Payment, State, record_bank_payment
from invoices.payouts import ledger, previous_month, settle
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit

from .test_invoices import draft


def an_invoice(world, cents=100000) -> Invoice:
    import dataclasses

    from invoices.document import Line
    from invoices.services import issue

    doc = dataclasses.replace(draft(world.provider, world.employer), lines=(Line("Cursus", 1, cents, "0"),))
    return issue(world.provider, world.employer, doc, "test", dt.date(2026, 10, 1))


def stripe_payment(invoice, cents, on):
    payment = Payment(invoice_id=invoice.id, method=Method.stripe, amount_cents=cents, state=State.pending,
                      reference=f"pi_{invoice.id}_{cents}")
    db.session.add(payment)
    db.session.flush()
    payment.move_to(State.succeeded, on)
    return payment


def test_the_ledger_counts_the_months_payments_less_refunds_and_the_fee(world):
    invoice = an_invoice(world)
    stripe_payment(invoice, 60000, dt.date(2026, 11, 3))
    record_bank_payment(invoice, 40000, dt.date(2026, 11, 20), "BANK-9", None)  # straight to the provider
    stripe_payment(an_invoice(world), 10000, dt.date(2026, 12, 1))  # next month
    month = ledger(world.provider.id, "2026-11", Decimal("5"))
    assert (month.received_cents, month.direct_cents, month.refunded_cents) == (60000, 40000, 0)
    assert month.fee_cents == 5000 and month.payable_cents == 55000


def test_a_month_is_settled_once_with_the_platforms_fee_invoice_and_a_connect_transfer(world):
    world.provider.stripe_account_id = "acct_123"
    stripe_payment(an_invoice(world), 80000, dt.date(2026, 11, 3))
    sent = []

    def transfer(payload):
        sent.append(payload)
        return "tr_1"

    payout = settle(world.provider, "2026-11", Decimal("5"), world.platform, transfer)
    assert (payout.amount_cents, payout.fee_cents, payout.transfer_reference) == (76000, 4000, "tr_1")
    fee = db.session.get(Invoice, payout.fee_invoice_id)
    assert (fee.issuer_id, fee.recipient_id, fee.net_cents, fee.vat_cents) == (world.platform.id, world.provider.id,
                                                                               4000, 840)
    assert sent == [{"amount": 76000, "currency": "eur", "destination": "acct_123",
                     "transfer_group": f"payout-{world.provider.id}-2026-11",
                     "metadata": {"provider_id": str(world.provider.id), "period": "2026-11"},
                     "idempotency_key": f"payout-{world.provider.id}-2026-11"}]
    assert settle(world.provider, "2026-11", Decimal("5"), world.platform, transfer) is payout
    assert len(sent) == 1


def test_a_quiet_month_has_no_payout_and_the_period_before_is_last_month(world):
    assert settle(world.provider, "2026-11", Decimal("5"), world.platform) is None
    assert previous_month(dt.date(2026, 1, 15)) == "2025-12"


def test_the_provider_sees_its_months_and_downloads_a_statement(client, world):
    from .test_invoice_pdf import text_of

    invoice = an_invoice(world)
    today = clock.today()
    stripe_payment(invoice, 60000, today)
    commit()
    client.login(world.provider_owner.email)
    page = client.get("/facturen/uitbetalingen")
    assert page.status_code == 200 and "EUR\xa0600,00" in page.text and "EUR\xa0570,00" in page.text
    pdf = client.get(f"/facturen/uitbetalingen/{today:%Y-%m}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = text_of(pdf.data)
    assert "Uitbetalingsoverzicht" in text and invoice.number in text and "EUR 570,00" in text
    assert client.get("/facturen/uitbetalingen/2026-13.pdf").status_code == 404
    client.logout()
    client.login(world.employer_owner.email)
    assert client.get("/facturen/uitbetalingen").status_code == 403
