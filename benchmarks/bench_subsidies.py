"""Benchmark of the subsidy engine: all six named schemes and two fund-defined ones for one enrolment, and a
batch of 100,000.

Run: .venv/bin/python benchmarks/bench_subsidies.py [--batch N] [--seed S]

Prints, for one enrolment (evaluate all schemes + plan_funding for the course price): the median and
p95 time; the time for a batch of N enrolments on one core; and the ratio to a baseline measured in
the same run: facts_from_dict (validating the request body into Facts) on the same bodies, so the
ratio says how much the rules cost next to reading the request.
Aims (docs/subsidies.md): median < 0.5 ms, 100,000 enrolments < 30 s.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

# Run from a clone without installing: the repository root holds the subsidies package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decimal import Decimal  # noqa: E402

from subsidies import course_cost_items, evaluate, facts_from_dict, load_schemes, plan_funding  # noqa: E402
from subsidies.declared import (  # noqa: E402
    DeclaredDefinition,
    DeclaredTerms,
    DeclaredVersion,
    declared_scheme,
)
from subsidies.texts import Text  # noqa: E402

DAYS = (dt.date(2024, 2, 1), dt.date(2025, 3, 10), dt.date(2025, 6, 2), dt.date(2026, 3, 2))


def enrolment_body(rng: random.Random) -> dict:
    """A varied, realistic request body: agencies and employers, all phases, some facts unknown."""
    agency = rng.random() < 0.5
    start = dt.date(2024, 1, 15) + dt.timedelta(days=rng.randrange(800))
    body = {
        "employer": {
            "is_temp_agency": agency,
            "cao": rng.choice(["ABU", "NBBU"]) if agency else "other",
            "size_class": rng.choice(["micro", "small", "medium", "large"]),
            "sector": rng.choice(["logistics", "care", "horeca", "food"]),
            "de_minimis_received_cents": rng.randrange(0, 30_000_000),
        },
        "employee": {
            "employment": "agency_worker" if agency else rng.choice(["employee", "self_employed"]),
            "cao_phase": rng.choice(["A", "B", "C", "1", "2", "3", "4", "nvt"]) if agency else None,
            "long_term_sick": rng.random() < 0.05,
            "cefr_level": rng.choice(["A0", "A1", "A2", "B1"]),
            "labour_migrant": rng.random() < 0.6,
            "prior_subsidies": [
                {
                    "scheme": "doorzaam_taalbudget",
                    "on": str(start - dt.timedelta(days=rng.randrange(1, 300))),
                    "amount_cents": rng.randrange(10_000, 150_000),
                }
                for _ in range(rng.randrange(3))
            ],
        },
        "course": {
            "price_cents": rng.randrange(20_000, 300_000),
            "vat_rate": rng.choice(["0", "0", "21"]),
            "contact_hours": rng.randrange(20, 120),
            "cefr_from": "A1",
            "cefr_to": "A2",
            "vocational": rng.random() < 0.3,
            "provider_marks": ["blik_op_werk"],
            "provider_crkbo": rng.random() < 0.5,
            "level_test_before_start": rng.random() < 0.8,
            "nlqf": rng.choice([None, 1, 2, 3, 4]),
            "ontwikkelpad": rng.choice([None, "zorg_welzijn", "techniek"]),
            "start": str(start),
            "end": str(start + dt.timedelta(days=rng.randrange(60, 400))),
        },
    }
    if rng.random() < 0.2:  # a share of questions lack a fact and end in needs_info
        del body["employee"]["long_term_sick"]
    if rng.random() < 0.2:
        body["employee"].update(statushouder=True, hours_per_week=24, contract_months=12, sowis_position=1)
    return body


def fund_schemes() -> list:
    """Two schemes as a fund would write them: one capped with conditions, one open to all."""
    text = Text("Voorbeeld", "Example")
    capped = DeclaredTerms(rate=Decimal("0.5"), cap_cents=75000, sectors=("logistics", "food_production"),
                           employer_kinds=("direct",), employments=("employee",), levels=("A1", "A2", "B1"),
                           min_contact_hours=20, marks=("blik_op_werk", "nrto"))
    return [declared_scheme(DeclaredDefinition(ident, text, "Fund", "https://fund.example/terms", text, text,
                                               "employer"), [DeclaredVersion(dt.date(2024, 1, 1), None, terms)])
            for ident, terms in (("fund_1", capped), ("fund_2", DeclaredTerms(rate=Decimal("0.25"))))]


CATALOGUE = None


def one_enrolment(facts, on, order):
    decisions = evaluate(facts, on, CATALOGUE)
    return plan_funding(course_cost_items(facts.course), decisions, order)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    global CATALOGUE
    # read the files once, outside the timings (as the app does at start-up), and add the funds' schemes
    CATALOGUE = load_schemes().with_declared(fund_schemes())
    orders = {day: CATALOGUE.order_of_preference(day) for day in DAYS}
    bodies = [enrolment_body(rng) for _ in range(args.batch)]
    days = [rng.choice(DAYS) for _ in range(args.batch)]
    facts = [facts_from_dict(b) for b in bodies]

    for i in range(200):  # warm-up
        one_enrolment(facts[i], days[i], orders[days[i]])

    single = []
    for i in range(args.samples):
        t0 = time.perf_counter_ns()
        one_enrolment(facts[i], days[i], orders[days[i]])
        single.append(time.perf_counter_ns() - t0)
    single.sort()
    median_ms = statistics.median(single) / 1e6
    p95_ms = single[int(len(single) * 0.95)] / 1e6

    t0 = time.perf_counter()
    funded = 0
    for f, day in zip(facts, days, strict=True):
        funded += one_enrolment(f, day, orders[day]).subsidy_cents > 0
    batch_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for body in bodies:
        facts_from_dict(body)
    baseline_s = time.perf_counter() - t0

    print(
        f"one enrolment, {len(CATALOGUE.schemes)} schemes + plan: median {median_ms:.3f} ms, p95 {p95_ms:.3f} ms "
        f"({args.samples} samples; aim: median < 0.5 ms)"
    )
    print(
        f"batch of {args.batch:,} enrolments: {batch_s:.2f} s on one core "
        f"({batch_s / args.batch * 1e6:.0f} us each; aim: < 30 s for 100,000); "
        f"{funded:,} with a subsidy"
    )
    print(
        f"baseline facts_from_dict on the same {args.batch:,} bodies: {baseline_s:.2f} s; "
        f"engine / baseline = {batch_s / baseline_s:.1f}x"
    )


if __name__ == "__main__":
    main()
