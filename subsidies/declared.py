"""Schemes a fund defines itself: terms as data, one generic rule, still pure.

O&O funds and other sector funds pay for language courses under their own terms: a share of the price
and/or a fixed cap per worker per calendar year, for workers of certain sectors, collective agreements
and kinds of employment, for courses meeting conditions. A fund writes those terms in the marketplace;
each published version becomes a dated entry of the scheme's `terms` parameter, so the engine judges them
like any other scheme (dated, sourced, with checks and reasons), and a cap becomes a budget the ledger
keeps. The six named schemes stay hand-written where their texts need it (subsidies/rules/).

    version = DeclaredVersion(valid_from=date(2027, 1, 1), valid_until=None, terms=DeclaredTerms(...))
    scheme = declared_scheme(DeclaredDefinition(id="fund_3", ...), [version])
    catalogue = load_schemes().with_declared([scheme])
"""

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.catalogue import Budget, Scheme
from subsidies.facts import CEFR_LEVELS, Facts
from subsidies.messages import Message, Money, Percent, _
from subsidies.money import share_cents
from subsidies.parameters import DatedValue, Parameter
from subsidies.rules.common import yearly_budget_left
from subsidies.sources import Grade, Source
from subsidies.texts import Text

#: every fund-defined scheme's id starts with this (the named schemes' ids never do)
PREFIX = "fund_"
EMPLOYER_KINDS = ("temp_agency", "direct")
FORMATS = ("classroom", "in_company", "online", "blended")
DECLARED_PAYEES = ("employer", "provider")


@dataclass(frozen=True, slots=True)
class DeclaredTerms:
    """One version's conditions and amount. An empty tuple means "any"."""

    rate: Decimal  # share of the course price excl. VAT the fund pays, 0 < rate <= 1
    cap_cents: int | None = None  # at most this per worker per calendar year; None: no cap
    sectors: tuple[str, ...] = ()
    caos: tuple[str, ...] = ()
    employer_kinds: tuple[str, ...] = ()
    employments: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # CEFR levels the course may lead to
    min_contact_hours: int = 0
    marks: tuple[str, ...] = ()  # the provider holds at least one of these quality marks
    formats: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready (a decision's `parameters`, the stored version)."""
        out = {name: getattr(self, name) for name in _TERMS_FIELDS}  # not asdict: it deep-copies every value
        out["rate"] = str(self.rate)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "DeclaredTerms":
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        values["rate"] = Decimal(str(values["rate"]))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


_TERMS_FIELDS = tuple(f.name for f in dataclasses.fields(DeclaredTerms))


@dataclass(frozen=True, slots=True)
class DeclaredVersion:
    valid_from: dt.date
    valid_until: dt.date | None  # last day, or None: open-ended
    terms: DeclaredTerms


@dataclass(frozen=True, slots=True)
class DeclaredDefinition:
    """What does not change between versions: who the fund is, where its terms are, how to apply."""

    id: str  # PREFIX + something unique
    name: Text
    fund: str
    source: str  # the fund's own published terms
    route: Text  # how to apply
    evidence: Text  # what a claim needs
    payee: str  # employer or provider


def declared_scheme(definition: DeclaredDefinition, versions: list[DeclaredVersion]) -> Scheme:
    """The scheme as the engine knows it: each version a dated entry of `terms` (and of the cap)."""
    if not definition.id.startswith(PREFIX):
        raise ValueError(f"a fund-defined scheme's id starts with {PREFIX!r}")
    if definition.payee not in DECLARED_PAYEES:
        raise ValueError(f"payee must be one of {DECLARED_PAYEES}")
    terms_history: list[DatedValue] = []
    cap_history: list[DatedValue] = []
    source, grade = definition.source, Grade.official  # a fund's own terms are the official word on its scheme
    for version in sorted(versions, key=lambda v: v.valid_from):
        while terms_history and terms_history[-1].start >= version.valid_from:
            terms_history.pop()  # a later version published from the same day replaces the earlier
            cap_history.pop()
        terms_history.append(DatedValue(version.valid_from, version.terms, source, None, grade))
        cap_history.append(DatedValue(version.valid_from, version.terms.cap_cents, source, None, grade))
        if version.valid_until is not None:
            end = version.valid_until + dt.timedelta(days=1)
            terms_history.append(DatedValue(end, None, source, None, grade))
            cap_history.append(DatedValue(end, None, source, None, grade))
    parameters = {
        "terms": _parameter("terms", "terms", terms_history, definition),
        "max_per_employee_per_year": _parameter("max_per_employee_per_year", "EUR", cap_history, definition),
    }
    capped = any(v.terms.cap_cents is not None for v in versions)
    digest = hashlib.sha256(json.dumps(
        [dataclasses.asdict(definition)] + [[v.valid_from.isoformat(), str(v.valid_until), v.terms.to_dict()]
                                            for v in versions], sort_keys=True, default=str).encode()).hexdigest()
    return Scheme(
        id=definition.id,
        name=definition.name,
        authority=definition.fund,
        applicant="employer",
        applicant_text=definition.route,
        payee=definition.payee,
        source=source,
        description=definition.evidence,
        in_force_by="terms",
        assumptions=(),
        notes={},
        parameters=parameters,
        content_hash=digest[:12],
        _change_days=tuple(sorted({e.start for e in terms_history})),
        budget=Budget("employee", "calendar_year", "max_per_employee_per_year") if capped else None,
        sources={source: Source(source, grade, definition.fund)},
    )


def _parameter(name: str, unit: str, history: list[DatedValue], definition: DeclaredDefinition) -> Parameter:
    return Parameter(name=name, unit=unit, certainty="S", description=definition.name, assumption=None,
                     history=tuple(history), path=f"{definition.id}/{name}",
                     _starts=tuple(e.start for e in history))


def judge(facts: Facts, a: Assessment) -> None:
    """The generic rule: each condition the terms set is a check; the amount is the share up to the cap."""
    terms: DeclaredTerms = a.param("terms")
    employer, employee, course = facts.employer, facts.employee, facts.course
    kind = None if employer.is_temp_agency is None else ("temp_agency" if employer.is_temp_agency else "direct")
    _one_of(a, "employer_kind", kind, terms.employer_kinds, "employer.is_temp_agency", route=True,
            ask=lambda: _("Is the employer a temp agency?"),
            ok=lambda: _("The fund pays for this kind of employer."),
            no=lambda: _("The fund does not pay for this kind of employer."))
    _one_of(a, "sector", employer.sector, terms.sectors, "employer.sector", route=True,
            ask=lambda: _("In which sector does the employer work?"),
            ok=lambda: _("The employer's sector (%(value)s) is covered by the fund.",
                         value=employer.sector or ""),
            no=lambda: _("The fund pays only for employers in its sectors (%(allowed)s).",
                         allowed=", ".join(terms.sectors)))
    _one_of(a, "cao", employer.cao, terms.caos, "employer.cao", route=True,
            ask=lambda: _("Which collective agreement does the employer follow?"),
            ok=lambda: _("The collective agreement (%(value)s) is covered by the fund.", value=employer.cao or ""),
            no=lambda: _("The fund pays only under its collective agreements (%(allowed)s).",
                         allowed=", ".join(terms.caos)))
    _one_of(a, "employment", employee.employment, terms.employments, "employee.employment",
            ask=lambda: _("How is the worker employed?"),
            ok=lambda: _("The worker's kind of employment is covered."),
            no=lambda: _("The fund does not pay for this kind of employment."))
    _one_of(a, "level", course.cefr_to, terms.levels, "course.cefr_to",
            ask=lambda: _("Which level does the course lead to?"),
            ok=lambda: _("The course leads to %(value)s, a level the fund pays for.", value=course.cefr_to or ""),
            no=lambda: _("The fund pays for courses up to the levels %(allowed)s.",
                 allowed=", ".join(sorted(terms.levels, key=CEFR_LEVELS.index))))
    _one_of(a, "format", course.format, terms.formats, "course.format",
            ask=lambda: _("How is the course given (classroom, in company, online, blended)?"),
            ok=lambda: _("The course's format is one the fund pays for."),
            no=lambda: _("The fund does not pay for courses given this way."))
    _contact_hours(a, course.contact_hours, terms.min_contact_hours)
    _marks(a, course.provider_marks, terms.marks)
    left = None if terms.cap_cents is None else yearly_budget_left(
        a, facts, terms.cap_cents, _("Which amounts of this fund did the worker already get in %(year)s?",
                                     year=a.on.year))
    price = course.price_cents
    if price is None:
        a.unknown("course_price", ("course.price_cents",), _("What does the course cost per participant (excl. VAT)?"))
        return
    share = share_cents(price, terms.rate)
    amount = share if left is None else min(share, left)
    a.grant(amount, terms.rate)


def _one_of(a: Assessment, rule: str, value, allowed: tuple, fact: str, *, ask, ok, no, route=False) -> None:
    """A condition the terms may set: passed, failed or asked. The texts come as functions, so that only the
    one needed is made (and none for a condition the terms leave open)."""
    if not allowed:
        return
    if value is None:
        a.unknown(rule, (fact,), ask())
    elif value in allowed:
        a.passed(rule, ok())
    else:
        a.failed(rule, no(), route=route)


def _contact_hours(a: Assessment, hours: int | None, minimum: int) -> None:
    if not minimum:
        return
    if hours is None:
        a.unknown("contact_hours", ("course.contact_hours",), _("How many contact hours does the course have?"))
    elif hours >= minimum:
        a.passed("contact_hours", _("%(hours)s contact hours: at least the %(minimum)s the fund asks.",
                                    hours=hours, minimum=minimum))
    else:
        a.failed("contact_hours", _("%(hours)s contact hours: the fund asks at least %(minimum)s.",
                                    hours=hours, minimum=minimum))


def _marks(a: Assessment, held: tuple[str, ...] | None, wanted: tuple[str, ...]) -> None:
    if not wanted:
        return
    if held is None:
        a.unknown("quality_mark", ("course.provider_marks",), _("Which quality marks does the provider hold?"))
    elif set(held) & set(wanted):
        a.passed("quality_mark", _("The provider holds a quality mark the fund asks for."))
    else:
        a.failed("quality_mark", _("The fund asks for a provider with one of these marks: %(marks)s.",
                                   marks=", ".join(wanted)))


def describe(terms: DeclaredTerms) -> Message:
    """One sentence of what a version pays, for pages (a Message)."""
    if terms.cap_cents is None:
        return _("%(rate)s of the course price excl. VAT.", rate=Percent(terms.rate))
    return _("%(rate)s of the course price excl. VAT, at most %(cap)s per worker per calendar year.",
             rate=Percent(terms.rate), cap=Money(terms.cap_cents))
