"""A fund writes its own scheme, previews it, publishes it; from its first day it counts in eligibility answers,
net prices and bookings, with its own budget per worker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.models import Employment
from marketplace.employers.services import EmployeeInput, add_employee
from marketplace.funding.fund_schemes import FundScheme, FundSchemeVersion
from marketplace.funding.ledgers import BudgetEntry, committed_cents
from marketplace.funding.snapshots import own_share_cents
from providers.vocabulary import Cefr

from .booking_world import a_run
from .factories import make_org, make_token, make_user

NEW = "/fonds/regelingen/nieuw"


def scheme_form(**changes) -> dict:
    data = {"name_nl": "Voorbeeldfonds Logistiek: taal op de werkvloer", "name_en": "Example Fund Logistics",
            "source_url": "https://voorbeeldfonds.example/regeling", "payee": "employer",
            "route_nl": "Aanvragen in het portaal van het fonds.", "route_en": "Apply in the fund's portal.",
            "evidence_nl": "Factuur en presentielijst.", "evidence_en": "Invoice and attendance list.",
            "valid_from": clock.today().isoformat(), "percentage": "50", "cap": "300,00",
            "sectors": ["logistics"], "employer_kinds": ["direct"], "employments": ["employee"],
            "levels": ["A1", "A2"], "min_contact_hours": "20"}
    return data | changes


def create(client, **changes):
    response = client.submit(NEW, scheme_form(**changes))
    assert response.status_code == 303, response.text
    return db.session.scalars(select(FundScheme).order_by(FundScheme.id.desc())).first()


def payroll_worker(employer):
    return add_employee(employer, EmployeeInput(first_name="Anna", last_name="Nowak", employment=Employment.employee,
                                                cefr_level=Cefr.A1, preferred_language="pl"))


def test_a_fund_writes_previews_and_publishes_a_scheme_that_then_funds_bookings(client, world):
    run = a_run(world.provider, price=45000)
    worker = payroll_worker(world.employer)
    commit()
    client.login(world.fund_owner.email)
    scheme = create(client)
    assert scheme.fund_id == world.fund.id and scheme.draft.number == 1 and not scheme.published

    page = client.get(f"/fonds/regelingen/{scheme.id}")
    assert page.status_code == 200 and f'action="/fonds/regelingen/{scheme.id}/publiceren"' in page.text
    before = own_share_cents(world.employer, worker, run, [], clock.today())
    assert before == (45000, 45000)  # an ordinary employer: no named scheme pays, the draft counts nowhere yet

    published = client.submit(f"/fonds/regelingen/{scheme.id}", {}, action=f"/fonds/regelingen/{scheme.id}/publiceren")
    assert published.status_code == 303
    assert scheme.published[0].published_by_id == world.fund_owner.id and scheme.draft is None

    # matching's net price: 50% of EUR 450 = EUR 225, within the cap of EUR 300
    assert own_share_cents(world.employer, worker, run, [], clock.today()) == (45000, 22500)

    # the eligibility API answers with the fund's scheme among the named ones
    body = {"on": clock.today().isoformat(),
            "employer": {"is_temp_agency": False, "sector": "logistics", "cao": "other", "size_class": "small",
                         "de_minimis_received_cents": 0},
            "employee": {"employment": "employee", "prior_subsidies": []},
            "course": {"price_cents": 80000, "vat_rate": "0", "contact_hours": 40, "cefr_from": "A0",
                       "cefr_to": "A1"}}
    answer = client.api("POST", "/api/v1/eligibility", json=body).json
    decision = next(d for d in answer["decisions"] if d["scheme"] == scheme.scheme_id)
    assert decision["status"] == "eligible" and decision["amount_cents"] == 30000  # 50% is 400, capped at 300
    assert decision["payee"] == "employer" and decision["checks"][0]["grade"] == "official"
    assert [(a["scheme"], a["amount_cents"]) for a in answer["plan"]["allocations"]] == [(scheme.scheme_id, 30000)]

    # a booking reserves the fund's budget for the worker; the second in the year gets what is left
    token = make_token(world.employer_owner, world.employer)
    held = client.api("POST", "/api/v1/bookings", token, json={"run_id": run.id, "employee_ids": [worker.id]})
    assert held.status_code == 201, held.json
    funding = held.json["enrolments"][0]["funding"]
    assert {"scheme": scheme.scheme_id, "status": "eligible", "amount_cents": 22500} in funding["schemes"]
    assert held.json["funding"] == {"cost_cents": 45000, "subsidy_cents": 22500, "own_cents": 22500}
    assert committed_cents(worker.id, scheme.scheme_id, clock.today().year) == 22500
    second_run = a_run(world.provider, price=45000, days_ahead=60)
    commit()
    again = client.api("POST", "/api/v1/bookings", token, json={"run_id": second_run.id, "employee_ids": [worker.id]})
    assert again.json["funding"]["subsidy_cents"] == 7500  # EUR 300 - 225 left of the year's cap


def test_the_draft_preview_counts_the_enrolments_it_would_fund(client, world):
    run = a_run(world.provider, price=45000)
    worker = payroll_worker(world.employer)
    commit()
    token = make_token(world.employer_owner, world.employer)
    assert client.api("POST", "/api/v1/bookings", token, json={"run_id": run.id, "employee_ids": [worker.id]}
                      ).status_code == 201
    client.login(world.fund_owner.email)
    scheme = create(client)
    page = client.get(f"/fonds/regelingen/{scheme.id}").text
    assert "1 zou door deze regeling worden betaald" in page and "EUR\xa0225,00" in page
    narrow = create(client, sectors=["care"])
    page = client.get(f"/fonds/regelingen/{narrow.id}").text
    assert "0 zouden door deze regeling worden betaald" in page


def test_a_later_version_changes_the_terms_from_its_day_and_published_versions_stay(client, world):
    client.login(world.fund_owner.email)
    scheme = create(client)
    client.submit(f"/fonds/regelingen/{scheme.id}", {}, action=f"/fonds/regelingen/{scheme.id}/publiceren")
    later = (clock.today() + dt.timedelta(days=30)).isoformat()
    saved = client.submit(f"/fonds/regelingen/{scheme.id}/concept", scheme_form(valid_from=later, percentage="100"))
    assert saved.status_code == 303
    assert [v.number for v in scheme.versions] == [1, 2] and scheme.versions[0].terms["rate"] == "0.5"
    client.submit(f"/fonds/regelingen/{scheme.id}", {}, action=f"/fonds/regelingen/{scheme.id}/publiceren")
    worker = payroll_worker(world.employer)
    run = a_run(world.provider, price=20000)
    commit()
    assert own_share_cents(world.employer, worker, run, [], clock.today())[1] == 10000
    assert own_share_cents(world.employer, worker, run, [], clock.today() + dt.timedelta(days=30))[1] == 0


def test_bad_terms_get_field_errors_and_write_nothing(client, world):
    client.login(world.fund_owner.email)
    count = db.session.scalar(select(func.count()).select_from(FundScheme))
    for changes in ({"percentage": "0"}, {"percentage": "150"}, {"source_url": "not a url"}, {"name_nl": ""},
                    {"valid_until": (clock.today() - dt.timedelta(days=1)).isoformat()}):
        response = client.submit(NEW, scheme_form(**changes))
        assert response.status_code == 422, changes
    assert db.session.scalar(select(func.count()).select_from(FundScheme)) == count


def test_a_draft_starting_in_the_past_is_not_published(client, world):
    client.login(world.fund_owner.email)
    scheme = create(client)
    db.session.get(FundSchemeVersion, scheme.draft.id).valid_from = clock.today() - dt.timedelta(days=1)
    commit()
    response = client.submit(f"/fonds/regelingen/{scheme.id}", {}, action=f"/fonds/regelingen/{scheme.id}/publiceren")
    assert response.status_code == 303
    assert db.session.get(FundScheme, scheme.id).published == []
    assert db.session.scalar(select(func.count()).select_from(BudgetEntry)) == 0


def test_only_the_fund_and_the_platform_see_a_fund_scheme(client, world):
    client.login(world.fund_owner.email)
    scheme = create(client)
    client.logout()
    other_fund = make_org(world.fund.kind, "GM0344", name="Ander Fonds")
    make_user(other_fund, email="owner@anderfonds.example")
    commit()
    client.login("owner@anderfonds.example")
    assert client.get(f"/fonds/regelingen/{scheme.id}").status_code == 404
    assert scheme.name_en not in client.get("/fonds/regelingen").text
    client.logout()
    client.login(world.employer_owner.email)
    assert client.get("/fonds/regelingen").status_code == 403
    client.logout()
    client.login(world.admin.email)
    assert client.get(f"/fonds/regelingen/{scheme.id}").status_code == 200


def test_matching_shows_the_net_price_after_the_funds_scheme(client, world):
    run = a_run(world.provider, price=45000)
    worker = payroll_worker(world.employer)
    commit()
    token = make_token(world.employer_owner, world.employer)
    need = client.api("POST", "/api/v1/needs", token, json={
        "employee_ids": [worker.id], "cefr_from": "A1", "cefr_to": "A2", "municipality_code": "GM0599",
        "windows": [{"weekday": day, "time_from": "15:00", "time_to": "18:00"} for day in ("tue", "thu")],
        "earliest_start": clock.today().isoformat()})
    assert need.status_code == 201, need.json

    def net_price():
        items = client.api("GET", f"/api/v1/needs/{need.json['id']}/matches", token).json["items"]
        return next(i["net_price_cents"] for i in items if i["run_id"] == run.id)

    assert net_price() == 45000
    client.login(world.fund_owner.email)
    scheme = create(client)
    client.submit(f"/fonds/regelingen/{scheme.id}", {}, action=f"/fonds/regelingen/{scheme.id}/publiceren")
    assert net_price() == 22500
