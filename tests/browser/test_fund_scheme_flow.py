"""The demo fund writes a scheme of its own in the browser, sees its effect on the enrolments on record and
publishes it; the demo employer then sees it pay on a booking. On its own live server, so the shared demo of
the other browser tests keeps its verdicts. Fields and forms are found by name and action, not by wording."""

import re

import pytest

from .conftest import axe_violations, live_demo_server, log_in


@pytest.fixture(scope="module")
def fund_server(tmp_path_factory):
    with live_demo_server(tmp_path_factory, "funds") as (_app, base):
        yield base


@pytest.fixture
def page(browser, fund_server):
    context = browser.new_context(base_url=fund_server, bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_fund_publishes_a_scheme_and_an_employer_sees_it_pay(page):
    log_in(page, "fonds@demo.taalmarkt.nl")
    page.goto("/fonds/regelingen")
    assert page.locator("table.utrecht-table tbody tr").count() == 1  # the demo's example scheme
    page.locator("a[href$='/fonds/regelingen/nieuw']").click()
    form = page.locator("form", has=page.locator("input[name=name_nl]"))
    form.locator("[name=name_nl]").fill("Taalregeling Haven (test)")
    form.locator("[name=name_en]").fill("Harbour language scheme (test)")
    form.locator("[name=source_url]").fill("https://havenfonds.example/voorwaarden")
    form.locator("input[name=payee][value=employer]").check()
    for name in ("route_nl", "route_en", "evidence_nl", "evidence_en"):
        form.locator(f"[name={name}]").fill("Via het portaal.")
    form.locator("[name=percentage]").fill("100")
    form.locator("[name=cap]").fill("100,00")
    form.locator("input[name=sectors][value=logistics]").check()
    form.locator("input[name=employments][value=employee]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fonds/regelingen/\d+$"))
    scheme_url = page.url
    assert page.locator("#impact-title").is_visible()
    assert axe_violations(page) == []

    page.locator("form[action$='/publiceren'] button[type=submit]").click()
    page.wait_for_url(scheme_url)
    assert page.locator("form[action$='/publiceren']").count() == 0  # nothing left to publish
    assert "Harbour language scheme (test)" in page.locator("h1").inner_text()

    page.context.clear_cookies()
    log_in(page, "werkgever@demo.taalmarkt.nl")
    page.goto("/uitvoeringen/1")
    run_id = page.url.rsplit("/", 1)[1]
    page.locator(f"a[href$='/werkgever/boeken/{run_id}']").click()
    booking = page.locator("form", has=page.locator("input[name=employee_ids]"))
    booking.locator("input[name=employee_ids]").first.check()
    booking.locator("input[name=waitlist]").uncheck()
    booking.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/boekingen/\d+$"))
    assert "Harbour language scheme (test)" in page.content()
