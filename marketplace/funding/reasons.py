"""Why a scheme does not pay, in one sentence, and what would change it: read from a decision as the engine
wrote it (a frozen snapshot's, or one just made), for the booking page, the matches and the questionnaire.

The sentence is the text of the check that decided: the first failed check (for a closed scheme it names the
next application window when one is known), or, when facts are missing, the questions the rules ask. The
facts that would decide it are named in words by the page that can ask them, never by their dotted path.
Older snapshots lack a check's ``grade``: then no grade is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from marketplace.core.translation import gettext as _
from marketplace.employers.forms import EmployeeForm
from marketplace.tenancy.organisations.forms import OrganisationFields

from .eligibility_forms import question_label

#: how far a verdict's source is trusted, weakest last (subsidies.sources.Grade; shown by _macros/grades.html)
GRADES = ("official", "secondary", "assumption")


@dataclass(frozen=True)
class Reason:
    """Why one scheme does not pay for one person: status, sentence, its source and grade, the facts it needs."""

    scheme: str
    status: str
    text: str
    #: official, secondary or assumption; None for a snapshot made before checks carried their grade
    grade: str | None
    source: str | None
    #: the facts (dotted paths) that would decide a needs_info verdict, in the order the rules ask them
    missing: tuple[str, ...] = ()


def pays(decision: dict) -> bool:
    return decision.get("status") == "eligible" and decision.get("amount_cents", 0) > 0


def check_text(check: dict, lang: str | None = None) -> str:
    """The check's text in ``lang`` when the decision kept both languages, else as it was written."""
    return (check.get("texts") or {}).get(lang) or check.get("text", "")


def why_not(decision: dict, lang: str | None = None) -> Reason | None:
    """The reason a scheme does not pay (None when it pays): the deciding check's text, source and grade."""
    if pays(decision):
        return None
    checks = decision.get("checks") or []
    status = decision.get("status", "")
    if status == "needs_info":
        asked = [c for c in checks if c.get("result") == "missing"]
        text = " ".join(check_text(c, lang) for c in asked)
        first = asked[0] if asked else {}
        return Reason(decision["scheme"], status, text, _grade(first), first.get("source"),
                      tuple(decision.get("missing") or ()))
    deciding = next((c for c in checks if c.get("result") == "fail"), None)
    if deciding is None:  # eligible, but nothing left to pay (e.g. a course that costs nothing)
        return Reason(decision["scheme"], status, _("Eligible, but there is nothing left for it to pay."),
                      None, None)
    return Reason(decision["scheme"], status, check_text(deciding, lang), _grade(deciding),
                  deciding.get("source"))


def _grade(check: dict) -> str | None:
    return check.get("grade") if check.get("grade") in GRADES else None


def weakest_grade(decision: dict) -> str | None:
    """What a verdict rests on at best: the decision's own grade when it has one, else the weakest grade of
    its checks (an eligible verdict is as strong as its weakest rule); None for snapshots without grades."""
    if decision.get("grade") in GRADES:
        return decision["grade"]
    grades = [c.get("grade") for c in decision.get("checks") or () if c.get("grade") in GRADES]
    return max(grades, key=GRADES.index) if grades else None


def reasons(decisions: list[dict], lang: str | None = None) -> list[tuple[dict, Reason]]:
    """Every decision that does not pay, with its reason, in the decisions' order."""
    return [(d, reason) for d in decisions if (reason := why_not(d, lang)) is not None]


# What would change it ------------------------------------------------------------------------------

#: the facts an employer records on the roster (employers.forms.EmployeeForm) and in its profile
#: (tenancy OrganisationFields): the fact's name, and the field entering it
ROSTER_FACTS = {"employment": "employment", "cao_phase": "cao_phase", "long_term_sick": "long_term_sick",
                "cefr_level": "cefr_level", "labour_migrant": "labour_migrant", "statushouder": "statushouder",
                "hours_per_week": "hours_per_week", "in_service_since": "employment_start"}
PROFILE_FACTS = {"is_temp_agency": "is_temp_agency", "cao": "cao", "size_class": "size_class", "sector": "sector"}


@dataclass(frozen=True)
class Fix:
    """What would let a scheme decide: the facts to give, in words, and the page where they are entered."""

    #: where: roster (the person's page), profile (the organisation's), course or other (nowhere to enter it)
    kind: str
    text: str
    url: str | None = None


def fixes(reason: Reason, employee_id: int | None) -> list[Fix]:
    """For a verdict waiting for facts: where the employer can give each (the roster, its profile), and which
    the course details or Taalmarkt's records do not hold. A fact no page names is left to the reason's own
    question."""
    places: dict[str, list[str]] = {"roster": [], "profile": [], "course": [], "other": []}
    for path in reason.missing:
        section, _dot, name = path.partition(".")
        if section == "employee" and name in ROSTER_FACTS:
            places["roster"].append(_label(EmployeeForm, ROSTER_FACTS[name]))
        elif section == "employer" and name in PROFILE_FACTS:
            places["profile"].append(_label(OrganisationFields, PROFILE_FACTS[name]))
        elif (label := question_label(path)) is not None:
            places["course" if section == "course" else "other"].append(label)
    found = []
    if places["roster"]:
        facts = "; ".join(places["roster"])
        found.append(Fix("roster", _("Fill in on the roster: %(facts)s.", facts=facts),
                         url_for("employers.edit_employee", employee_id=employee_id)) if employee_id else
                     Fix("roster", _("Name the learners in the need to have this decided: %(facts)s.", facts=facts)))
    if places["profile"]:
        found.append(Fix("profile", _("Fill in your organisation's profile: %(facts)s.",
                                      facts="; ".join(places["profile"])), url_for("organisations.edit_profile")))
    if places["course"]:
        found.append(Fix("course", _("The course details do not say: %(facts)s.", facts="; ".join(places["course"]))))
    if places["other"]:
        found.append(Fix("other", _("Not recorded in Taalmarkt: %(facts)s.", facts="; ".join(places["other"]))))
    return found


def _label(form_class, name: str) -> str:
    return str(getattr(form_class, name).args[0])
