"""What an admin sees: the parameter history, and what a proposed parameter file would change."""

import datetime as dt

import pytest

from subsidies import ParameterError, compare_parameter_sets, facts_from_dict, parameter_history

from .test_subsidy_facts import BODY

ON = dt.date(2026, 3, 2)


def test_history_lists_every_parameter_with_dated_sourced_values():
    listing = {entry["scheme"]: entry for entry in parameter_history()}
    assert list(listing) == [
        "common",
        "doorzaam_taalbudget",
        "slim",
        "slim_scholing",
        "esf_plus",
        "tel_mee_met_taal",
        "sowis",
    ]
    rate_small = next(p for p in listing["slim"]["parameters"] if p["name"] == "rate_small")
    assert [(r["from"], r["until"], r["value"], r["ends_rule"]) for r in rate_small["history"]] == [
        ("2020-01-01", "2025-01-01", "0.80", False),
        ("2025-01-01", "2030-01-01", "0.60", False),
        ("2030-01-01", None, None, True),
    ]
    assert rate_small["assumption"]["en"].startswith("Start dates read as 1 January")
    cap = next(
        p for p in listing["doorzaam_taalbudget"]["parameters"] if p["name"].startswith("max_per_employee")
    )
    assert cap["name"] == "max_per_employee_per_year_cents" and cap["history"][0]["value"] == 150000
    assert all(
        row["source"] for entry in listing.values() for p in entry["parameters"] for row in p["history"]
    )


def write_proposal(tmp_path, cap: str) -> None:
    folder = tmp_path / "doorzaam_taalbudget" / "parameters"
    folder.mkdir(parents=True)
    (folder / "max_per_employee_per_year.yaml").write_text(
        f"""\
description: {{nl: Maximum per jaar excl. btw., en: Maximum per year excl. VAT.}}
unit: EUR
certainty: S
values:
  2024-01-01: {{value: "1500.00", source: "https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/"}}
  2026-01-01: {{value: {cap}, source: "https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/"}}
""",
        encoding="utf-8",
    )


def test_a_proposed_higher_cap_shows_whose_amount_changes_and_by_how_much(tmp_path):
    write_proposal(tmp_path, '"2000.00"')
    expensive = {**BODY, "course": {**BODY["course"], "price_cents": 300000}}
    not_agency = {**BODY, "employer": {**BODY["employer"], "is_temp_agency": False}}
    comparison = compare_parameter_sets(
        [facts_from_dict(expensive), facts_from_dict(not_agency)], ON, tmp_path
    )
    assert [c.to_dict() for c in comparison.changes] == [
        {
            "case": 0,
            "scheme": "doorzaam_taalbudget",
            "status_before": "eligible",
            "status_after": "eligible",
            "amount_before_cents": 90000,
            "amount_after_cents": 140000,
            "delta_cents": 50000,
        }
    ]
    assert comparison.total_delta_cents == 50000
    assert comparison.versions_before["doorzaam_taalbudget"].startswith("2024-01-01+")
    assert comparison.versions_after["doorzaam_taalbudget"].startswith("2026-01-01+")
    assert comparison.versions_before["slim"] == comparison.versions_after["slim"]


def test_a_malformed_proposal_is_refused_before_adoption(tmp_path):
    write_proposal(tmp_path, "2000.00")
    with pytest.raises(ParameterError, match="float"):
        compare_parameter_sets([facts_from_dict(BODY)], ON, tmp_path)
