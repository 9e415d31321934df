"""Bad input gets a clear 4xx, never a 500: huge numbers, nulls in partial updates, times with offsets."""

import datetime as dt

import pytest

from marketplace.core import clock
from marketplace.core.jobs import commit

from .factories import make_token

HUGE = 99999999999999999999


@pytest.fixture
def tokens(world):
    found = {"employer": make_token(world.employer_owner, world.employer),
             "provider": make_token(world.provider_owner, world.provider)}
    commit()
    return found


def test_huge_ids_in_urls_are_not_found(client, world):
    for url in (f"/api/v1/runs/{HUGE}", f"/uitvoeringen/{HUGE}", f"/cursussen/{HUGE}"):
        assert client.get(url).status_code == 404, url
    client.login(world.employer_owner.email)
    assert client.get(f"/werkgever/medewerkers/{HUGE}").status_code == 404
    assert client.get(f"/werkgever/medewerkers?pagina={HUGE}").status_code == 200


@pytest.mark.parametrize("path, body", [
    ("/api/v1/employees", {"first_name": "A", "last_name": "B", "employment": "employee", "site_id": HUGE}),
    ("/api/v1/needs", {"employee_ids": [HUGE], "cefr_from": "A1", "cefr_to": "A2", "earliest_start": "2030-01-01"}),
    ("/api/v1/needs", {"learners": 3, "cefr_from": "A1", "cefr_to": "A2", "earliest_start": "2030-01-01",
                       "budget_per_person_cents": HUGE}),
])
def test_huge_numbers_in_bodies_are_invalid(client, tokens, path, body):
    response = client.api("POST", path, tokens["employer"], json=body)
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid"


def test_huge_numbers_in_search_arguments_and_cursors_are_refused(client):
    assert client.get(f"/api/v1/runs?min_seats={HUGE}").status_code == 422
    # ["2026-01-01", 99999999999999999999]
    assert client.get("/api/v1/runs?cursor=WyIyMDI2LTAxLTAxIiwgOTk5OTk5OTk5OTk5OTk5OTk5OTld").status_code == 400


def test_nulls_in_a_partial_update_are_invalid(client, tokens):
    employee = client.api("POST", "/api/v1/employees", tokens["employer"], json={
        "first_name": "A", "last_name": "B", "employment": "employee"}).json["id"]
    for field in ("first_name", "employment"):
        response = client.api("PATCH", f"/api/v1/employees/{employee}", tokens["employer"], json={field: None})
        assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert client.api("PATCH", f"/api/v1/employees/{employee}", tokens["employer"],
                      json={"cefr_level": None}).status_code == 200  # a field that may be unknown


def test_a_window_with_an_offset_is_invalid(client, tokens):
    response = client.api("POST", "/api/v1/needs", tokens["employer"], json={
        "learners": 3, "cefr_from": "A1", "cefr_to": "A2", "earliest_start": str(clock.today()),
        "windows": [{"weekday": "tue", "time_from": "09:00Z", "time_to": "10:00"}]})
    assert response.status_code == 422 and "windows.0.time_from" in response.json["error"]["fields"]


def test_a_run_of_fifty_years_is_refused(client, tokens):
    course = client.api("POST", "/api/v1/courses", tokens["provider"], json={
        "title": "Lang", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}).json["id"]
    first = clock.today() + dt.timedelta(days=30)
    last = first.replace(year=first.year + 50)
    response = client.api("POST", "/api/v1/runs", tokens["provider"], json={
        "course_id": course, "place": {"kind": "online"}, "regions": ["AM22"], "start": str(first), "end": str(last),
        "capacity_min": 2, "capacity_max": 8, "price_cents": 40000, "booking_deadline": str(first),
        "go_no_go_date": str(first), "pattern": {"weekdays": ["mon"], "start_time": "10:00", "end_time": "12:00",
                                                 "first_date": str(first), "last_date": str(last)}})
    assert response.status_code == 422 and "end" in response.json["error"]["fields"]


def test_an_employee_email_must_be_an_address(client, tokens):
    response = client.api("POST", "/api/v1/employees", tokens["employer"], json={
        "first_name": "A", "last_name": "B", "employment": "employee", "email": "not an address"})
    assert response.status_code == 422 and "email" in response.json["error"]["fields"]

