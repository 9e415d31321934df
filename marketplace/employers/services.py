"""Roster and training-need use cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.errors import NotFound, ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.organisations.services import find_municipality
from providers.vocabulary import LANGUAGES, WEEKDAYS, Cefr, CourseFormat

from .models import (
    CAO_PHASES,
    Employee,
    Employment,
    LevelSource,
    NeedEmployee,
    NeedStatus,
    NeedWindow,
    Site,
    TrainingNeed,
)


@dataclass(frozen=True)
class EmployeeInput:
    first_name: str
    last_name: str
    employment: Employment
    preferred_language: str = "nl"
    cefr_level: Cefr | None = None
    level_source: LevelSource | None = None
    level_assessed_on: dt.date | None = None
    target_level: Cefr | None = None
    cao_phase: str | None = None
    long_term_sick: bool | None = None
    hours_per_week: int | None = None
    employment_start: dt.date | None = None
    labour_migrant: bool | None = None
    statushouder: bool | None = None
    email: str | None = None
    phone: str | None = None
    site_id: int | None = None


def check_employee(employer: Organisation, data: EmployeeInput) -> dict[str, list[str]]:
    """Every problem with one employee's data (also used row by row by the roster import)."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(str(message))

    if not data.first_name.strip():
        add("first_name", _("Fill in the first name."))
    if not data.last_name.strip():
        add("last_name", _("Fill in the last name."))
    if data.preferred_language not in LANGUAGES:
        add("preferred_language", _("Unknown language code: %(code)s.", code=data.preferred_language))
    if data.cao_phase is not None and data.cao_phase not in CAO_PHASES:
        add("cao_phase", _("A CAO phase is A, B or C (ABU) or 1 to 4 (NBBU)."))
    if data.cao_phase is not None and data.employment != Employment.agency_worker:
        add("cao_phase", _("Only agency workers have a CAO phase."))
    if data.target_level and data.cefr_level and Cefr(data.target_level).rank <= Cefr(data.cefr_level).rank:
        add("target_level", _("The target level must be above the current level."))
    if data.hours_per_week is not None and not 1 <= data.hours_per_week <= 60:
        add("hours_per_week", _("Between 1 and 60 hours a week."))
    if data.site_id is not None:
        site = db.session.get(Site, data.site_id)
        if site is None or site.employer_id != employer.id:
            add("site_id", _("Choose one of your sites."))
    return errors


def _apply(employee: Employee, data: EmployeeInput) -> None:
    for name in EmployeeInput.__dataclass_fields__:
        value = getattr(data, name)
        setattr(employee, name, value.strip() if isinstance(value, str) else value)
    employee.email = (data.email or "").strip().lower() or None
    employee.phone = (data.phone or "").strip() or None


def add_employee(employer: Organisation, data: EmployeeInput) -> Employee:
    errors = check_employee(employer, data)
    if errors:
        raise ValidationError(errors)
    employee = Employee(employer_id=employer.id)
    _apply(employee, data)
    db.session.add(employee)
    db.session.flush()
    return employee


def update_employee(employee: Employee, data: EmployeeInput) -> None:
    errors = check_employee(db.session.get(Organisation, employee.employer_id), data)
    if errors:
        raise ValidationError(errors)
    _apply(employee, data)
    db.session.flush()


def archive_employee(employee: Employee) -> None:
    """Off the active roster; kept because bookings and claims may refer to the person."""
    employee.archived_at = employee.archived_at or clock.now()


def restore_employee(employee: Employee) -> None:
    employee.archived_at = None


# Training needs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WindowInput:
    weekday: str  # mon..sun
    time_from: dt.time
    time_to: dt.time


@dataclass(frozen=True)
class NeedInput:
    title: str
    cefr_from: Cefr
    cefr_to: Cefr
    earliest_start: dt.date
    windows: tuple[WindowInput, ...] = ()
    employee_ids: tuple[int, ...] = ()
    learners: int | None = None  # when no employees are named
    formats: tuple[str, ...] = ()
    site_id: int | None = None
    municipality: str | None = None  # code or name, when no site
    budget_per_person_cents: int | None = None
    notes: str | None = None
    extra: dict = field(default_factory=dict)


def create_need(employer: Organisation, data: NeedInput, *, today: dt.date | None = None) -> TrainingNeed:
    """A training need; another employer's employees are not found (404), never silently added."""
    today = today or clock.today()
    employees = _own_employees(employer, data.employee_ids)
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(str(message))

    if Cefr(data.cefr_to).rank <= Cefr(data.cefr_from).rank:
        add("cefr_to", _("The target level must be above the current level."))
    if data.earliest_start < today:
        add("earliest_start", _("The earliest start lies in the past."))
    for i, window in enumerate(data.windows):
        if window.weekday not in WEEKDAYS:
            add(f"windows.{i}.weekday", _("A weekday is mon, tue, wed, thu, fri, sat or sun."))
        if window.time_to <= window.time_from:
            add(f"windows.{i}.time_to", _("The window ends before it starts."))
    for fmt in data.formats:
        if fmt not in {f.value for f in CourseFormat}:
            add("formats", _("Unknown format: %(format)s.", format=fmt))
    learners = len(employees) or data.learners or 0
    if learners < 1:
        add("employee_ids", _("Choose the employees, or give the number of learners."))
    if data.budget_per_person_cents is not None and data.budget_per_person_cents < 0:
        add("budget_per_person_cents", _("The budget cannot be negative."))
    site = db.session.get(Site, data.site_id) if data.site_id else None
    if data.site_id and (site is None or site.employer_id != employer.id):
        add("site_id", _("Choose one of your sites."))
    municipality = site.municipality if site else (
        find_municipality(data.municipality, today) if data.municipality else employer.municipality)
    if municipality is None:
        add("municipality_code", _("Unknown municipality."))
    if errors:
        raise ValidationError(errors)
    need = TrainingNeed(
        employer_id=employer.id, title=data.title.strip() or str(_("Dutch for %(n)d learners", n=learners)),
        learners=learners, cefr_from=Cefr(data.cefr_from), cefr_to=Cefr(data.cefr_to), formats=list(data.formats),
        site_id=site.id if site else None, municipality_id=municipality.id, earliest_start=data.earliest_start,
        budget_per_person_cents=data.budget_per_person_cents, notes=(data.notes or "").strip() or None,
        windows=[NeedWindow(weekday=WEEKDAYS.index(w.weekday), time_from=w.time_from, time_to=w.time_to)
                 for w in data.windows],
        members=[NeedEmployee(employee_id=e.id) for e in employees])
    db.session.add(need)
    db.session.flush()
    return need


def _own_employees(employer: Organisation, ids: tuple[int, ...]) -> list[Employee]:
    if not ids:
        return []
    found = db.session.scalars(select(Employee).where(Employee.id.in_(ids), Employee.employer_id == employer.id,
                                                      Employee.archived_at.is_(None))).all()
    if len(found) != len(set(ids)):
        raise NotFound(_("One or more employees were not found on your roster."), field="employee_ids")
    return list(found)


def publish_need(need: TrainingNeed) -> None:
    """Let providers active in the region see the need, anonymised."""
    need.move_to(NeedStatus.published)
    need.published_at = need.published_at or clock.now()


def close_need(need: TrainingNeed) -> None:
    need.move_to(NeedStatus.closed)
