"""The JSON API's plumbing: its blueprint, route declaration with OpenAPI metadata, bodies, lists.

``api_route`` registers a view and records its OpenAPI operation next to it, so the document at
/api/v1/openapi.json is built from the routes themselves and cannot drift from them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any

from flask import Blueprint, request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from werkzeug.exceptions import BadRequest

from marketplace.app.errorpages import domain_error_json, json_error
from marketplace.core.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.http_status, self.message, self.code, self.fields = status, message, code, fields


@bp.errorhandler(ApiError)
def _api_error(e: ApiError):
    return json_error(e.http_status, e.message, e.code, e.fields)


@bp.errorhandler(DomainError)
def _domain_error(e: DomainError):
    return domain_error_json(e)


def api_route(rule: str, methods: tuple[str, ...] = ("GET",), **operation: Any) -> Callable:
    """Register an API view; ``operation`` is its OpenAPI operation object (summary, responses, ...)."""

    def decorator(view: Callable) -> Callable:
        view.openapi = {m.lower(): operation for m in methods}
        bp.add_url_rule(rule, view_func=view, methods=list(methods))
        return view

    return decorator


def json_body() -> dict:
    """The request's JSON object, or 400 when it is not one."""
    try:
        data = request.get_json(force=True, silent=False)
    except BadRequest:
        raise ApiError(400, "The body is not valid JSON.", "malformed_json") from None
    if not isinstance(data, dict):
        raise ApiError(400, "The body must be a JSON object.", "malformed_json")
    return data


def page_args() -> tuple[int, Any]:
    """``limit`` (1..200) and the decoded ``cursor`` of a list request."""
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
    except ValueError:
        raise ApiError(422, "limit must be a whole number.", "invalid", {"limit": ["Not a whole number."]}) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(422, f"limit must be between 1 and {MAX_LIMIT}.", "invalid",
                       {"limit": [f"Between 1 and {MAX_LIMIT}."]})
    raw = request.args.get("cursor")
    if not raw:
        return limit, None
    try:
        return limit, json.loads(base64.urlsafe_b64decode(raw.encode() + b"==="))
    except (ValueError, binascii.Error):
        raise ApiError(400, "The cursor is not valid; start again without it.", "bad_cursor") from None


def int_cursor(value: Any) -> int | None:
    """A cursor that holds an id; anything else is a bad cursor."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(400, "The cursor is not valid; start again without it.", "bad_cursor")
    return value


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def page(items: list, limit: int, key: Callable[[Any], Any], render: Callable[[Any], dict]) -> dict:
    """A list response from ``limit + 1`` fetched rows: the extra row only tells that there is more."""
    more = len(items) > limit
    items = items[:limit]
    return {"items": [render(i) for i in items], "next_cursor": encode_cursor(key(items[-1])) if more else None}


class Strict(BaseModel):
    """A request body: unknown fields are an error (422 naming them), never ignored."""

    model_config = ConfigDict(extra="forbid")


def parse(model: type[BaseModel], data: dict) -> BaseModel:
    """Validate a request body against ``model``; unknown or invalid fields give 422 naming each field."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as e:
        fields: dict[str, list[str]] = {}
        for err in e.errors():
            name = ".".join(str(part) for part in err["loc"]) or "body"
            message = "Unknown field." if err["type"] == "extra_forbidden" else err["msg"]
            fields.setdefault(name, []).append(message)
        raise ApiError(422, "Some values are not valid.", "invalid", fields) from None


def naive_time(value: dt.time) -> dt.time:
    """Lesson times are Amsterdam wall-clock times: an offset would make them ambiguous."""
    if value.tzinfo is not None:
        raise ValueError("give the time without an offset (Amsterdam time), e.g. 15:30")
    return value


#: a time of day as lessons and windows use it (HH:MM, Amsterdam time)
LocalTime = Annotated[dt.time, AfterValidator(naive_time)]
#: an id or an amount in cents: fits the database's integers
Int = Annotated[int, Field(ge=0, le=2**31 - 1)]


def reject_nulls(given: dict, nullable: set[str]) -> None:
    """A partial update may leave a field out, but may not set a required field to null."""
    bad = {name: ["May not be null."] for name, value in given.items() if value is None and name not in nullable}
    if bad:
        raise ApiError(422, "Some values are not valid.", "invalid", bad)


def body_schema(model: type[BaseModel]) -> dict:
    """The OpenAPI requestBody for ``model``."""
    return {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}
