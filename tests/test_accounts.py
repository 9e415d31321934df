"""Sign-up, log-in, password reset, invitations, switching organisation."""

import re

import pytest
from sqlalchemy import func, select

from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.accounts.models import Membership, Role, User
from marketplace.tenancy.organisations.models import Organisation, OrgKind

from .factories import PASSWORD, make_org, make_user

SIGN_UP = {
    "kind": "employer", "name": "Kaasmakerij Gouda B.V.", "kvk_number": "12345678", "vat_id": "NL080000046B01",
    "street": "Markt 1", "postcode": "2801 JG", "city": "Gouda", "municipality": "Gouda (GM0513)",
    "contact_email": "info@kaas.example", "phone": "", "is_temp_agency": "", "cao": "", "size_class": "small",
    "sector": "food_production", "user_name": "Jan Kaas", "email": "jan@kaas.example",
    "password": "lang genoeg wachtwoord", "confirm": "lang genoeg wachtwoord",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sign_up_creates_the_organisation_with_its_first_user_as_owner(client):
    response = client.submit("/aanmelden", SIGN_UP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    org = db.session.scalar(select(Organisation).where(Organisation.kvk_number == "12345678"))
    assert (org.kind, org.sector, org.vat_id, org.postcode) == (OrgKind.employer, "food_production",
                                                                 "NL080000046B01", "2801 JG")
    assert org.municipality.code == "GM0513"
    assert org.municipality.region.name == "Midden-Holland"
    user = db.session.scalar(select(User).where(User.email == "jan@kaas.example"))
    assert user.password_hash.startswith("$argon2id$")
    assert [(m.organisation_id, m.role) for m in user.memberships] == [(org.id, Role.owner)]
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200 and "Kaasmakerij Gouda B.V." in dashboard.text


@pytest.mark.parametrize("field, value, error", [
    ("kvk_number", "1234", "8"),
    ("vat_id", "NL123456789B99", "NL004495445B01"),
    ("municipality", "Atlantis", "municipality"),
    ("postcode", "ABCD 12", "postcode"),
    ("confirm", "iets anders dan dit", "passwords differ"),
])
def test_sign_up_with_bad_input_gives_a_field_error_and_creates_nothing(client, field, value, error):
    client.get("/taal/en")
    before = (count(Organisation), count(User))
    response = client.submit("/aanmelden", {**SIGN_UP, field: value})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert error in re.search(rf'id="{field}-error">(.*?)</div>', response.text, re.S).group(1)
    assert 'role="alert"' in response.text  # the error summary
    assert (count(Organisation), count(User)) == before


def test_sign_up_with_an_email_already_in_use_creates_nothing(client, world):
    before = (count(Organisation), count(User))
    response = client.submit("/aanmelden", {**SIGN_UP, "email": world.employer_owner.email})
    assert response.status_code == 422
    assert 'id="email-error"' in response.text
    assert (count(Organisation), count(User)) == before


def test_sign_up_with_a_registered_kvk_number_creates_nothing(client, world):
    response = client.submit("/aanmelden", {**SIGN_UP, "kvk_number": world.employer.kvk_number})
    assert response.status_code == 422
    assert 'id="kvk_number-error"' in response.text
    assert count(User) == 8  # the world's users only


def test_login_and_logout(client, world):
    client.login(world.employer_owner.email)
    assert client.get("/dashboard").status_code == 200
    assert client.logout().status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, world):
    wrong = client.submit("/inloggen", {"email": world.employer_owner.email, "password": "wrong password!"})
    unknown = client.submit("/inloggen", {"email": "nobody@nowhere.example", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 422

    def message(r):
        return re.search(r'role="alert".*?<li>(.*?)</li>', r.text, re.S).group(1)

    assert message(wrong) == message(unknown)


def test_login_is_rate_limited(client, world):
    statuses = [client.submit("/inloggen", {"email": world.employer_owner.email, "password": "nope nope nope"})
                .status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_login_only_follows_local_next_links(client, world):
    response = client.submit("/inloggen?next=https://evil.example/", {
        "email": world.employer_owner.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/dashboard"


def test_password_reset_by_emailed_link_works_once(client, world, outbox):
    response = client.submit("/wachtwoord-vergeten", {"email": world.employer_owner.email})
    assert response.status_code == 302
    [mail] = outbox()
    assert mail["To"] == world.employer_owner.email
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"http://taalmarkt\.example(/wachtwoord-herstellen/\S+)", text).group(1)
    assert mail.get_body(("html",)) is not None
    changed = client.submit(link, {"password": "a brand new password", "confirm": "a brand new password"})
    assert changed.status_code == 302
    client.logout()
    client.login(world.employer_owner.email, "a brand new password")
    client.logout()
    again = client.get(link)
    assert again.status_code == 302 and "wachtwoord-vergeten" in again.headers["Location"]


def test_password_reset_link_expires(app, client, world, outbox, monkeypatch):
    client.submit("/wachtwoord-vergeten", {"email": world.employer_owner.email})
    link = re.search(r"(/wachtwoord-herstellen/\S+)", outbox()[0].get_body(("plain",)).get_content()).group(1)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    assert "wachtwoord-vergeten" in client.get(link).headers["Location"]


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, world, outbox):
    known = client.submit("/wachtwoord-vergeten", {"email": world.employer_owner.email}, follow_redirects=True)
    unknown = client.submit("/wachtwoord-vergeten", {"email": "nobody@nowhere.example"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    flash = re.compile(r'role="status">(.*?)</div>\s*</div>', re.S)
    assert flash.search(known.text).group(1) == flash.search(unknown.text).group(1)
    assert len(outbox()) == 1


def test_a_new_colleague_accepts_an_invitation_and_joins_with_the_role(client, world, outbox):
    client.login(world.employer_owner.email)
    response = client.submit("/team", {"email": "nieuw@haven.example", "role": "member"})
    assert response.status_code == 302
    [mail] = outbox()
    link = re.search(r"(/uitnodiging/\S+)", mail.get_body(("plain",)).get_content()).group(1)
    client.logout()
    joined = client.submit(link, {"name": "Nieuwe Collega", "password": "welkom bij haven",
                                  "confirm": "welkom bij haven"})
    assert joined.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nieuw@haven.example"))
    assert [(m.organisation_id, m.role) for m in user.memberships] == [(world.employer.id, Role.member)]
    assert client.get(link).status_code == 302  # used up


def test_an_existing_user_accepts_an_invitation_after_logging_in(client, world, outbox):
    client.login(world.employer_owner.email)
    client.submit("/team", {"email": world.other_owner.email, "role": "viewer"})
    link = re.search(r"(/uitnodiging/\S+)", outbox()[0].get_body(("plain",)).get_content()).group(1)
    client.logout()
    assert "/inloggen" in client.get(link).headers["Location"]
    client.login(world.other_owner.email)
    assert client.submit(link, {}).status_code == 302
    roles = {m.organisation_id: m.role for m in db.session.scalars(
        select(Membership).where(Membership.user_id == world.other_owner.id))}
    assert roles == {world.other_employer.id: Role.owner, world.employer.id: Role.viewer}


def test_switching_organisation_changes_the_workspace(client, world):
    db.session.add(Membership(user_id=world.employer_owner.id, organisation_id=world.provider.id, role=Role.member))
    commit()
    client.login(world.employer_owner.email)
    assert "Haven BV" in client.get("/dashboard").text
    response = client.submit("/dashboard", {"organisation_id": world.provider.id}, action="/organisatie/wisselen")
    assert response.status_code == 302
    assert "Taalschool Utrecht" in client.get("/dashboard").text
    not_mine = client.submit("/dashboard", {"organisation_id": world.fund.id}, action="/organisatie/wisselen")
    assert not_mine.status_code == 404


def test_the_last_owner_cannot_be_removed(client, world):
    client.login(world.employer_owner.email)
    own_id = world.employer_owner.memberships[0].id
    other_owner = make_user(world.employer, Role.owner, email="second@haven.example")
    commit()
    client.submit("/team", {}, action=f"/team/leden/{own_id}/verwijderen")  # two owners: allowed
    assert db.session.get(Membership, own_id) is None
    client.logout()
    client.login(other_owner.email)
    last = other_owner.memberships[0]
    response = client.submit("/team", {}, action=f"/team/leden/{last.id}/verwijderen", follow_redirects=True)
    assert db.session.get(Membership, last.id) is not None
    assert response.status_code == 200


def test_owners_create_and_revoke_api_tokens(client, world):
    client.login(world.employer_owner.email)
    page = client.submit("/api-tokens", {"name": "HR-systeem"})
    token = re.search(r'<code class="utrecht-code tm-token">(\S+)</code>', page.text).group(1)
    assert client.api("GET", "/api/v1/me", token).json["organisation"]["name"] == "Haven BV"
    token_id = re.search(r"/api-tokens/(\d+)/intrekken", page.text).group(1)
    client.submit("/api-tokens", {}, action=f"/api-tokens/{token_id}/intrekken")
    assert client.api("GET", "/api/v1/me", token).status_code == 401


def test_fields_of_another_kind_of_organisation_are_not_stored(app):
    with app.test_request_context():
        org = make_org(OrgKind.provider, crkbo_registered=True, is_temp_agency=True)
    assert org.is_temp_agency is False  # employer fields are cleared for other kinds
    assert org.crkbo_registered is True
