"""Catalogue exchange: read a CSV or JSON file of course runs, plan what it would change, import it, export.

One row is one run together with its course's fields; rows with the same ``programId`` share one course.
Column names follow EDU-DEX, the Dutch standard for exchanging training offers, where they fit
(docs/catalogue-exchange.md has the full mapping). Reading and parsing are pure; planning only reads the
database; importing writes only through the offer services (``providers.offer``), which validate again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.db import db
from marketplace.errors import DomainError, ValidationError
from marketplace.organisations.models import Organisation
from marketplace.translation import lazy_gettext as _

from . import notifications, offer
from .catalogue import RUN_TRANSITIONS, Course, CourseRun, RunStatus
from .models import Location
from .offer import CourseInput
from .schedule import WeeklyPattern, local, session_times, to_utc
from .vocabulary import WEEKDAYS, Cefr, CourseFormat, Exam, PlaceKind

MAX_ROWS = 5000
MAX_PATTERN_DAYS = 3 * 366
MAX_LESSONS = 500


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    format: str
    #: where the value lives in an EDU-DEX program; None where EDU-DEX has no such field
    edudex: str | None = None


COLUMNS: tuple[Column, ...] = (
    Column("programId", True, _("Your code for the course. Rows with the same code belong to one course. An export "
                                "writes the course's Taalmarkt number here."), _("text, at most 64 characters"),
           "programClassification/programId"),
    Column("programName", True, _("Title of the course."), _("text, at most 200 characters"),
           "programDescriptions/programName"),
    Column("programDescriptionText", False, _("Description of the course."), _("text"),
           "programDescriptions/programDescriptionText"),
    Column("cefrFrom", True, _("CEFR level the learners start at."), "A0, A1, A2, B1, B2, C1, C2"),
    Column("cefrTo", True, _("CEFR level the course leads to."), "A0, A1, A2, B1, B2, C1, C2"),
    Column("contactHours", True, _("Hours of lessons with a teacher."), _("whole number, 1 to 2000")),
    Column("selfStudyHours", False, _("Expected hours of self-study."), _("whole number, 0 to 2000")),
    Column("courseFormat", True, _("Form of the course."), "classroom, in_company, online, blended"),
    Column("vocational", False, _("Aimed at one specific profession (decides VAT)."), _("yes or no; empty is no")),
    Column("exam", False, _("Exam the course prepares for."),
           "none, provider_certificate, staatsexamen_nt2_i, staatsexamen_nt2_ii, inburgeringsexamen"),
    Column("supportLanguages", False, _("Languages the teacher can explain in."),
           _("ISO 639-1 codes separated by commas, e.g. en,pl")),
    Column("sectorTags", False, _("Sectors whose vocabulary the course teaches."),
           _("sector words separated by commas, e.g. logistics,care")),
    Column("nlqfLevel", False, _("NLQF level, where the course has one."), _("whole number, 1 to 8"),
           "programExternalAcknowledgements/nlqfRegistration/nlqfLevel"),
    Column("whatToBring", False, _("What a learner needs to bring."), _("text")),
    Column("programRunId", False, _("Taalmarkt number of the run: filled in, the row changes that run; empty, "
                                    "the row creates a new run."), _("number, or empty"),
           "programSchedule/programRun/id"),
    Column("runStatus", False, _("Status of the run. An import can make a run draft or open; empty keeps the "
                                 "status (new runs: draft)."), "draft, open"),
    Column("startDate", True, _("First day of the run."), _("date"), "programSchedule/programRun/startDate"),
    Column("endDate", True, _("Last day of the run."), _("date"), "programSchedule/programRun/endDate"),
    Column("applicationDeadline", True, _("Last day employers can book."), _("date"),
           "programSchedule/programRun/applicationDeadline"),
    Column("goNoGoDate", True, _("Day you decide whether the group goes ahead."), _("date")),
    Column("minNumberOfParticipants", True, _("Smallest group you start with."), _("whole number, 1 to 200"),
           "programSchedule/programRun/minNumberOfParticipants"),
    Column("maxNumberOfParticipants", True, _("Largest group."), _("whole number, 1 to 200"),
           "programSchedule/programRun/maxNumberOfParticipants"),
    Column("costAmount", True, _("Price per participant in euros, excluding VAT."),
           _("amount with a decimal comma or point, e.g. 450,00 or 450.00"),
           "programSchedule/programRun/cost/amount (costType tuition fee, currency EUR)"),
    Column("placeKind", True, _("Where the lessons are: at one of your locations, at the employer, or online."),
           "location, in_company, online"),
    Column("locationId", False, _("Number of your location (with placeKind location)."), _("number"),
           "programSchedule/programRun/location/id"),
    Column("locationName", False, _("Name of your location, instead of its number."), _("text"),
           "programSchedule/programRun/location/locationName"),
    Column("regions", False, _("Labour-market regions where employers find the run (required for in_company)."),
           _("region codes separated by commas, e.g. AM22,AM24")),
    Column("instantBooking", False, _("Employers can book at once, without your approval."),
           _("yes or no; empty is yes")),
    Column("freeCancellationDays", False, _("Free cancellation until this many days before the start."),
           _("whole number, 0 to 365; empty is 14")),
    Column("lateCancellationPercent", False, _("Share of the price charged for a later cancellation."),
           _("whole number, 0 to 100; empty is 50")),
    Column("weekdays", False, _("Weekly pattern: the days of the lessons. Public holidays are skipped."),
           _("days separated by commas: ma,di,wo,do,vr,za,zo or mon,tue,wed,thu,fri,sat,sun")),
    Column("startTime", False, _("Weekly pattern: start of each lesson (Dutch time)."), _("time HH:MM"),
           "programSchedule/programRun/courseDay/startTime"),
    Column("endTime", False, _("Weekly pattern: end of each lesson (Dutch time)."), _("time HH:MM"),
           "programSchedule/programRun/courseDay/endTime"),
    Column("firstDate", False, _("Weekly pattern: first day of the pattern; empty is startDate."), _("date")),
    Column("lastDate", False, _("Weekly pattern: last day of the pattern; empty is endDate."), _("date")),
    Column("excludedDates", False, _("Weekly pattern: days without a lesson (besides public holidays)."),
           _("dates separated by commas")),
    Column("courseDays", False, _("Every lesson on its own, instead of a weekly pattern."),
           _("lessons separated by commas, each YYYY-MM-DD HH:MM-HH:MM"), "programSchedule/programRun/courseDay"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
_CANONICAL = {name.lower(): name for name in COLUMN_NAMES}
PATTERN_COLUMNS = ("weekdays", "startTime", "endTime", "firstDate", "lastDate", "excludedDates")
COURSE_COLUMNS = COLUMN_NAMES[:COLUMN_NAMES.index("programRunId")]
ROW = "(row)"  # where a problem of the row as a whole is filed, beside the columns' problems

#: Field names of the offer services' errors, as columns of the file.
_COURSE_FIELDS = {"title": "programName", "cefr_from": "cefrFrom", "cefr_to": "cefrTo",
                  "contact_hours": "contactHours", "self_study_hours": "selfStudyHours", "nlqf": "nlqfLevel",
                  "support_languages": "supportLanguages", "sector_tags": "sectorTags"}
_RUN_FIELDS = {"end": "endDate", "capacity_min": "minNumberOfParticipants",
               "capacity_max": "maxNumberOfParticipants", "price_cents": "costAmount",
               "booking_deadline": "applicationDeadline", "go_no_go_date": "goNoGoDate",
               "free_cancellation_days": "freeCancellationDays", "late_cancellation_percent": "lateCancellationPercent",
               "location_id": "locationId", "regions": "regions", "status": "runStatus", "reason": "programRunId"}


class FileError(DomainError):
    """The file as a whole cannot be read; nothing in it is looked at further."""

    def __init__(self, message) -> None:
        super().__init__(str(message), field="file")


# Reading ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RawRow:
    line: int  # line in the CSV file where the row starts, or position in the JSON list (from 1)
    values: dict[str, Any]
    problems: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    format: str  # "csv" or "json"
    rows: tuple[RawRow, ...]


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith((".csv", ".txt")):
        return "csv"
    return "json" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{") else "csv"


def read_batch(data: bytes, fmt: str) -> Batch:
    """The rows of an uploaded file, or a FileError saying in one sentence why it cannot be read."""
    if not data.strip():
        raise FileError(_("The file is empty."))
    if b"\x00" in data:
        raise FileError(_("This is not a text file. Upload a CSV or JSON file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".')) from None
    rows = _read_json(text) if fmt == "json" else _read_csv(text)
    if not rows:
        raise FileError(_("The file has no rows."))
    if len(rows) > MAX_ROWS:
        raise FileError(_("The file has more than %(n)d rows; split it into smaller files.", n=MAX_ROWS))
    return Batch(fmt, tuple(rows))


def _read_csv(text: str) -> list[RawRow]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # Dutch Excel writes ";", most other tools ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    try:
        header = [cell.strip() for cell in next(reader)]
        names = _header(header)
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            problems = {}
            if any(cell.strip() for cell in cells[len(names):]):
                problems[ROW] = [str(_("This line has %(cells)d cells; the header has %(columns)d.",
                                          cells=len(cells), columns=len(names)))]
            rows.append(RawRow(line, dict(zip(names, cells, strict=False)), problems))
            if len(rows) > MAX_ROWS:
                break
    except csv.Error:
        raise FileError(_("The file is not valid CSV near line %(line)d; perhaps a quotation mark is not closed.",
                          line=reader.line_num)) from None
    return rows


def _header(header: list[str]) -> list[str]:
    """The header's column names as we spell them; a column without a name (spreadsheets add them) is ignored."""
    unknown = [name for name in header if name and name.lower() not in _CANONICAL]
    if unknown:
        raise FileError(_("Unknown columns: %(names)s. The columns are listed on the page about the file format.",
                          names=", ".join(unknown)))
    names = [_CANONICAL.get(name.lower(), "") for name in header]
    for name in filter(None, names):
        if names.count(name) > 1:
            raise FileError(_("The column %(name)s appears twice.", name=name))
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    if missing:
        raise FileError(_("Required columns are missing: %(names)s.", names=", ".join(missing)))
    if not ({"weekdays", "startTime", "endTime"} <= set(names) or "courseDays" in names):
        raise FileError(_("Give the lessons as the columns weekdays, startTime and endTime, or as courseDays."))
    return names


def _read_json(text: str) -> list[RawRow]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise FileError(_("The file is not valid JSON: error at line %(line)d, column %(column)d.",
                          line=e.lineno, column=e.colno)) from None
    except RecursionError:
        raise FileError(_("The file is not valid JSON.")) from None
    if not isinstance(items, list):
        raise FileError(_("A JSON file must hold a list of runs: [{...}, {...}]."))
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(RawRow(number, {}, {ROW: [str(_("This item is not an object with fields."))]}))
            continue
        values, problems = {}, {}
        for key, value in item.items():
            name = _CANONICAL.get(str(key).lower())
            if name is None:
                problems[str(key)] = [str(_("Unknown field."))]
            else:
                values[name] = value
        rows.append(RawRow(number, values, problems))
    return rows


# Parsing one row ----------------------------------------------------------------------------------

WEEKDAY_WORDS = {
    **{d: d for d in WEEKDAYS},
    "ma": "mon", "di": "tue", "wo": "wed", "do": "thu", "vr": "fri", "za": "sat", "zo": "sun",
    "maandag": "mon", "dinsdag": "tue", "woensdag": "wed", "donderdag": "thu", "vrijdag": "fri",
    "zaterdag": "sat", "zondag": "sun", "monday": "mon", "tuesday": "tue", "wednesday": "wed",
    "thursday": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun",
}
_TRUE = {"true", "yes", "ja", "j", "y", "1", "waar"}
_FALSE = {"false", "no", "nee", "n", "0", "onwaar"}


@dataclass(frozen=True)
class ParsedRow:
    line: int
    program_id: str
    title: str
    run_id: int | None
    course: CourseInput | None  # None when a course column could not be read
    run: offer.RunInput | None  # None when a run column could not be read; status is filled in by planning
    status: RunStatus | None  # as given in the file
    location_name: str | None
    explicit_sessions: bool
    problems: dict[str, list[str]]


class _Cells:
    """Reads typed values from one row's cells, collecting a message per column that cannot be read."""

    def __init__(self, raw: RawRow) -> None:
        self.values = raw.values
        self.problems = {k: list(v) for k, v in raw.problems.items()}

    def fail(self, name: str, message) -> None:
        self.problems.setdefault(name, []).append(str(message))

    def failed(self, names) -> bool:
        return any(name in self.problems for name in names)

    def raw(self, name: str) -> Any:
        value = self.values.get(name)
        return value.strip() if isinstance(value, str) else value

    def _get(self, name: str, required: bool, read):
        value = self.raw(name)
        if value is None or value == "" or value == []:
            if required:
                self.fail(name, _("Fill in this column."))
            return None
        try:
            return read(value)
        except Unreadable as e:
            self.fail(name, e.message)
        except (ValueError, TypeError, ArithmeticError):
            self.fail(name, _("Not a valid value: %(value)s.", value=value))
        return None

    def text(self, name, required=False, max_length=None):
        def read(value):
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise Unreadable(_("Not text."))
            value = str(value)
            if max_length and len(value) > max_length:
                raise Unreadable(_("Longer than %(n)d characters.", n=max_length))
            return value
        return self._get(name, required, read)

    def integer(self, name, required=False):
        return self._get(name, required, _integer)

    def boolean(self, name):
        return self._get(name, False, _boolean)

    def date(self, name, required=False):
        return self._get(name, required, _date)

    def time(self, name, required=False):
        return self._get(name, required, _time)

    def money(self, name, required=False):
        return self._get(name, required, _cents)

    def choice(self, name, enum, required=False):
        def read(value):
            text = str(value).strip()
            for member in enum:
                if member.value.lower() == text.lower():
                    return member
            raise Unreadable(_("Unknown value: %(value)s. Use one of %(allowed)s.", value=text,
                               allowed=", ".join(m.value for m in enum)))
        return self._get(name, required, read)

    def items(self, name, read=str, separators=r"[,;|\s]+"):
        def read_all(value):
            parts = value if isinstance(value, list) else re.split(separators, str(value))
            parts = [p.strip() if isinstance(p, str) else p for p in parts]
            return tuple(read(p) for p in parts if p not in ("", None))
        return self._get(name, False, read_all) or ()


class Unreadable(ValueError):
    """A cell that cannot be read as what its column holds; ``message`` says so to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


def _integer(value) -> int:
    if isinstance(value, bool):
        raise Unreadable(_("Not a whole number: %(value)s.", value=value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if abs(value) >= 10**9:
            raise Unreadable(_("Too large: %(value)s.", value=value))
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise Unreadable(_("Not a whole number: %(value)s.", value=text))
    if len(text.lstrip("-")) > 9:
        raise Unreadable(_("Too large: %(value)s.", value=text))
    return int(text)


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Unreadable(_("Not yes or no: %(value)s.", value=value))


def _date(value) -> dt.date:
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dutch = re.fullmatch(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return dt.date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        pass
    raise Unreadable(_("Not a date: %(value)s. Use YYYY-MM-DD (or DD-MM-YYYY).", value=text))


def _time(value) -> dt.time:
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::00)?", text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise Unreadable(_("Not a time: %(value)s. Use HH:MM.", value=text))


def _cents(value) -> int:
    """Euros as written by people and spreadsheets ("450,00", "450.00", "1.250,00", "€ 450") in cents."""
    if isinstance(value, bool):
        raise Unreadable(_("Not an amount in euros: %(value)s. Use 450,00 or 450.00.", value=value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    text = text.removeprefix("€").removeprefix("EUR").removeprefix("eur").removesuffix("€")
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if "," in text and "." in text:  # the last one separates the cents, the other groups thousands
        thousands = "." if text.rindex(",") > text.rindex(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", text):
        raise Unreadable(_("Not an amount in euros: %(value)s. Use 450,00 or 450.00.", value=value))
    if negative:
        raise Unreadable(_("The amount cannot be negative."))
    return int(Decimal(text) * 100)


def _weekday(value) -> str:
    word = str(value).strip().lower().rstrip(".")
    if word not in WEEKDAY_WORDS:
        raise Unreadable(_("Unknown weekday: %(value)s. Use ma, di, wo, do, vr, za, zo or mon ... sun.", value=value))
    return WEEKDAY_WORDS[word]


def _word(value) -> str:
    return str(value).strip().lower()


def _region(value) -> str:
    return str(value).strip().upper()


def _course_day(value) -> tuple[dt.datetime, dt.datetime]:
    """One lesson: "2027-04-06 18:00-20:00", or {"date": ..., "startTime": ..., "endTime": ...} in JSON."""
    if isinstance(value, dict):
        day, start, end = value.get("date"), value.get("startTime"), value.get("endTime")
    else:
        match = re.fullmatch(r"(\S+)\s+(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})", str(value).strip())
        if not match:
            raise Unreadable(_("Not a lesson: %(value)s. Use YYYY-MM-DD HH:MM-HH:MM.", value=value))
        day, start, end = match.groups()
    if day is None or start is None or end is None:
        raise Unreadable(_("Not a lesson: %(value)s. Use YYYY-MM-DD HH:MM-HH:MM.", value=value))
    day = _date(day)
    return to_utc(day, _time(start)), to_utc(day, _time(end))


def parse_row(raw: RawRow) -> ParsedRow:
    """The typed values of one row; every cell that cannot be read gets a message under its column."""
    c = _Cells(raw)
    program_id = c.text("programId", required=True, max_length=64) or ""
    title = c.text("programName", max_length=200) or ""
    course = CourseInput(
        title=title, description=c.text("programDescriptionText", max_length=10000) or "",
        cefr_from=c.choice("cefrFrom", Cefr, required=True), cefr_to=c.choice("cefrTo", Cefr, required=True),
        contact_hours=c.integer("contactHours", required=True), format=c.choice("courseFormat", CourseFormat, True),
        vocational=bool(c.boolean("vocational")), exam=c.choice("exam", Exam) or Exam.none,
        support_languages=tuple(sorted(set(c.items("supportLanguages", _word)))),
        sector_tags=tuple(sorted(set(c.items("sectorTags", _word)))),
        self_study_hours=c.integer("selfStudyHours"), nlqf=c.integer("nlqfLevel"),
        what_to_bring=c.text("whatToBring", max_length=2000) or None)
    run_id = c.integer("programRunId")
    if run_id is not None and run_id < 1:
        c.fail("programRunId", _("Not a run number: %(value)s.", value=run_id))
    status = c.choice("runStatus", RunStatus)
    start, end = c.date("startDate", True), c.date("endDate", True)
    sessions, explicit = _sessions(c, start, end)
    location_id = c.integer("locationId")
    instant, free_days, late = c.boolean("instantBooking"), c.integer("freeCancellationDays"), \
        c.integer("lateCancellationPercent")
    run = offer.RunInput(
        place_kind=c.choice("placeKind", PlaceKind, required=True), location_id=location_id,
        regions=tuple(sorted(set(c.items("regions", _region)))), start_date=start, end_date=end,
        capacity_min=c.integer("minNumberOfParticipants", True),
        capacity_max=c.integer("maxNumberOfParticipants", True),
        price_cents=c.money("costAmount", True), booking_deadline=c.date("applicationDeadline", True),
        go_no_go_date=c.date("goNoGoDate", True), sessions=sessions,
        instant_booking=True if instant is None else instant,
        free_cancellation_days=14 if free_days is None else free_days,
        late_cancellation_percent=50 if late is None else late)
    run_columns = set(COLUMN_NAMES) - set(COURSE_COLUMNS) - {"programRunId", "runStatus"}
    return ParsedRow(
        line=raw.line, program_id=program_id, title=title, run_id=run_id,
        course=None if c.failed(COURSE_COLUMNS) else course,
        run=None if c.failed(run_columns) or sessions is None else run, status=status,
        location_name=c.text("locationName", max_length=120), explicit_sessions=explicit, problems=c.problems)


def _sessions(c: _Cells, start: dt.date | None, end: dt.date | None):
    """The lessons, from courseDays or from the weekly pattern; (None, ...) when they cannot be made."""
    given = [name for name in PATTERN_COLUMNS if c.raw(name) not in (None, "", [])]
    if c.raw("courseDays") not in (None, "", []):
        if given:
            c.fail("courseDays", _("Give the lessons as a weekly pattern or as courseDays, not both."))
            return None, True
        lessons = c.items("courseDays", _course_day, separators=r"[,;|]")
        if len(lessons) > MAX_LESSONS:
            c.fail("courseDays", _("At most %(n)d lessons per run.", n=MAX_LESSONS))
            return None, True
        return (tuple(sorted(lessons)) if "courseDays" not in c.problems else None), True
    weekdays = c.items("weekdays", _weekday)
    if not weekdays:
        if "weekdays" not in c.problems:
            c.fail("weekdays", _("Give the lessons: weekdays, startTime and endTime, or courseDays."))
        return None, False
    start_time, end_time = c.time("startTime", required=True), c.time("endTime", required=True)
    first, last = c.date("firstDate") or start, c.date("lastDate") or end
    excluded = c.items("excludedDates", _date)
    if start_time and end_time and end_time <= start_time:
        c.fail("endTime", _("The end time lies before the start time."))
    if first and last and (last - first).days > MAX_PATTERN_DAYS:
        c.fail("lastDate", _("A weekly pattern may span at most three years."))
    if c.failed(PATTERN_COLUMNS) or not (first and last):
        return None, False
    times, _skipped = session_times(WeeklyPattern(tuple(dict.fromkeys(weekdays)), start_time, end_time, first, last,
                                                  True, frozenset(excluded)))
    return tuple(times), False


# Planning: what the rows would change ---------------------------------------------------------------

@dataclass(frozen=True)
class CoursePlan:
    key: str  # the programId of its rows
    course_id: int | None  # None: the import creates the course
    data: CourseInput | None
    action: str  # "create", "update" or "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    line: int
    program_id: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    course_action: str  # "create", "update" or "" (unchanged, or another row already says it)
    run_action: str  # "create", "update", "unchanged", or "" when the row has errors
    errors: tuple[tuple[str, tuple[str, ...]], ...]
    run_id: int | None = None
    run: offer.RunInput | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Plan:
    format: str
    rows: tuple[PlannedRow, ...]
    courses: dict[str, CoursePlan]

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def valid_rows(self) -> tuple[PlannedRow, ...]:
        return tuple(row for row in self.rows if row.ok)

    @property
    def bad_rows(self) -> tuple[PlannedRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    def count(self, action: str) -> int:
        return sum(1 for row in self.valid_rows if row.run_action == action)

    def count_courses(self, action: str) -> int:
        keys = {row.program_id for row in self.valid_rows}
        return sum(1 for key in keys if self.courses[key].action == action)

    @property
    def changes_anything(self) -> bool:
        return any(row.run_action in ("create", "update") or row.course_action for row in self.valid_rows)


class _Problems:
    def __init__(self, start: dict[str, list[str]]) -> None:
        self.fields = {k: list(v) for k, v in start.items()}

    def add(self, name: str, message) -> None:
        messages = self.fields.setdefault(name, [])
        if str(message) not in messages:
            messages.append(str(message))

    def add_error(self, error: ValidationError, names: dict[str, str]) -> None:
        for name, messages in error.fields.items():
            for message in messages:
                self.add(names.get(name, name), message)


def plan_import(provider: Organisation, batch: Batch, *, today: dt.date) -> Plan:
    """What importing ``batch`` would do for ``provider``, row by row, with every problem found.

    Checks each row as the offer services will (``offer.check_course``, ``offer.check_run``) and adds what
    only a file can get wrong: runs of another provider, one run twice, one course described two ways.
    """
    parsed = [parse_row(raw) for raw in batch.rows]
    courses = db.session.scalars(select(Course).where(Course.organisation_id == provider.id,
                                                      Course.archived_at.is_(None))).unique().all()
    run_ids = {row.run_id for row in parsed if row.run_id}
    runs = {run.id: run for run in db.session.scalars(
        select(CourseRun).where(CourseRun.organisation_id == provider.id, CourseRun.id.in_(run_ids))
        .options(selectinload(CourseRun.sessions), selectinload(CourseRun.regions))).unique()} if run_ids else {}
    locations = db.session.scalars(select(Location).where(Location.organisation_id == provider.id)).unique().all()
    course_plans, course_problems, defined_by = _plan_courses(parsed, courses)
    announced: set[str] = set()
    seen_runs: dict[int, int] = {}
    planned = []
    for row in parsed:
        problems = _Problems(row.problems)
        course_plan = course_plans.get(row.program_id)
        for name, messages in course_problems.get(row.program_id, {}).items():
            for message in messages:
                problems.add(name, message)
        first = defined_by.get(row.program_id)
        if row.course is not None and first is not None and first.line != row.line and row.course != first.course:
            differing = [f.name for f in fields(CourseInput)
                         if getattr(row.course, f.name) != getattr(first.course, f.name)]
            problems.add("programId", _("The course fields differ from line %(line)d, which has the same "
                                        "programId: %(columns)s.", line=first.line,
                                        columns=", ".join(_course_column(name) for name in differing)))
        existing = None
        if row.run_id is not None:
            existing = runs.get(row.run_id)
            if existing is None:
                problems.add("programRunId", _("Unknown run: %(id)s is not one of your runs.", id=row.run_id))
            elif row.run_id in seen_runs:
                problems.add("programRunId", _("This run is on line %(line)d too.", line=seen_runs[row.run_id]))
            elif course_plan is not None and existing.course_id != course_plan.course_id:
                problems.add("programId", _("Run %(id)s belongs to another course (programId %(program)s).",
                                            id=existing.id, program=existing.course_id))
            seen_runs.setdefault(row.run_id, row.line)
        run_action, run_data = _plan_run(provider, row, existing, locations, problems, today)
        errors = tuple((name, tuple(messages)) for name, messages in problems.fields.items())
        course_action = ""
        if not errors and course_plan.action != "unchanged" and row.program_id not in announced:
            announced.add(row.program_id)  # said once, on the course's first importable row
            course_action = course_plan.action
        planned.append(PlannedRow(
            line=row.line, program_id=row.program_id, title=row.title,
            start_date=row.run.start_date if row.run else None, end_date=row.run.end_date if row.run else None,
            course_action=course_action, run_action="" if errors else run_action, errors=errors, run_id=row.run_id,
            run=run_data))
    return Plan(batch.format, tuple(planned), course_plans)


def _plan_run(provider: Organisation, row: ParsedRow, existing: CourseRun | None, locations: list[Location],
              problems: _Problems, today: dt.date) -> tuple[str, offer.RunInput | None]:
    """The row's run checked as ``offer.check_run`` will, and whether it is created, updated or unchanged."""
    if row.run is None:
        return "", None
    data = _resolve_location(row, locations, problems)
    data = data.replace(status=row.status or (existing.status if existing else RunStatus.draft))
    try:
        offer.check_run(provider, data, today=today)
    except ValidationError as e:
        found = dict(e.fields)
        if "end" in found and not row.explicit_sessions:
            found.pop("sessions", None)  # a pattern between reversed dates has no lessons: one error is enough
        if "locationName" in problems.fields:
            found.pop("location_id", None)  # already said: the name is not one of the locations
        names = dict(_RUN_FIELDS, sessions="courseDays" if row.explicit_sessions else "weekdays")
        problems.add_error(ValidationError(found), names)
    if existing is not None:
        return (_run_change(existing, data, problems) if not problems.fields else ""), data
    if row.run_id is not None:
        return "", data  # an unknown run: already a problem of the row
    if data.status not in (RunStatus.draft, RunStatus.open):
        problems.add("runStatus", _("An import can make a run draft or open only; do the rest on the run's page."))
    return "create", data


def _course_column(field_name: str) -> str:
    return {"description": "programDescriptionText", "format": "courseFormat", "vocational": "vocational",
            "exam": "exam", "what_to_bring": "whatToBring"}.get(field_name, _COURSE_FIELDS.get(field_name, field_name))


def _plan_courses(parsed: list[ParsedRow], courses: list[Course]):
    """Each programId's course: one of the provider's (by number, else by title) or a new one."""
    by_id = {str(course.id): course for course in courses}
    by_title = defaultdict(list)
    for course in courses:
        by_title[course.title.strip().casefold()].append(course)
    defined_by: dict[str, ParsedRow] = {}
    for row in parsed:
        if row.program_id and row.course is not None:
            defined_by.setdefault(row.program_id, row)
    plans, problems, key_of_course = {}, {}, {}
    for key, row in defined_by.items():
        data = row.course
        course = by_id.get(key)
        found = problems.setdefault(key, _Problems({}))
        if course is None:
            namesakes = by_title.get(data.title.strip().casefold(), [])
            if len(namesakes) > 1:
                found.add("programId", _("Several of your courses are called %(title)s; use the course's number "
                                         "as programId.", title=data.title))
            course = namesakes[0] if len(namesakes) == 1 else None
        if course is not None:
            other = key_of_course.setdefault(course.id, key)
            if other != key:
                found.add("programId", _("This is the same course as programId %(other)s; use one programId per "
                                         "course.", other=other))
        try:
            offer.check_course(data)
        except ValidationError as e:
            found.add_error(e, _COURSE_FIELDS)
        action = "create" if course is None else "unchanged" if course_input_of(course) == data else "update"
        plans[key] = CoursePlan(key, course.id if course else None, data, action)
    return plans, {key: p.fields for key, p in problems.items()}, defined_by


def course_input_of(course: Course) -> CourseInput:
    """The course as it is, in the form the file gives it (so that unchanged rows compare equal)."""
    return CourseInput(
        title=course.title, description=course.description or "", cefr_from=course.cefr_from, cefr_to=course.cefr_to,
        contact_hours=course.contact_hours, format=course.format, vocational=course.vocational, exam=course.exam,
        support_languages=tuple(sorted(course.support_languages)), sector_tags=tuple(sorted(course.sector_tags)),
        self_study_hours=course.self_study_hours, nlqf=course.nlqf, what_to_bring=course.what_to_bring or None)


def _resolve_location(row: ParsedRow, locations: list[Location], problems: _Problems) -> offer.RunInput:
    data = row.run
    if data.place_kind != PlaceKind.location:
        if data.location_id is not None or row.location_name:
            problems.add("placeKind", _("Only a run at one of your locations has a location; use placeKind "
                                        "location or leave the location empty."))
        return data
    if not row.location_name:
        return data
    named = [loc for loc in locations if loc.name.strip().casefold() == row.location_name.casefold()]
    if data.location_id is not None:
        if not any(loc.id == data.location_id for loc in named):
            problems.add("locationName", _("This is not the name of location %(id)s.", id=data.location_id))
        return data
    if not named:
        problems.add("locationName", _("Unknown location: %(value)s.", value=row.location_name))
    elif len(named) > 1:
        problems.add("locationName", _("Several of your locations are called %(value)s; use locationId.",
                                       value=row.location_name))
    else:
        return data.replace(location_id=named[0].id)
    return data


def _comparable(data: offer.RunInput, location_region: str | None) -> offer.RunInput:
    regions = set(data.regions) | ({location_region} if location_region else set())
    return data.replace(regions=tuple(sorted(regions)), sessions=tuple(sorted(data.sessions)))


def _run_change(run: CourseRun, data: offer.RunInput, problems: _Problems) -> str:
    """"update" or "unchanged"; a change the import may not make is a problem of the row."""
    location = db.session.get(Location, data.location_id) if data.location_id else None
    wanted = _comparable(data, location.municipality.region_code if location else None)
    current = _comparable(offer.input_of(run), None)
    if wanted == current:
        return "unchanged"
    if run.status in (RunStatus.running, RunStatus.completed, RunStatus.cancelled):
        problems.add("programRunId", _("A run that is %(status)s can no longer be changed by an import.",
                                       status=run.status))
    elif data.status != run.status and (data.status not in (RunStatus.draft, RunStatus.open)
                                        or data.status not in RUN_TRANSITIONS[run.status]):
        problems.add("runStatus", _("An import can make a run draft or open only; do the rest on the run's page."))
    elif notifications.has_bookings(run) and (
            (wanted.price_cents, wanted.start_date, wanted.end_date, wanted.sessions)
            != (current.price_cents, current.start_date, current.end_date, current.sessions)):
        problems.add("programRunId", _("This run has bookings: change its price, dates or lessons on the run's "
                                       "page, where you tell the booked employers why."))
    return "update"


# Importing -------------------------------------------------------------------------------------------

class ImportFailed(DomainError):
    """A row failed while being written; the whole import was undone."""


@dataclass(frozen=True)
class Outcome:
    courses_created: int = 0
    courses_updated: int = 0
    runs_created: int = 0
    runs_updated: int = 0
    runs_unchanged: int = 0


def import_plan(provider: Organisation, plan: Plan, *, only_valid: bool, by: User, today: dt.date) -> Outcome:
    """Write the plan's rows through the offer services, all of them or none.

    A file with errors is imported only when the user chose to import just its valid rows (the issue's
    "nothing half-imported"). Everything runs in one savepoint: if any row fails after all, it is rolled
    back and ImportFailed names the line, so the request answers 422 and commits nothing.
    """
    if not plan.ok and not only_valid:
        raise DomainError(_("Some rows have errors. Fix them and upload the file again, or import only the valid "
                            "rows."))
    rows = plan.valid_rows
    if not rows:
        raise DomainError(_("No row can be imported."))
    counts = {f.name: 0 for f in fields(Outcome)}
    line = rows[0].line
    try:
        with db.session.begin_nested():
            courses: dict[str, Course] = {}
            for row in rows:
                line = row.line
                if row.program_id not in courses:
                    courses[row.program_id] = _write_course(provider, plan.courses[row.program_id], counts)
                if row.run_action == "create":
                    offer.create_run(courses[row.program_id], row.run, today=today)
                    counts["runs_created"] += 1
                elif row.run_action == "update":
                    run = db.session.get(CourseRun, row.run_id)
                    offer.update_run(run, row.run, by=by, today=today)
                    if row.run.status != run.status:
                        offer.change_status(run, row.run.status)
                    counts["runs_updated"] += 1
                else:
                    counts["runs_unchanged"] += 1
    except (DomainError, SQLAlchemyError) as e:
        if isinstance(e, ValidationError):
            reason = "; ".join(str(m) for messages in e.fields.values() for m in messages)
        else:
            reason = e.message if isinstance(e, DomainError) else _("it could not be saved.")
        where = _("Line %(n)d", n=line) if plan.format == "csv" else _("Item %(n)d", n=line)
        raise ImportFailed(_("%(where)s could not be imported: %(reason)s Nothing has been imported.",
                             where=where, reason=reason)) from e
    return Outcome(**counts)


def _write_course(provider: Organisation, plan: CoursePlan, counts: dict[str, int]) -> Course:
    if plan.course_id is None:
        counts["courses_created"] += 1
        return offer.create_course(provider, plan.data)
    course = db.session.get(Course, plan.course_id)
    if plan.action == "update":
        offer.update_course(course, plan.data)
        counts["courses_updated"] += 1
    return course


# Exporting -------------------------------------------------------------------------------------------

def export_rows(provider: Organisation) -> list[dict[str, Any]]:
    """Every run of the provider's courses as a row of typed values, in the columns' order.

    Importing the export changes nothing: each value is written the way the import reads it back.
    Courses without runs have no row (a row is a run).
    """
    courses = db.session.scalars(
        select(Course).where(Course.organisation_id == provider.id, Course.archived_at.is_(None))
        .order_by(Course.id).options(selectinload(Course.runs).selectinload(CourseRun.sessions))).unique().all()
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
    sessions = sorted((s.starts_at, s.ends_at) for s in run.sessions)
    pattern = pattern_of(sessions)
    if pattern is None:
        row["courseDays"] = [{"date": local(s).date().isoformat(), "startTime": local(s).strftime("%H:%M"),
                              "endTime": local(e).strftime("%H:%M")} for s, e in sessions]
    else:
        row.update({
            "weekdays": list(pattern.weekdays), "startTime": pattern.start_time.strftime("%H:%M"),
            "endTime": pattern.end_time.strftime("%H:%M"),
            "firstDate": None if pattern.first_date == run.start_date else pattern.first_date.isoformat(),
            "lastDate": None if pattern.last_date == run.end_date else pattern.last_date.isoformat(),
            "excludedDates": [d.isoformat() for d in sorted(pattern.excluded_dates)]})
    return {name: row.get(name) for name in COLUMN_NAMES}


def pattern_of(sessions: list[tuple[dt.datetime, dt.datetime]]) -> WeeklyPattern | None:
    """The weekly pattern that gives exactly these lessons, or None when no pattern does."""
    if not sessions:
        return None
    local_times = [(local(s), local(e)) for s, e in sessions]
    slots = {(s.time(), e.time()) for s, e in local_times}
    days = [s.date() for s, _e in local_times]
    if len(slots) != 1 or len(set(days)) != len(days) or any(s.date() != e.date() for s, e in local_times):
        return None
    (start_time, end_time), = slots
    weekdays = tuple(WEEKDAYS[i] for i in sorted({d.weekday() for d in days}))
    whole = WeeklyPattern(weekdays, start_time, end_time, days[0], days[-1])
    every, _skipped = session_times(whole)
    excluded = frozenset(local(s).date() for s, _e in every) - set(days)
    pattern = WeeklyPattern(weekdays, start_time, end_time, days[0], days[-1], True, excluded)
    return pattern if session_times(pattern)[0] == sessions else None


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
