"""Published needs seen anonymised by providers, regional pools, and in-company offers."""

import datetime as dt

import pytest

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.proposals import Proposal, ProposalStatus
from marketplace.tenancy.organisations.models import OrgKind
from providers import supply as offering
from providers.catalogue import RunReservation, RunStatus
from providers.locations import LocationInput, add_location
from providers.vocabulary import Cefr, CourseFormat, PlaceKind

from .catalogue_world import next_weekday, run_input, weeks
from .factories import make_org, make_token, make_user


def publish(client, token, learners, windows, municipality="GM0599", level=("A1", "A2")):
    need = client.api("POST", "/api/v1/needs", token, json={
        "learners": learners, "cefr_from": level[0], "cefr_to": level[1], "municipality_code": municipality,
        "windows": windows, "earliest_start": str(clock.today() + dt.timedelta(days=7))}).json["id"]
    return need


@pytest.fixture
def market(client, world):
    """Three Rijnmond employers with compatible needs, one elsewhere; a provider active in Rijnmond."""
    third = make_org(OrgKind.employer, "GM0599", name="Derde Werkgever")
    third_owner = make_user(third, email="owner@derde.example")
    add_location(world.provider, LocationInput("Waalhaven", "Waalhaven 1", "3089 JH", "Rotterdam", "GM0599"))
    commit()
    tokens = [make_token(u, o) for u, o in ((world.employer_owner, world.employer),
                                            (world.agency_owner, world.agency), (third_owner, third))]
    commit()
    tue_thu = [{"weekday": d, "time_from": "15:00", "time_to": "18:00"} for d in ("tue", "thu")]
    needs = [publish(client, tokens[0], 6, tue_thu),
             publish(client, tokens[1], 5, [{"weekday": "tue", "time_from": "14:00", "time_to": "17:30"}]),
             publish(client, tokens[2], 3, tue_thu),
             publish(client, tokens[2], 4, tue_thu, municipality="GM0344")]  # Utrecht: another region
    for owner, need in ((world.employer_owner, needs[0]), (world.agency_owner, needs[1]),
                        (third_owner, needs[2]), (third_owner, needs[3])):
        client.login(owner.email)
        client.submit(f"/werkgever/behoeften/{need}", {}, action=f"/werkgever/behoeften/{need}/publiceren")
        client.logout()
    return {"needs": needs, "tokens": tokens, "third_owner": third_owner}


def test_providers_see_a_pool_of_compatible_needs_without_names(client, world, market):
    client.login(world.provider_owner.email)
    client.get("/taal/en")
    page = client.get("/aanbieder/vraag").text
    assert "14 learners at A1 in Rijnmond, Tuesday 15:00–17:30, 3 employers" in page
    for secret in ("Haven BV", "Flex Uitzend BV", "Derde Werkgever"):
        assert secret not in page
    assert "in Midden-Utrecht" not in page  # the provider is active in Rijnmond only


def test_an_offer_to_a_pool_reserves_the_run_and_each_employer_answers(client, world, market):
    provider = world.provider
    course = offering.create_course(provider, offering.CourseInput("Samen A1-A2", "", Cefr.A1, Cefr.A2, 40,
                                                                   CourseFormat.in_company))
    tue = next_weekday(clock.today() + dt.timedelta(days=30), 1)
    run = offering.create_run(course, run_input(tue, weeks(tue, ("tue",), "15:00", "17:00", 10),
                                                place=PlaceKind.in_company, regions=("AM22",), capacity=14,
                                                status=RunStatus.draft))
    commit()
    client.login(world.provider_owner.email)
    response = client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": market["needs"][:3],
                                                  "message": "Samen een groep"}, action="/aanbieder/vraag/aanbod")
    assert response.status_code == 302
    assert db.session.query(Proposal).count() == 3
    assert {r.employer_id for r in db.session.query(RunReservation)} == {
        world.employer.id, world.agency.id, db.session.get(Proposal, 3).need.employer_id}
    assert db.session.get(type(run), run.id).status == RunStatus.open
    # reserved: not in the public search, but in the pool employers' matches
    assert run.id not in {i["id"] for i in client.get("/api/v1/runs").json["items"]}
    client.logout()

    client.login(world.employer_owner.email)
    proposal_id = db.session.query(Proposal).filter_by(need_id=market["needs"][0]).one().id
    assert client.submit(f"/werkgever/behoeften/{market['needs'][0]}", {"answer": "accept"},
                         action=f"/werkgever/aanbiedingen/{proposal_id}").status_code == 302
    assert db.session.get(Proposal, proposal_id).status == ProposalStatus.accepted
    client.logout()
    client.login(world.agency_owner.email)
    declined = db.session.query(Proposal).filter_by(need_id=market["needs"][1]).one().id
    client.submit(f"/werkgever/behoeften/{market['needs'][1]}", {"answer": "decline"},
                  action=f"/werkgever/aanbiedingen/{declined}")
    assert db.session.get(RunReservation, (run.id, world.agency.id)) is None
    assert client.submit(f"/werkgever/behoeften/{market['needs'][1]}", {"answer": "accept"},
                         action=f"/werkgever/aanbiedingen/{declined}").status_code == 303  # already answered
    assert db.session.get(Proposal, declined).status == ProposalStatus.declined
    client.logout()

    client.login(world.provider_owner.email)
    page = client.get("/aanbieder/vraag").text
    assert "Haven BV" in page  # identity revealed after acceptance
    assert "Flex Uitzend BV" not in page


def test_another_employer_cannot_answer_an_offer(client, world, market):
    course = offering.create_course(world.provider, offering.CourseInput("Eigen", "", Cefr.A1, Cefr.A2, 40,
                                                                         CourseFormat.in_company))
    tue = next_weekday(clock.today() + dt.timedelta(days=30), 1)
    run = offering.create_run(course, run_input(tue, weeks(tue, ("tue",), "15:00", "17:00", 4),
                                                place=PlaceKind.in_company, regions=("AM22",)))
    commit()
    client.login(world.provider_owner.email)
    client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": market["needs"][0]},
                  action="/aanbieder/vraag/aanbod")
    client.logout()
    client.login(world.agency_owner.email)
    proposal_id = db.session.query(Proposal).one().id
    assert client.submit("/werkgever/medewerkers", {"answer": "accept"},
                         action=f"/werkgever/aanbiedingen/{proposal_id}").status_code == 404
    assert db.session.get(Proposal, proposal_id).status == ProposalStatus.proposed


def _offered_run(world, status=RunStatus.open, days=30):
    course = offering.create_course(world.provider, offering.CourseInput("Voor u", "", Cefr.A1, Cefr.A2, 40,
                                                                         CourseFormat.in_company))
    tue = next_weekday(clock.today() + dt.timedelta(days=days), 1)
    run = offering.create_run(course, run_input(tue, weeks(tue, ("tue",), "15:00", "17:00", 4),
                                                place=PlaceKind.in_company, regions=("AM22",), status=status))
    commit()
    return run


def test_a_reserved_run_is_seen_only_by_the_employers_it_is_reserved_for(client, world, market):
    run = _offered_run(world)
    client.login(world.provider_owner.email)
    client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": market["needs"][0]},
                  action="/aanbieder/vraag/aanbod")
    client.logout()
    urls = (f"/uitvoeringen/{run.id}", f"/uitvoeringen/{run.id}.ics", f"/api/v1/runs/{run.id}")
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]  # anonymous
    assert f"/uitvoeringen/{run.id}" not in client.get(f"/cursussen/{run.course_id}").text
    client.login(world.other_owner.email)
    assert [client.get(u).status_code for u in urls[:2]] == [404, 404]  # another employer
    client.logout()
    client.login(world.employer_owner.email)
    assert [client.get(u).status_code for u in urls[:2]] == [200, 200]  # the employer it is reserved for


def test_declining_one_offer_keeps_the_reservation_of_another_accepted_one(client, world, market):
    second = publish(client, market["tokens"][0], 2, [{"weekday": "tue", "time_from": "15:00", "time_to": "18:00"}])
    client.login(world.employer_owner.email)
    client.submit(f"/werkgever/behoeften/{second}", {}, action=f"/werkgever/behoeften/{second}/publiceren")
    client.logout()
    run = _offered_run(world)
    client.login(world.provider_owner.email)
    client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": [market["needs"][0], second]},
                  action="/aanbieder/vraag/aanbod")
    client.logout()
    client.login(world.employer_owner.email)
    first_offer = db.session.query(Proposal).filter_by(need_id=market["needs"][0]).one().id
    second_offer = db.session.query(Proposal).filter_by(need_id=second).one().id
    client.submit("/werkgever/behoeften", {"answer": "accept"}, action=f"/werkgever/aanbiedingen/{first_offer}")
    client.submit("/werkgever/behoeften", {"answer": "decline"}, action=f"/werkgever/aanbiedingen/{second_offer}")
    assert db.session.get(RunReservation, (run.id, world.employer.id)) is not None


@pytest.mark.parametrize("status", [RunStatus.cancelled, RunStatus.open])
def test_a_cancelled_run_or_one_offered_before_cannot_be_offered(client, world, market, status):
    run = _offered_run(world, status=RunStatus.open)
    client.login(world.provider_owner.email)
    if status == RunStatus.cancelled:
        offering.change_status(db.session.get(type(run), run.id), RunStatus.cancelled)
        commit()
    else:
        client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": market["needs"][0]},
                      action="/aanbieder/vraag/aanbod")
    before = db.session.query(Proposal).count()
    client.submit("/aanbieder/vraag", {"run_id": run.id, "need_id": market["needs"][2]},
                  action="/aanbieder/vraag/aanbod")
    assert db.session.query(Proposal).count() == before


def test_named_employees_of_a_published_need_stay_unknown_to_providers(client, world, market):
    employee = client.api("POST", "/api/v1/employees", market["tokens"][0], json={
        "first_name": "Geheime", "last_name": "Naamdrager", "employment": "employee", "cefr_level": "A1"}).json["id"]
    need = client.api("POST", "/api/v1/needs", market["tokens"][0], json={
        "employee_ids": [employee], "title": "Team van Haven BV", "cefr_from": "A1", "cefr_to": "A2",
        "municipality_code": "GM0599", "earliest_start": str(clock.today() + dt.timedelta(days=7))}).json["id"]
    client.login(world.employer_owner.email)
    client.submit(f"/werkgever/behoeften/{need}", {}, action=f"/werkgever/behoeften/{need}/publiceren")
    client.logout()
    client.login(world.provider_owner.email)
    page = client.get("/aanbieder/vraag").text
    assert "Naamdrager" not in page and "Geheime" not in page and "Team van Haven BV" not in page
