"""evaluate, plan_funding and eligibility_response answer in the contract's shapes, in both languages."""

import datetime as dt
import json
import random

import pytest

from subsidies import (
    CostItem,
    Result,
    Status,
    eligibility_response,
    evaluate,
    facts_from_dict,
    load_schemes,
    plan_funding,
)
from subsidies.facts import CAO_PHASES, CAOS, CEFR_LEVELS, EMPLOYMENTS, ONTWIKKELPADEN, SIZE_CLASSES

from .test_subsidy_facts import BODY

ON = dt.date(2026, 3, 2)
SCHEMES = ["doorzaam_taalbudget", "slim", "slim_scholing", "esf_plus", "tel_mee_met_taal", "sowis"]


def test_one_decision_per_scheme_in_a_stable_order():
    decisions = evaluate(facts_from_dict(BODY), ON)
    assert [d.scheme for d in decisions] == SCHEMES


def test_the_response_has_the_contract_shape():
    response = eligibility_response(facts_from_dict(BODY), ON, "en")
    assert set(response) == {"on", "decisions", "plan"} and response["on"] == "2026-03-02"
    doorzaam = response["decisions"][0]
    assert {
        "scheme",
        "status",
        "amount_cents",
        "payee",
        "checks",
        "assumptions",
        "parameters",
        "scheme_version",
    } <= set(doorzaam)
    assert (
        doorzaam["status"] == "eligible"
        and doorzaam["amount_cents"] == 90000
        and doorzaam["payee"] == "provider"
    )
    assert doorzaam["parameters"]["max_per_employee_per_year_cents"] == 150000
    check = next(c for c in doorzaam["checks"] if c["rule"] == "cao_phase")
    assert set(check) == {"rule", "result", "text", "texts", "source", "grade"} and check["result"] == "pass"
    assert check["source"].startswith("https://")
    assert response["plan"]["cost_cents"] == 120000 and response["plan"]["subsidy_cents"] == 90000
    assert response["plan"]["own_cents"] == 30000
    assert response["plan"]["allocations"] == [
        {"scheme": "doorzaam_taalbudget", "amount_cents": 90000, "cost_item": "course"}
    ]
    json.dumps(response)  # plain JSON: no Decimal, no dates


def test_texts_follow_the_requested_language_and_carry_both():
    dutch = eligibility_response(facts_from_dict(BODY), ON, "nl")["decisions"][0]
    english = eligibility_response(facts_from_dict(BODY), ON, "en")["decisions"][0]
    budget_nl = next(c for c in dutch["checks"] if c["rule"] == "yearly_budget")
    budget_en = next(c for c in english["checks"] if c["rule"] == "yearly_budget")
    assert budget_nl["text"] == "Van het budget van EUR\u00a01.500,00 voor 2026 is EUR\u00a0900,00 over."
    assert budget_en["text"] == "EUR\u00a0900.00 of the 2026 budget of EUR\u00a01,500.00 is left."
    assert budget_nl["texts"] == budget_en["texts"] == {"nl": budget_nl["text"], "en": budget_en["text"]}
    assert dutch["assumptions"] != english["assumptions"] and len(dutch["assumptions"]) == len(
        english["assumptions"]
    )


def test_statuses_and_results_are_named_in_lowercase_like_every_other_vocabulary():
    assert [s.name for s in Status] == [s.value for s in Status]
    assert {r.name: r.value for r in Result} == {"passed": "pass", "failed": "fail", "missing": "missing"}


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        eligibility_response(facts_from_dict(BODY), ON, "de")


def test_a_datetime_is_not_a_day():
    with pytest.raises(TypeError):
        evaluate(facts_from_dict(BODY), dt.datetime(2026, 3, 2, 12, 0))  # a datetime, the point of the test


def test_every_inferred_or_open_parameter_used_is_stated_as_an_assumption():
    response = eligibility_response(facts_from_dict(BODY), dt.date(2024, 2, 1), "en")
    tel_mee = next(d for d in response["decisions"] if d["scheme"] == "tel_mee_met_taal")
    assert tel_mee["parameters"]["level_below"] == "B1"
    assert any("2F is taken to equal CEFR level B1" in a for a in tel_mee["assumptions"])


def test_no_float_anywhere_in_a_response():
    def walk(value):
        assert not isinstance(value, float), value
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for day in (dt.date(2024, 2, 1), dt.date(2025, 3, 10), dt.date(2025, 6, 2), ON):
        walk(eligibility_response(facts_from_dict(BODY), day, "en"))


def random_body(rng: random.Random) -> dict:
    def maybe(value):
        return value if rng.random() > 0.1 else None

    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
    return {
        "employer": {
            "is_temp_agency": maybe(rng.random() < 0.5),
            "cao": maybe(rng.choice(CAOS)),
            "size_class": maybe(rng.choice(SIZE_CLASSES)),
            "de_minimis_received_cents": maybe(rng.randrange(0, 31_000_000)),
        },
        "employee": {
            "employment": maybe(rng.choice(EMPLOYMENTS)),
            "cao_phase": maybe(rng.choice(CAO_PHASES)),
            "long_term_sick": maybe(rng.random() < 0.1),
            "cefr_level": maybe(rng.choice(CEFR_LEVELS)),
            "labour_migrant": maybe(rng.random() < 0.6),
            "statushouder": maybe(rng.random() < 0.2),
            "hours_per_week": maybe(rng.randrange(8, 41)),
            "contract_months": maybe(rng.randrange(1, 25)),
            "sowis_position": maybe(rng.randrange(1, 6)),
            "prior_subsidies": [
                {
                    "scheme": "doorzaam_taalbudget",
                    "on": str(start - dt.timedelta(days=40)),
                    "amount_cents": rng.randrange(0, 160_000),
                }
            ]
            if rng.random() < 0.5
            else [],
        },
        "course": {
            "price_cents": maybe(rng.randrange(0, 400_000)),
            "vat_rate": maybe(rng.choice(["0", "21"])),
            "contact_hours": maybe(rng.randrange(10, 120)),
            "level_test_before_start": maybe(rng.random() < 0.8),
            "nlqf": maybe(rng.randrange(1, 6)),
            "ontwikkelpad": maybe(rng.choice(ONTWIKKELPADEN)),
            "start": str(start),
            "end": str(start + dt.timedelta(days=rng.randrange(30, 500))),
        },
    }


def test_plans_never_fund_more_than_the_cost_or_a_scheme_more_than_its_decision():
    rng = random.Random(20260302)
    order = load_schemes().order_of_preference(ON)
    for _ in range(500):
        body = random_body(rng)
        on = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        decisions = evaluate(facts_from_dict(body), on)
        items = [
            CostItem(f"item{i}", rng.randrange(0, 200_000), rng.choice(["0", "21", None])) for i in range(3)
        ]
        plan = plan_funding(items, decisions, order)
        assert 0 <= plan.subsidy_cents <= sum(i.price_cents for i in items) <= plan.cost_cents
        assert plan.own_cents == plan.cost_cents - plan.subsidy_cents
        assert len({a.cost_item for a in plan.allocations}) == len(plan.allocations), "one scheme per item"
        by_scheme = {d.scheme: d for d in decisions}
        for scheme in {a.scheme for a in plan.allocations}:
            assert by_scheme[scheme].status is Status.eligible
            assert (
                sum(a.amount_cents for a in plan.allocations if a.scheme == scheme)
                <= by_scheme[scheme].amount_cents
            )
        for d in decisions:
            assert isinstance(d.amount_cents, int) and d.amount_cents >= 0
            assert d.amount_cents == 0 or d.status is Status.eligible
            if d.status is Status.needs_info:
                assert d.missing, f"{d.scheme} needs info but names no fact"


def test_the_same_question_gets_the_same_answer():
    facts = facts_from_dict(BODY)
    assert eligibility_response(facts, ON, "en") == eligibility_response(facts, ON, "en")
