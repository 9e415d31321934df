"""Why a scheme does not pay, on the booking page, the matches and "Wat kan ik krijgen?"; the roster fact
statushouder; each agency worker's remaining Doorzaam budget on the roster and the booking page."""

import datetime as dt
import re

import pytest
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import select

from marketplace.bookings.models import Enrolment
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.models import Employee, Employment
from marketplace.employers.services import EmployeeInput, add_employee
from marketplace.funding.reasons import why_not
from marketplace.funding.snapshots import FundingSnapshot

from .booking_world import a_run, staff
from .factories import make_token
from .test_catalogue_search import count_queries
from .test_employers import rijnmond_offer

#: a fact named by its dotted path, as the engine writes it: never shown on a page
FACT_PATH = re.compile(r"\b(?:employer|employee|course)\.[a-z_]+\b")


@pytest.fixture
def tokens(world):
    found = {"agency": make_token(world.agency_owner, world.agency),
             "employer": make_token(world.employer_owner, world.employer),
             "provider": make_token(world.provider_owner, world.provider)}
    commit()
    return found


def book(client, token, run, employees):
    response = client.api("POST", "/api/v1/bookings", token,
                          json={"run_id": run.id, "employee_ids": [e.id for e in employees]})
    assert response.status_code == 201, response.json
    return response.json["id"]


def reason_texts(decisions: list[dict]) -> dict[str, str]:
    """Per scheme that does not pay, the sentence a page must show (as the page escapes it)."""
    return {d["scheme"]: str(escape(reason.text)) for d in decisions if (reason := why_not(d)) is not None}


def visible(html: str) -> str:
    """The text of a page, without its tags and attribute values."""
    return re.sub(r"<[^>]+>", " ", html)


# The roster fact -------------------------------------------------------------------------------------

def test_statushouder_is_a_roster_fact_in_the_form_the_api_and_the_import(client, world, tokens):
    created = client.api("POST", "/api/v1/employees", tokens["employer"], json={
        "first_name": "Amal", "last_name": "Haddad", "employment": "employee", "statushouder": True})
    assert created.status_code == 201, created.json
    assert created.json["statushouder"] is True
    plain = client.api("POST", "/api/v1/employees", tokens["employer"], json={
        "first_name": "Jan", "last_name": "Smit", "employment": "employee"}).json
    assert plain["statushouder"] is None  # not recorded
    assert client.api("PATCH", f"/api/v1/employees/{plain['id']}", tokens["employer"],
                      json={"statushouder": False}).json["statushouder"] is False
    assert client.api("GET", f"/api/v1/employees/{created.json['id']}", tokens["employer"]).json["statushouder"]

    client.login(world.employer_owner.email)
    form = client.get(f"/werkgever/medewerkers/{plain['id']}")
    assert 'name="statushouder"' in form.text
    assert re.search(r'<option selected value="no">|<option value="no" selected>', form.text)
    saved = client.submit(f"/werkgever/medewerkers/{plain['id']}", {
        "first_name": "Jan", "last_name": "Smit", "preferred_language": "nl", "employment": "employee",
        "statushouder": "yes", "site_id": "0", **dict.fromkeys(
            ("cefr_level", "level_source", "target_level", "cao_phase", "long_term_sick", "labour_migrant"), "")})
    assert saved.status_code == 302, re.sub(r"\s+", " ", visible(saved.text))[:3000]
    assert db.session.get(Employee, plain["id"]).statushouder is True

    pasted = "voornaam\tachternaam\tstatushouder\nSara\tTesfay\tja\nOla\tNowak\t\n"
    preview = client.submit("/werkgever/medewerkers/import", {"pasted": pasted})
    assert preview.status_code == 200, preview.text
    token = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview.text)[1]
    confirmed = client.submit("/werkgever/medewerkers/import", {"payload": token, "choice": "all"},
                              action="/werkgever/medewerkers/import/bevestigen")
    assert confirmed.status_code == 302, confirmed.text
    found = dict(db.session.execute(select(Employee.first_name, Employee.statushouder).where(
        Employee.employer_id == world.employer.id, Employee.first_name.in_(("Sara", "Ola")))).all())
    assert found == {"Sara": True, "Ola": None}


# The booking page -------------------------------------------------------------------------------------

def test_the_booking_page_says_why_each_scheme_does_not_pay_with_its_grade_and_what_would_change_it(
        client, world, tokens):
    run = a_run(world.provider)
    # an agency worker whose CAO phase is not recorded: Doorzaam cannot decide yet
    worker = add_employee(world.agency, EmployeeInput(first_name="Ion", last_name="Rusu",
                                                      employment=Employment.agency_worker, long_term_sick=False))
    commit()
    booking = book(client, tokens["agency"], run, [worker])
    snapshot = db.session.scalar(select(FundingSnapshot).join(Enrolment, Enrolment.funding_id == FundingSnapshot.id)
                                 .where(Enrolment.booking_id == booking))
    texts = reason_texts(snapshot.decisions)
    assert texts and all(texts.values())
    doorzaam = next(d for d in snapshot.decisions
                    if d["status"] == "needs_info" and "employee.cao_phase" in d["missing"])

    client.login(world.agency_owner.email)
    client.get("/taal/en")
    page = client.get(f"/boekingen/{booking}")
    assert page.status_code == 200
    for scheme, text in texts.items():
        assert text in page.text, scheme
    assert "No scheme pays towards this course for this employee." in page.text
    assert str(escape(why_not(doorzaam).text)) in page.text  # the question, in words
    edit = f'href="/werkgever/medewerkers/{worker.id}"'
    assert edit in page.text and "Fill in on the roster: CAO phase (agency workers)." in page.text
    assert 'class="tm-grade tm-grade--official"' in page.text
    assert not FACT_PATH.search(visible(page.text))


def test_an_ordinary_employer_is_told_why_the_agency_budget_does_not_pay(client, world, tokens):
    run = a_run(world.provider)
    [person] = [add_employee(world.employer, EmployeeInput(first_name="Ana", last_name="Pop",
                                                          employment=Employment.employee))]
    commit()
    booking = book(client, tokens["employer"], run, [person])
    decisions = db.session.scalar(select(FundingSnapshot.decisions).join(
        Enrolment, Enrolment.funding_id == FundingSnapshot.id).where(Enrolment.booking_id == booking))
    refused = next(d for d in decisions if d["status"] == "not_applicable")
    client.login(world.employer_owner.email)
    client.get("/taal/en")
    page = client.get(f"/boekingen/{booking}")
    assert str(escape(why_not(refused).text)) in page.text
    assert "left in" not in page.text  # no budget shown: not a temp agency


def test_a_snapshot_made_before_checks_had_grades_shows_its_reasons_without_a_grade(client, world, tokens):
    run = a_run(world.provider)
    [worker] = staff(world.agency, 1)
    commit()
    booking = book(client, tokens["agency"], run, [worker])
    snapshot = db.session.scalar(select(FundingSnapshot).join(Enrolment, Enrolment.funding_id == FundingSnapshot.id)
                                 .where(Enrolment.booking_id == booking))
    old = [{**d, "checks": [{k: v for k, v in c.items() if k not in ("grade", "texts")} for c in d["checks"]]}
           for d in snapshot.decisions]
    snapshot.decisions = old
    commit()
    client.login(world.agency_owner.email)
    client.get("/taal/en")
    page = client.get(f"/boekingen/{booking}")
    assert page.status_code == 200
    for text in reason_texts(old).values():
        assert text in page.text
    assert "tm-grade" not in page.text


def test_the_provider_sees_the_verdicts_but_not_why(client, world, tokens):
    run = a_run(world.provider)
    [worker] = staff(world.agency, 1)
    commit()
    booking = book(client, tokens["agency"], run, [worker])
    client.login(world.provider_owner.email)
    page = client.get(f"/boekingen/{booking}")
    assert page.status_code == 200
    assert "tm-why" not in page.text and "Fill in on the roster" not in page.text and "left in" not in page.text


# The remaining Doorzaam budget ---------------------------------------------------------------------------

def test_the_agency_sees_each_workers_remaining_budget_on_the_roster_and_the_booking(app, client, world, tokens):
    run = a_run(world.provider, price=45000)
    first, second = staff(world.agency, 2)
    commit()
    booking = book(client, tokens["agency"], run, [first])
    year = clock.today().year
    client.login(world.agency_owner.email)
    client.get("/taal/en")

    roster = client.get("/werkgever/medewerkers")
    assert f"left in {year}" in roster.text
    rows = {name: row for name, row in re.findall(r'<tr class="utrecht-table__row">\s*<td[^>]*><a[^>]*>([^<]+)</a>'
                                                 r'(.*?)</tr>', roster.text, re.S)}
    assert "EUR\xa01,050.00" in rows[f"{first.last_name}, {first.first_name}"]
    assert "EUR\xa01,500.00" in rows[f"{second.last_name}, {second.first_name}"]

    page = client.get(f"/boekingen/{booking}")
    assert f"left in {year}: EUR\xa01,050.00 of EUR\xa01,500.00" in page.text

    few = count_queries(app, lambda: client.get("/werkgever/medewerkers"))
    staff(world.agency, 12)
    commit()
    assert count_queries(app, lambda: client.get("/werkgever/medewerkers")) == few


def test_an_employer_that_is_not_a_temp_agency_sees_no_budget_on_its_roster(client, world):
    add_employee(world.employer, EmployeeInput(first_name="Ana", last_name="Pop", employment=Employment.employee))
    commit()
    client.login(world.employer_owner.email)
    roster = client.get("/werkgever/medewerkers")
    assert roster.status_code == 200 and "Pop, Ana" in roster.text and "left in" not in roster.text


# The matches --------------------------------------------------------------------------------------------

def agency_need(client, token, names: list[str], today: dt.date) -> int:
    ids = [client.api("POST", "/api/v1/employees", token, json={
        "first_name": name, "last_name": "Worker", "employment": "agency_worker", "cao_phase": "A",
        "cefr_level": "A1"}).json["id"] for name in names]  # long-term sickness not recorded
    windows = [{"weekday": d, "time_from": "14:00", "time_to": "17:00"} for d in ("tue", "thu")]
    response = client.api("POST", "/api/v1/needs", token, json={
        "employee_ids": ids, "cefr_from": "A1", "cefr_to": "A2", "municipality_code": "GM0599", "windows": windows,
        "earliest_start": str(today + dt.timedelta(days=1))})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_the_matches_say_why_schemes_do_not_pay_for_the_learners_without_a_query_per_run_or_learner(
        app, client, world, tokens):
    today = clock.today()
    rijnmond_offer(world, today)
    one = agency_need(client, tokens["agency"], ["Ola"], today)
    three = agency_need(client, tokens["agency"], ["Eva", "Ivo", "Mia"], today)
    client.login(world.agency_owner.email)
    client.get("/taal/en")
    page = client.get(f"/werkgever/behoeften/{three}")
    assert page.status_code == 200
    assert page.text.count('class="tm-details tm-why"') >= 1
    assert "Is the agency worker on long-term sick leave?" in page.text  # the question, in words
    assert "Fill in on the roster: Long-term sick." in page.text
    eva = db.session.scalar(select(Employee.id).where(Employee.first_name == "Eva"))
    assert f'href="/werkgever/medewerkers/{eva}"' in page.text
    assert 'class="tm-grade tm-grade--' in page.text
    assert not FACT_PATH.search(visible(page.text))

    few = count_queries(app, lambda: client.get(f"/werkgever/behoeften/{one}"))
    assert count_queries(app, lambda: client.get(f"/werkgever/behoeften/{three}")) == few
    rijnmond_offer(world, today)  # as many runs again
    assert count_queries(app, lambda: client.get(f"/werkgever/behoeften/{three}")) == few


# "Wat kan ik krijgen?" ----------------------------------------------------------------------------------

def step_questions(html: str) -> list[str]:
    step = re.search(r'<fieldset class="utrecht-form-fieldset tm-step">(.*?)</fieldset>', html, re.S)
    return re.findall(r'<select[^>]*name="([a-z_]+)"|<input[^>]*name="([a-z_]+)"', step[1]) if step else []


def test_the_questionnaire_asks_a_few_questions_in_words_and_then_the_next_few(client):
    first = client.get("/subsidie-check")
    assert first.status_code == 200
    asked = [a or b for a, b in step_questions(first.text)]
    assert 1 <= len(asked) <= 5
    assert "is_temp_agency" in asked
    assert not FACT_PATH.search(visible(first.text))
    assert "tm-decision" not in first.text  # nothing to show before an answer

    query = "is_temp_agency=yes&cao=ABU&employment=agency_worker&on=2026-03-02" + "".join(
        f"&gevraagd={name}" for name in asked)
    second = client.get(f"/subsidie-check?{query}")
    assert second.status_code == 200
    again = [a or b for a, b in step_questions(second.text)]
    assert again and not set(again) & set(asked)  # the next few, not the same again
    assert len(again) <= 5
    assert not FACT_PATH.search(visible(second.text))
    assert 'class="tm-grade tm-grade--' in second.text


def test_the_questionnaire_shows_each_schemes_result_with_the_reason_and_grade_of_its_verdict(client):
    client.get("/taal/en")
    query = ("is_temp_agency=no&employment=employee&size_class=small&de_minimis=0&price=1200&contact_hours=40"
             "&cefr_from=A1&cefr_to=A2&start=2026-03-02&end=2026-06-30&on=2026-03-02")
    page = client.get(f"/subsidie-check?{query}")
    body = client.api("POST", "/api/v1/eligibility", json={
        "on": "2026-03-02", "employer": {"is_temp_agency": False, "size_class": "small",
                                         "de_minimis_received_cents": 0},
        "employee": {"employment": "employee", "prior_subsidies": []},
        "course": {"price_cents": 120000, "contact_hours": 40, "cefr_from": "A1", "cefr_to": "A2",
                   "start": "2026-03-02", "end": "2026-06-30", "provider_marks": []}}).json
    assert page.status_code == 200
    sections = re.findall(r'<section class="tm-decision tm-decision--(\w+)".*?</section>', page.text, re.S)
    assert len(sections) == len(body["decisions"])
    for decision in body["decisions"]:
        reason = why_not(decision)
        if reason is not None and reason.text:
            assert str(escape(reason.text)) in page.text, decision["scheme"]
    assert page.text.count('<h3 class="utrecht-heading-3"') == len(body["decisions"])
    assert page.text.count("tm-grade tm-grade--") >= len(body["decisions"])
    assert not FACT_PATH.search(visible(page.text))


def test_the_questionnaire_names_a_bad_combination_of_answers_by_its_questions(client):
    client.get("/taal/en")
    page = client.get("/subsidie-check?start=2026-05-01&end=2026-04-01&on=2026-03-02")
    assert page.status_code == 422
    assert "Course end" in page.text
    assert not FACT_PATH.search(visible(page.text))


# The reasons themselves -----------------------------------------------------------------------------------

def test_a_reason_is_the_deciding_checks_text_with_its_grade_or_the_questions_still_open(ctx):
    from marketplace.funding.reasons import fixes, weakest_grade

    closed = {"scheme": "x", "status": "closed", "amount_cents": 0, "missing": [], "checks": [
        {"rule": "application_window", "result": "fail", "grade": "official", "source": "https://example.org/w",
         "text": "No application window is open on 2 March 2026; the next opens on 1 June 2026."}]}
    reason = why_not(closed)
    assert (reason.text, reason.grade, reason.source) == (
        "No application window is open on 2 March 2026; the next opens on 1 June 2026.", "official",
        "https://example.org/w")
    assert fixes(reason, 7) == []

    waiting = {"scheme": "y", "status": "needs_info", "amount_cents": 0,
               "missing": ["employee.cao_phase", "employer.size_class", "course.nlqf", "employee.inburgeringsplichtig"],
               "checks": [{"rule": "a", "result": "pass", "text": "Fine.", "grade": "secondary"},
                          {"rule": "b", "result": "missing", "text": "Which phase?", "grade": "assumption"},
                          {"rule": "c", "result": "missing", "text": "How large?", "texts": {"nl": "Hoe groot?",
                                                                                              "en": "How large?"}}]}
    reason = why_not(waiting, "nl")
    assert (reason.text, reason.grade) == ("Which phase? Hoe groot?", "assumption")
    assert weakest_grade(waiting) == "assumption"
    with force_locale("en"):
        found = {f.kind: f for f in fixes(reason, 7)}
    assert found["roster"].url == "/werkgever/medewerkers/7" and "CAO phase (agency workers)" in found["roster"].text
    assert found["profile"].url == "/organisatie/bewerken" and "Size" in found["profile"].text
    assert found["course"].url is None and "NLQF level of the course" in found["course"].text
    assert "civic integration" in found["other"].text
    assert not FACT_PATH.search(" ".join(f.text for f in found.values()))

    old = {"scheme": "z", "status": "not_eligible", "amount_cents": 0, "missing": [],
           "checks": [{"rule": "a", "result": "fail", "text": "No.", "source": "https://example.org"}]}
    assert why_not(old).grade is None and weakest_grade(old) is None
    assert why_not({"scheme": "p", "status": "eligible", "amount_cents": 100, "checks": []}) is None
