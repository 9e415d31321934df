"""Demo courses and runs of the demo provider: several regions, runs with and without free seats,
and one below its minimum group size. Idempotent: nothing is added once the provider has courses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.core.db import db
from marketplace.tenancy.organisations.models import Organisation
from providers import supply
from providers.catalogue import Course, RunStatus
from providers.locations import LocationInput, add_location
from providers.schedule import WeeklyPattern, lesson_times
from providers.vocabulary import Cefr, CourseFormat, Exam, PlaceKind

LOCATIONS = [
    LocationInput("Leslokaal Waalhaven", "Waalhaven Zuidzijde 19", "3089 JH", "Rotterdam", "GM0599",
                  "Ingang B, eerste verdieping. Parkeren op het terrein."),
    LocationInput("TaalWerkt Utrecht", "Vredenburg 40", "3511 BD", "Utrecht", "GM0344",
                  "Vijf minuten lopen vanaf Utrecht Centraal."),
    LocationInput("Opleidingscentrum Venlo", "Nijmeegseweg 40", "5916 PT", "Venlo", "GM0983", None),
]

COURSES = [
    supply.CourseInput(
        "Nederlands op de werkvloer: logistiek (A0-A1)",
        "Voor orderpickers, heftruckchauffeurs en magazijnmedewerkers die nog weinig Nederlands spreken. "
        "De cursisten leren veiligheidsinstructies begrijpen, vragen stellen aan hun leidinggevende, een "
        "werkbon lezen en kort vertellen wat ze doen. De docent legt uit in het Pools en het Roemeens waar "
        "dat nodig is. Elke les eindigt met een opdracht op de eigen werkplek.",
        Cefr.A0, Cefr.A1, 48, CourseFormat.classroom, support_languages=("pl", "ro", "en"),
        sector_tags=("logistics",), self_study_hours=24, exam=Exam.provider_certificate,
        what_to_bring="Pen en schrift. Het lesboek krijg je in de eerste les."),
    supply.CourseInput(
        "Nederlands op de werkvloer: logistiek (A1-A2)",
        "Vervolg voor medewerkers in de logistiek die de basis beheersen: telefoneren met de planning, een "
        "incident melden, overleggen in het werkoverleg.",
        Cefr.A1, Cefr.A2, 48, CourseFormat.classroom, support_languages=("pl", "ro", "bg"),
        sector_tags=("logistics",), exam=Exam.provider_certificate),
    supply.CourseInput(
        "Taal in de zorg",
        "Nederlands voor medewerkers in de zorg: rapporteren, overdragen en in gesprek met cliënten.",
        Cefr.A2, Cefr.B1, 60, CourseFormat.blended, support_languages=("uk", "en"), sector_tags=("care",),
        vocational=True, nlqf=2),
    supply.CourseInput(
        "Online Nederlands voor beginners",
        "Twee avonden per week online les in kleine groepen, met oefeningen voor tussendoor.",
        Cefr.A0, Cefr.A1, 30, CourseFormat.online, support_languages=("pl", "ro", "bg", "uk"), self_study_hours=30),
    supply.CourseInput(
        "Voorbereiding Staatsexamen NT2 programma I",
        "Intensieve voorbereiding op het Staatsexamen NT2 I (B1).",
        Cefr.A2, Cefr.B1, 80, CourseFormat.classroom, exam=Exam.staatsexamen_nt2_i),
]


def _pattern(first: dt.date, days: tuple[str, ...], start: str, end: str, weeks: int):
    last = first + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    times, _skipped = lesson_times(WeeklyPattern(days, dt.time.fromisoformat(start), dt.time.fromisoformat(end),
                                                  first, last))
    return first, last, tuple(times)


def _run(course, first_days: int, today, days, start, end, weeks, *, place=PlaceKind.location, location=None,
         regions=(), price=45000, capacity=(6, 12), status=RunStatus.open):
    first = today + dt.timedelta(days=first_days)
    first += dt.timedelta(days=(("mon", "tue", "wed", "thu", "fri").index(days[0]) - first.weekday()) % 7)
    first, last, times = _pattern(first, days, start, end, weeks)
    return supply.create_run(course, supply.RunInput(
        place_kind=place, location_id=location.id if location else None, regions=regions, start_date=first,
        end_date=last, capacity_min=capacity[0], capacity_max=capacity[1], price_cents=price,
        booking_deadline=first - dt.timedelta(days=7), go_no_go_date=first - dt.timedelta(days=10),
        status=status, lessons=times))


def load_catalogue(provider: Organisation, today: dt.date) -> None:
    if db.session.scalar(select(Course.id).where(Course.provider_id == provider.id).limit(1)):
        return
    rotterdam, utrecht, venlo = (add_location(provider, loc) for loc in LOCATIONS)
    basic, follow_up, care, online, exam = (supply.create_course(provider, c) for c in COURSES)
    # Rijnmond: Tuesday and Thursday afternoons, during or right after the early shift
    _run(basic, 21, today, ("tue", "thu"), "14:30", "16:30", 12, location=rotterdam, regions=("AM22",))
    _run(follow_up, 63, today, ("tue", "thu"), "15:00", "17:00", 12, location=rotterdam, capacity=(6, 10),
         price=49500)
    _run(follow_up, 28, today, ("mon", "wed"), "13:00", "15:00", 12, location=rotterdam, price=52000)
    _run(follow_up, 35, today, ("tue", "thu"), "14:00", "16:00", 10, place=PlaceKind.in_company,
         regions=("AM22", "AM23"), price=46000, capacity=(6, 12))
    _run(follow_up, 49, today, ("tue", "thu"), "14:00", "16:00", 12, location=rotterdam, capacity=(3, 4),
         price=44000)
    # Utrecht and Venlo
    _run(care, 42, today, ("wed",), "09:30", "12:30", 16, location=utrecht, price=98000, capacity=(6, 10))
    _run(exam, 56, today, ("mon", "thu"), "18:30", "21:00", 14, location=utrecht, price=129000, capacity=(4, 12))
    _run(basic, 30, today, ("mon", "wed"), "16:00", "18:00", 12, location=venlo, price=42000)
    # Online, for everyone; one run is still a draft
    _run(online, 14, today, ("tue", "thu"), "19:30", "21:00", 10, place=PlaceKind.online,
         regions=("AM22", "AM13", "AM29"), price=29500, capacity=(5, 16))
    _run(online, 70, today, ("tue", "thu"), "19:30", "21:00", 10, place=PlaceKind.online, regions=("AM22",),
         price=29500, capacity=(5, 16), status=RunStatus.draft)
