"""A small catalogue for search tests: runs whose every property is known (see each comment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marketplace.core.jobs import commit
from marketplace.tenancy.organisations.models import OrgKind
from providers import supply
from providers.catalogue import CourseRun, RunStatus
from providers.locations import LocationInput, add_location
from providers.marks import MarkDetails, add_mark
from providers.models import MarkKind
from providers.schedule import WeeklyPattern, lesson_times
from providers.vocabulary import Cefr, CourseFormat, Exam, PlaceKind

from .factories import make_org


@dataclass
class Catalogue:
    r1: CourseRun  # Rotterdam classroom A0->A1, Tue+Thu 15:30-17:30, +30d, EUR 450, 12 seats, Polish support
    r2: CourseRun  # Utrecht blended A1->A2, Mon+Wed 09:00-11:00, +60d, EUR 800, 8 seats, Romanian, certificate
    r3: CourseRun  # online B1->B2, Fri 19:00-21:00, +90d, EUR 1,200, 20 seats, English, Staatsexamen II
    r4: CourseRun  # other provider, in-company AM22 A0->A2, Tue 14-16 and Fri 10-12, +45d, EUR 600, 8 seats
    draft: CourseRun  # never found
    closed: CourseRun  # booking deadline passed: never found


def weeks(first: dt.date, days: tuple[str, ...], start: str, end: str, n: int):
    times, _skipped = lesson_times(WeeklyPattern(days, dt.time.fromisoformat(start), dt.time.fromisoformat(end),
                                                  first, first + dt.timedelta(weeks=n) - dt.timedelta(days=1),
                                                  skip_public_holidays=False))
    return tuple(times)


def next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def run_input(first: dt.date, lessons, *, place=PlaceKind.location, location=None, regions=(), price=45000,
              capacity=12, status=RunStatus.open, deadline_days=3) -> supply.RunInput:
    last = max(e for _s, e in lessons).date()
    return supply.RunInput(place_kind=place, location_id=location.id if location else None, regions=regions,
                          start_date=first, end_date=last, capacity_min=4, capacity_max=capacity, price_cents=price,
                          booking_deadline=first - dt.timedelta(days=deadline_days),
                          go_no_go_date=first - dt.timedelta(days=deadline_days), status=status,
                          lessons=lessons)


def build_catalogue(world, today: dt.date) -> Catalogue:
    provider = world.provider
    add_mark(provider, MarkDetails(MarkKind.blik_op_werk, "BOW-1", today - dt.timedelta(days=10),
                                   today + dt.timedelta(days=400)))
    rotterdam = add_location(provider, LocationInput("Waalhaven", "Waalhaven 1", "3089 JH", "Rotterdam", "GM0599"))
    utrecht = add_location(provider, LocationInput("Centrum", "Vredenburg 1", "3511 BA", "Utrecht", "GM0344"))
    other = make_org(OrgKind.provider, "GM0599", name="Andere School")
    add_mark(other, MarkDetails(MarkKind.nrto, "NRTO-9", today - dt.timedelta(days=800),
                                today - dt.timedelta(days=1)))  # expired

    logistics = supply.create_course(provider, supply.CourseInput(
        "Nederlands op de werkvloer: logistiek", "Praktisch Nederlands voor het magazijn en de werkvloer.",
        Cefr.A0, Cefr.A1, 40, CourseFormat.classroom, support_languages=("pl",), sector_tags=("logistics",)))
    care = supply.create_course(provider, supply.CourseInput(
        "Taalcursus zorg", "Nederlands voor zorgmedewerkers.", Cefr.A1, Cefr.A2, 60, CourseFormat.blended,
        support_languages=("ro",), exam=Exam.provider_certificate))
    exam = supply.create_course(provider, supply.CourseInput(
        "Staatsexamen II voorbereiding", "Online voorbereiding op het staatsexamen.", Cefr.B1, Cefr.B2, 80,
        CourseFormat.online, support_languages=("en",), exam=Exam.staatsexamen_nt2_ii))
    company = supply.create_course(other, supply.CourseInput(
        "Nederlands in uw bedrijf", "Lessen op de eigen locatie van de werkgever.", Cefr.A0, Cefr.A2, 50,
        CourseFormat.in_company))

    d30 = next_weekday(today + dt.timedelta(days=30), 1)  # a Tuesday
    d60 = next_weekday(today + dt.timedelta(days=60), 0)  # a Monday
    d90 = next_weekday(today + dt.timedelta(days=90), 4)  # a Friday
    d45 = next_weekday(today + dt.timedelta(days=45), 1)  # a Tuesday
    catalogue = Catalogue(
        r1=supply.create_run(logistics, run_input(d30, weeks(d30, ("tue", "thu"), "15:30", "17:30", 8),
                                                 location=rotterdam)),
        r2=supply.create_run(care, run_input(d60, weeks(d60, ("mon", "wed"), "09:00", "11:00", 10), location=utrecht,
                                            price=80000, capacity=8)),
        r3=supply.create_run(exam, run_input(d90, weeks(d90, ("fri",), "19:00", "21:00", 12), place=PlaceKind.online,
                                            regions=("AM22",), price=120000, capacity=20)),
        r4=supply.create_run(company, run_input(
            d45, weeks(d45, ("tue",), "14:00", "16:00", 6) + weeks(d45 + dt.timedelta(days=3), ("fri",), "10:00",
                                                                  "12:00", 6),
            place=PlaceKind.in_company, regions=("AM22",), price=60000, capacity=8)),
        draft=supply.create_run(logistics, run_input(d30, weeks(d30, ("tue",), "15:30", "17:30", 2), location=rotterdam,
                                                    status=RunStatus.draft)),
        closed=supply.create_run(logistics, run_input(today + dt.timedelta(days=2),
                                                     weeks(today + dt.timedelta(days=2), ("mon", "tue", "wed", "thu",
                                                                                          "fri", "sat", "sun"),
                                                           "15:30", "17:30", 1), location=rotterdam)),
    )
    commit()
    return catalogue
