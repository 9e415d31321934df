"""The facts an eligibility question rests on, and their validation from a request body.

Shape and vocabulary: shared/CONTRACT.md, "POST /api/v1/eligibility". A fact that is absent (or null,
where null is not a value of its own) is `None`: unknown, which leads to `needs_info`, never a guess.
Where the contract lists null as a value (`cao_phase`, `nlqf`, `ontwikkelpad`), an explicit null means
"stated: none" and is kept as `NONE`, so "not part of an ontwikkelpad" differs from "not told".

Extensions (optional, additive): `employee.statushouder`, `employee.hours_per_week`,
`employee.contract_months` and `employee.sowis_position` let SOWIS be judged; `cao_phase` also takes
"nvt" (Doorzaam: a statushouder in placement who has no payslip yet).
SLIM scholing: `course.in_scholingspakket` (the course is in the official scholingspakket of its
ontwikkelpad) and `course.participant_pays` (the participant bears part of the course cost, which the
scheme forbids). Tel mee met Taal: `employee.lives_in_nl` (lives in the Netherlands, Caribbean
Netherlands included) and `course.granted_on` (the day the subsidy for this enrolment was granted;
the 18 months to finish run from it).
Doorzaam: `cao_phase: "nvt"` holds only for a statushouder seeking work whom the agency is placing, so
`employee.statushouder` decides it; a `prior_subsidies` item may carry `settled` (true/false: the earlier
allowance has been booked and paid; absent counts as settled), and an unsettled Doorzaam allowance blocks
a new one. SOWIS: `employee.inburgeringsplichtig` (the statushouder is or was obliged to integrate under
the Wet inburgering or the Wet inburgering 2021), `employee.in_service_since` (the day the statushouder
joined the applying employer; an explicit null: not yet employed there) and
`employer.sowis_funded_previous_round` (the employer got SOWIS in the previous application round).
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Final

from subsidies.errors import FactsError


class _Stated(Enum):
    NONE = "none"

    def __repr__(self) -> str:
        return "NONE"


NONE: Final = _Stated.NONE
"""An explicit null for a fact whose vocabulary includes null: known to be none."""

CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
CAOS = ("ABU", "NBBU", "other")
CAO_PHASES = ("A", "B", "C", "1", "2", "3", "4", "nvt")
SIZE_CLASSES = ("micro", "small", "medium", "large")
EMPLOYMENTS = ("agency_worker", "employee", "self_employed")
ONTWIKKELPADEN = ("zorg_welzijn", "kinderopvang", "groen", "techniek", "onderwijs", "ict")
VAT_RATES = ("0", "21")
FORMATS = ("classroom", "in_company", "online", "blended")
SCHEME_IDS = ("doorzaam_taalbudget", "slim", "slim_scholing", "esf_plus", "tel_mee_met_taal", "sowis")


@dataclass(frozen=True, slots=True)
class PriorSubsidy:
    """A subsidy already granted or reserved for this employee (from the budget ledger)."""

    scheme: str
    on: dt.date
    amount_cents: int
    settled: bool | None = None  # booked and paid (Doorzaam: one allowance at a time); None: not told


@dataclass(frozen=True, slots=True)
class EmployerFacts:
    is_temp_agency: bool | None = None
    cao: str | None = None
    size_class: str | None = None
    sector: str | None = None
    de_minimis_received_cents: int | None = None
    sowis_funded_previous_round: bool | None = None  # SOWIS: funded in the previous application round


@dataclass(frozen=True, slots=True)
class EmployeeFacts:
    employment: str | None = None
    cao_phase: "str | _Stated | None" = None
    long_term_sick: bool | None = None
    cefr_level: str | None = None
    labour_migrant: bool | None = None
    prior_subsidies: tuple[PriorSubsidy, ...] | None = None
    statushouder: bool | None = None
    hours_per_week: int | None = None
    contract_months: int | None = None
    sowis_position: int | None = None
    lives_in_nl: bool | None = None  # Tel mee met Taal: participants live in (Caribbean) Netherlands
    inburgeringsplichtig: bool | None = None  # SOWIS: is or was obliged to integrate
    in_service_since: "dt.date | _Stated | None" = None  # SOWIS: joined the employer; NONE: not yet


@dataclass(frozen=True, slots=True)
class CourseFacts:
    price_cents: int | None = None  # per participant, excl. VAT (CONTRACT: runs' price_cents)
    vat_rate: str | None = None
    contact_hours: int | None = None
    cefr_from: str | None = None
    cefr_to: str | None = None
    vocational: bool | None = None
    provider_marks: tuple[str, ...] | None = None
    provider_crkbo: bool | None = None
    level_test_before_start: bool | None = None
    nlqf: "int | _Stated | None" = None
    ontwikkelpad: "str | _Stated | None" = None
    start: dt.date | None = None
    end: dt.date | None = None
    in_scholingspakket: bool | None = None  # SLIM scholing: in the ontwikkelpad's scholingspakket
    participant_pays: bool | None = None  # SLIM scholing: the participant bears part of the cost
    granted_on: dt.date | None = None  # the day the subsidy was granted (Tel mee met Taal: + 18 months)
    format: str | None = None  # classroom, in_company, online or blended (fund-defined schemes may ask)


@dataclass(frozen=True, slots=True)
class Facts:
    employer: EmployerFacts = EmployerFacts()
    employee: EmployeeFacts = EmployeeFacts()
    course: CourseFacts = CourseFacts()


# --- validation ------------------------------------------------------------------------------------
# Each field: (kind, option). Kinds check and convert one value or return an error text.

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MARK_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_FUND_SCHEME_RE = re.compile(r"fund_[a-z0-9_]{1,30}")


def _bool(value, _):
    return (value, None) if isinstance(value, bool) else (None, "must be true or false")


def _count(value, bounds):
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        return None, "must be a whole number"
    if value < low or (high is not None and value > high):
        return None, f"must be at least {low}" + (f" and at most {high}" if high is not None else "")
    return value, None


def _choice(value, options):
    if isinstance(value, str) and value in options:
        return value, None
    return None, f"must be one of {', '.join(options)}"


def _text(value, _):
    if isinstance(value, str) and 0 < len(value) <= 100:
        return value, None
    return None, "must be text of 1 to 100 characters"


def _date(value, _):
    return parse_date(value)


def parse_date(value) -> tuple[dt.date | None, str | None]:
    """An ISO date `YYYY-MM-DD` (only that form: fromisoformat would also take week dates)."""
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            pass
    return None, "must be a date YYYY-MM-DD"


def _scheme_id(value, _):
    """A named scheme, or a fund-defined one (`fund_<id>`, subsidies.declared)."""
    if isinstance(value, str) and (value in SCHEME_IDS or _FUND_SCHEME_RE.fullmatch(value)):
        return value, None
    return None, f"must be one of {', '.join(SCHEME_IDS)} or a fund scheme fund_<id>"


def _marks(value, _):
    if isinstance(value, list) and all(isinstance(m, str) and _MARK_RE.fullmatch(m) for m in value):
        return tuple(value), None
    return None, "must be a list of mark names (blik_op_werk, nrto, crkbo, ...)"


_CENTS = (_count, (0, None))
EMPLOYER_FIELDS = {
    "is_temp_agency": (_bool, None),
    "cao": (_choice, CAOS),
    "size_class": (_choice, SIZE_CLASSES),
    "sector": (_text, None),
    "de_minimis_received_cents": _CENTS,
    "sowis_funded_previous_round": (_bool, None),
}
EMPLOYEE_FIELDS = {
    "employment": (_choice, EMPLOYMENTS),
    "cao_phase": (_choice, CAO_PHASES),
    "long_term_sick": (_bool, None),
    "cefr_level": (_choice, CEFR_LEVELS),
    "labour_migrant": (_bool, None),
    "prior_subsidies": (None, None),  # a list of objects: see _prior_subsidies
    "statushouder": (_bool, None),
    "hours_per_week": (_count, (0, 168)),
    "contract_months": (_count, (0, 1200)),
    "sowis_position": (_count, (1, 100)),
    "lives_in_nl": (_bool, None),
    "inburgeringsplichtig": (_bool, None),
    "in_service_since": (_date, None),
}
COURSE_FIELDS = {
    "price_cents": _CENTS,
    "vat_rate": (_choice, VAT_RATES),
    "contact_hours": (_count, (0, 10000)),
    "cefr_from": (_choice, CEFR_LEVELS),
    "cefr_to": (_choice, CEFR_LEVELS),
    "vocational": (_bool, None),
    "provider_marks": (_marks, None),
    "provider_crkbo": (_bool, None),
    "level_test_before_start": (_bool, None),
    "nlqf": (_count, (1, 8)),
    "ontwikkelpad": (_choice, ONTWIKKELPADEN),
    "start": (_date, None),
    "end": (_date, None),
    "in_scholingspakket": (_bool, None),
    "participant_pays": (_bool, None),
    "granted_on": (_date, None),
    "format": (_choice, FORMATS),
}
NULL_IS_NONE = {"employee.cao_phase", "course.nlqf", "course.ontwikkelpad", "employee.in_service_since"}
_PRIOR_FIELDS = {"scheme": (_scheme_id, None), "on": (_date, None), "amount_cents": _CENTS,
                 "settled": (_bool, None)}
_PRIOR_OPTIONAL = {"settled"}  # absent: not told (Doorzaam reads it as settled, and says so)
_SECTIONS = {
    "employer": (EMPLOYER_FIELDS, EmployerFacts),
    "employee": (EMPLOYEE_FIELDS, EmployeeFacts),
    "course": (COURSE_FIELDS, CourseFacts),
}


def facts_from_dict(data: dict) -> Facts:
    """Validate a CONTRACT eligibility body (without "on") into Facts, or raise FactsError.

    Unknown fields are rejected (CONTRACT: 422); every error is keyed by its dotted path.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        raise FactsError({"": ["must be a JSON object"]})
    for key in data:
        if key not in _SECTIONS:
            errors.setdefault(str(key), []).append("unknown field")
    sections = {}
    for name, (fields, cls) in _SECTIONS.items():
        raw = data.get(name)
        if raw is None:
            sections[name] = cls()
            continue
        if not isinstance(raw, dict):
            errors.setdefault(name, []).append("must be an object")
            sections[name] = cls()
            continue
        sections[name] = cls(**_section(name, raw, fields, errors))
    course = sections["course"]
    if course.start and course.end and course.end < course.start:
        errors.setdefault("course.end", []).append("must be on or after course.start")
    if errors:
        raise FactsError(errors)
    return Facts(**sections)


def _section(name: str, raw: dict, fields: dict, errors: dict) -> dict:
    values = {}
    for key, value in raw.items():
        path = f"{name}.{key}"
        if key not in fields:
            errors.setdefault(path, []).append("unknown field")
            continue
        if value is None:
            values[key] = NONE if path in NULL_IS_NONE else None
            continue
        if key == "prior_subsidies":
            values[key] = _prior_subsidies(path, value, errors)
            continue
        check, option = fields[key]
        parsed, problem = check(value, option)
        if problem:
            errors.setdefault(path, []).append(problem)
        else:
            values[key] = parsed
    return values


def _prior_subsidies(path: str, value, errors: dict) -> tuple[PriorSubsidy, ...] | None:
    if not isinstance(value, list):
        errors.setdefault(path, []).append("must be a list")
        return None
    out = []
    for i, item in enumerate(value):
        where = f"{path}.{i}"
        if not isinstance(item, dict):
            errors.setdefault(where, []).append("must be an object {scheme, on, amount_cents}")
            continue
        parsed = {}
        for key in sorted(set(item) | set(_PRIOR_FIELDS)):
            if key not in _PRIOR_FIELDS:
                errors.setdefault(f"{where}.{key}", []).append("unknown field")
                continue
            if item.get(key) is None:
                if key not in _PRIOR_OPTIONAL:
                    errors.setdefault(f"{where}.{key}", []).append("required")
                continue
            check, option = _PRIOR_FIELDS[key]
            parsed[key], problem = check(item[key], option)
            if problem:
                errors.setdefault(f"{where}.{key}", []).append(problem)
        if set(_PRIOR_FIELDS) - _PRIOR_OPTIONAL <= set(parsed) and all(v is not None for v in parsed.values()):
            out.append(PriorSubsidy(**parsed))
    return tuple(out)


def request_schema() -> dict:
    """JSON Schema of the request body (for the OpenAPI document), built from the same field tables."""

    def field_schema(check, option, nullable):
        if check is _bool:
            schema = {"type": "boolean"}
        elif check is _count:
            schema = {"type": "integer", "minimum": option[0]} | (
                {"maximum": option[1]} if option[1] is not None else {}
            )
        elif check is _choice:
            schema = {"type": "string", "enum": list(option)}
        elif check is _date:
            schema = {"type": "string", "format": "date"}
        elif check is _marks:
            schema = {"type": "array", "items": {"type": "string"}}
        else:
            schema = {"type": "string", "maxLength": 100}
        return {"anyOf": [schema, {"type": "null"}]} if nullable else schema

    def section(name, fields):
        props = {}
        for key, (check, option) in fields.items():
            if key == "prior_subsidies":
                item = {key2: field_schema(c, o, False) for key2, (c, o) in _PRIOR_FIELDS.items()}
                props[key] = {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": [k for k in _PRIOR_FIELDS if k not in _PRIOR_OPTIONAL],
                        "properties": item,
                    },
                }
            else:
                props[key] = field_schema(check, option, True)
        return {"type": "object", "additionalProperties": False, "properties": props}

    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["on"],
        "properties": {"on": {"type": "string", "format": "date"}}
        | {name: section(name, fields) for name, (fields, _) in _SECTIONS.items()},
    }
