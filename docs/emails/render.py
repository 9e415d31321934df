"""Sample learner invitations in the six learner languages, for docs/emails/ (see README.md there).

Builds the demo world on a throw-away SQLite database on a fixed day, books six warehouse staff of the demo
employer (one per language) onto one demo run through the service layer, confirms, and renders each
learner's invitation as it is mailed: HTML, plain text, the calendar file, and a PNG of the HTML by headless
Chromium. Run from the project root: ``.venv/bin/python docs/emails/render.py``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from marketplace import create_app  # noqa: E402
from marketplace.app.migrate import upgrade  # noqa: E402
from marketplace.bookings import learners, services  # noqa: E402
from marketplace.core.access import Actor  # noqa: E402
from marketplace.core.db import db  # noqa: E402
from marketplace.employers.models import Employee, Employment  # noqa: E402
from marketplace.employers.services import EmployeeInput, add_employee  # noqa: E402
from marketplace.seed.demo import load_demo  # noqa: E402
from marketplace.tenancy.accounts.models import Membership, Role  # noqa: E402
from marketplace.tenancy.organisations.models import Organisation  # noqa: E402
from marketplace.tenancy.regions.loader import sync_regions  # noqa: E402
from providers.catalogue import Course, CourseRun  # noqa: E402
from providers.vocabulary import Cefr  # noqa: E402

#: the demo's "today": the runs' dates count from it, so the samples only change when the texts do
TODAY = dt.date(2030, 9, 2)
NOW = dt.datetime.combine(TODAY, dt.time(8, 0), dt.UTC)
EMPLOYER = "90000001"  # Havenlogistiek Rotterdam B.V., werkgever@demo.taalmarkt.nl
COURSE = "Nederlands op de werkvloer: logistiek (A1-A2)"
#: a demo employee per learner language; the demo roster has no Dutch or English speaker, so those two are added
LEARNERS = {"nl": "Bakker", "en": "Mensah", "pl": "Kowalski", "ro": "Popescu", "bg": "Dimitrov", "uk": "Shevchenko"}
ADDED = {"nl": ("Daan", "Bakker"), "en": ("Grace", "Mensah")}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def main() -> None:
    stale = [po for po in (ROOT / "marketplace" / "translations").glob("*/LC_MESSAGES/learner.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        sys.exit("Compile the translations first (make translations): " + ", ".join(str(p) for p in stale))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/emails.db"
        app = create_app({"ENV": "development", "DATABASE_URL": url, "SECRET_KEY": "sample-emails",
                          "OUTBOX_DIR": f"{tmp}/outbox", "BASE_URL": "https://taalmarkt.nl"})
        upgrade(url)
        with app.app_context():
            sync_regions(db.session)
            load_demo(TODAY)
            db.session.commit()
            with app.test_request_context(base_url="https://taalmarkt.nl"):
                mails = invitations()
            app.extensions["taalmarkt.engine"].dispose()
    for lang, mail in mails.items():
        (HERE / f"invitation-{lang}.html").write_text(mail.html, encoding="utf-8")
        (HERE / f"invitation-{lang}.txt").write_text(f"Subject: {mail.subject}\n\n{mail.text}", encoding="utf-8")
    (HERE / "invitation.ics").write_bytes(mails["nl"].attachments[0].content)
    screenshots(list(mails))
    print("Sample invitations written to", HERE)


def invitations() -> dict:
    """Book one learner per language onto the run, confirm, and render each learner's invitation."""
    employer = db.session.scalar(select(Organisation).where(Organisation.kvk_number == EMPLOYER))
    owner = db.session.scalar(select(Membership).where(Membership.organisation_id == employer.id,
                                                       Membership.role == Role.owner)).user
    for lang, (first, last) in ADDED.items():
        add_employee(employer, EmployeeInput(first_name=first, last_name=last, employment=Employment.employee,
                                             preferred_language=lang, cefr_level=Cefr.A1, target_level=Cefr.A2))
    staff = {e.last_name: e for e in db.session.scalars(select(Employee).where(
        Employee.employer_id == employer.id))}
    employees = {lang: staff[name] for lang, name in LEARNERS.items()}
    assert {lang: e.preferred_language for lang, e in employees.items()} == {lang: lang for lang in LEARNERS}
    # the classroom run in Rotterdam on Tuesday and Thursday afternoons (the demo's run 2)
    run = db.session.scalars(select(CourseRun).join(Course).where(Course.title == COURSE,
                                                                  CourseRun.location_id.is_not(None),
                                                                  CourseRun.capacity_max >= len(employees))
                             .order_by(CourseRun.start_date.desc())).first()
    actor = Actor(user=owner, organisation=employer, role=Role.owner)
    booking = services.book_seats(actor, services.BookingRequest(run.id, tuple(e.id for e in employees.values())),
                                  NOW)
    services.confirm(actor, booking, now=NOW)
    run.updated_at = NOW  # the calendar's DTSTAMP
    db.session.commit()
    enrolments = {e.employee_id: e for e in booking.enrolments}
    return {lang: learners.render(booking, enrolments[employee.id], "learner_invitation")
            for lang, employee in employees.items()}


def screenshots(langs: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 800, "height": 600})
        for lang in langs:
            page.goto((HERE / f"invitation-{lang}.html").as_uri())
            page.screenshot(path=HERE / f"invitation-{lang}.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
