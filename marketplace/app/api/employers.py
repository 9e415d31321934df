"""The staff roster, training needs and their matches (CONTRACT.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import jsonify, request
from flask_babel import force_locale
from pydantic import EmailStr, Field
from sqlalchemy import select

from marketplace.core.access import Role, actor, get_for_org, member
from marketplace.core.db import db
from marketplace.core.i18n import api_language
from marketplace.employers import services
from marketplace.employers.models import Employee, Employment, LevelSource, TrainingNeed
from marketplace.matching.presentation import matches_json
from marketplace.tenancy.organisations.models import OrgKind
from providers.vocabulary import Cefr, CourseFormat

from .core import (
    Int,
    LocalTime,
    Strict,
    api_route,
    body_schema,
    int_cursor,
    json_body,
    page,
    page_args,
    parse,
    reject_nulls,
)

EMPLOYER = member(OrgKind.employer)
EMPLOYER_MEMBER = member(OrgKind.employer, role=Role.member)


class EmployeeBody(Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    preferred_language: str = Field(default="nl", min_length=2, max_length=5)
    cefr_level: Cefr | None = None
    level_source: LevelSource | None = None
    level_assessed_on: dt.date | None = None
    target_level: Cefr | None = None
    employment: Employment
    cao_phase: Literal["A", "B", "C", "1", "2", "3", "4"] | None = None
    long_term_sick: bool | None = None
    hours_per_week: int | None = Field(default=None, ge=1, le=60)
    employment_start: dt.date | None = None
    labour_migrant: bool | None = None
    statushouder: bool | None = None
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    site_id: Int | None = None


class EmployeePatch(Strict):
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    preferred_language: str | None = Field(default=None, min_length=2, max_length=5)
    cefr_level: Cefr | None = None
    level_source: LevelSource | None = None
    level_assessed_on: dt.date | None = None
    target_level: Cefr | None = None
    employment: Employment | None = None
    cao_phase: Literal["A", "B", "C", "1", "2", "3", "4"] | None = None
    long_term_sick: bool | None = None
    hours_per_week: int | None = Field(default=None, ge=1, le=60)
    employment_start: dt.date | None = None
    labour_migrant: bool | None = None
    statushouder: bool | None = None
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    site_id: Int | None = None
    archived: bool | None = None


def employee_json(e: Employee) -> dict:
    return {
        "id": e.id, "first_name": e.first_name, "last_name": e.last_name, "preferred_language": e.preferred_language,
        "cefr_level": e.cefr_level, "level_source": e.level_source,
        "level_assessed_on": e.level_assessed_on.isoformat() if e.level_assessed_on else None,
        "target_level": e.target_level, "employment": e.employment, "cao_phase": e.cao_phase,
        "long_term_sick": e.long_term_sick, "hours_per_week": e.hours_per_week,
        "employment_start": e.employment_start.isoformat() if e.employment_start else None,
        "labour_migrant": e.labour_migrant, "statushouder": e.statushouder, "email": e.email, "phone": e.phone,
        "site_id": e.site_id,
        "archived": e.archived_at is not None,
    }


def _input(data: dict) -> services.EmployeeInput:
    return services.EmployeeInput(**{k: v for k, v in data.items() if k != "archived"})


@api_route("/employees", methods=("POST",), summary="Add an employee to the roster (employers)",
           requestBody=body_schema(EmployeeBody), responses={"201": {"description": "The employee"}})
@EMPLOYER_MEMBER
def create_employee():
    body = parse(EmployeeBody, json_body())
    return jsonify(employee_json(services.add_employee(actor().organisation, _input(body.model_dump())))), 201


@api_route("/employees", summary="The roster (employers); ?archived=true for the archived ones",
           responses={"200": {"description": "{items: [employee], next_cursor}"}})
@EMPLOYER
def list_employees():
    limit, cursor = page_args()
    query = select(Employee).where(Employee.employer_id == actor().organisation.id).order_by(Employee.id)
    archived = request.args.get("archived") == "true"
    query = query.where(Employee.archived_at.is_not(None) if archived else Employee.archived_at.is_(None))
    if (after := int_cursor(cursor)) is not None:
        query = query.where(Employee.id > after)
    return jsonify(page(db.session.scalars(query.limit(limit + 1)).all(), limit, lambda e: e.id, employee_json))


@api_route("/employees/<int:employee_id>", summary="One employee (employers)")
@EMPLOYER
def get_employee(employee_id: int):
    return jsonify(employee_json(get_for_org(Employee, employee_id)))


@api_route("/employees/<int:employee_id>", methods=("PATCH",), summary="Edit or archive an employee (employers)",
           requestBody=body_schema(EmployeePatch), responses={"200": {"description": "The employee"}})
@EMPLOYER_MEMBER
def patch_employee(employee_id: int):
    employee = get_for_org(Employee, employee_id)
    given = parse(EmployeePatch, json_body()).model_dump(exclude_unset=True)
    reject_nulls(given, nullable=set(EmployeePatch.model_fields) - {"first_name", "last_name", "preferred_language",
                                                                     "employment", "archived"})
    archived = given.pop("archived", None)
    if given:
        current = employee_json(employee)
        merged = {k: current[k] for k in services.EmployeeInput.__dataclass_fields__} | given
        for key in ("level_assessed_on", "employment_start"):
            if isinstance(merged[key], str):
                merged[key] = dt.date.fromisoformat(merged[key])
        services.update_employee(employee, services.EmployeeInput(**merged))
    if archived is True:
        services.archive_employee(employee)
    elif archived is False:
        services.restore_employee(employee)
    return jsonify(employee_json(employee))


class WindowBody(Strict):
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    time_from: LocalTime
    time_to: LocalTime


class NeedBody(Strict):
    title: str = Field(default="", max_length=200)
    employee_ids: list[Int] = []
    learners: int | None = Field(default=None, ge=1, le=500)
    cefr_from: Cefr
    cefr_to: Cefr
    formats: list[CourseFormat] = []
    municipality_code: str | None = None
    site_id: Int | None = None
    windows: list[WindowBody] = []
    earliest_start: dt.date
    budget_per_person_cents: int | None = Field(default=None, ge=0, le=2_500_000)


def need_json(need: TrainingNeed) -> dict:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {
        "id": need.id, "title": need.title, "status": need.status, "learners": need.learners,
        "employee_ids": need.employee_ids, "cefr_from": need.cefr_from, "cefr_to": need.cefr_to,
        "formats": need.formats, "municipality_code": need.municipality.code,
        "region": need.municipality.region_code, "site_id": need.site_id,
        "windows": [{"weekday": days[w.weekday], "time_from": w.time_from.strftime("%H:%M"),
                     "time_to": w.time_to.strftime("%H:%M")} for w in need.windows],
        "earliest_start": need.earliest_start.isoformat(), "budget_per_person_cents": need.budget_per_person_cents,
    }


@api_route("/needs", methods=("POST",), summary="State a training need (employers)",
           requestBody=body_schema(NeedBody), responses={"201": {"description": "The need"}})
@EMPLOYER_MEMBER
def create_need():
    body = parse(NeedBody, json_body())
    need = services.create_need(actor().organisation, services.NeedInput(
        title=body.title, cefr_from=body.cefr_from, cefr_to=body.cefr_to, earliest_start=body.earliest_start,
        windows=tuple(services.WindowInput(w.weekday, w.time_from, w.time_to) for w in body.windows),
        employee_ids=tuple(body.employee_ids), learners=body.learners, formats=tuple(body.formats),
        site_id=body.site_id, municipality=body.municipality_code,
        budget_per_person_cents=body.budget_per_person_cents))
    return jsonify(need_json(need)), 201


@api_route("/needs/<int:need_id>", summary="One training need (employers)")
@EMPLOYER
def get_need(need_id: int):
    return jsonify(need_json(get_for_org(TrainingNeed, need_id)))


@api_route("/needs/<int:need_id>/matches", summary="Runs ranked for the need, each with its score parts and "
           "reasons; near misses with the reason they were left out",
           responses={"200": {"description": "{items: [{run_id, score, parts, reasons, ...}], near_misses: "
                                             "[{run_id, reasons}]}"}})
@EMPLOYER
def need_matches(need_id: int):
    need = get_for_org(TrainingNeed, need_id)
    with force_locale(api_language()):
        return jsonify(matches_json(need))
