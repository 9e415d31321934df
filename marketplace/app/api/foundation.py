"""API endpoints of the foundation: regions, who am I, organisations, tokens."""

from __future__ import annotations

from flask import jsonify
from pydantic import Field
from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.access import actor, get_for_org, member, public, signed_in
from marketplace.core.db import db
from marketplace.tenancy.accounts.models import ApiToken, Role
from marketplace.tenancy.accounts.services import create_token, revoke_token
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality, Region, valid_on

from .core import ApiError, Strict, api_route, body_schema, int_cursor, json_body, page, page_args, parse

LIST = {"type": "object", "properties": {"items": {"type": "array"}, "next_cursor": {"type": ["string", "null"]}}}


def organisation_json(org: Organisation) -> dict:
    return {
        "id": org.id, "kind": org.kind, "name": org.name, "kvk_number": org.kvk_number, "vat_id": org.vat_id,
        "address": {"street": org.street, "postcode": org.postcode, "city": org.city,
                    "municipality_code": org.municipality.code},
        "region": {"code": org.municipality.region_code, "name": org.municipality.region.name},
    }


@api_route("/regions", summary="The 35 labour-market regions with their number of municipalities",
           responses={"200": {"description": "{items: [{code, name, municipalities}], next_cursor: null}"}})
@public
def list_regions():
    counts = (select(Municipality.region_code, func.count().label("n"))
              .where(valid_on(clock.today())).group_by(Municipality.region_code).subquery())
    rows = db.session.execute(select(Region.code, Region.name, counts.c.n)
                              .join(counts, counts.c.region_code == Region.code).order_by(Region.code))
    return jsonify({"items": [{"code": c, "name": n, "municipalities": k} for c, n, k in rows], "next_cursor": None})


@api_route("/regions/<code>", summary="One region with its municipalities")
@public
def get_region(code: str):
    region = db.session.get(Region, code.upper())
    if region is None:
        raise ApiError(404, "No region with this code.")
    municipalities = db.session.scalars(select(Municipality).where(
        valid_on(clock.today()), Municipality.region_code == region.code).order_by(Municipality.name))
    return jsonify({"code": region.code, "name": region.name,
                    "municipalities": [{"code": m.code, "name": m.name} for m in municipalities]})


@api_route("/me", summary="The token's user and organisation")
@signed_in
def me():
    who = actor()
    return jsonify({"user": {"id": who.user.id, "name": who.user.name, "email": who.user.email},
                    "organisation": organisation_json(who.organisation), "role": who.role})


@api_route("/organisations/<int:org_id>", summary="An organisation you belong to (404 for any other)")
@member()
def get_organisation(org_id: int):
    return jsonify(organisation_json(get_for_org(Organisation, org_id)))


def token_json(token: ApiToken) -> dict:
    return {"id": token.id, "name": token.name, "prefix": token.prefix, "user_id": token.user_id,
            "created_at": token.created_at.isoformat(), "revoked": token.revoked_at is not None,
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None}


@api_route("/tokens", summary="Your organisation's API tokens (owners)",
           responses={"200": {"description": "A list", "content": {"application/json": {"schema": LIST}}}})
@member(role=Role.owner)
def list_tokens():
    limit, cursor = page_args()
    query = select(ApiToken).where(ApiToken.organisation_id == actor().organisation.id).order_by(ApiToken.id)
    if (after := int_cursor(cursor)) is not None:
        query = query.where(ApiToken.id > after)
    return jsonify(page(db.session.scalars(query.limit(limit + 1)).all(), limit, lambda t: t.id, token_json))


@api_route("/tokens/<int:token_id>", methods=("DELETE",), summary="Revoke a token (owners)")
@member(role=Role.owner)
def delete_token(token_id: int):
    token = get_for_org(ApiToken, token_id)
    revoke_token(token)
    return jsonify(token_json(token))


class NewToken(Strict):
    name: str = Field(min_length=1, max_length=100, description="To recognise the token by")


@api_route("/tokens", methods=("POST",), summary="Create a token (owners); the secret is shown only here",
           requestBody=body_schema(NewToken), responses={"201": {"description": "{id, name, prefix, token}"}})
@member(role=Role.owner)
def create_api_token():
    request_ = parse(NewToken, json_body())
    who = actor()
    secret = create_token(who.user, who.organisation, request_.name)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(secret)))
    return jsonify({**token_json(token), "token": secret}), 201
