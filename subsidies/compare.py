"""Try proposed parameter files before adopting them: which verdicts would change, and by how much.

An admin puts the changed files in a folder with the schemes' layout (e.g. `slim/parameters/
rate_small.yaml`); the same facts are evaluated under the current and the proposed catalogue.
The proposed files pass the same strict loader, so a malformed proposal fails here, not in production.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from subsidies.catalogue import Catalogue, load_schemes, read_catalogue
from subsidies.engine import evaluate
from subsidies.facts import Facts
from subsidies.funding import course_cost_items, plan_funding


@dataclass(frozen=True, slots=True)
class VerdictChange:
    case: int  # index into facts_list
    scheme: str
    status_before: str
    status_after: str
    amount_before_cents: int
    amount_after_cents: int

    @property
    def delta_cents(self) -> int:
        return self.amount_after_cents - self.amount_before_cents

    def to_dict(self) -> dict:
        return {
            "case": self.case,
            "scheme": self.scheme,
            "status_before": self.status_before,
            "status_after": self.status_after,
            "amount_before_cents": self.amount_before_cents,
            "amount_after_cents": self.amount_after_cents,
            "delta_cents": self.delta_cents,
        }


@dataclass(frozen=True, slots=True)
class ParameterComparison:
    on: dt.date
    cases: int
    changes: tuple[VerdictChange, ...]
    versions_before: dict[str, str]
    versions_after: dict[str, str]

    @property
    def total_delta_cents(self) -> int:
        return sum(c.delta_cents for c in self.changes)


def compare_parameter_sets(
    facts_list: Sequence[Facts], on: dt.date, proposed_dir: str | Path, current_dir: str | Path | None = None
) -> ParameterComparison:
    """Evaluate each facts under the current files and under them overlaid with `proposed_dir`.

    Only decisions whose status or amount differ are listed. Raises ParameterError if a proposed file
    is malformed.
    """
    root = str(current_dir) if current_dir else None
    current = load_schemes(root)
    proposed = read_catalogue(root, str(proposed_dir))  # read afresh: a proposal changes while it is tried
    changes = []
    for index, facts in enumerate(facts_list):
        for before, after in zip(evaluate(facts, on, current), evaluate(facts, on, proposed), strict=True):
            if before.status != after.status or before.amount_cents != after.amount_cents:
                changes.append(
                    VerdictChange(
                        index,
                        before.scheme,
                        before.status.value,
                        after.status.value,
                        before.amount_cents,
                        after.amount_cents,
                    )
                )
    return ParameterComparison(
        on=on,
        cases=len(facts_list),
        changes=tuple(changes),
        versions_before={s.id: s.version_on(on) for s in current.schemes},
        versions_after={s.id: s.version_on(on) for s in proposed.schemes},
    )


@dataclass(frozen=True, slots=True)
class SchemeImpact:
    """What one scheme would do for a set of enrolments: its verdicts and what it would pay after stacking."""

    scheme: str
    on: dt.date
    cases: int
    statuses: dict[str, int]  # status -> number of enrolments
    paying: int  # enrolments the scheme would fund (after the order of preference)
    paid_cents: int  # what it would pay in total


def scheme_impact(facts_list: Sequence[Facts], on: dt.date, catalogue: Catalogue, scheme_id: str) -> SchemeImpact:
    """Evaluate each enrolment's facts on ``on`` with ``catalogue`` (e.g. with a fund's draft as published)."""
    counts: dict[str, int] = {}
    paying = paid = 0
    order = catalogue.order_of_preference(on)
    for facts in facts_list:
        decisions = evaluate(facts, on, catalogue)
        decision = next(d for d in decisions if d.scheme == scheme_id)
        verdict = decision.status.value
        counts[verdict] = counts.get(verdict, 0) + 1
        plan = plan_funding(course_cost_items(facts.course), decisions, order)
        amount = sum(a.amount_cents for a in plan.allocations if a.scheme == scheme_id)
        paying += amount > 0
        paid += amount
    return SchemeImpact(scheme_id, on, len(facts_list), counts, paying, paid)
