"""POST /api/v1/eligibility: every scheme's verdict and the funding plan (CONTRACT.md)."""

from __future__ import annotations

from flask import jsonify

from marketplace.core.access import public
from marketplace.core.i18n import api_language
from marketplace.funding.fund_schemes import current_catalogue
from subsidies import FactsError, eligibility_response, parse_eligibility_request, request_schema

from .core import ApiError, api_route, json_body


@api_route("/eligibility", methods=("POST",),
           summary="What each subsidy scheme would pay for one worker on one course, with reasons",
           requestBody={"required": True, "content": {"application/json": {"schema": request_schema()}}},
           responses={"200": {"description": "{on, decisions: [...], plan: {...}}"}})
@public
def check_eligibility():
    try:
        facts, on = parse_eligibility_request(json_body())
    except FactsError as e:
        raise ApiError(422, "Some facts are not valid.", "invalid", e.fields) from None
    return jsonify(eligibility_response(facts, on, lang=api_language(), catalogue=current_catalogue()))
