"""An employer in Rijnmond with six A1 warehouse staff free on Tuesday and Thursday 14:00-17:00 gets a
ranked list whose first result explains itself, and sees why near misses were left out."""

import re

from .conftest import log_in

A1_STAFF = ["Kowalski", "Nowak", "Popescu", "Ionescu", "Dimitrov", "Shevchenko"]


def test_the_demo_employer_finds_ranked_courses_with_reasons(page):
    log_in(page, "werkgever@demo.taalmarkt.nl")

    page.get_by_role("link", name="New training need").first.click()
    page.get_by_label("Name of the need").fill("Warehouse team, early shift")
    staff = page.get_by_role("group", name="Employees")
    for name in A1_STAFF:
        staff.get_by_label(re.compile(name)).check()
    page.get_by_label("Level now").select_option("A1")
    page.get_by_label("Level to reach").select_option("A2")
    for i, day in enumerate(("tue", "thu")):
        page.locator(f"#windows-{i}-weekday").select_option(day)
        page.locator(f"#windows-{i}-time_from").fill("14:00")
        page.locator(f"#windows-{i}-time_to").fill("17:00")
    page.get_by_role("button", name="Find courses").click()
    page.wait_for_url(re.compile(r"/werkgever/behoeften/\d+$"))

    assert "6 learners" in page.locator(".tm-lead").inner_text()
    first = page.locator(".tm-result-card").first
    text = first.inner_text()
    assert "Nederlands op de werkvloer: logistiek (A1-A2)" in text
    assert "In-company: the teacher comes to your site." in text
    assert "Every lesson falls inside your windows." in text
    assert "expected own share after subsidies" in text
    near = page.locator("h2", has_text="Almost").locator("xpath=following-sibling::ul[1]").inner_text()
    assert "Only 4 seats left for your 6 learners." in near
    assert "lessons on Monday fall outside your windows." in near

    page.get_by_role("link", name="Nederlands", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "nl"
    dutch = page.locator(".tm-result-card").first.inner_text()
    assert "In-company: the teacher comes to your site." not in dutch  # the same result, now in Dutch


def test_the_employer_imports_staff_pasted_from_a_spreadsheet(page):
    log_in(page, "uitzend@demo.taalmarkt.nl")
    page.goto("/werkgever/medewerkers")
    page.get_by_role("link", name="Import a list").click()
    rows = ("voornaam\tachternaam\ttaal\tniveau\tdienstverband\tcao_fase\n"
            "Radu\tMunteanu\tro\tA0\tuitzendkracht\tA\n"
            "Oksana\tKovalenko\tuk\tD1\tuitzendkracht\tB\n")
    page.get_by_label("Or paste rows from a spreadsheet").fill(rows)
    page.get_by_role("button", name="Check the rows").click()
    assert "D1" in page.content()  # the bad level is named on its line
    page.get_by_role("button", name=re.compile("Import only the 1 valid row")).click()
    page.wait_for_url(re.compile(r"/werkgever/medewerkers$"))
    assert "Munteanu, Radu" in page.content()
    assert "Kovalenko" not in page.content()
