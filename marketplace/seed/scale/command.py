"""`taalmarkt seed scale`: the steps in order, clearing an earlier seed, and the command itself."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable

import click
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace.bookings.models import Booking, BookingEvent, Enrolment
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import Employee
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality, valid_on
from providers.catalogue import Course, CourseLanguage, CourseRun, CourseTag, Lesson, RunRegion
from providers.models import Location, QualityMark

from .bookings import seed_enrolments
from .employers import seed_employees, seed_employers
from .providers import seed_courses, seed_providers
from .runs import seed_runs
from .world import KVK_SEEDED, Place, World, Writer

#: in CONTRACT.md's data set but not in the data model yet
NOT_SEEDED_YET = ("attendance",)

#: (name, step, tables it fills) in order; a later step goes at the end, with its own random stream.
STEPS: tuple[tuple[str, Callable[[World], None], tuple[str, ...]], ...] = (
    ("providers", seed_providers, ("organisations", "locations", "quality_marks")),
    ("courses", seed_courses, ("courses", "course_languages", "course_tags")),
    ("runs", seed_runs, ("course_runs", "run_regions", "lessons")),
    ("employers", seed_employers, ("organisations",)),
    ("employees", seed_employees, ("employees",)),
    ("enrolments", seed_enrolments, ("bookings", "enrolments")),
)


def seeded_organisations():
    return select(Organisation.id).where(Organisation.kvk_number.between(*KVK_SEEDED))


def has_seed_data(session) -> bool:
    return session.scalar(seeded_organisations().limit(1)) is not None


def clear_seed_data(session) -> None:
    """Delete what an earlier seed wrote, children first (a later step adds its tables at the front).

    Bookings go when their employer or provider is seeded (also ones made later through the product on the
    seeded data, with their audit trail), and enrolments with their booking, run or employee."""
    orgs = seeded_organisations()
    runs = select(CourseRun.id).where(CourseRun.provider_id.in_(orgs))
    courses = select(Course.id).where(Course.provider_id.in_(orgs))
    employees = select(Employee.id).where(Employee.employer_id.in_(orgs))
    bookings = select(Booking.id).where(Booking.employer_id.in_(orgs) | Booking.provider_id.in_(orgs))
    deletions: Iterable = (
        BookingEvent.__table__.delete().where(BookingEvent.booking_id.in_(bookings)),
        Enrolment.__table__.delete().where(Enrolment.booking_id.in_(bookings) | Enrolment.run_id.in_(runs)
                                           | Enrolment.employee_id.in_(employees)),
        Booking.__table__.delete().where(Booking.employer_id.in_(orgs) | Booking.provider_id.in_(orgs)),
        Employee.__table__.delete().where(Employee.employer_id.in_(orgs)),
        Lesson.__table__.delete().where(Lesson.run_id.in_(runs)),
        RunRegion.__table__.delete().where(RunRegion.run_id.in_(runs)),
        CourseRun.__table__.delete().where(CourseRun.provider_id.in_(orgs)),
        CourseLanguage.__table__.delete().where(CourseLanguage.course_id.in_(courses)),
        CourseTag.__table__.delete().where(CourseTag.course_id.in_(courses)),
        Course.__table__.delete().where(Course.provider_id.in_(orgs)),
        Location.__table__.delete().where(Location.provider_id.in_(orgs)),
        QualityMark.__table__.delete().where(QualityMark.provider_id.in_(orgs)),
        Organisation.__table__.delete().where(Organisation.id.in_(orgs)),
    )
    for statement in deletions:
        session.execute(statement)


def current_places(session, day: dt.date) -> list[Place]:
    rows = session.execute(select(Municipality.id, Municipality.code, Municipality.name, Municipality.region_code)
                           .where(valid_on(day)).order_by(Municipality.code))
    return [Place(*row) for row in rows]


@click.group("seed", cls=AppGroup)
def seed_group() -> None:
    """Synthetic data for benchmarks."""


@seed_group.command("scale")
@click.option("--factor", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Size relative to the national scale (1: 400 providers, 30,000 runs, 20,000 employers, "
                   "250,000 employees, 600,000 enrolments).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same rows.")
@click.option("--base-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Day the data set is built around (runs start in the 12 months after it) [default: today].")
@click.option("--reset", is_flag=True, help="Delete the data of an earlier seed first.")
def seed_scale(factor: float, seed: int, base_date: dt.datetime | None, reset: bool) -> None:
    """Fill the database with a synthetic national-scale data set (CONTRACT.md, command line)."""
    session = db.session
    base = base_date.date() if base_date else clock.today()
    places = current_places(session, base)
    if not places:
        raise click.ClickException("No municipalities in the database: run `taalmarkt db upgrade` first.")
    if has_seed_data(session):
        if not reset:
            raise click.ClickException("This database already holds seed data (KvK numbers 2xxxxxxx). "
                                       "Use --reset to replace it, or seed an empty database.")
        began = time.perf_counter()
        clear_seed_data(session)
        session.commit()
        click.echo(f"Removed the earlier seed data ({time.perf_counter() - began:.1f} s).")
    world = World(seed=seed, factor=factor, base=base, places=places, writer=Writer(session))
    click.echo(f"Seeding at factor {factor:g}, seed {seed}, base date {base.isoformat()}.")
    began = time.perf_counter()
    for name, step, tables in STEPS:
        step_began, before = time.perf_counter(), dict(world.writer.counts)
        step(world)
        rows = ", ".join(f"{world.writer.counts.get(t, 0) - before.get(t, 0):,} {t}" for t in tables)
        click.echo(f"  {name:<10} {rows} ({time.perf_counter() - step_began:.1f} s)")
    session.commit()
    world.writer.finish()
    click.echo(f"  not seeded yet: {', '.join(NOT_SEEDED_YET)} (not in the data model yet)")
    click.echo(f"Done: {sum(world.writer.counts.values()):,} rows in {time.perf_counter() - began:.1f} s.")
