"""One transaction per unit of work: a GET writes nothing, work after the commit runs only for what was
committed, and a refused use case keeps nothing of what it wrote."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import pytest
from flask import has_request_context, request
from sqlalchemy import event, func, insert, select

from invoices.models import Invoice
from marketplace.bookings.models import Booking
from marketplace.core import clock, jobs
from marketplace.core.db import db
from marketplace.core.errors import DomainError
from marketplace.core.jobs import commit
from marketplace.core.mail import OutboxMessage
from marketplace.employers import services
from marketplace.employers.models import Employee, TrainingNeed
from marketplace.funding.fund_schemes import FundScheme
from marketplace.seed.demo import DEMO_PASSWORD, load_demo
from marketplace.tenancy.accounts.models import ApiToken, User
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import Course, CourseRun, Lesson
from providers.models import Location, QualityMark
from providers.vocabulary import Cefr

from .factories import make_token

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextlib.contextmanager
def writes_during_gets(app):
    """Every INSERT, UPDATE or DELETE made while a GET request was being answered, except by the jobs that
    run after its commit."""
    found: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in WRITES and has_request_context() and request.method == "GET" and jobs.running() is None:
            found.append(f"GET {request.path}: {' '.join(statement.split())[:90]}")

    engine = app.extensions["taalmarkt.engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", record)


def first(model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id))


def get_urls(app) -> list[str]:
    """Every GET page and API endpoint, with ids of the demo's objects (another tenant's gives 404: fine)."""
    values = {"course_id": first(Course), "run_id": first(CourseRun), "booking_id": first(Booking),
              "invoice_id": first(Invoice),
              "need_id": first(TrainingNeed), "employee_id": first(Employee), "location_id": first(Location),
              "mark_id": first(QualityMark), "lesson_id": first(Lesson), "org_id": first(Organisation),
              "scheme_id": first(FundScheme),
              "code": "AM22", "period": clock.today().strftime("%Y-%m"), "lang": "en", "token": "not-a-token",
              "name": "utrecht-theme.css", "filename": "app.css"}
    adapter = app.url_map.bind("taalmarkt.example")
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "api.stripe_webhook":
            urls.append(adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments}))
    return sorted(urls)


@pytest.fixture
def demo(app):
    """The demo, with a training need of its employer besides."""
    with app.app_context():
        load_demo()
        employer = db.session.scalar(select(Organisation).where(
            Organisation.contact_email == "hr@havenlogistiek.example"))
        services.create_need(employer, services.NeedInput(
            title="Nederlands voor het magazijn", cefr_from=Cefr.A1, cefr_to=Cefr.A2,
            earliest_start=clock.today() + dt.timedelta(days=14), learners=4))
        commit()


def test_no_get_writes_anything_for_any_role(app, client, demo):
    urls = get_urls(app)
    users = db.session.scalars(select(User).where(User.email.like("%@demo.taalmarkt.nl")).order_by(User.id)).all()
    assert len(users) == 6 and len(urls) > 70
    for user in users:
        client.submit("/inloggen", {"email": user.email, "password": DEMO_PASSWORD})
        token = make_token(user, user.memberships[0].organisation)
        commit()
        with writes_during_gets(app) as writes:
            for url in urls:
                response = client.api("GET", url, token) if url.startswith("/api/") else client.get(url)
                response.close()  # files are streamed
        assert writes == [], user.email
        client.logout()
    stamped = db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.last_used_at.is_not(None)))
    assert stamped == len(users)  # a token's use is recorded, by a job after the request


def test_the_write_detector_sees_a_write_in_a_get(app):
    with writes_during_gets(app) as writes, app.test_request_context("/boekingen", method="GET"):
        db.session.execute(insert(OutboxMessage).values(to_address="a@b.example", subject="x", text="x",
                                                        attachments=[], attempts=0, next_attempt_at=clock.now(),
                                                        created_at=clock.now()))
        db.session.rollback()
    assert len(writes) == 1 and writes[0].startswith("GET /boekingen: INSERT INTO outbox_messages")


def test_a_job_runs_after_its_transaction_commits_and_never_after_a_rollback(app, monkeypatch):
    ran = []
    monkeypatch.setitem(jobs.JOBS, "test.note", lambda word: ran.append(word))
    with app.app_context():
        jobs.enqueue("test.note", word="rolled back")
        db.session.rollback()
        jobs.enqueue("test.note", word="committed")
        assert ran == []  # not before the commit
        commit()
    assert ran == ["committed"]


def test_a_refused_form_keeps_nothing_its_service_wrote_and_sends_nothing(client, world, outbox, monkeypatch):
    """The roster import adds its rows one by one; when the last is refused, none of them is kept."""
    client.login(world.employer_owner.email)
    before = db.session.scalar(select(func.count()).select_from(Employee))
    rows = "voornaam;achternaam;dienstverband;taal\nAna;Pop;agency_worker;ro\nJan;Vos;employee;nl\n"
    preview = client.submit("/werkgever/medewerkers/import", {"pasted": rows})
    assert preview.status_code == 200, preview.text
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview.text).group(1)
    real = services.add_employee

    def refuse_jan(employer, data):
        employee = real(employer, data)  # written (flushed), then refused
        if data.first_name == "Jan":
            raise DomainError("Jan Vos is already on the roster of another site.")
        return employee

    monkeypatch.setattr(services, "add_employee", refuse_jan)
    refused = client.submit("/werkgever/medewerkers/import", {"payload": payload, "choice": "all"},
                            action="/werkgever/medewerkers/import/bevestigen")
    assert refused.status_code == 422 and "another site" in refused.text
    assert db.session.scalar(select(func.count()).select_from(Employee)) == before
    assert outbox() == []
