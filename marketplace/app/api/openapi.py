"""The OpenAPI 3.1 document, built from the routes registered with ``api_route``."""

from __future__ import annotations

import re

from flask import current_app, jsonify

from marketplace.core.access import public

from .core import api_route

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    }}},
}


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def build_document(app) -> dict:
    paths: dict[str, dict] = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        operations = getattr(view, "openapi", None)
        if operations is None or not rule.rule.startswith("/api/v1"):
            continue
        path = openapi_path(rule.rule[len("/api/v1"):])
        for method, op in operations.items():
            operation = {"operationId": rule.endpoint.removeprefix("api."), **op}
            operation.setdefault("responses", {"200": {"description": "OK"}})
            error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            operation["responses"].setdefault("default", {"description": "Error", "content": error})
            access = getattr(view, "access", None)
            if access is not None and access.login:
                operation["security"] = [{"bearer": []}]
                operation["x-access"] = access.describe()
            params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                      for n in re.findall(r"{([a-z_]+)}", path)]
            if params:
                operation["parameters"] = params + operation.get("parameters", [])
            paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Taalmarkt API", "version": "1",
                 "description": "Workplace Dutch courses: offers, staff, bookings, subsidies. "
                                "Money in integer cents (fields ending _cents), dates ISO 8601."},
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR},
        },
    }


@api_route("/openapi.json", summary="This document")
@public
def openapi_document():
    return jsonify(build_document(current_app))
