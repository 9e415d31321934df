"""facts_from_dict takes the contract's request body apart, or says exactly which field is wrong."""

import datetime as dt

import pytest

from subsidies import NONE, Facts, FactsError, facts_from_dict, parse_eligibility_request, request_schema

BODY = {
    "employer": {
        "is_temp_agency": True,
        "cao": "ABU",
        "size_class": "small",
        "sector": "logistics",
        "de_minimis_received_cents": 0,
    },
    "employee": {
        "employment": "agency_worker",
        "cao_phase": "A",
        "long_term_sick": False,
        "cefr_level": "A1",
        "labour_migrant": True,
        "prior_subsidies": [{"scheme": "doorzaam_taalbudget", "on": "2026-01-15", "amount_cents": 60000}],
    },
    "course": {
        "price_cents": 120000,
        "vat_rate": "0",
        "contact_hours": 40,
        "cefr_from": "A1",
        "cefr_to": "A2",
        "vocational": False,
        "provider_marks": ["blik_op_werk"],
        "provider_crkbo": False,
        "level_test_before_start": True,
        "nlqf": None,
        "ontwikkelpad": None,
        "start": "2026-03-02",
        "end": "2026-06-30",
    },
}


def with_change(section: str, **changes) -> dict:
    body = {k: dict(v) for k, v in BODY.items()}
    body[section].update(changes)
    return body


def errors_of(body) -> dict[str, list[str]]:
    with pytest.raises(FactsError) as caught:
        facts_from_dict(body)
    return caught.value.fields


def test_the_contract_example_becomes_facts():
    facts = facts_from_dict(BODY)
    assert facts.employer.cao == "ABU"
    assert facts.employee.prior_subsidies[0].on == dt.date(2026, 1, 15)
    assert facts.employee.prior_subsidies[0].amount_cents == 60000
    assert facts.course.start == dt.date(2026, 3, 2)
    assert facts.course.provider_marks == ("blik_op_werk",)


def test_an_explicit_null_where_the_vocabulary_has_null_means_stated_none():
    facts = facts_from_dict(with_change("employee", cao_phase=None))
    assert facts.employee.cao_phase is NONE
    assert facts.course.nlqf is NONE and facts.course.ontwikkelpad is NONE


def test_an_absent_fact_is_unknown():
    facts = facts_from_dict({"employer": {"is_temp_agency": True}})
    assert facts.employer.cao is None
    assert facts.employee.cao_phase is None and facts.employee.prior_subsidies is None
    assert facts.course.nlqf is None


def test_an_empty_body_is_all_unknown():
    assert facts_from_dict({}) == Facts()


def test_an_unknown_top_level_field_is_rejected():
    assert errors_of({**BODY, "unexpected": True}) == {"unexpected": ["unknown field"]}


def test_an_unknown_nested_field_is_rejected():
    assert errors_of(with_change("course", colour="blue")) == {"course.colour": ["unknown field"]}


def test_a_phase_outside_the_vocabulary_is_rejected():
    fields = errors_of(with_change("employee", cao_phase="D"))
    assert list(fields) == ["employee.cao_phase"]
    assert "must be one of A, B, C, 1, 2, 3, 4, nvt" in fields["employee.cao_phase"][0]


def test_a_boolean_is_not_a_number_of_cents():
    assert list(errors_of(with_change("course", price_cents=True))) == ["course.price_cents"]


def test_float_cents_are_rejected():
    assert errors_of(with_change("course", price_cents=1200.0)) == {
        "course.price_cents": ["must be a whole number"]
    }


def test_negative_cents_are_rejected():
    assert list(errors_of(with_change("employer", de_minimis_received_cents=-1))) == [
        "employer.de_minimis_received_cents"
    ]


def test_a_vat_rate_must_be_a_string_percentage():
    assert list(errors_of(with_change("course", vat_rate=21))) == ["course.vat_rate"]


def test_a_date_must_be_iso_year_month_day():
    assert errors_of(with_change("course", start="2026-W10-1")) == {
        "course.start": ["must be a date YYYY-MM-DD"]
    }
    assert list(errors_of(with_change("course", start="2026-02-30"))) == ["course.start"]


def test_a_course_cannot_end_before_it_starts():
    assert errors_of(with_change("course", end="2026-03-01")) == {
        "course.end": ["must be on or after course.start"]
    }


def test_errors_in_prior_subsidies_name_the_item_and_field():
    fields = errors_of(
        with_change(
            "employee",
            prior_subsidies=[
                {"scheme": "doorzaam_taalbudget", "on": "2026-01-15", "amount_cents": 1.5},
                {"scheme": "unknown_scheme", "on": "2026-01-15"},
            ],
        )
    )
    assert set(fields) == {
        "employee.prior_subsidies.0.amount_cents",
        "employee.prior_subsidies.1.scheme",
        "employee.prior_subsidies.1.amount_cents",
    }
    assert fields["employee.prior_subsidies.1.amount_cents"] == ["required"]


def test_every_problem_is_reported_at_once():
    body = with_change("employee", cao_phase="D", cefr_level="Z9", surprise=1)
    assert set(errors_of(body)) == {"employee.cao_phase", "employee.cefr_level", "employee.surprise"}


def test_a_section_must_be_an_object():
    assert errors_of({"course": []}) == {"course": ["must be an object"]}


def test_the_request_needs_on_as_a_date():
    with pytest.raises(FactsError) as caught:
        parse_eligibility_request(BODY)
    assert caught.value.fields == {"on": ["required"]}
    facts, on = parse_eligibility_request({**BODY, "on": "2026-03-02"})
    assert on == dt.date(2026, 3, 2) and facts.employer.is_temp_agency is True


def test_request_errors_on_on_and_facts_come_together():
    with pytest.raises(FactsError) as caught:
        parse_eligibility_request({**BODY, "on": "tomorrow", "unexpected": 1})
    assert set(caught.value.fields) == {"on", "unexpected"}


def test_the_request_schema_lists_every_field_and_allows_no_others():
    schema = request_schema()
    assert schema["additionalProperties"] is False and schema["required"] == ["on"]
    for section, fields in BODY.items():
        properties = schema["properties"][section]["properties"]
        assert set(fields) <= set(properties)
        assert schema["properties"][section]["additionalProperties"] is False
    assert schema["properties"]["employee"]["properties"]["cao_phase"]["anyOf"][0]["enum"][-1] == "nvt"
