"""Exporting a provider's catalogue in the import's own format, and the template."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.core.db import db
from marketplace.tenancy.organisations.models import Organisation

from ..catalogue import Course, CourseRun
from ..schedule import WeeklyPattern, lesson_times, local
from ..vocabulary import WEEKDAYS
from .columns import COLUMN_NAMES

# Exporting -------------------------------------------------------------------------------------------

def export_rows(provider: Organisation) -> list[dict[str, Any]]:
    """Every run of the provider's courses as a row of typed values, in the columns' order.

    Importing the export changes nothing: each value is written the way the import reads it back.
    Courses without runs have no row (a row is a run).
    """
    courses = db.session.scalars(
        select(Course).where(Course.provider_id == provider.id, Course.archived_at.is_(None))
        .order_by(Course.id).options(selectinload(Course.runs).selectinload(CourseRun.lessons))).unique().all()
    rows = []
    for course in courses:
        for run in sorted(course.runs, key=lambda r: (r.start_date, r.id)):
            rows.append(_export_row(course, run))
    return rows


def _export_row(course: Course, run: CourseRun) -> dict[str, Any]:
    row = {
        "programId": str(course.id), "programName": course.title, "programDescriptionText": course.description or "",
        "cefrFrom": course.cefr_from.value, "cefrTo": course.cefr_to.value, "contactHours": course.contact_hours,
        "selfStudyHours": course.self_study_hours, "courseFormat": course.format.value,
        "vocational": course.vocational, "exam": course.exam.value,
        "supportLanguages": sorted(course.support_languages), "sectorTags": sorted(course.sector_tags),
        "nlqfLevel": course.nlqf, "whatToBring": course.what_to_bring,
        "programRunId": run.id, "runStatus": run.status.value, "startDate": run.start_date.isoformat(),
        "endDate": run.end_date.isoformat(), "applicationDeadline": run.booking_deadline.isoformat(),
        "goNoGoDate": run.go_no_go_date.isoformat(), "minNumberOfParticipants": run.capacity_min,
        "maxNumberOfParticipants": run.capacity_max, "costAmount": f"{Decimal(run.price_cents) / 100:.2f}",
        "placeKind": run.place_kind.value, "locationId": run.location_id,
        "locationName": run.location.name if run.location else None, "regions": sorted(run.region_codes),
        "instantBooking": run.instant_booking, "freeCancellationDays": run.free_cancellation_days,
        "lateCancellationPercent": run.late_cancellation_percent,
    }
    lessons = sorted((s.starts_at, s.ends_at) for s in run.lessons)
    pattern = pattern_of(lessons)
    if pattern is None:
        row["courseDays"] = [{"date": local(s).date().isoformat(), "startTime": local(s).strftime("%H:%M"),
                              "endTime": local(e).strftime("%H:%M")} for s, e in lessons]
    else:
        row.update({
            "weekdays": list(pattern.weekdays), "startTime": pattern.start_time.strftime("%H:%M"),
            "endTime": pattern.end_time.strftime("%H:%M"),
            "firstDate": None if pattern.first_date == run.start_date else pattern.first_date.isoformat(),
            "lastDate": None if pattern.last_date == run.end_date else pattern.last_date.isoformat(),
            "excludedDates": [d.isoformat() for d in sorted(pattern.excluded_dates)]})
    return {name: row.get(name) for name in COLUMN_NAMES}


def pattern_of(lessons: list[tuple[dt.datetime, dt.datetime]]) -> WeeklyPattern | None:
    """The weekly pattern that gives exactly these lessons, or None when no pattern does."""
    if not lessons:
        return None
    local_times = [(local(s), local(e)) for s, e in lessons]
    slots = {(s.time(), e.time()) for s, e in local_times}
    days = [s.date() for s, _e in local_times]
    if len(slots) != 1 or len(set(days)) != len(days) or any(s.date() != e.date() for s, e in local_times):
        return None
    (start_time, end_time), = slots
    weekdays = tuple(WEEKDAYS[i] for i in sorted({d.weekday() for d in days}))
    whole = WeeklyPattern(weekdays, start_time, end_time, days[0], days[-1])
    every, _skipped = lesson_times(whole)
    excluded = frozenset(local(s).date() for s, _e in every) - set(days)
    pattern = WeeklyPattern(weekdays, start_time, end_time, days[0], days[-1], True, excluded)
    return pattern if lesson_times(pattern)[0] == lessons else None


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "costAmount":
        return str(value).replace(".", ",")  # Dutch spreadsheets read "450,00" as a number
    if name == "courseDays":
        return ", ".join(f"{d['date']} {d['startTime']}-{d['endTime']}" for d in value)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """CSV as Dutch Excel opens it directly: UTF-8 with a byte-order mark, ";" between cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMN_NAMES)
    for row in rows:
        writer.writerow([_cell(name, row.get(name)) for name in COLUMN_NAMES])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(rows: list[dict[str, Any]]) -> bytes:
    trimmed = [{k: v for k, v in row.items() if v not in (None, [], "")} for row in rows]
    return json.dumps(trimmed, ensure_ascii=False, indent=2).encode("utf-8")


def template_rows(today: dt.date) -> list[dict[str, Any]]:
    """One example row: a new course with a new run on Tuesday and Thursday evenings, in-company."""
    start = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 42)  # a Tuesday six weeks or more ahead
    end = start + dt.timedelta(weeks=12) - dt.timedelta(days=5)
    row = {
        "programId": "NT2-WERK-B1", "programName": "Nederlands op de werkvloer B1",
        "programDescriptionText": "Spreken en schrijven op het werk, met woorden uit de logistiek.",
        "cefrFrom": "A2", "cefrTo": "B1", "contactHours": 48, "selfStudyHours": 24, "courseFormat": "in_company",
        "vocational": False, "exam": "none", "supportLanguages": ["en", "pl"], "sectorTags": ["logistics"],
        "runStatus": "draft", "startDate": start.isoformat(), "endDate": end.isoformat(),
        "applicationDeadline": (start - dt.timedelta(days=14)).isoformat(),
        "goNoGoDate": (start - dt.timedelta(days=7)).isoformat(), "minNumberOfParticipants": 6,
        "maxNumberOfParticipants": 12, "costAmount": "450.00", "placeKind": "in_company", "regions": ["AM22"],
        "instantBooking": True, "freeCancellationDays": 14, "lateCancellationPercent": 50,
        "weekdays": ["di", "do"], "startTime": "18:00", "endTime": "20:00",
    }
    return [{name: row.get(name) for name in COLUMN_NAMES}]
