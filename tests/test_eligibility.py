"""POST /api/v1/eligibility per CONTRACT.md, and the public page "Wat kan ik krijgen?"."""

import copy
import re

CONTRACT_EXAMPLE = {
    "on": "2026-03-02",
    "employer": {"is_temp_agency": True, "cao": "ABU", "size_class": "small", "sector": "logistics",
                 "de_minimis_received_cents": 0},
    "employee": {"employment": "agency_worker", "cao_phase": "A", "long_term_sick": False, "cefr_level": "A1",
                 "labour_migrant": True,
                 "prior_subsidies": [{"scheme": "doorzaam_taalbudget", "on": "2026-01-15", "amount_cents": 60000}]},
    "course": {"price_cents": 120000, "vat_rate": "0", "contact_hours": 40, "cefr_from": "A1", "cefr_to": "A2",
               "vocational": False, "provider_marks": ["blik_op_werk"], "provider_crkbo": False,
               "level_test_before_start": True, "nlqf": None, "ontwikkelpad": None,
               "start": "2026-03-02", "end": "2026-06-30"},
}


def test_the_contract_example_gets_the_contract_answer(client):
    response = client.api("POST", "/api/v1/eligibility", json=CONTRACT_EXAMPLE)
    assert response.status_code == 200
    body = response.json
    assert body["on"] == "2026-03-02"
    doorzaam = next(d for d in body["decisions"] if d["scheme"] == "doorzaam_taalbudget")
    assert (doorzaam["status"], doorzaam["amount_cents"], doorzaam["payee"]) == ("eligible", 90000, "provider")
    assert doorzaam["parameters"]["max_per_employee_per_year_cents"] == 150000
    assert all({"rule", "result", "text", "source"} <= set(c) for c in doorzaam["checks"])
    assert body["plan"] == {**body["plan"], "cost_cents": 120000, "subsidy_cents": 90000, "own_cents": 30000,
                            "allocations": [{"scheme": "doorzaam_taalbudget", "amount_cents": 90000,
                                             "cost_item": "course"}]}
    assert [d["scheme"] for d in body["decisions"]] == [
        "doorzaam_taalbudget", "slim", "slim_scholing", "esf_plus", "tel_mee_met_taal", "sowis"]


def test_texts_come_in_dutch_when_asked(client):
    dutch = client.http.post("/api/v1/eligibility", json=CONTRACT_EXAMPLE, headers={"Accept-Language": "nl"}).json
    english = client.api("POST", "/api/v1/eligibility?lang=en", json=CONTRACT_EXAMPLE).json
    assert dutch["decisions"][0]["checks"][0]["text"] != english["decisions"][0]["checks"][0]["text"]
    assert dutch["decisions"][0]["checks"][0]["texts"] == english["decisions"][0]["checks"][0]["texts"]


def test_unknown_fields_and_bad_values_get_422_with_the_field_named(client):
    unknown = client.api("POST", "/api/v1/eligibility", json={**CONTRACT_EXAMPLE, "unexpected": True})
    assert unknown.status_code == 422 and "unexpected" in unknown.json["error"]["fields"]
    bad = copy.deepcopy(CONTRACT_EXAMPLE)
    bad["employee"]["cao_phase"] = "Z"
    response = client.api("POST", "/api/v1/eligibility", json=bad)
    assert response.status_code == 422 and "employee.cao_phase" in response.json["error"]["fields"]
    assert client.api("POST", "/api/v1/eligibility", data=b"{").status_code == 400


def test_missing_facts_give_needs_info_listing_them(client):
    body = copy.deepcopy(CONTRACT_EXAMPLE)
    del body["employee"]["cao_phase"]
    doorzaam = client.api("POST", "/api/v1/eligibility", json=body).json["decisions"][0]
    assert doorzaam["status"] == "needs_info"
    assert "employee.cao_phase" in doorzaam["missing"]


def test_the_questionnaire_shows_each_schemes_verdict_and_the_plan(client):
    page = client.get("/subsidie-check?is_temp_agency=yes&cao=ABU&employment=agency_worker&cao_phase=A"
                      "&long_term_sick=no&price=1200&vocational=no&contact_hours=40&cefr_from=A1&cefr_to=A2"
                      "&start=2026-03-02&end=2026-06-30&on=2026-03-02&used_doorzaam_taalbudget=600")
    assert page.status_code == 200
    assert page.text.count('class="tm-decision ') == 6
    assert "tm-decision--eligible" in page.text
    plan = re.findall(r"<dd>(?:<strong>)?(.*?)(?:</strong>)?</dd>", page.text)[:3]
    assert plan == ["EUR\xa01.200,00", "EUR\xa0900,00", "EUR\xa0300,00"]


def test_the_questionnaire_works_in_english(client):
    client.get("/taal/en")
    page = client.get("/subsidie-check?is_temp_agency=no&price=500")
    assert page.status_code == 200 and "What can I get?" in page.text
    assert "tm-status--not_applicable" in page.text  # Doorzaam: not a temp agency


def test_the_questionnaire_names_bad_answers(client):
    page = client.get("/subsidie-check?price=-5&start=2026-02-30")
    assert page.status_code == 422
    assert 'id="price-error"' in page.text and 'id="start-error"' in page.text
