"""The staff roster and training needs, through the API and the pages; matching with reasons."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.models import Employee, TrainingNeed
from providers import supply
from providers.catalogue import RunStatus
from providers.locations import LocationInput, add_location
from providers.vocabulary import Cefr, CourseFormat, PlaceKind

from .catalogue_world import next_weekday, run_input, weeks
from .factories import make_token
from .test_catalogue_search import count_queries

PERSON = {"first_name": "Piotr", "last_name": "Kowalski", "preferred_language": "pl", "cefr_level": "A1",
          "employment": "employee"}


@pytest.fixture
def tokens(world):
    found = {"employer": make_token(world.employer_owner, world.employer),
             "other": make_token(world.other_owner, world.other_employer),
             "agency": make_token(world.agency_owner, world.agency)}
    commit()
    return found


def test_the_roster_api_adds_lists_edits_and_archives(client, tokens):
    created = client.api("POST", "/api/v1/employees", tokens["employer"], json=PERSON)
    assert created.status_code == 201
    employee_id = created.json["id"]
    listed = client.api("GET", "/api/v1/employees", tokens["employer"]).json
    assert [e["id"] for e in listed["items"]] == [employee_id]
    patched = client.api("PATCH", f"/api/v1/employees/{employee_id}", tokens["employer"],
                         json={"cefr_level": "A2", "target_level": "B1"})
    assert (patched.json["cefr_level"], patched.json["target_level"]) == ("A2", "B1")
    assert patched.json["first_name"] == "Piotr"
    client.api("PATCH", f"/api/v1/employees/{employee_id}", tokens["employer"], json={"archived": True})
    assert client.api("GET", "/api/v1/employees", tokens["employer"]).json["items"] == []
    archived = client.api("GET", "/api/v1/employees?archived=true", tokens["employer"]).json["items"]
    assert [e["id"] for e in archived] == [employee_id]


def test_another_employers_employee_is_404(client, tokens):
    theirs = client.api("POST", "/api/v1/employees", tokens["other"], json=PERSON).json["id"]
    assert client.api("GET", f"/api/v1/employees/{theirs}", tokens["employer"]).status_code == 404
    assert client.api("PATCH", f"/api/v1/employees/{theirs}", tokens["employer"], json={"cefr_level": "B2"}
                      ).status_code == 404
    response = client.api("POST", "/api/v1/needs", tokens["employer"], json={
        "employee_ids": [theirs], "cefr_from": "A1", "cefr_to": "A2", "earliest_start": str(clock.today())})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(TrainingNeed)) == 0


@pytest.mark.parametrize("changes, field", [
    ({"cefr_level": "D1"}, "cefr_level"),
    ({"first_name": ""}, "first_name"),
    ({"cao_phase": "Z"}, "cao_phase"),
    ({"cao_phase": "A"}, "cao_phase"),  # only agency workers have a phase
    ({"preferred_language": "xx"}, "preferred_language"),
    ({"bsn": "123456782"}, "bsn"),  # no citizen service numbers: unknown field
])
def test_bad_employee_data_gets_422_naming_the_field(client, tokens, changes, field):
    response = client.api("POST", "/api/v1/employees", tokens["employer"], json={**PERSON, **changes})
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Employee)) == 0


@pytest.mark.parametrize("changes, field", [
    ({"windows": [{"weekday": "tue", "time_from": "17:00", "time_to": "14:00"}]}, "windows.0.time_to"),
    ({"earliest_start": "2020-01-01"}, "earliest_start"),
    ({"cefr_to": "A1"}, "cefr_to"),
    ({"employee_ids": [], "learners": None}, "employee_ids"),
    ({"windows": [{"weekday": "someday", "time_from": "14:00", "time_to": "17:00"}]}, "windows.0.weekday"),
])
def test_a_bad_need_gets_field_errors(client, tokens, changes, field):
    employee = client.api("POST", "/api/v1/employees", tokens["employer"], json=PERSON).json["id"]
    body = {"employee_ids": [employee], "cefr_from": "A1", "cefr_to": "A2",
            "earliest_start": str(clock.today() + dt.timedelta(days=1)), **changes}
    response = client.api("POST", "/api/v1/needs", tokens["employer"], json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]


def rijnmond_offer(world, today):
    """Runs for a group of six A1 learners in Rotterdam free on Tue and Thu 14:00-17:00."""
    provider = world.provider
    rotterdam = add_location(provider, LocationInput("Waalhaven", "Waalhaven 1", "3089 JH", "Rotterdam", "GM0599"))
    dordrecht = add_location(provider, LocationInput("Dordt", "Spuiboulevard 1", "3311 GN", "Dordrecht", "GM0505"))
    a1 = supply.create_course(provider, supply.CourseInput("Logistiek A1-A2", "", Cefr.A1, Cefr.A2, 40,
                                                         CourseFormat.classroom))
    a0 = supply.create_course(provider, supply.CourseInput("Logistiek A0-A1", "", Cefr.A0, Cefr.A1, 40,
                                                         CourseFormat.classroom))
    tue = next_weekday(today + dt.timedelta(days=21), 1)
    runs = {
        "rotterdam": supply.create_run(a1, run_input(tue, weeks(tue, ("tue", "thu"), "14:30", "16:30", 10),
                                                    location=rotterdam)),
        "in_company": supply.create_run(a1, run_input(tue + dt.timedelta(weeks=2),
                                                     weeks(tue + dt.timedelta(weeks=2), ("tue", "thu"), "14:00",
                                                           "16:00", 10),
                                                     place=PlaceKind.in_company, regions=("AM22",), price=50000)),
        "dordrecht": supply.create_run(a1, run_input(tue, weeks(tue, ("tue", "thu"), "15:00", "17:00", 10),
                                                    location=dordrecht)),
        "friday": supply.create_run(a1, run_input(tue, weeks(tue, ("tue",), "14:00", "16:00", 10)
                                                 + weeks(tue + dt.timedelta(days=3), ("fri",), "14:00", "16:00", 2),
                                                 location=rotterdam)),
        "small": supply.create_run(a1, run_input(tue, weeks(tue, ("tue", "thu"), "14:00", "16:00", 10),
                                                location=rotterdam, capacity=4)),
        "too_low": supply.create_run(a0, run_input(tue, weeks(tue, ("tue", "thu"), "14:00", "16:00", 10),
                                                  location=rotterdam)),
        "draft": supply.create_run(a1, run_input(tue, weeks(tue, ("tue", "thu"), "14:00", "16:00", 10),
                                                location=rotterdam, status=RunStatus.draft)),
    }
    commit()
    return {name: run.id for name, run in runs.items()}


def make_need(client, token, today):
    ids = [client.api("POST", "/api/v1/employees", token, json={**PERSON, "first_name": f"P{i}"}).json["id"]
           for i in range(6)]
    windows = [{"weekday": d, "time_from": "14:00", "time_to": "17:00"} for d in ("tue", "thu")]
    response = client.api("POST", "/api/v1/needs", token, json={
        "employee_ids": ids, "cefr_from": "A1", "cefr_to": "A2", "municipality_code": "GM0599", "windows": windows,
        "earliest_start": str(today + dt.timedelta(days=1))})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_matching_ranks_runs_and_explains_near_misses(client, world, tokens):
    today = clock.today()
    runs = rijnmond_offer(world, today)
    need = make_need(client, tokens["employer"], today)
    body = client.http.get(f"/api/v1/needs/{need}/matches", headers={
        "Authorization": f"Bearer {tokens['employer']}", "Accept-Language": "en"}).json
    ranked = [m["run_id"] for m in body["items"]]
    assert ranked == [runs["rotterdam"], runs["in_company"], runs["dordrecht"]]
    first = body["items"][0]
    assert set(first["parts"]) == {"level", "place", "schedule", "price", "start", "marks", "format"}
    assert "In your own municipality." in first["reasons"]
    assert "Every lesson falls inside your windows." in first["reasons"]
    assert first["gross_price_cents"] == 45000 and first["net_price_cents"] == 45000  # no scheme pays these staff
    assert "In a neighbouring region." in body["items"][2]["reasons"]  # Dordrecht: Drechtsteden borders Rijnmond
    near = {m["run_id"]: m["reasons"] for m in body["near_misses"]}
    assert near[runs["friday"]] == ["2 lessons on Friday fall outside your windows."]
    assert near[runs["small"]] == ["Only 4 seats left for your 6 learners."]
    assert runs["too_low"] not in ranked + list(near)  # the wrong level is not "almost right"
    assert runs["draft"] not in ranked + list(near)


def test_the_first_result_explains_itself_in_dutch_and_english(client, world, tokens):
    today = clock.today()
    rijnmond_offer(world, today)
    need = make_need(client, tokens["employer"], today)
    url = f"/api/v1/needs/{need}/matches"
    english = client.api("GET", url + "?lang=en", tokens["employer"]).json["items"][0]["reasons"]
    dutch = client.api("GET", url + "?lang=nl", tokens["employer"]).json["items"][0]["reasons"]
    assert english != dutch and len(english) == len(dutch)
    client.login(world.employer_owner.email)
    page = client.get(f"/werkgever/behoeften/{need}")
    assert page.status_code == 200 and "Logistiek A1-A2" in page.text
    assert dutch[0] in page.text


def test_an_agency_workers_expected_net_price_counts_the_doorzaam_budget(client, world, tokens):
    today = clock.today()
    runs = rijnmond_offer(world, today)
    worker = client.api("POST", "/api/v1/employees", tokens["agency"], json={
        **PERSON, "employment": "agency_worker", "cao_phase": "A", "long_term_sick": False}).json["id"]
    windows = [{"weekday": d, "time_from": "14:00", "time_to": "17:00"} for d in ("tue", "thu")]
    need = client.api("POST", "/api/v1/needs", tokens["agency"], json={
        "employee_ids": [worker], "cefr_from": "A1", "cefr_to": "A2", "municipality_code": "GM0599",
        "windows": windows, "earliest_start": str(today + dt.timedelta(days=1))}).json["id"]
    items = client.api("GET", f"/api/v1/needs/{need}/matches", tokens["agency"]).json["items"]
    rotterdam = next(i for i in items if i["run_id"] == runs["rotterdam"])
    assert (rotterdam["gross_price_cents"], rotterdam["net_price_cents"]) == (45000, 0)  # Doorzaam pays it all


def test_the_roster_page_adds_archives_and_pages_without_extra_queries(app, client, world):
    client.login(world.employer_owner.email)
    response = client.submit("/werkgever/medewerkers/nieuw", {
        "first_name": "Ana", "last_name": "Pop", "preferred_language": "ro", "employment": "employee",
        "cefr_level": "A0", "site_id": "0"})
    assert response.status_code == 302
    bad = client.submit("/werkgever/medewerkers/nieuw", {"first_name": "", "last_name": "X", "employment": "employee",
                                                        "preferred_language": "ro", "site_id": "0"})
    assert bad.status_code == 422 and 'id="first_name-error"' in bad.text
    for i in range(3):
        db.session.add(Employee(employer_id=world.employer.id, first_name=f"N{i}", last_name="Extra",
                                employment="employee", preferred_language="pl"))
    commit()
    few = count_queries(app, lambda: client.get("/werkgever/medewerkers"))
    for i in range(20):
        db.session.add(Employee(employer_id=world.employer.id, first_name=f"M{i}", last_name="More",
                                employment="employee", preferred_language="pl"))
    commit()
    many = count_queries(app, lambda: client.get("/werkgever/medewerkers"))
    assert few == many
    ana = db.session.scalar(select(Employee).where(Employee.first_name == "Ana"))
    client.submit("/werkgever/medewerkers", {}, action=f"/werkgever/medewerkers/{ana.id}/archiveren")
    assert db.session.get(Employee, ana.id).archived_at is not None
    assert "Pop, Ana" not in client.get("/werkgever/medewerkers").text
    assert "Pop, Ana" in client.get("/werkgever/medewerkers?gearchiveerd=1").text


def test_the_roster_is_shown_in_pages_of_fifty_with_links_both_ways(client, world):
    from marketplace.employers.models import Employment
    from marketplace.employers.services import EmployeeInput, add_employee

    for i in range(51):
        add_employee(world.employer, EmployeeInput(first_name=f"P{i:02d}", last_name="Lijst",
                                                   employment=Employment.employee))
    commit()
    client.login(world.employer_owner.email)
    first = client.get("/werkgever/medewerkers").text
    assert "Pagina 1 van 2" in first and "pagina=2" in first and "pagina=0" not in first
    second = client.get("/werkgever/medewerkers?pagina=2").text
    assert "Pagina 2 van 2" in second and "pagina=1" in second and second.count("Lijst, P") == 1
