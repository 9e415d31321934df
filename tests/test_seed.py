"""`taalmarkt seed scale`: the synthetic national-scale data set for benchmarks (CONTRACT.md, command line).

Each test seeds its own databases through the command line: SQLite files, or PostgreSQL databases made for
the test on the server of TEST_DATABASE_URL (never that database itself, which the other tests share).
"""

import datetime as dt
import os
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.app.cli import main
from marketplace.bookings.models import LIVE, Booking, Enrolment
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import CAO_PHASES, Employee
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality
from providers.catalogue import Course, CourseRun, Lesson, RunRegion
from providers.models import Location, QualityMark
from providers.schedule import WeeklyPattern, lesson_times, local
from providers.supply import refresh_summary
from providers.vocabulary import WEEKDAYS

pytestmark = pytest.mark.own_database

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BASE_DATE = "2026-03-02"
#: the moment the seed describes (09:00 UTC on the base date)
BASE_MOMENT = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def new_database(tmp_path, monkeypatch):
    """Makes empty databases with the migrations applied; PostgreSQL ones are dropped afterwards."""
    monkeypatch.setenv("TAALMARKT_SECRET_KEY", "seed-test")
    monkeypatch.setenv("TAALMARKT_ENV", "testing")
    made: list[str] = []
    admin = None
    if POSTGRES_URL:
        admin = create_engine(make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"taalmarkt_seed_{os.getpid()}_{len(made)}"
        if admin is None:
            url = f"sqlite:///{tmp_path / name}.db"
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        made.append(name)
        taalmarkt(url, "db", "upgrade")
        return url

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def taalmarkt(url: str, *args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args), env={"TAALMARKT_DATABASE_URL": url}, catch_exceptions=False)
    db.engine.dispose()  # the engine of the app the command made: close its connections now, not at exit
    if ok:
        assert result.exit_code == 0, result.output
    return result


def rows(url: str, model) -> list:
    table = model.__table__
    engine = create_engine(url)
    with engine.connect() as conn:
        found = list(conn.execute(select(table).order_by(*table.primary_key.columns)))
    engine.dispose()
    return found


def test_a_small_factor_seeds_its_share_of_providers_and_runs_and_says_what_is_not_seeded_yet(new_database):
    url = new_database()
    output = taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE).output

    providers = [o for o in rows(url, Organisation) if o.kind == "provider"]
    assert [p.kvk_number for p in providers] == ["20000001", "20000002", "20000003", "20000004"]
    assert {p.kind for p in providers} == {"provider"}
    runs = rows(url, CourseRun)
    assert len(runs) == 300
    courses = rows(url, Course)
    assert 4 * 3 <= len(courses) <= 4 * 6
    assert 4 <= len(rows(url, Location)) <= 4 * 3
    assert {run.course_id for run in runs} <= {course.id for course in courses}
    assert {region.run_id for region in rows(url, RunRegion)} == {run.id for run in runs}
    assert {lesson.run_id for lesson in rows(url, Lesson)} == {run.id for run in runs}
    assert all(6 <= run.capacity_max <= 16 and 25_000 <= run.price_cents <= 150_000 for run in runs)
    assert all(dt.date(2026, 3, 3) <= run.start_date <= dt.date(2027, 3, 9) for run in runs)
    expired = [m for m in rows(url, QualityMark) if m.valid_until < dt.date(2026, 3, 2)]
    assert expired, "some quality marks have expired"
    assert "300 course_runs" in output and f"{len(rows(url, Lesson)):,} lessons" in output
    assert "200 organisations" in output and "2,500 employees" in output and "6,000 enrolments" in output
    assert "not seeded yet: attendance" in output


@pytest.mark.parametrize(("factor", "employers", "employees", "enrolments"),
                         [("0.004", 80, 1_000, 2_400), ("0.01", 200, 2_500, 6_000)])
def test_employers_employees_and_enrolments_scale_with_the_factor(new_database, factor, employers, employees,
                                                                   enrolments):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", factor, "--base-date", BASE_DATE)

    organisations = [o for o in rows(url, Organisation) if o.kind == "employer"]
    assert len(organisations) == employers
    assert [o.kvk_number for o in organisations][:2] == ["21000001", "21000002"]
    assert len(rows(url, Employee)) == employees
    assert len(rows(url, Enrolment)) == enrolments
    assert employers <= len(rows(url, Booking)) <= enrolments


def test_employers_and_their_staff_look_like_the_contract_describes(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    employers = {o.id: o for o in rows(url, Organisation) if o.kind == "employer"}
    staff = rows(url, Employee)

    agencies = [o for o in employers.values() if o.is_temp_agency]
    assert 0.05 <= len(agencies) / len(employers) <= 0.15
    assert {o.cao for o in agencies} == {"ABU", "NBBU"}
    assert {o.cao for o in employers.values() if not o.is_temp_agency} == {None}
    assert all(o.size_class and o.sector for o in employers.values())
    region_of = {m.id: m.region_code for m in rows(url, Municipality)}
    assert len({region_of[o.municipality_id] for o in employers.values()}) >= 30, "spread over the country"
    per_employer = Counter(e.employer_id for e in staff)
    assert set(per_employer) == set(employers), "every employer has a roster"
    assert max(per_employer.values()) >= 10 * (len(staff) / len(employers)), "roster sizes are skewed"
    for person in staff:
        employer = employers[person.employer_id]
        assert person.email is None and person.phone is None
        if employer.is_temp_agency:
            assert person.employment == "agency_worker"
            assert person.cao_phase in (("A", "B", "C") if employer.cao == "ABU" else ("1", "2", "3", "4"))
        else:
            assert person.employment == "employee" and person.cao_phase is None
        assert person.cao_phase is None or person.cao_phase in CAO_PHASES
        assert person.hours_per_week is None or 1 <= person.hours_per_week <= 60
    languages = Counter(e.preferred_language for e in staff)
    assert {"nl", "en", "pl", "ro", "bg", "uk"} <= set(languages)
    assert len(languages) > 6, "and a few others"


def test_bookings_keep_capacity_one_live_seat_per_employee_and_the_employer_s_own_staff(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    runs = {r.id: r for r in rows(url, CourseRun)}
    employees = {e.id: e for e in rows(url, Employee)}
    employers = {o.id: o for o in rows(url, Organisation) if o.kind == "employer"}
    bookings = {b.id: b for b in rows(url, Booking)}
    enrolments = rows(url, Enrolment)

    confirmed = Counter(e.run_id for e in enrolments if e.status == "confirmed")
    assert all(confirmed[run_id] <= run.capacity_max for run_id, run in runs.items())
    assert any(confirmed[run_id] == run.capacity_max for run_id, run in runs.items()), "some runs are full"
    live = Counter((e.run_id, e.employee_id) for e in enrolments if e.status in LIVE)
    assert max(live.values()) == 1, "an employee is live at most once per run"
    for enrolment in enrolments:
        booking = bookings[enrolment.booking_id]
        run = runs[booking.run_id]
        assert employees[enrolment.employee_id].employer_id == booking.employer_id
        assert employees[enrolment.employee_id].archived_at is None
        assert employees[enrolment.employee_id].created_at < booking.created_at
        assert enrolment.run_id == booking.run_id and enrolment.price_cents == run.price_cents
        assert enrolment.funding_id is None and enrolment.created_at == booking.created_at
        if enrolment.status == "cancelled":
            assert enrolment.created_at <= enrolment.cancelled_at < BASE_MOMENT
            assert enrolment.cancellation_fee_cents is not None
            assert enrolment.cancellation_fee_cents in (0, run.price_cents * run.late_cancellation_percent // 100)
        else:
            assert enrolment.cancelled_at is None
        # an enrolment follows its booking, or left a confirmed one on its own
        assert enrolment.status == booking.status or (booking.status, enrolment.status) == ("confirmed", "cancelled")
    for booking in bookings.values():
        run = runs[booking.run_id]
        assert booking.provider_id == run.provider_id
        assert run.created_at < booking.created_at < BASE_MOMENT
        assert employers[booking.employer_id].created_at < booking.created_at
        assert run.status != "draft"
        if run.status == "cancelled":
            assert booking.status == "cancelled"
        if booking.status == "held":  # a lapsed hold: it takes no seat
            assert booking.seat_until < BASE_MOMENT
        else:
            assert booking.seat_until is None
        if booking.status == "confirmed" or booking.confirmed_at is not None:
            assert booking.confirmed_at is not None and booking.payment_method is not None
        if booking.payment_method is not None and booking.confirmed_at is None:
            assert booking.status in ("declined", "expired"), "the method was chosen with the request"
    statuses = Counter(e.status for e in enrolments)
    assert set(statuses) == {"confirmed", "cancelled", "expired", "declined", "waitlisted", "held"}
    assert statuses.most_common(1)[0][0] == "confirmed"
    assert statuses["held"] < statuses["waitlisted"] < statuses["cancelled"]


def test_a_cancelled_seat_costs_the_run_s_late_fee_only_when_it_was_confirmed_and_given_up_after_the_free_days(
        new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    runs = {r.id: r for r in rows(url, CourseRun)}
    bookings = {b.id: b for b in rows(url, Booking)}

    seen = Counter()
    for enrolment in rows(url, Enrolment):
        if enrolment.status != "cancelled":
            continue
        run, booking = runs[enrolment.run_id], bookings[enrolment.booking_id]
        cancelled_on = local(enrolment.cancelled_at.replace(tzinfo=dt.UTC)).date()  # the Amsterdam day
        if run.status == "cancelled" or booking.confirmed_at is None:
            kind, fee = "never confirmed, or the run was cancelled", 0
        elif cancelled_on <= run.start_date - dt.timedelta(days=run.free_cancellation_days):
            kind, fee = "in time", 0
        else:
            kind, fee = "late", run.price_cents * run.late_cancellation_percent // 100
        assert enrolment.cancellation_fee_cents == fee, (kind, enrolment.id)
        seen[kind] += 1
    assert len(seen) == 3, seen


def test_the_same_seed_gives_identical_rows_in_two_databases_and_another_seed_does_not(new_database):
    first, second, other = new_database(), new_database(), new_database()
    for url, seed in ((first, "7"), (second, "7"), (other, "8")):
        taalmarkt(url, "seed", "scale", "--factor", "0.01", "--seed", seed, "--base-date", BASE_DATE)

    for model in (Organisation, Location, QualityMark, Course, CourseRun, RunRegion, Lesson, Employee, Booking,
                  Enrolment):
        assert rows(first, model) == rows(second, model), model.__tablename__
    for model in (CourseRun, Organisation, Employee, Booking, Enrolment):
        assert rows(first, model) != rows(other, model), model.__tablename__


def test_the_search_aids_of_every_run_agree_with_its_lessons(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    lessons: dict[int, list] = {}
    for lesson in rows(url, Lesson):
        lessons.setdefault(lesson.run_id, []).append((lesson.starts_at.replace(tzinfo=dt.UTC),
                                                        lesson.ends_at.replace(tzinfo=dt.UTC)))

    for run in rows(url, CourseRun):
        times = sorted(lessons[run.id])
        # every aid the offer's own refresh_summary derives from these lessons (weekday mask, slots, ...)
        recomputed = SimpleNamespace(lessons=[SimpleNamespace(starts_at=s, ends_at=e) for s, e in times])
        refresh_summary(recomputed)
        aids = {name: value for name, value in vars(recomputed).items() if name != "lessons"}
        assert {name: getattr(run, name) for name in aids} == aids
        assert run.lessons_count == len(times)
        assert (run.start_date, run.end_date) == (local(times[0][0]).date(), local(times[-1][0]).date())
        assert run.booking_deadline <= run.start_date and run.go_no_go_date <= run.start_date
        # the lessons are exactly the weekly pattern the aids describe, public holidays left out
        pattern = WeeklyPattern(
            weekdays=tuple(day for i, day in enumerate(WEEKDAYS) if run.weekday_mask & (1 << i)),
            start_time=dt.time(run.first_minute // 60, run.first_minute % 60),
            end_time=dt.time(run.last_minute // 60, run.last_minute % 60),
            first_date=run.start_date, last_date=run.end_date)
        assert lesson_times(pattern)[0] == times


def test_seeding_twice_is_refused_and_reset_replaces_the_seed_data_but_not_the_demo(new_database):
    url = new_database()
    taalmarkt(url, "demo")
    demo_organisations, demo_runs = set(rows(url, Organisation)), set(rows(url, CourseRun))
    demo = {model: set(rows(url, model)) for model in (Employee, Booking, Enrolment)}
    assert all(demo.values()), "the demo has staff and bookings"
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    before = rows(url, CourseRun)
    assert len(before) == len(demo_runs) + 300
    seeded = {model: rows(url, model) for model in demo}

    again = taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE, ok=False)
    assert again.exit_code != 0 and "already holds seed data" in again.output
    assert rows(url, CourseRun) == before

    reset = taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE, "--seed", "2", "--reset")
    assert "Removed the earlier seed data" in reset.output
    after = rows(url, CourseRun)
    assert len(after) == len(demo_runs) + 300 and after != before
    assert demo_runs <= set(after)
    organisations = set(rows(url, Organisation))
    assert demo_organisations <= organisations and len(organisations) == len(demo_organisations) + 4 + 200
    for model, size in ((Employee, 2_500), (Enrolment, 6_000)):
        now = rows(url, model)
        assert demo[model] <= set(now) and len(now) == len(demo[model]) + size, model.__tablename__
        assert now != seeded[model], model.__tablename__
    assert demo[Booking] <= set(rows(url, Booking))


def test_seeded_open_runs_are_found_by_the_search_api(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", clock.today().isoformat())
    bookable = {run.id: run for run in rows(url, CourseRun)
                if run.status == "open" and run.booking_deadline >= clock.today()}
    app = create_app({"DATABASE_URL": url})
    client = app.test_client()

    found = set()
    cursor = None
    while True:
        page = client.get("/api/v1/runs", query_string={"limit": 200, **({"cursor": cursor} if cursor else {})}).json
        found |= {item["id"] for item in page["items"]}
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert found == set(bookable)

    run = min(bookable.values(), key=lambda r: r.id)
    title = dict((c.id, c.title) for c in rows(url, Course))[run.course_id]
    word = max(re.findall(r"[^\W\d]+", title), key=len)
    region = next(r.region_code for r in rows(url, RunRegion) if r.run_id == run.id)
    hits = client.get("/api/v1/runs", query_string={"q": word, "region": region, "limit": 200}).json["items"]
    assert run.id in {item["id"] for item in hits}
    assert {item["id"] for item in hits} <= set(bookable)
    app.extensions["taalmarkt.engine"].dispose()
