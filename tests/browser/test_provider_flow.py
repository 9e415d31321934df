"""A provider lists a realistic course with a 12-week, twice-weekly run in the browser, and publishes it."""

import datetime as dt
import re

from marketplace.core import clock

from .conftest import log_in


def test_a_provider_lists_a_course_with_a_twelve_week_twice_weekly_run(page):
    log_in(page, "aanbieder@demo.taalmarkt.nl")

    page.get_by_role("link", name="New course").click()
    page.get_by_label("Title").fill("Nederlands voor de schoonmaak (A0-A1)")
    page.get_by_label("Description").fill("Praktisch Nederlands voor schoonmakers: instructies, veiligheid en "
                                          "contact met klanten op de werkplek.")
    page.get_by_label("Starting level").select_option("A0")
    page.get_by_label("Target level").select_option("A1")
    page.get_by_label("Contact hours").fill("48")
    page.get_by_label("Form", exact=True).select_option("classroom")
    page.get_by_role("group", name="Support languages").get_by_label("pl", exact=True).check()
    page.get_by_role("group", name="Sector vocabulary").get_by_label("Cleaning").check()
    page.get_by_role("button", name="Save the course").click()
    page.wait_for_url(re.compile(r"/uitvoeringen/nieuw$"))

    first = clock.today() + dt.timedelta(days=40)
    first += dt.timedelta(days=(1 - first.weekday()) % 7)  # a Tuesday
    last = first + dt.timedelta(weeks=12) - dt.timedelta(days=5)  # the Thursday of week 12
    page.get_by_label("At a location").check()
    page.get_by_label("Location", exact=True).select_option(label="Leslokaal Waalhaven")
    page.get_by_role("group", name="Lesson days").get_by_label("Tuesday").check()
    page.get_by_role("group", name="Lesson days").get_by_label("Thursday").check()
    page.get_by_label("Lessons start at").fill("15:30")
    page.get_by_label("Lessons end at").fill("17:30")
    page.get_by_label("First lesson day").fill(first.isoformat())
    page.get_by_label("Last lesson day").fill(last.isoformat())
    page.get_by_label("Price per participant, excl. VAT (EUR)").fill("475,00")
    page.get_by_role("button", name="Save the run").click()
    page.wait_for_url(re.compile(r"/aanbieder/uitvoeringen/\d+$"))
    assert "Tue and Thu 15:30-17:30, 12 weeks" in page.content()
    lessons = page.locator("h2", has_text="lessons").inner_text()
    assert int(lessons.split()[0]) >= 22  # 24 planned, minus public holidays that fall on them

    page.get_by_role("button", name="Publish").click()
    assert "open for booking" in page.content()
    run_url = page.url

    page.goto("/cursussen?region=AM22&weekday=tue&weekday=thu&time_from=15:00&q=schoonmaak")
    card = page.locator(".tm-result-card", has_text="Nederlands voor de schoonmaak")
    assert card.is_visible()
    assert "EUR\xa0475.00" in card.inner_text()
    assert "12 / 12" in card.inner_text()
    assert run_url.rsplit("/", 1)[1] in card.get_by_role("link").first.get_attribute("href")
