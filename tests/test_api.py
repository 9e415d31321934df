"""The API's shared behaviour: tokens, error shape, pagination, and an OpenAPI document that is true."""

import re

from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.accounts.models import ApiToken

from .factories import make_token


def test_the_openapi_document_lists_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len("/api/v1"):])
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


def test_a_bad_token_gets_401_in_the_error_shape(client):
    for header in ("Bearer not-a-token", "Basic abc", "Bearer "):
        response = client.http.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert set(response.json["error"]) >= {"code", "message"}
    assert client.get("/api/v1/me").status_code == 401


def test_the_api_never_authenticates_with_the_session_cookie(client, world):
    client.login(world.employer_owner.email)
    assert client.get("/api/v1/me").status_code == 401


def test_malformed_json_gets_400_and_invalid_values_422(client, world):
    token = make_token(world.employer_owner, world.employer)
    commit()
    bad = client.api("POST", "/api/v1/tokens", token, data=b"{not json")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "malformed_json"
    assert client.api("POST", "/api/v1/tokens", token, json=[1, 2]).status_code == 400
    invalid = client.api("POST", "/api/v1/tokens", token, json={"name": ""})
    assert invalid.status_code == 422 and "name" in invalid.json["error"]["fields"]
    unknown = client.api("POST", "/api/v1/tokens", token, json={"name": "x", "colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json["error"]["fields"]


def test_token_lists_are_paginated_with_an_opaque_cursor(client, world):
    token = make_token(world.employer_owner, world.employer)
    for _ in range(4):
        make_token(world.employer_owner, world.employer)
    commit()
    first = client.api("GET", "/api/v1/tokens?limit=2", token).json
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.api("GET", f"/api/v1/tokens?limit=2&cursor={first['next_cursor']}", token).json
    third = client.api("GET", f"/api/v1/tokens?limit=2&cursor={second['next_cursor']}", token).json
    ids = [t["id"] for page in (first, second, third) for t in page["items"]]
    assert len(ids) == 5 == len(set(ids))
    assert third["next_cursor"] is None
    assert client.api("GET", "/api/v1/tokens?limit=500", token).status_code == 422
    assert client.api("GET", "/api/v1/tokens?cursor=%%%", token).status_code == 400
    assert client.api("GET", "/api/v1/tokens?cursor=InN0cmluZyI", token).status_code == 400


def test_creating_a_token_through_the_api_shows_it_once(client, world):
    token = make_token(world.employer_owner, world.employer)
    commit()
    created = client.api("POST", "/api/v1/tokens", token, json={"name": "Planning"})
    assert created.status_code == 201
    secret = created.json["token"]
    assert client.api("GET", "/api/v1/me", secret).status_code == 200
    stored = db.session.get(ApiToken, created.json["id"])
    assert stored.token_hash == ApiToken.hash(secret) and secret not in (stored.prefix, stored.token_hash)


def test_an_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
