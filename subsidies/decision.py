"""What the engine answers per scheme: a decision with its checks, assumptions and parameters.

Statuses and results: shared/CONTRACT.md, "POST /api/v1/eligibility".
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from subsidies.messages import Message
from subsidies.texts import Text, check_language


class Status(StrEnum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    needs_info = "needs_info"
    closed = "closed"  # the scheme has ended, has not started, or takes no applications on `on`
    not_applicable = "not_applicable"  # the applicant cannot use this route at all


class Result(StrEnum):
    passed = "pass"  # "pass" is a Python keyword
    failed = "fail"
    missing = "missing"


@dataclass(frozen=True, slots=True)
class Check:
    """One rule applied to the facts: its result, why (a message of the catalogue) and where the rule comes
    from."""

    rule: str
    result: Result
    text: Message
    source: str
    missing: tuple[str, ...] = ()  # the facts that would decide a `missing` result
    route: bool = False  # a failed route check means the applicant cannot use the scheme at all
    grade: str = "assumption"  # how far the source is trusted: official, secondary or assumption

    def to_dict(self, lang: str) -> dict:
        texts = self.text.to_dict()
        return {
            "rule": self.rule,
            "result": self.result.value,
            "text": texts[check_language(lang)],
            "texts": texts,
            "source": self.source,
            "grade": self.grade,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """A scheme's answer for one enrolment on one day.

    `amount_cents` is what the scheme would pay towards the course (0 unless eligible); `rate` is the
    share of a cost item (excl. VAT) it may fund, used by plan_funding when costs are split.
    """

    scheme: str
    name: Text
    on: dt.date
    status: Status
    amount_cents: int
    rate: Decimal
    payee: str
    checks: tuple[Check, ...]
    assumptions: tuple[Text, ...]
    parameters: dict[str, object]
    scheme_version: str

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts still needed, in the order the checks ask for them."""
        seen: dict[str, None] = {}
        for check in self.checks:
            if check.result is Result.missing:
                seen.update(dict.fromkeys(check.missing))
        return tuple(seen)

    def to_dict(self, lang: str = "en") -> dict:
        check_language(lang)
        return {
            "scheme": self.scheme,
            "name": self.name.in_language(lang),
            "status": self.status.value,
            "amount_cents": self.amount_cents,
            "payee": self.payee,
            "checks": [c.to_dict(lang) for c in self.checks],
            "assumptions": [a.in_language(lang) for a in self.assumptions],
            "parameters": dict(self.parameters),
            "scheme_version": self.scheme_version,
            "missing": list(self.missing),
        }


def status_of(checks: tuple[Check, ...], closed: bool) -> Status:
    """Closed first (nothing else can be judged), then route, then fail, then missing."""
    if closed:
        return Status.closed
    results = {c.result for c in checks}
    if any(c.route and c.result is Result.failed for c in checks):
        return Status.not_applicable
    if Result.failed in results:
        return Status.not_eligible
    if Result.missing in results:
        return Status.needs_info
    return Status.eligible
