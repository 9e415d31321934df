"""Public pages: the home page and the language switch."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session

from marketplace.core.access import public

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def home():
    return render_template("pages/home.html")


@bp.route("/taal/<lang>")
@public
def set_language(lang: str):
    """Remember the chosen interface language and return to the page the visitor was on."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = lang
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)
