"""The public page "Wat kan ik krijgen?" / "What can I get?"."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from marketplace.core import clock
from marketplace.core.access import public
from marketplace.core.translation import lazy_gettext as _
from subsidies import FactsError, eligibility_response, parse_eligibility_request

from .eligibility_forms import eligibility_form

bp = Blueprint("eligibility", __name__)

LABELS = {
    "status_labels": {"eligible": _("eligible"), "not_eligible": _("not eligible"),
                      "needs_info": _("needs information"), "closed": _("closed"),
                      "not_applicable": _("not for you")},
    "result_labels": {"pass": _("met"), "fail": _("not met"), "missing": _("unknown")},
    "payee_labels": {"provider": _("course provider"), "employer": _("employer"), "fund_programme": _("programme")},
}


@bp.route("/subsidie-check")
@public
def check():
    form = eligibility_form(request.args)
    result, problems = None, {}
    if request.args and form.validate():
        try:
            facts, on = parse_eligibility_request(form.request_body(clock.today()))
        except FactsError as e:
            problems = e.fields
        else:
            result = eligibility_response(facts, on, lang=str(get_locale()))
    scheme_names = {d["scheme"]: d["name"] for d in result["decisions"]} if result else {}
    return render_template("eligibility/check.html", form=form, result=result, problems=problems,
                           scheme_names=scheme_names, **LABELS), 422 if form.errors or problems else 200
