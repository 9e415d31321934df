"""Screenshots of the main pages for docs/screenshots/ (`make screenshots`).

Starts the app on a fresh SQLite database with the demo data, logs in as each demo role in headless
Chromium, and saves full-page PNGs next to this file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent / "taalmarkt"
PORT = 5099
ROLES = {
    "employer": "werkgever@demo.taalmarkt.nl",
    "temp-agency": "uitzend@demo.taalmarkt.nl",
    "provider": "aanbieder@demo.taalmarkt.nl",
    "social-partner": "sociaal@demo.taalmarkt.nl",
    "fund": "fonds@demo.taalmarkt.nl",
    "platform-admin": "admin@demo.taalmarkt.nl",
}
PUBLIC = {
    "home": "/", "regions": "/regios", "sign-up": "/aanmelden",
    "search": "/cursussen?region=AM22&weekday=tue&weekday=thu",
    "eligibility-nl": "/subsidie-check?is_temp_agency=yes&cao=ABU&employment=agency_worker&cao_phase=A"
                      "&long_term_sick=no&price=1200&vocational=no&contact_hours=48&cefr_from=A1&cefr_to=A2",
}
#: pages of a role's workspace to capture after logging in, besides the dashboard
WORKSPACE = {
    "provider": {"provider-courses": "/aanbieder/cursussen", "provider-run": "/aanbieder/uitvoeringen/1",
                 "provider-import": "/aanbieder/catalogus/import"},
    "employer": {"employer-roster": "/werkgever/medewerkers"},
    "temp-agency": {"agency-roster": "/werkgever/medewerkers"},
    "fund": {"fund-scheme": "/fonds/regelingen/1"},
    "platform-admin": {"admin-schemes": "/beheer/regelingen"},
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TAALMARKT_ENV": "development", "TAALMARKT_DATABASE_URL": f"sqlite:///{tmp}/shots.db",
               "TAALMARKT_SECRET_KEY": "screenshots"}
        subprocess.run([BIN, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([BIN, "demo"], env=env, check=True, capture_output=True)
        server = subprocess.Popen([BIN, "run", "--port", str(PORT)], env={**env, "FLASK_DEBUG": "0"},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{PORT}"
            for _ in range(50):
                try:
                    urllib.request.urlopen(base, timeout=1)  # noqa: S310 - our own local server
                    break
                except OSError:
                    time.sleep(0.2)
            shoot(base)
        finally:
            server.terminate()


def shoot(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for name, path in PUBLIC.items():
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + path)
            page.screenshot(path=HERE / f"{name}.png", full_page=True)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/taal/en?next=" + PUBLIC["eligibility-nl"])
        page.screenshot(path=HERE / "eligibility-en.png", full_page=True)
        page.close()
        for role, email in ROLES.items():
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/inloggen")
            page.fill("#email", email)
            page.fill("#password", "demo-taalmarkt")
            page.click("form.tm-form button[type=submit]")
            page.wait_for_url("**/dashboard")
            page.screenshot(path=HERE / f"dashboard-{role}.png", full_page=True)
            for name, path in WORKSPACE.get(role, {}).items():
                page.goto(base + path)
                page.screenshot(path=HERE / f"{name}.png", full_page=True)
            if role == "employer":
                matching(page, base)
                booking(page)
            page.close()
        browser.close()
    print("Screenshots written to", HERE)


def matching(page, base: str) -> None:
    """The demo employer's six A1 warehouse staff, free on Tuesday and Thursday 14:00-17:00."""
    page.goto(base + "/werkgever/behoeften/nieuw")
    page.fill("#title", "Magazijnteam, vroege dienst")
    for name in ("Kowalski", "Nowak", "Popescu", "Ionescu", "Dimitrov", "Shevchenko"):
        page.get_by_role("group", name="Medewerkers").get_by_label(name, exact=False).check()
    for i, day in enumerate(("tue", "thu")):
        page.select_option(f"#windows-{i}-weekday", day)
        page.fill(f"#windows-{i}-time_from", "14:00")
        page.fill(f"#windows-{i}-time_to", "17:00")
    page.click("form.tm-form button[type=submit]")
    page.wait_for_url("**/werkgever/behoeften/*")
    page.screenshot(path=HERE / "employer-matches.png", full_page=True)


def booking(page) -> None:
    """From the matches: the first result booked for the same six staff (held), then confirmed on invoice."""
    page.locator(".tm-result-card a[href*='/werkgever/boeken/']").first.click()
    page.wait_for_url("**/werkgever/boeken/*")
    page.click("form.tm-form button[type=submit]")  # the need's employees come ticked
    page.wait_for_url("**/boekingen/*")
    page.screenshot(path=HERE / "booking-held.png", full_page=True)
    page.check("form[action$='/bevestigen'] input[name=payment_method][value=invoice]")
    page.click("form[action$='/bevestigen'] button[type=submit]")
    page.wait_for_selector(".tm-booking--confirmed")
    page.screenshot(path=HERE / "booking-confirmed.png", full_page=True)


if __name__ == "__main__":
    main()
