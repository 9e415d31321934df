"""The foundation in a real browser: home page, log in as the employer, switch language; axe-core checks."""

import re

import pytest

from .conftest import AXE, axe_violations


def test_home_login_as_employer_and_switch_language(page):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert "Nederlands leren" in page.locator("h1").inner_text() or "werktijd" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Inloggen").first.click()
    page.get_by_label("E-mailadres").fill("werkgever@demo.taalmarkt.nl")
    page.get_by_label("Wachtwoord").fill("demo-taalmarkt")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert "Havenlogistiek Rotterdam B.V." in page.content()
    assert "Werkruimte" in page.locator("h1").inner_text()

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Employer workspace" in page.locator("h1").inner_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Log in").first.is_visible()


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)")
@pytest.mark.parametrize("path", ["/", "/inloggen", "/aanmelden", "/regios"])
def test_public_pages_have_no_serious_accessibility_violations(page, path):
    page.goto(path)
    assert axe_violations(page) == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)")
def test_a_sign_up_with_errors_stays_accessible(page):
    page.goto("/aanmelden")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
