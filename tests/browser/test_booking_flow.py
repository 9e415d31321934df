"""The demo employer finds a run in the catalogue, holds seats for two warehouse staff, confirms on invoice and
sees each learner's subsidy verdicts and own share; and cancels a booking one employee at a time.

Each test books its own run with its own employees (the Monday and Wednesday A1-A2 run with Kowalski and
Nowak, run 1 with the two A0 staff, run 2 with Dimitrov), so none depends on another, nor on the order in
which the browser tests share the live server; none of them is a run the employer flow's matching counts
seats on (the in-company run, and the one with four seats).
The booking pages are found by their forms' actions and fields' names, not by their wording."""

import re

import pytest

from .conftest import AXE, axe_violations, log_in


def hold_seats(page, *names: str) -> None:
    """From the public run page: the employer's book button, the employees by name, then hold."""
    run_id = page.url.rsplit("/", 1)[1]
    page.locator(f"a[href$='/werkgever/boeken/{run_id}']").click()
    page.wait_for_url(re.compile(rf"/werkgever/boeken/{run_id}$"))
    form = page.locator("form", has=page.locator("input[name=employee_ids]"))
    for name in names:
        form.get_by_label(re.compile(name)).check()
    form.locator("input[name=waitlist]").uncheck()  # a full run should fail loudly here, not wait
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert page.locator(".tm-badge.tm-booking--held").is_visible()


def confirm_on_invoice(page) -> None:
    form = page.locator("form[action$='/bevestigen']")
    form.locator("input[name=payment_method][value=invoice]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert page.locator(".tm-badge.tm-booking--confirmed").is_visible()


def learner_rows(page):
    return page.locator("table.utrecht-table tbody tr")


def test_the_employer_books_two_staff_on_a_run_found_in_the_catalogue_and_confirms(page):
    log_in(page, "werkgever@demo.taalmarkt.nl")
    page.goto("/cursussen")
    filters = page.locator("form.tm-search__filters")
    filters.locator("[name=q]").fill("logistiek")
    filters.locator("[name=region]").select_option("AM22")
    filters.locator("[name=level]").select_option("A1")
    for day in ("mon", "wed"):
        filters.locator(f"input[name=weekday][value={day}]").check()
    filters.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cursussen\?"))
    card = page.locator(".tm-result-card", has_text="Nederlands op de werkvloer: logistiek (A1-A2)")
    assert card.count() == 1
    seats = int(re.search(r"(\d+) / 12", card.inner_text()).group(1))
    card.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/uitvoeringen/\d+$"))
    run_url = page.url

    hold_seats(page, "Kowalski", "Nowak")
    assert [row.locator("td").first.inner_text() for row in learner_rows(page).all()] == [
        "Piotr Kowalski", "Agnieszka Nowak"]
    confirm_on_invoice(page)

    rows = learner_rows(page)
    assert rows.count() == 2
    for row, name in zip(rows.all(), ("Piotr Kowalski", "Agnieszka Nowak"), strict=True):
        cells = row.locator("td")
        assert cells.nth(0).inner_text() == name
        assert cells.nth(3).locator(".tm-badge").count() >= 1  # a verdict per subsidy scheme
        assert re.search(r"EUR\s?[\d.,]+", cells.nth(4).inner_text())  # the own share
    assert page.locator("table.utrecht-table tfoot").is_visible()  # the totals over both seats
    assert page.locator("form[action$='/bevestigen']").count() == 0

    page.goto(run_url)  # the two seats are taken
    assert re.search(rf"\b{seats - 2} of 12\b", page.locator(".tm-facts").inner_text())


def test_the_employer_cancels_one_employee_and_then_the_rest(page):
    log_in(page, "werkgever@demo.taalmarkt.nl")
    page.goto("/uitvoeringen/1")
    hold_seats(page, "Wiśniewski", "Georgieva")
    confirm_on_invoice(page)

    cancel = page.locator("form[action$='/annuleren']")
    cancel.get_by_label(re.compile("Georgieva")).check()
    cancel.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert page.locator(".tm-badge.tm-booking--confirmed").is_visible()  # one seat is still booked
    statuses = {row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
                for row in learner_rows(page).all()}
    assert statuses["Elena Georgieva"].startswith("cancelled")
    assert statuses["Marek Wiśniewski"].startswith("confirmed")
    remaining = page.locator("form[action$='/annuleren'] input[name=employee_ids]")
    assert remaining.count() == 1  # only Wiśniewski can still be cancelled

    page.locator("form[action$='/annuleren'] button[type=submit]").click()  # none chosen: the whole booking
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert page.locator(".tm-badge.tm-booking--cancelled").is_visible()
    assert page.locator("form[action$='/annuleren']").count() == 0
    events = page.locator("ol.tm-timeline > li")
    assert events.count() == 4
    texts = [e.inner_text() for e in events.all()]
    assert "Seats held" in texts[0] and "Marek Wiśniewski" in texts[0] and "Elena Georgieva" in texts[0]
    assert "Booking confirmed" in texts[1]
    assert "Cancelled" in texts[2] and "Elena Georgieva" in texts[2] and "Wiśniewski" not in texts[2]
    assert "Cancelled" in texts[3] and "Marek Wiśniewski" in texts[3]
    assert all("Sanne de Vries" in text for text in texts)  # each step by the employer's user


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)")
def test_the_booking_pages_have_no_serious_accessibility_violations(page):
    log_in(page, "werkgever@demo.taalmarkt.nl")
    page.goto("/werkgever/boeken/2")
    assert axe_violations(page) == []
    page.goto("/uitvoeringen/2")
    hold_seats(page, "Dimitrov")
    assert axe_violations(page) == []
    confirm_on_invoice(page)
    assert axe_violations(page) == []
