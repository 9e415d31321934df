"""Evaluate every scheme for one enrolment on one day: facts in, decisions out.

Pure: no clock, no database, no files after the catalogue is loaded (DESIGN.md, "Architecture").
"""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.catalogue import Catalogue, load_schemes
from subsidies.decision import Decision
from subsidies.declared import judge as judge_declared
from subsidies.facts import Facts
from subsidies.rules import RULES
from subsidies.rules.common import scheme_in_force


def evaluate(facts: Facts, on: dt.date, catalogue: Catalogue | None = None) -> list[Decision]:
    """One decision per scheme, in the catalogue's stable order, judged on the day `on`.

    `on` is the day of booking or application: windows and yearly budgets are judged on it
    (CONTRACT.md); rules about the course's own timing use course.start and course.end.
    """
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise TypeError("on must be a datetime.date")
    catalogue = catalogue or load_schemes()
    decisions = []
    for scheme in catalogue.schemes:
        assessment = Assessment(scheme, on, catalogue)
        if scheme_in_force(assessment):
            (judge_declared if scheme.id in catalogue.declared else RULES[scheme.id])(facts, assessment)
        decisions.append(assessment.decision())
    return decisions
