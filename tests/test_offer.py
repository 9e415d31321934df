"""The provider's workspace: locations, courses, runs from a weekly pattern, sessions, status, and the API."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.organisations.models import OrgKind
from providers.catalogue import Course, CourseRun, Lesson, RunChange, RunStatus
from providers.marks import MarkDetails, add_mark
from providers.models import Location, MarkKind, QualityMark
from providers.schedule import local

from .booking_world import staff
from .factories import make_org, make_token, make_user

COURSE_FORM = {"title": "Nederlands voor de bouw", "description": "Veilig werken op de bouwplaats.",
               "cefr_from": "A0", "cefr_to": "A2", "contact_hours": "48", "format": "classroom",
               "support_languages": ["pl", "ro"], "exam": "provider_certificate", "sector_tags": ["construction"]}


def monday_in(days: int) -> dt.date:
    day = clock.today() + dt.timedelta(days=days)
    return day + dt.timedelta(days=-day.weekday())


@pytest.fixture
def provider(client, world):
    client.login(world.provider_owner.email)
    response = client.submit("/aanbieder/locaties", {"name": "Lokaal Noord", "street": "Noordsingel 1",
                                                     "postcode": "3035 EA", "city": "Rotterdam",
                                                     "municipality": "Rotterdam (GM0599)"})
    assert response.status_code == 302
    return world


def run_form(location, first: dt.date, last: dt.date, **extra):
    return {"place_kind": "location", "location_id": str(location), "weekdays": ["tue", "thu"],
            "start_time": "15:30", "end_time": "17:30", "first_date": first.isoformat(), "last_date": last.isoformat(),
            "skip_public_holidays": "y", "capacity_min": "6", "capacity_max": "12", "price": "450,00",
            "booking_deadline_days": "7", "go_no_go_days": "10", "instant_booking": "y",
            "acceptance_days": "3", "free_cancellation_days": "14", "late_cancellation_percent": "50", **extra}


def test_a_provider_lists_a_course_with_a_twelve_week_twice_weekly_run(client, provider):
    response = client.submit("/aanbieder/cursussen/nieuw", COURSE_FORM)
    assert response.status_code == 302
    course = db.session.scalar(select(Course).where(Course.title == "Nederlands voor de bouw"))
    assert (course.support_languages, course.sector_tags) == (["pl", "ro"], ["construction"])
    location = db.session.scalar(select(Location).where(Location.name == "Lokaal Noord"))
    first = monday_in(40) + dt.timedelta(days=1)  # a Tuesday
    last = first + dt.timedelta(weeks=12) - dt.timedelta(days=5)
    response = client.submit(f"/aanbieder/cursussen/{course.id}/uitvoeringen/nieuw", run_form(location.id, first, last))
    assert response.status_code == 302, response.text
    run = db.session.scalar(select(CourseRun).where(CourseRun.course_id == course.id))
    assert run.status == RunStatus.draft and run.price_cents == 45000
    assert run.region_codes == ["AM22"]
    assert len(run.lessons) == 24 and run.lessons_count == 24
    assert {(local(s.starts_at).strftime("%a %H:%M"), local(s.ends_at).strftime("%H:%M")) for s in run.lessons} == {
        ("Tue 15:30", "17:30"), ("Thu 15:30", "17:30")}
    assert run.booking_deadline == first - dt.timedelta(days=7)
    client.submit(f"/aanbieder/uitvoeringen/{run.id}", {"status": "open"},
                  action=f"/aanbieder/uitvoeringen/{run.id}/status")
    assert db.session.get(CourseRun, run.id).status == RunStatus.open
    assert run.id in {i["id"] for i in client.get("/api/v1/runs?region=AM22").json["items"]}


def test_a_pattern_skips_dutch_public_holidays_and_excluded_days(client, provider):
    client.submit("/aanbieder/cursussen/nieuw", COURSE_FORM)
    course = db.session.scalar(select(Course).where(Course.title == "Nederlands voor de bouw"))
    location = db.session.scalar(select(Location).where(Location.name == "Lokaal Noord"))
    year = clock.today().year + 1
    kings_day = dt.date(year, 4, 27)
    first, last = kings_day - dt.timedelta(days=14), kings_day + dt.timedelta(days=14)
    excluded = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # the first Monday
    form = run_form(location.id, first, last, weekdays=["mon", "tue", "wed", "thu", "fri"],
                    excluded_dates=excluded.isoformat(), booking_deadline_days="0", go_no_go_days="0")
    response = client.submit(f"/aanbieder/cursussen/{course.id}/uitvoeringen/nieuw", form)
    assert response.status_code == 302
    days = {local(s.starts_at).date() for s in db.session.scalar(select(CourseRun)).lessons}
    assert kings_day not in days and excluded not in days
    flashed = client.get(response.headers["Location"]).text
    assert kings_day.isoformat() in flashed


@pytest.mark.parametrize("changes, field", [
    ({"capacity_min": "20", "capacity_max": "10"}, "capacity_min"),
    ({"price": "-5"}, "price"),
    ({"price": "999999"}, "price"),
    ({"end_time": "15:00"}, "end_time"),
    ({"last_date": "2020-01-01"}, "end"),
    ({"location_id": "0"}, "location_id"),
])
def test_a_bad_run_gives_a_field_error_and_writes_nothing(client, provider, changes, field):
    client.submit("/aanbieder/cursussen/nieuw", COURSE_FORM)
    course = db.session.scalar(select(Course).where(Course.title == "Nederlands voor de bouw"))
    location = db.session.scalar(select(Location).where(Location.name == "Lokaal Noord"))
    first = monday_in(40)
    response = client.submit(f"/aanbieder/cursussen/{course.id}/uitvoeringen/nieuw",
                             run_form(location.id, first, first + dt.timedelta(weeks=4), **changes))
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert db.session.scalar(select(func.count()).select_from(CourseRun)) == 0


def test_a_course_must_lead_to_a_higher_level(client, provider):
    response = client.submit("/aanbieder/cursussen/nieuw", {**COURSE_FORM, "cefr_to": "A0"})
    assert response.status_code == 422 and 'id="cefr_to-error"' in response.text


def test_the_completeness_score_says_what_employers_will_miss(client, provider):
    client.submit("/aanbieder/cursussen/nieuw", {**COURSE_FORM, "description": "Kort.", "sector_tags": []})
    course = db.session.scalar(select(Course).where(Course.title == "Nederlands voor de bouw"))
    client.get("/taal/en")
    page = client.get(f"/aanbieder/cursussen/{course.id}").text
    score = int(re.search(r"Completeness: (\d+)%", page).group(1))
    assert score == 35  # support languages 15 + an exam 10 + not vocational (no NLQF needed) 10
    assert "Sector vocabulary" in page and "A dated run" in page


def api_run(course_id, first: dt.date, **extra):
    lessons = [{"start": f"{first + dt.timedelta(weeks=w)}T15:30:00+01:00",
                 "end": f"{first + dt.timedelta(weeks=w)}T17:30:00+01:00"} for w in range(3)]
    return {"course_id": course_id, "place": {"kind": "online"}, "regions": ["AM22"], "start": str(first),
            "end": str(first + dt.timedelta(weeks=2)), "capacity_min": 2, "capacity_max": 8, "price_cents": 40000,
            "booking_deadline": str(first - dt.timedelta(days=2)), "go_no_go_date": str(first - dt.timedelta(days=7)),
            "instant_booking": True, "status": "open", "sessions": lessons, **extra}


@pytest.fixture
def token(world):
    secret = make_token(world.provider_owner, world.provider)
    commit()
    return secret


def test_the_api_creates_courses_and_runs_and_publishes(client, world, token):
    course = client.api("POST", "/api/v1/courses", token, json={
        "title": "API cursus", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20})
    assert course.status_code == 201
    first = monday_in(50) + dt.timedelta(days=1)
    created = client.api("POST", "/api/v1/runs", token, json=api_run(course.json["id"], first, status="draft"))
    assert created.status_code == 201, created.json
    run_id = created.json["id"]
    assert created.json["seats_left"] == 8 and created.json["sessions_count"] == 3
    assert client.get(f"/api/v1/runs/{run_id}").status_code == 404  # a draft is not public
    published = client.api("PATCH", f"/api/v1/runs/{run_id}", token, json={"status": "open"})
    assert published.status_code == 200 and published.json["status"] == "open"
    assert client.get(f"/api/v1/runs/{run_id}").json["seats_left"] == 8
    repriced = client.api("PATCH", f"/api/v1/runs/{run_id}", token, json={"price_cents": 42000})
    assert repriced.json["price_cents"] == 42000


def test_the_api_accepts_a_weekly_pattern(client, world, token):
    course = client.api("POST", "/api/v1/courses", token, json={
        "title": "Patroon", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}).json
    first = monday_in(50)
    body = api_run(course["id"], first, sessions=None, end=str(first + dt.timedelta(weeks=12)),
                   pattern={"weekdays": ["tue", "thu"], "start_time": "15:30", "end_time": "17:30",
                            "first_date": str(first), "last_date": str(first + dt.timedelta(weeks=12)),
                            "skip_public_holidays": False})
    del body["sessions"]
    response = client.api("POST", "/api/v1/runs", token, json=body)
    assert response.status_code == 201 and response.json["sessions_count"] == 24


@pytest.mark.parametrize("changes, field", [
    ({"capacity_min": 9, "capacity_max": 2}, "capacity_min"),
    ({"price_cents": -1}, "price_cents"),
    ({"end": "2000-01-01"}, "end"),
    ({"regions": ["AM99"]}, "regions"),
    ({"sessions": [{"start": "2030-01-01T10:00:00+01:00", "end": "2030-01-01T12:00:00+01:00"},
                   {"start": "2030-01-01T11:00:00+01:00", "end": "2030-01-01T13:00:00+01:00"}]}, "sessions"),
    ({"place": {"kind": "moon"}}, "place.kind"),
    ({"sessions": [{"start": "2030-01-01T10:00:00", "end": "2030-01-01T12:00:00"}]}, "sessions.0.start"),
])
def test_the_api_refuses_bad_runs_with_422_naming_the_field(client, world, token, changes, field):
    course = client.api("POST", "/api/v1/courses", token, json={
        "title": "X", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}).json
    response = client.api("POST", "/api/v1/runs", token, json=api_run(course["id"], monday_in(50), **changes))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(CourseRun)) == 0


def test_only_providers_may_offer_and_only_their_own_courses(client, world, token):
    employer = make_token(world.employer_owner, world.employer)
    commit()
    body = {"title": "X", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}
    assert client.api("POST", "/api/v1/courses", employer, json=body).status_code == 403
    course = client.api("POST", "/api/v1/courses", token, json=body).json
    other = _other_provider_token(world)
    assert client.api("POST", "/api/v1/runs", other, json=api_run(course["id"], monday_in(50))).status_code == 404


def _other_provider_token(world):
    org = make_org(OrgKind.provider, name="Concurrent")
    secret = make_token(make_user(org, email="c@concurrent.example"), org)
    commit()
    return secret


def test_status_changes_follow_the_transition_table(client, world, token):
    course = client.api("POST", "/api/v1/courses", token, json={
        "title": "X", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}).json
    run = client.api("POST", "/api/v1/runs", token, json=api_run(course["id"], monday_in(50), status="draft")).json
    assert client.api("PATCH", f"/api/v1/runs/{run['id']}", token, json={"status": "completed"}).status_code == 409
    for status in ("open", "confirmed", "cancelled"):
        assert client.api("PATCH", f"/api/v1/runs/{run['id']}", token, json={"status": status}).status_code == 200
    assert client.api("PATCH", f"/api/v1/runs/{run['id']}", token, json={"status": "open"}).status_code == 409


def test_a_booked_run_cannot_change_price_silently(client, world, token, outbox):
    course = client.api("POST", "/api/v1/courses", token, json={
        "title": "Geboekt", "cefr_from": "A0", "cefr_to": "A1", "format": "online", "contact_hours": 20}).json
    run = client.api("POST", "/api/v1/runs", token, json=api_run(course["id"], monday_in(50))).json
    planner = make_user(world.employer, email="planning@haven.example")
    [employee] = staff(world.employer, 1, emails=False)
    employer_token = make_token(planner, world.employer)
    commit()
    held = client.api("POST", "/api/v1/bookings", employer_token,
                      json={"run_id": run["id"], "employee_ids": [employee.id], "waitlist": False}).json
    assert client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", employer_token).status_code == 200
    booked = {m["Message-ID"] for m in outbox()}

    silent = client.api("PATCH", f"/api/v1/runs/{run['id']}", token, json={"price_cents": 50000})
    assert silent.status_code == 422 and "reason" in silent.json["error"]["fields"]
    assert db.session.get(CourseRun, run["id"]).price_cents == 40000
    told = client.api("PATCH", f"/api/v1/runs/{run['id']}", token,
                      json={"price_cents": 50000, "reason": "Nieuwe docent, duurder lesmateriaal."})
    assert told.status_code == 200
    [change] = db.session.scalars(select(RunChange)).all()
    assert "EUR" in change.summary and change.reason.startswith("Nieuwe docent")
    [mail] = [m for m in outbox() if m["Message-ID"] not in booked]
    assert mail["To"] == "planning@haven.example"
    assert "Nieuwe docent" in mail.get_body(("plain",)).get_content()


def test_one_lesson_can_be_moved_keeping_its_identity(client, provider):
    client.submit("/aanbieder/cursussen/nieuw", COURSE_FORM)
    course = db.session.scalar(select(Course).where(Course.title == "Nederlands voor de bouw"))
    location = db.session.scalar(select(Location).where(Location.name == "Lokaal Noord"))
    first = monday_in(40) + dt.timedelta(days=1)
    client.submit(f"/aanbieder/cursussen/{course.id}/uitvoeringen/nieuw",
                  run_form(location.id, first, first + dt.timedelta(weeks=2)))
    lesson = db.session.scalars(select(Lesson).order_by(Lesson.starts_at)).first()
    moved_day = local(lesson.starts_at).date() + dt.timedelta(days=1)  # Wednesday
    response = client.submit(f"/aanbieder/sessies/{lesson.id}", {
        "day": moved_day.isoformat(), "start_time": "10:00", "end_time": "12:00", "note": "Lokaal 3"})
    assert response.status_code == 302
    same = db.session.get(Lesson, lesson.id)
    assert (local(same.starts_at).date(), local(same.starts_at).strftime("%H:%M"), same.note) == (
        moved_day, "10:00", "Lokaal 3")
    assert db.session.get(CourseRun, same.run_id).first_minute == 600  # the search aid followed
    overlapping = client.submit(f"/aanbieder/sessies/{lesson.id}", {
        "day": local(db.session.scalars(select(Lesson).order_by(Lesson.starts_at)).all()[1].starts_at).date()
        .isoformat(), "start_time": "15:00", "end_time": "16:00"})
    assert overlapping.status_code == 422


def test_a_platform_admin_verifies_a_mark_and_the_badge_shows_publicly(client, world):
    mark = add_mark(world.provider, MarkDetails(MarkKind.blik_op_werk, "BOW-7", dt.date(2024, 1, 1),
                                                clock.today() + dt.timedelta(days=300)))
    commit()
    client.login(world.provider_owner.email)
    assert client.submit("/aanbieder/keurmerken", {}, action=f"/aanbieder/beheer/keurmerken/{mark.id}/controleren"
                         ).status_code == 403  # a provider cannot verify its own mark
    client.logout()
    client.login(world.admin.email)
    assert client.submit("/aanbieder/beheer/keurmerken", {},
                         action=f"/aanbieder/beheer/keurmerken/{mark.id}/controleren").status_code == 302
    verified = db.session.get(QualityMark, mark.id)
    assert verified.verified_at is not None and verified.verified_by_id == world.admin.id
