"""Invoices and credit notes from bookings: numbers, VAT, the fund's share, and who may see them."""

import datetime as dt

import pytest
from sqlalchemy import select

from invoices.document import Document, Line, Party, build
from invoices.models import Invoice
from invoices.services import issue
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit

from .booking_world import a_run, staff
from .factories import make_org, make_token
from .test_bookings import book


@pytest.fixture
def tokens(world):
    return {"agency": make_token(world.agency_owner, world.agency),
            "employer": make_token(world.employer_owner, world.employer),
            "provider": make_token(world.provider_owner, world.provider),
            "other": make_token(world.other_owner, world.other_employer)}


def booked(client, token, run, people):
    booking = book(client, token, run, people).json
    client.api("POST", f"/api/v1/bookings/{booking['id']}/confirm", token, json={})
    return client.api("GET", f"/api/v1/bookings/{booking['id']}", token).json


def invoice(client, token, invoice_id):
    response = client.api("GET", f"/api/v1/invoices/{invoice_id}", token)
    assert response.status_code == 200, response.json
    return response.json


def test_a_confirmed_booking_is_invoiced_by_the_provider_with_the_funds_share_shown_apart(client, world, tokens):
    run = a_run(world.provider, capacity=4, price=120000)
    people = staff(world.agency, 2)  # agency workers in phase A: Doorzaam pays up to EUR 1,500 each
    commit()
    booking = booked(client, tokens["agency"], run, people)
    assert len(booking["invoice_ids"]) == 1
    body = invoice(client, tokens["agency"], booking["invoice_ids"][0])
    year = clock.today().year
    assert body["kind"] == "invoice" and body["number"] == f"{year}-00001" and body["refers_to"] is None
    assert body["issuer"]["name"] == world.provider.name and body["recipient"]["name"] == world.agency.name
    assert body["issuer"]["kvk_number"] == world.provider.kvk_number
    assert [(line["quantity"], line["unit_cents"], line["vat_rate"]) for line in body["lines"]] == [
        (1, 120000, "0"), (1, 120000, "0")]
    assert (body["net_cents"], body["vat_cents"], body["total_cents"]) == (240000, 0, 240000)
    assert body["paid_by_funds"] == [{"scheme": "doorzaam_taalbudget", "payer": body["paid_by_funds"][0]["payer"],
                                      "amount_cents": 240000}]
    assert body["due_cents"] == body["total_cents"] - 240000 == 0
    assert body["payment_reference"].startswith("RF") and body["status"] == "nothing_due"  # the fund pays it all
    assert invoice(client, tokens["provider"], body["id"])["id"] == body["id"]  # the issuer sees it too


def test_an_employer_without_fund_pays_the_whole_total_and_vocational_courses_without_crkbo_carry_vat(
        client, world, tokens):
    run = a_run(world.provider, capacity=4, price=50000)
    run.course.vocational = True  # aimed at one profession, and the provider is not in CRKBO: 21% VAT
    world.provider.crkbo_registered = False
    people = staff(world.employer, 1)
    commit()
    body = invoice(client, tokens["employer"], booked(client, tokens["employer"], run, people)["invoice_ids"][0])
    assert (body["net_cents"], body["vat_cents"], body["total_cents"], body["due_cents"]) == (50000, 10500, 60500,
                                                                                           60500)
    assert body["lines"][0]["vat_rate"] == "21" and body["paid_by_funds"] == []


def test_cancelling_credits_the_seat_less_its_fee_and_takes_back_the_funds_share(client, world, tokens):
    run = a_run(world.provider, capacity=4, price=45000, days_ahead=8, deadline_days=1)  # late: 50% fee
    people = staff(world.agency, 2)
    commit()
    booking = booked(client, tokens["agency"], run, people)
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", tokens["agency"],
               json={"employee_ids": [people[0].id]})
    ids = client.api("GET", f"/api/v1/bookings/{booking['id']}", tokens["agency"]).json["invoice_ids"]
    assert len(ids) == 2
    original, note = invoice(client, tokens["agency"], ids[0]), invoice(client, tokens["agency"], ids[1])
    assert note["kind"] == "credit_note" and note["refers_to"] == original["id"]
    assert note["number"] == f"{clock.today().year}-00002"
    assert [line["unit_cents"] for line in note["lines"]] == [-22500]  # the price less the 50% fee
    assert note["paid_by_funds"][0]["amount_cents"] == -45000  # the fund pays nothing for a seat not taken
    assert note["due_cents"] == 22500  # so the employer owes the fee
    assert original["due_cents"] + note["due_cents"] == 22500
    assert original["status"] == "open"


def test_a_fully_cancelled_booking_leaves_its_invoice_credited(client, world, tokens):
    run = a_run(world.provider, capacity=4, days_ahead=40)  # early: free
    people = staff(world.employer, 2)
    commit()
    booking = booked(client, tokens["employer"], run, people)
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", tokens["employer"], json={})
    ids = client.api("GET", f"/api/v1/bookings/{booking['id']}", tokens["employer"]).json["invoice_ids"]
    assert invoice(client, tokens["employer"], ids[0])["status"] == "credited"
    assert invoice(client, tokens["employer"], ids[1])["total_cents"] == -invoice(
        client, tokens["employer"], ids[0])["total_cents"]


def test_only_issuer_and_recipient_see_an_invoice(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    assert client.api("GET", f"/api/v1/invoices/{invoice_id}", tokens["other"]).status_code == 404
    assert client.api("GET", f"/api/v1/invoices/{invoice_id}", tokens["agency"]).status_code == 404


def draft(issuer, recipient) -> Document:
    p = Party(issuer.name, issuer.street, issuer.postcode, issuer.city, issuer.kvk_number)
    q = Party(recipient.name, recipient.street, recipient.postcode, recipient.city, recipient.kvk_number)
    return Document(kind="invoice", number="", issue_date=dt.date.min, due_date=dt.date.min, issuer=p, recipient=q,
                    lines=(Line("Cursus", 1, 1000, "0"),), payment_reference="")


def test_numbers_are_gapless_per_issuer_and_year_and_a_rollback_gives_its_number_back(app, world):
    other_provider = make_org(world.provider.kind, name="Tweede School")
    on = dt.date(2026, 12, 30)
    numbers = [issue(world.provider, world.employer, draft(world.provider, world.employer), "t", on).number
               for _ in range(2)]
    assert numbers == ["2026-00001", "2026-00002"]
    assert issue(other_provider, world.employer, draft(other_provider, world.employer), "t", on).number == "2026-00001"
    assert issue(world.provider, world.employer, draft(world.provider, world.employer), "t",
                 dt.date(2027, 1, 2)).number == "2027-00001"
    commit()
    nested = db.session.begin_nested()
    issue(world.provider, world.employer, draft(world.provider, world.employer), "t", on)
    nested.rollback()
    assert issue(world.provider, world.employer, draft(world.provider, world.employer), "t", on).number == "2026-00003"


def test_vat_is_worked_out_per_rate_and_rounded_once():
    d = build(Document(kind="invoice", number="", issue_date=dt.date.min, due_date=dt.date.min,
                       issuer=Party("A", "s", "p", "c", "1"), recipient=Party("B", "s", "p", "c", "2"),
                       lines=(Line("x", 3, 333, "21"), Line("y", 1, 1001, "21"), Line("z", 1, 5000, "0")),
                       payment_reference=""))
    assert d.vat_groups == (("0", 5000, 0), ("21", 2000, 420))
    assert (d.net_cents, d.vat_cents, d.total_cents) == (7000, 420, 7420)
    assert Document.from_dict(d.to_dict()) == d


def test_invoices_are_never_changed_after_issue(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    stored = db.session.scalar(select(Invoice).where(Invoice.id == invoice_id))
    assert stored.frozen.total_cents == stored.total_cents and stored.frozen.number == stored.number


def test_the_provider_records_a_bank_transfer_and_the_invoice_is_paid(client, world, tokens):
    run = a_run(world.provider, price=50000)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    page = f"/facturen/{invoice_id}"
    client.login(world.employer_owner.email)
    assert "Factuur" in client.get(page).text and "Overboeking vastleggen" not in client.get(page).text
    client.logout()
    client.login(world.provider_owner.email)
    wrong = client.submit(page, {"amount": "0", "received_on": "2026-11-20"})
    assert wrong.status_code == 422
    recorded = client.submit(page, {"amount": "300,00", "received_on": "2026-11-20", "reference": "BANK-1"})
    assert recorded.status_code == 302
    assert invoice(client, tokens["employer"], invoice_id)["status"] == "open"
    twice = client.submit(page, {"amount": "200,00", "received_on": "2026-11-21", "reference": "BANK-1"})
    assert twice.status_code == 422 and "al vastgelegd" in twice.text
    client.submit(page, {"amount": "200,00", "received_on": "2026-11-21", "reference": "BANK-2"})
    body = invoice(client, tokens["employer"], invoice_id)
    assert (body["status"], body["paid_cents"]) == ("paid", 50000)
    client.logout()
    client.login(world.employer_owner.email)
    assert client.submit(page, {"amount": "1,00", "received_on": "2026-11-22"}).status_code == 403


def test_an_overdue_invoice_is_reminded_at_intervals_and_never_once_paid(ctx, world, client, tokens, outbox):
    from invoices.payments import record_bank_payment
    from invoices.reminders import REMINDER_DAYS, send_payment_reminders

    run = a_run(world.provider, price=50000)
    people = staff(world.employer, 1)
    commit()
    stored = db.session.get(Invoice, booked(client, tokens["employer"], run, people)["invoice_ids"][0])
    late = stored.due_date + dt.timedelta(days=1)
    assert send_payment_reminders(stored.due_date) == 0  # not yet overdue
    assert send_payment_reminders(late) == 1
    assert send_payment_reminders(late) == 0  # already reminded today
    commit()
    reminders = [m for m in outbox() if m["Subject"].startswith("Betalingsherinnering")]
    assert len(reminders) == 1 and stored.payment_reference in reminders[0].get_body(("plain",)).get_content()
    assert send_payment_reminders(late + dt.timedelta(days=REMINDER_DAYS)) == 1
    record_bank_payment(stored, 50000, late, None, None)
    assert send_payment_reminders(late + dt.timedelta(days=2 * REMINDER_DAYS)) == 0


def test_the_list_of_invoices_takes_the_same_number_of_queries_for_few_and_many(client, world, tokens):
    from sqlalchemy import event

    from invoices.payments import record_bank_payment

    people = staff(world.employer, 4)
    commit()
    client.login(world.employer_owner.email)

    def queries_for_list():
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/facturen").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    booked(client, tokens["employer"], a_run(world.provider), people[:1])
    few = queries_for_list()
    for person in people[1:]:
        ids = booked(client, tokens["employer"], a_run(world.provider), [person])["invoice_ids"]
        record_bank_payment(db.session.get(Invoice, ids[0]), 100, clock.today(), None, None)
    commit()
    assert queries_for_list() == few
