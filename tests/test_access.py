"""Access control is structural: every endpoint declares who may use it, and other tenants get 404."""

import datetime as dt

from marketplace.core import clock
from marketplace.core.access import Access
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers.models import Employee, Employment, NeedStatus, TrainingNeed
from marketplace.employers.services import EmployeeInput, NeedInput, add_employee, create_need
from marketplace.tenancy.accounts.models import ApiToken, Invitation, Membership, Role
from marketplace.tenancy.accounts.services import invite
from marketplace.tenancy.organisations.models import OrgKind
from providers import supply
from providers.catalogue import CourseRun, RunStatus
from providers.locations import LocationInput, add_location
from providers.marks import MarkDetails, add_mark
from providers.models import MarkKind, QualityMark
from providers.vocabulary import Cefr, CourseFormat, PlaceKind

from .factories import make_org, make_token, make_user


def test_every_endpoint_declares_who_may_use_it(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if not isinstance(getattr(app.view_functions[rule.endpoint], "access", None), Access)
    ]
    assert undeclared == []


def test_pages_that_need_a_login_send_visitors_to_the_login_page(client):
    for url in ("/dashboard", "/organisatie", "/team", "/api-tokens", "/aanbieder/keurmerken"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/inloggen?next=" in response.headers["Location"], url


def test_a_kind_that_may_not_use_a_page_gets_403(client, world):
    client.login(world.employer_owner.email)
    assert client.get("/aanbieder/keurmerken").status_code == 403


def test_a_viewer_may_look_but_not_manage_tokens(client, world):
    client.login(world.employer_viewer.email)
    assert client.get("/team").status_code == 200
    assert client.get("/api-tokens").status_code == 403


def test_another_organisations_tokens_invitations_and_members_answer_404(client, world):
    make_token(world.other_owner, world.other_employer)
    token = db.session.query(ApiToken).filter_by(organisation_id=world.other_employer.id).one()
    invitation = invite(world.other_employer, world.other_owner, "new@grachten.example", Role.member)
    membership = world.other_owner.memberships[0]
    commit()

    client.login(world.employer_owner.email)
    csrf = client.csrf_token("/api-tokens")
    for url in (f"/api-tokens/{token.id}/intrekken", f"/team/uitnodigingen/{invitation.id}/intrekken",
                f"/team/leden/{membership.id}/verwijderen"):
        assert client.post(url, data={"csrf_token": csrf}).status_code == 404, url
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert db.session.get(Invitation, invitation.id).revoked_at is None
    assert db.session.get(Membership, membership.id) is not None


def test_another_providers_quality_mark_answers_404(client, world):
    mark = add_mark(world.provider, MarkDetails(MarkKind.nrto, "N-1", dt.date(2024, 1, 1), dt.date(2030, 1, 1)))
    rival = make_user(make_org(OrgKind.provider, "GM0599", name="Andere Taalschool"), email="owner@andere.example")
    commit()

    client.login(world.provider_owner.email)
    assert client.get(f"/aanbieder/keurmerken/{mark.id}").status_code == 200
    client.logout()
    client.login(rival.email)
    assert client.get(f"/aanbieder/keurmerken/{mark.id}").status_code == 404
    csrf = client.csrf_token("/aanbieder/keurmerken")
    assert client.post(f"/aanbieder/keurmerken/{mark.id}/verwijderen", data={"csrf_token": csrf}).status_code == 404
    assert db.session.get(QualityMark, mark.id) is not None


def test_another_organisations_api_objects_answer_404(client, world):
    make_token(world.other_owner, world.other_employer)
    theirs = db.session.query(ApiToken).filter_by(organisation_id=world.other_employer.id).one()
    mine = make_token(world.employer_owner, world.employer)
    commit()

    assert client.api("GET", f"/api/v1/organisations/{world.other_employer.id}", mine).status_code == 404
    assert client.api("GET", f"/api/v1/organisations/{world.employer.id}", mine).status_code == 200
    response = client.api("DELETE", f"/api/v1/tokens/{theirs.id}", mine)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert db.session.get(ApiToken, theirs.id).revoked_at is None


def test_another_employers_employees_and_needs_answer_404(client, world):
    employee = add_employee(world.other_employer, EmployeeInput(first_name="A", last_name="B",
                                                                employment=Employment.employee))
    need = create_need(world.other_employer, NeedInput(title="x", cefr_from=Cefr.A1, cefr_to=Cefr.A2,
                                                       earliest_start=clock.today() + dt.timedelta(days=7),
                                                       learners=3))
    commit()
    client.login(world.employer_owner.email)
    for url in (f"/werkgever/medewerkers/{employee.id}", f"/werkgever/behoeften/{need.id}"):
        assert client.get(url).status_code == 404, url
    csrf = client.csrf_token("/werkgever/medewerkers")
    for url in (f"/werkgever/medewerkers/{employee.id}/archiveren", f"/werkgever/behoeften/{need.id}/publiceren"):
        assert client.post(url, data={"csrf_token": csrf}).status_code == 404, url
    assert db.session.get(Employee, employee.id).archived_at is None
    assert db.session.get(TrainingNeed, need.id).status == NeedStatus.draft


def test_another_providers_locations_courses_runs_and_lessons_answer_404(client, world):
    rival = make_org(OrgKind.provider, "GM0599", name="Concurrent")
    location = add_location(rival, LocationInput("Lokaal", "Straat 1", "3011 AB", "Rotterdam", "GM0599"))
    course = supply.create_course(rival, supply.CourseInput("Eigen", "", Cefr.A0, Cefr.A1, 20, CourseFormat.online))
    first = clock.today() + dt.timedelta(days=30)
    run = supply.create_run(course, supply.RunInput(
        place_kind=PlaceKind.online, regions=("AM22",), start_date=first, end_date=first, capacity_min=1,
        capacity_max=8, price_cents=1000, booking_deadline=first, go_no_go_date=first,
        lessons=((dt.datetime.combine(first, dt.time(9), tzinfo=dt.UTC),
                   dt.datetime.combine(first, dt.time(11), tzinfo=dt.UTC)),)))
    commit()
    client.login(world.provider_owner.email)
    for url in (f"/aanbieder/locaties/{location.id}", f"/aanbieder/cursussen/{course.id}",
                f"/aanbieder/cursussen/{course.id}/uitvoeringen/nieuw", f"/aanbieder/uitvoeringen/{run.id}",
                f"/aanbieder/uitvoeringen/{run.id}/bewerken", f"/aanbieder/sessies/{run.lessons[0].id}"):
        assert client.get(url).status_code == 404, url
    csrf = client.csrf_token("/aanbieder/cursussen")
    response = client.post(f"/aanbieder/uitvoeringen/{run.id}/status", data={"csrf_token": csrf, "status": "open"})
    assert response.status_code == 404
    assert db.session.get(CourseRun, run.id).status == RunStatus.draft
