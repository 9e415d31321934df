"""Reading a catalogue file and parsing each row: pure, no database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from marketplace.core.translation import lazy_gettext as _

from .. import supply
from ..catalogue import RunStatus
from ..schedule import WeeklyPattern, lesson_times, to_utc
from ..supply import CourseInput
from ..vocabulary import WEEKDAYS, Cefr, CourseFormat, Exam, PlaceKind
from .columns import (
    _CANONICAL,
    COLUMN_NAMES,
    COLUMNS,
    COURSE_COLUMNS,
    MAX_LESSONS,
    MAX_PATTERN_DAYS,
    MAX_ROWS,
    PATTERN_COLUMNS,
    ROW,
    FileError,
)

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
    run: supply.RunInput | None  # None when a run column could not be read; status is filled in by planning
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
    lessons, explicit = _sessions(c, start, end)
    location_id = c.integer("locationId")
    instant, free_days, late = c.boolean("instantBooking"), c.integer("freeCancellationDays"), \
        c.integer("lateCancellationPercent")
    run = supply.RunInput(
        place_kind=c.choice("placeKind", PlaceKind, required=True), location_id=location_id,
        regions=tuple(sorted(set(c.items("regions", _region)))), start_date=start, end_date=end,
        capacity_min=c.integer("minNumberOfParticipants", True),
        capacity_max=c.integer("maxNumberOfParticipants", True),
        price_cents=c.money("costAmount", True), booking_deadline=c.date("applicationDeadline", True),
        go_no_go_date=c.date("goNoGoDate", True), lessons=lessons,
        instant_booking=True if instant is None else instant,
        free_cancellation_days=14 if free_days is None else free_days,
        late_cancellation_percent=50 if late is None else late)
    run_columns = set(COLUMN_NAMES) - set(COURSE_COLUMNS) - {"programRunId", "runStatus"}
    return ParsedRow(
        line=raw.line, program_id=program_id, title=title, run_id=run_id,
        course=None if c.failed(COURSE_COLUMNS) else course,
        run=None if c.failed(run_columns) or lessons is None else run, status=status,
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
    times, _skipped = lesson_times(WeeklyPattern(tuple(dict.fromkeys(weekdays)), start_time, end_time, first, last,
                                                  True, frozenset(excluded)))
    return tuple(times), False
