"""`taalmarkt seed scale`: the synthetic national-scale data set for benchmarks (CONTRACT.md, command line).

Each test seeds its own databases through the command line: SQLite files, or PostgreSQL databases made for
the test on the server of TEST_DATABASE_URL (never that database itself, which the other tests share).
"""

import datetime as dt
import os
import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.cli import main
from marketplace.db import db
from marketplace.organisations.models import Organisation
from providers.catalogue import Course, CourseRun, RunRegion, Session
from providers.models import Location, QualityMark
from providers.offer import refresh_summary
from providers.schedule import WeeklyPattern, local, session_times
from providers.vocabulary import WEEKDAYS

pytestmark = pytest.mark.own_database

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BASE_DATE = "2026-03-02"


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

    providers = rows(url, Organisation)
    assert [p.kvk_number for p in providers] == ["20000001", "20000002", "20000003", "20000004"]
    assert {p.kind for p in providers} == {"provider"}
    runs = rows(url, CourseRun)
    assert len(runs) == 300
    courses = rows(url, Course)
    assert 4 * 3 <= len(courses) <= 4 * 6
    assert 4 <= len(rows(url, Location)) <= 4 * 3
    assert {run.course_id for run in runs} <= {course.id for course in courses}
    assert {region.run_id for region in rows(url, RunRegion)} == {run.id for run in runs}
    assert {session.run_id for session in rows(url, Session)} == {run.id for run in runs}
    assert all(6 <= run.capacity_max <= 16 and 25_000 <= run.price_cents <= 150_000 for run in runs)
    assert all(dt.date(2026, 3, 3) <= run.start_date <= dt.date(2027, 3, 9) for run in runs)
    expired = [m for m in rows(url, QualityMark) if m.valid_until < dt.date(2026, 3, 2)]
    assert expired, "some quality marks have expired"
    assert "300 course_runs" in output
    assert "not seeded yet: employers, employees, enrolments" in output


def test_the_same_seed_gives_identical_rows_in_two_databases_and_another_seed_does_not(new_database):
    first, second, other = new_database(), new_database(), new_database()
    for url, seed in ((first, "7"), (second, "7"), (other, "8")):
        taalmarkt(url, "seed", "scale", "--factor", "0.01", "--seed", seed, "--base-date", BASE_DATE)

    for model in (Organisation, Location, QualityMark, Course, CourseRun, RunRegion, Session):
        assert rows(first, model) == rows(second, model), model.__tablename__
    assert rows(first, CourseRun) != rows(other, CourseRun)


def test_the_search_aids_of_every_run_agree_with_its_sessions(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    sessions: dict[int, list] = {}
    for session in rows(url, Session):
        sessions.setdefault(session.run_id, []).append((session.starts_at.replace(tzinfo=dt.UTC),
                                                        session.ends_at.replace(tzinfo=dt.UTC)))

    for run in rows(url, CourseRun):
        times = sorted(sessions[run.id])
        # every aid the offer's own refresh_summary derives from these sessions (weekday mask, slots, ...)
        recomputed = SimpleNamespace(sessions=[SimpleNamespace(starts_at=s, ends_at=e) for s, e in times])
        refresh_summary(recomputed)
        aids = {name: value for name, value in vars(recomputed).items() if name != "sessions"}
        assert {name: getattr(run, name) for name in aids} == aids
        assert run.sessions_count == len(times)
        assert (run.start_date, run.end_date) == (local(times[0][0]).date(), local(times[-1][0]).date())
        assert run.booking_deadline <= run.start_date and run.go_no_go_date <= run.start_date
        # the sessions are exactly the weekly pattern the aids describe, public holidays left out
        pattern = WeeklyPattern(
            weekdays=tuple(day for i, day in enumerate(WEEKDAYS) if run.weekday_mask & (1 << i)),
            start_time=dt.time(run.first_minute // 60, run.first_minute % 60),
            end_time=dt.time(run.last_minute // 60, run.last_minute % 60),
            first_date=run.start_date, last_date=run.end_date)
        assert session_times(pattern)[0] == times


def test_seeding_twice_is_refused_and_reset_replaces_the_seed_data_but_not_the_demo(new_database):
    url = new_database()
    taalmarkt(url, "demo")
    demo_organisations, demo_runs = set(rows(url, Organisation)), set(rows(url, CourseRun))
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE)
    before = rows(url, CourseRun)
    assert len(before) == len(demo_runs) + 300

    again = taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE, ok=False)
    assert again.exit_code != 0 and "already holds seed data" in again.output
    assert rows(url, CourseRun) == before

    reset = taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", BASE_DATE, "--seed", "2", "--reset")
    assert "Removed the earlier seed data" in reset.output
    after = rows(url, CourseRun)
    assert len(after) == len(demo_runs) + 300 and after != before
    assert demo_runs <= set(after)
    organisations = set(rows(url, Organisation))
    assert demo_organisations <= organisations and len(organisations) == len(demo_organisations) + 4


def test_seeded_open_runs_are_found_by_the_search_api(new_database):
    url = new_database()
    taalmarkt(url, "seed", "scale", "--factor", "0.01", "--base-date", dt.date.today().isoformat())
    bookable = {run.id: run for run in rows(url, CourseRun)
                if run.status == "open" and run.booking_deadline >= dt.date.today()}
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
