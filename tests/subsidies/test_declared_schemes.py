"""Schemes a fund defines as data are judged like the named ones: dated versions, checks, a cap per worker."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from subsidies import evaluate, facts_from_dict, load_schemes, plan_funding
from subsidies.declared import DeclaredDefinition, DeclaredTerms, DeclaredVersion, declared_scheme
from subsidies.funding import course_cost_items
from subsidies.texts import Text

DEFINITION = DeclaredDefinition(
    id="fund_7", name=Text("Voorbeeldfonds Logistiek", "Example Fund Logistics"), fund="Voorbeeldfonds",
    source="https://fund.example/terms", route=Text("Aanvragen via het portaal.", "Apply in the portal."),
    evidence=Text("Factuur en presentielijst.", "Invoice and attendance list."), payee="employer")
TERMS = DeclaredTerms(rate=Decimal("0.5"), cap_cents=50000, sectors=("logistics",), employer_kinds=("direct",),
                      employments=("employee",), levels=("A1", "A2"), min_contact_hours=30, marks=("blik_op_werk",))
BODY = {
    "employer": {"is_temp_agency": False, "cao": "other", "size_class": "medium", "sector": "logistics",
                 "de_minimis_received_cents": 0},
    "employee": {"employment": "employee", "cefr_level": "A0", "prior_subsidies": []},
    "course": {"price_cents": 120000, "vat_rate": "0", "contact_hours": 40, "cefr_from": "A0", "cefr_to": "A1",
               "provider_marks": ["blik_op_werk"], "start": "2027-02-01", "end": "2027-05-31"},
}


def catalogue(*versions):
    return load_schemes().with_declared([declared_scheme(DEFINITION, list(versions))])


def decide(body, on, cat):
    facts = facts_from_dict(body)
    decisions = {d.scheme: d for d in evaluate(facts, on, cat)}
    plan = plan_funding(course_cost_items(facts.course), list(decisions.values()), cat.order_of_preference(on))
    return decisions["fund_7"], plan


def with_(section, **values):
    return BODY | {section: BODY[section] | values}


def test_a_published_version_pays_its_share_up_to_the_cap_from_its_first_day():
    cat = catalogue(DeclaredVersion(dt.date(2027, 1, 1), dt.date(2027, 12, 31), TERMS))
    before, _ = decide(BODY, dt.date(2026, 12, 31), cat)
    assert before.status == "closed"
    decision, plan = decide(BODY, dt.date(2027, 1, 1), cat)
    assert decision.status == "eligible" and decision.amount_cents == 50000  # 50% of 1,200 is 600, cap 500
    assert plan.to_dict()["allocations"] == [{"scheme": "fund_7", "cost_item": "course", "amount_cents": 50000}]
    after, _ = decide(BODY, dt.date(2028, 1, 1), cat)
    assert after.status == "closed"
    assert all(c["grade"] == "official" for c in decision.to_dict("en")["checks"])


def test_each_condition_is_a_check_with_its_reason():
    cat = catalogue(DeclaredVersion(dt.date(2027, 1, 1), None, TERMS))
    on = dt.date(2027, 3, 1)
    assert decide(with_("employer", sector="care"), on, cat)[0].status == "not_applicable"
    assert decide(with_("employer", is_temp_agency=True), on, cat)[0].status == "not_applicable"
    assert decide(with_("employee", employment="agency_worker"), on, cat)[0].status == "not_eligible"
    assert decide(with_("course", cefr_to="B1"), on, cat)[0].status == "not_eligible"
    assert decide(with_("course", contact_hours=20), on, cat)[0].status == "not_eligible"
    assert decide(with_("course", provider_marks=["nrto"]), on, cat)[0].status == "not_eligible"
    missing = decide(BODY | {"employer": {"is_temp_agency": False}}, on, cat)[0]
    assert missing.status == "needs_info" and missing.missing == ("employer.sector",)


def test_the_cap_counts_what_the_scheme_already_granted_in_the_year():
    cat = catalogue(DeclaredVersion(dt.date(2027, 1, 1), None, TERMS))
    prior = [{"scheme": "fund_7", "on": "2027-01-10", "amount_cents": 30000}]
    decision, _ = decide(with_("employee", prior_subsidies=prior), dt.date(2027, 3, 1), cat)
    assert decision.amount_cents == 20000
    prior.append({"scheme": "fund_7", "on": "2027-02-10", "amount_cents": 20000})
    used_up, _ = decide(with_("employee", prior_subsidies=prior), dt.date(2027, 3, 1), cat)
    assert used_up.status == "not_eligible" and used_up.amount_cents == 0
    next_year, _ = decide(with_("employee", prior_subsidies=prior), dt.date(2028, 3, 1), cat)
    assert next_year.amount_cents == 50000


def test_a_later_version_takes_over_on_its_date_and_moves_the_scheme_version():
    later = DeclaredTerms(rate=Decimal("1"), cap_cents=None)
    cat = catalogue(DeclaredVersion(dt.date(2027, 1, 1), None, TERMS),
                    DeclaredVersion(dt.date(2027, 7, 1), None, later))
    first, _ = decide(BODY, dt.date(2027, 6, 30), cat)
    second, _ = decide(with_("employer", sector="care"), dt.date(2027, 7, 1), cat)
    assert first.amount_cents == 50000 and second.amount_cents == 120000
    assert first.scheme_version.startswith("2027-01-01+") and second.scheme_version.startswith("2027-07-01+")
    assert second.parameters["terms"]["rate"] == "1"


def test_named_schemes_pay_first():
    cat = catalogue(DeclaredVersion(dt.date(2027, 1, 1), None, TERMS))
    assert cat.order_of_preference(dt.date(2027, 3, 1))[-1] == "fund_7"


def test_an_id_without_the_prefix_is_refused():
    with pytest.raises(ValueError, match="fund_"):
        declared_scheme(dataclasses.replace(DEFINITION, id="slim"), [])


RAS = "https://www.ras.nl/werkgevers/subsidies/taal-en-schrijftraject/"


def test_a_real_funds_published_terms_fit_the_declared_shape():
    """The cleaning sector's fund RAS (its page for 2023, RAS): up to EUR 3,500 per participant per course to the
    employer, courses of at least 60 hours ending at most at B1, starting in 2023. Not expressible here and
    left to the fund: the hourly rate for time off work (at most 70 hours at EUR 17), the tests before and
    after, and the cap per course rather than per calendar year."""
    definition = DeclaredDefinition(
        id="fund_ras", name=Text("RAS-bijdrage taaltraject", "RAS contribution language course"), fund="RAS",
        source=RAS, route=Text("Via mijn.ras.nl.", "Through mijn.ras.nl."),
        evidence=Text("Factuur, verklaring werknemer, begintoets.", "Invoice, employee statement, entry test."),
        payee="employer")
    terms = DeclaredTerms(rate=Decimal("1"), cap_cents=350000, sectors=("cleaning",), levels=("A1", "A2", "B1"),
                          min_contact_hours=60)
    cat = load_schemes().with_declared([declared_scheme(definition, [
        DeclaredVersion(dt.date(2023, 1, 1), dt.date(2023, 12, 31), terms)])])
    cleaner = BODY | {"employer": BODY["employer"] | {"sector": "cleaning"},
                      "course": BODY["course"] | {"contact_hours": 60, "cefr_to": "A2", "price_cents": 400000}}
    decisions = {d.scheme: d for d in evaluate(facts_from_dict(cleaner), dt.date(2023, 6, 1), cat)}
    assert decisions["fund_ras"].status == "eligible" and decisions["fund_ras"].amount_cents == 350000
    assert decisions["fund_ras"].checks[0].grade == "official"
    short = cleaner | {"course": cleaner["course"] | {"contact_hours": 40}}
    assert {d.scheme: d for d in evaluate(facts_from_dict(short), dt.date(2023, 6, 1), cat)}[
        "fund_ras"].status == "not_eligible"
    assert {d.scheme: d for d in evaluate(facts_from_dict(cleaner), dt.date(2024, 1, 1), cat)}[
        "fund_ras"].status == "closed"
