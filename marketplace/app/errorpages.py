"""Error responses: HTML pages for people, the documented JSON error shape on the API.

Whatever answers, an exception that escaped the view has already rolled the request back (``Taalmarkt``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from invoices.pdf import FontsMissing
from marketplace.core.access import Forbidden, Unauthorised
from marketplace.core.errors import DomainError, ValidationError
from marketplace.core.translation import gettext as _

API_CODES = {
    400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
    500: "server_error",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/payments/")


def json_error(status: int, message: str, code: str | None = None, fields: dict | None = None):
    body = {"error": {"code": code or API_CODES.get(status, "error"), "message": message}}
    if fields:
        body["error"]["fields"] = {k: [str(m) for m in v] for k, v in fields.items()}
    return jsonify(body), status


def domain_error_json(e: DomainError):
    """A refused use case in the API's error shape: 404, 409 or 422 by the error's type."""
    if isinstance(e, ValidationError):
        return json_error(e.status, "Some values are not valid.", "invalid", e.fields)
    return json_error(e.status, str(e.message), e.code, {e.field: [e.message]} if e.field else None)


def back() -> str:
    """The page the user acted from (the Referer of this site), else their workspace."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/") and request.method != "GET":
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("dashboard.home")


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(Unauthorised)
    def unauthorised(_e):
        if wants_json():
            return json_error(401, "A valid bearer token is required.")
        return redirect(url_for("accounts.login", next=request.full_path if request.query_string else request.path))

    @app.errorhandler(Forbidden)
    def forbidden(_e):
        if wants_json():
            return json_error(403, "Your organisation or role may not do this.")
        return _page(403, _("Not allowed"), _("Your organisation or your role may not open this page."))

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return _page(400, _("The form has expired"),
                     _("The page was open too long or was sent twice. Go back, reload the page and try again."))

    @app.errorhandler(DomainError)
    def refused(e: DomainError):
        """A use case refused (a button, not a form: forms show errors on their fields): back to the page
        it came from, with the reason."""
        if wants_json():
            return domain_error_json(e)
        flash(str(e.message), "error")
        return redirect(back(), 303)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if wants_json():
            return json_error(e.code or 500, e.description or "")
        titles = {404: _("Page not found"), 405: _("Not possible here"), 429: _("Too many attempts"),
                  413: _("File too large")}
        messages = {
            404: _("This page does not exist, or you have no access to it."),
            429: _("You tried too often in a short time. Wait a minute and try again."),
            413: _("The file is larger than 5 MB."),
        }
        return _page(e.code or 500, titles.get(e.code, _("Something went wrong")),
                     messages.get(e.code, e.description or ""))

    @app.errorhandler(OverflowError)
    def number_too_large(_e):
        # a number far beyond any id or amount, typed into a form or a JSON body: bad input, not a fault
        if wants_json():
            return json_error(422, "A number is too large.", "invalid")
        return _page(422, _("Number too large"), _("One of the numbers you entered is far too large."))

    @app.errorhandler(FontsMissing)
    def fonts_missing(e: FontsMissing):
        # the server lacks the invoice fonts: its administrator must install them (the message says how)
        app.logger.error("%s", e)
        if wants_json():
            return json_error(503, "Invoice PDFs cannot be made on this server right now.", "unavailable")
        return _page(503, _("Not available right now"), _("Invoice PDFs cannot be made right now. Please try "
                                                          "again later or download the UBL file."))

    @app.errorhandler(Exception)
    def unexpected(e: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "An unexpected error occurred. It has been logged.")
        return _page(500, _("Something went wrong"),
                     _("An unexpected error occurred. It has been logged; please try again later."))
