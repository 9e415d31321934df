"""The answer of POST /api/v1/eligibility, in the contract's shape (shared/CONTRACT.md)."""

import datetime as dt

from subsidies.catalogue import Catalogue, load_schemes
from subsidies.engine import evaluate
from subsidies.errors import FactsError
from subsidies.facts import Facts, facts_from_dict, parse_date
from subsidies.funding import course_cost_items, plan_funding
from subsidies.texts import check_language


def eligibility_response(
    facts: Facts, on: dt.date, lang: str = "en", catalogue: Catalogue | None = None
) -> dict:
    """`{"on", "decisions", "plan"}`: each scheme's decision, and the plan for the course price.

    The plan has one cost item, the course price (see funding.course_cost_items).
    """
    check_language(lang)
    catalogue = catalogue or load_schemes()
    decisions = evaluate(facts, on, catalogue)
    plan = plan_funding(course_cost_items(facts.course), decisions, catalogue.order_of_preference(on))
    return {
        "on": on.isoformat(),
        "decisions": [d.to_dict(lang) for d in decisions],
        "plan": plan.to_dict(lang),
    }


def parse_eligibility_request(body: object) -> tuple[Facts, dt.date]:
    """The whole request body: `on` (required) plus the facts; FactsError lists every problem at once."""
    if not isinstance(body, dict):
        raise FactsError({"": ["must be a JSON object"]})
    errors: dict[str, list[str]] = {}
    on, problem = parse_date(body.get("on"))
    if problem:
        errors["on"] = ["required" if body.get("on") is None else problem]
    try:
        facts = facts_from_dict({k: v for k, v in body.items() if k != "on"})
    except FactsError as error:
        errors.update(error.fields)
    if errors:
        raise FactsError(errors)
    return facts, on
