"""Budget and de-minimis ledgers, and the frozen funding snapshot of an enrolment."""

import contextlib
import datetime as dt
import threading

import pytest
from sqlalchemy import delete, func, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.models import Employee, Employment
from marketplace.employers.services import EmployeeInput, add_employee
from marketplace.funding import ledgers
from marketplace.funding.ledgers import BudgetEntry, DeMinimisAid, LinkedUndertaking
from marketplace.funding.snapshots import assess_enrolment, facts_for
from marketplace.tenancy.organisations.models import Cao, Organisation, OrgKind, SizeClass
from providers import supply
from providers.vocabulary import Cefr, CourseFormat, PlaceKind
from subsidies import evaluate

from .catalogue_world import next_weekday, run_input, weeks
from .factories import make_org

DAY = dt.date(2026, 3, 2)


def agency_worker(agency: Organisation, phase="A") -> Employee:
    return add_employee(agency, EmployeeInput(first_name="Tomasz", last_name="Z", employment=Employment.agency_worker,
                                              cao_phase=phase, long_term_sick=False, cefr_level=Cefr.A1))


def a_run(provider, price=120000):
    course = supply.create_course(provider, supply.CourseInput("Taal", "", Cefr.A1, Cefr.A2, 40, CourseFormat.online))
    tue = next_weekday(clock.today() + dt.timedelta(days=30), 1)
    return supply.create_run(course, run_input(tue, weeks(tue, ("tue",), "15:00", "17:00", 4), place=PlaceKind.online,
                                              regions=("AM22",), price=price))


def test_reservations_keep_the_yearly_cap_across_courses_and_start_afresh_next_year(world):
    worker = agency_worker(world.agency)
    assert ledgers.reserve(worker.id, "doorzaam_taalbudget", 90000, DAY, "enrolment:1") == 90000
    assert ledgers.reserve(worker.id, "doorzaam_taalbudget", 90000, DAY, "enrolment:2") == 60000  # the cap
    assert ledgers.reserve(worker.id, "doorzaam_taalbudget", 10000, DAY, "enrolment:3") == 0
    assert ledgers.reserve(worker.id, "doorzaam_taalbudget", 90000, dt.date(2027, 1, 4), "enrolment:4") == 90000
    assert ledgers.release("enrolment:1", DAY) == 90000
    assert ledgers.release("enrolment:1", DAY) == 0  # idempotent
    assert ledgers.committed_cents(worker.id, "doorzaam_taalbudget", 2026) == 60000
    assert [(p.scheme, p.amount_cents) for p in ledgers.prior_subsidies(worker.id)] == [
        ("doorzaam_taalbudget", 60000), ("doorzaam_taalbudget", 90000)]


def test_the_snapshot_freezes_decisions_and_reserves_the_doorzaam_budget(world):
    worker = agency_worker(world.agency)
    run = a_run(world.provider)
    snapshot = assess_enrolment(world.agency, worker, run, ["blik_op_werk"], DAY, "enrolment:10")
    doorzaam = next(d for d in snapshot.decisions if d["scheme"] == "doorzaam_taalbudget")
    assert (doorzaam["status"], doorzaam["amount_cents"], snapshot.reserved_cents) == ("eligible", 120000, 120000)
    assert doorzaam["scheme_version"] and doorzaam["parameters"]["max_per_employee_per_year_cents"] == 150000
    assert snapshot.plan["own_cents"] == 0 and snapshot.evaluated_on == DAY
    assert snapshot.facts["employee"]["cao_phase"] == "A"
    # one allowance at a time: while the first course has not ended, Doorzaam's allowance for it is open
    second = assess_enrolment(world.agency, worker, a_run(world.provider), [], DAY, "enrolment:11")
    refused = next(d for d in second.decisions if d["scheme"] == "doorzaam_taalbudget")
    assert second.reserved_cents == 0 and refused["status"] == "not_eligible"
    assert {c["rule"]: c["result"] for c in refused["checks"]}["previous_allowance_settled"] == "fail"
    after = run.end_date + dt.timedelta(days=1)
    third = assess_enrolment(world.agency, worker, a_run(world.provider), [], after, "enrolment:12")
    assert third.reserved_cents == 120000  # settled, and a new calendar year's budget
    db.session.flush()
    prior = ledgers.prior_subsidies(worker.id, frozenset({"enrolment:10"}))
    assert [(p.on, p.settled) for p in prior] == [(DAY, True), (after, False)]


def test_phase_c_workers_and_non_agencies_reserve_nothing(world):
    worker = agency_worker(world.agency, phase="C")
    assert assess_enrolment(world.agency, worker, a_run(world.provider), [], DAY, "enrolment:20").reserved_cents == 0
    assert db.session.scalar(select(func.count()).select_from(BudgetEntry)) == 0


def test_de_minimis_counts_linked_companies_over_three_rolling_years(world):
    sister = make_org(OrgKind.employer, name="Zusterbedrijf", size_class=SizeClass.small)
    db.session.add_all([
        LinkedUndertaking(organisation_id=world.employer.id, linked_organisation_id=sister.id),
        DeMinimisAid(organisation_id=sister.id, granted_on=dt.date(2024, 5, 1), amount_cents=28_000_000,
                     scheme="other", reference="x"),
        DeMinimisAid(organisation_id=world.employer.id, granted_on=dt.date(2023, 3, 1), amount_cents=5_000_000,
                     scheme="other", reference="old"),  # outside three years from 2026-03-02
        DeMinimisAid(organisation_id=world.employer.id, granted_on=dt.date(2025, 9, 1), amount_cents=1_000_000,
                     scheme="slim", reference="y"),
    ])
    db.session.flush()
    assert ledgers.de_minimis_received_cents(world.employer, DAY) == 29_000_000
    worker = add_employee(world.employer, EmployeeInput(first_name="A", last_name="B", employment=Employment.employee))
    facts = facts_for(world.employer, worker, a_run(world.provider, price=2_000_000), [], DAY)
    assert facts.employer.de_minimis_received_cents == 29_000_000
    slim = next(d for d in evaluate(facts, DAY) if d.scheme == "slim")
    assert slim.status == "not_eligible"


@pytest.fixture
def committed_worker(app):
    """An agency and a worker committed for real, for tests with threads; removed afterwards."""
    with app.app_context():
        agency = make_org(OrgKind.employer, name="Race BV", kvk_number="77777777", is_temp_agency=True, cao=Cao.ABU)
        worker = agency_worker(agency)
        commit()
        ids = agency.id, worker.id
    yield ids
    with app.app_context():
        db.session.execute(delete(BudgetEntry).where(BudgetEntry.employee_id == ids[1]))
        db.session.execute(delete(Employee).where(Employee.id == ids[1]))
        db.session.execute(delete(Organisation).where(Organisation.id == ids[0]))
        commit()


def race(app, worker_id, locking: bool, monkeypatch) -> int:
    """Two bookings for the same worker at the same moment, each asking EUR 1,000 of the EUR 1,500 budget."""
    both_read = threading.Barrier(2)
    real = ledgers.committed_cents

    def read_then_wait(*args):
        value = real(*args)
        # Without the lock both threads read before either writes; with it, the other thread waits for
        # ours, the barrier times out and we go on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=2)
        return value

    monkeypatch.setattr(ledgers, "committed_cents", read_then_wait)
    errors = []

    def book(reference):
        try:
            with app.app_context():
                ledgers.reserve(worker_id, "doorzaam_taalbudget", 100000, DAY, reference, locking=locking)
                commit()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=book, args=(f"enrolment:race-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    with app.app_context():
        return real(worker_id, "doorzaam_taalbudget", 2026)


@pytest.mark.postgres
@pytest.mark.own_database
def test_two_bookings_at_the_same_moment_never_pass_the_cap(app, committed_worker, monkeypatch):
    assert race(app, committed_worker[1], locking=True, monkeypatch=monkeypatch) == 150000


@pytest.mark.postgres
@pytest.mark.own_database
def test_control_without_the_lock_the_race_really_happens(app, committed_worker, monkeypatch):
    assert race(app, committed_worker[1], locking=False, monkeypatch=monkeypatch) == 200000
