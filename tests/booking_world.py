"""A provider's run and an agency's roster to book onto it, shared by the booking tests."""

from __future__ import annotations

import datetime as dt

from marketplace.core import clock
from marketplace.employers.models import Employee, Employment
from marketplace.employers.services import EmployeeInput, add_employee
from marketplace.tenancy.organisations.models import Organisation
from providers import supply
from providers.catalogue import CourseRun, RunStatus
from providers.locations import LocationInput, add_location
from providers.vocabulary import Cefr, CourseFormat, PlaceKind

from .catalogue_world import next_weekday, run_input, weeks

LANGUAGES = ("nl", "en", "pl", "ro", "bg", "uk")


def staff(employer: Organisation, n: int, *, emails: bool = True) -> list[Employee]:
    """Agency workers in phase A (Doorzaam-eligible), each with a preferred language from LANGUAGES."""
    return [add_employee(employer, EmployeeInput(
        first_name=f"Worker{i}", last_name=employer.name.split()[0], employment=Employment.agency_worker,
        cao_phase="A", long_term_sick=False, cefr_level=Cefr.A1, preferred_language=LANGUAGES[i % 6],
        email=f"worker{i}.{employer.id}@example.example" if emails else None)) for i in range(n)]


def a_run(provider: Organisation, *, days_ahead: int = 30, capacity: int = 3, minimum: int = 1,
          instant: bool = True, price: int = 45000, status: RunStatus = RunStatus.open, deadline_days: int = 3,
          go_no_go_days: int | None = None, place=PlaceKind.location) -> CourseRun:
    course = supply.create_course(provider, supply.CourseInput(
        "Nederlands op de werkvloer", "Praktisch Nederlands.", Cefr.A1, Cefr.A2, 40, CourseFormat.classroom,
        what_to_bring="Een schrift"))
    location = add_location(provider, LocationInput("Waalhaven", "Waalhaven 1", "3089 JH", "Rotterdam", "GM0599")) \
        if place == PlaceKind.location else None
    tue = next_weekday(clock.today() + dt.timedelta(days=days_ahead), 1)
    data = run_input(tue, weeks(tue, ("tue", "thu"), "15:30", "17:30", 4), place=place, location=location,
                     regions=("AM22",), price=price, capacity=capacity, status=status, deadline_days=deadline_days)
    from dataclasses import replace

    data = replace(data, capacity_min=minimum, instant_booking=instant,
                   go_no_go_date=tue - dt.timedelta(days=deadline_days if go_no_go_days is None else go_no_go_days))
    return supply.create_run(course, data)
