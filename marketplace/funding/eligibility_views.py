"""The public page "Wat kan ik krijgen?" / "What can I get?".

It asks a few questions at a time: those the schemes still waiting for facts need (at most MAX_QUESTIONS, each
asked once; the question's label names the fact), with every other question and answer folded below. Each
scheme's result shows why it does not pay and the grade of the source its verdict rests on.
"""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from marketplace.core import clock
from marketplace.core.access import public
from marketplace.core.translation import lazy_gettext as _
from subsidies import FactsError, eligibility_response, parse_eligibility_request

from .eligibility_forms import EligibilityForm, eligibility_form
from .fund_schemes import current_catalogue
from .reasons import pays, weakest_grade, why_not

bp = Blueprint("eligibility", __name__)

LABELS = {
    "status_labels": {"eligible": _("eligible"), "not_eligible": _("not eligible"),
                      "needs_info": _("needs information"), "closed": _("closed"),
                      "not_applicable": _("not for you")},
    "result_labels": {"pass": _("met"), "fail": _("not met"), "missing": _("unknown")},
    "payee_labels": {"provider": _("course provider"), "employer": _("employer"), "fund_programme": _("programme")},
}
#: how many questions are asked at a time
MAX_QUESTIONS = 5
#: the questions already put (a repeated query parameter): "I don't know" is an answer, not asked again
ASKED = "gevraagd"
_FACT_PATH = re.compile(r"\b(?:employer|employee|course)\.[a-z_]+\b")


@bp.route("/subsidie-check")
@public
def check():
    form = eligibility_form(request.args)
    asked = [name for name in dict.fromkeys(request.args.getlist(ASKED)) if name in form._fields]
    answer, problems = None, {}
    if form.validate():
        try:
            facts, on = parse_eligibility_request(form.request_body(clock.today()))
        except FactsError as e:
            problems = {fact_label(form, path): [_in_words(form, m) for m in messages]
                        for path, messages in e.fields.items()}
        else:
            answer = eligibility_response(facts, on, lang=str(get_locale()), catalogue=current_catalogue())
    step = next_questions(form, answer, asked) if answer else []
    result = answer if request.args else None  # the first visit asks; it has nothing to show yet
    shown = [{"decision": d, "pays": pays(d), "reason": why_not(d, str(get_locale())), "grade": weakest_grade(d)}
             for d in result["decisions"]] if result else []
    scheme_names = {d["scheme"]: d["name"] for d in result["decisions"]} if result else {}
    return render_template("eligibility/check.html", form=form, result=result, decisions=shown, problems=problems,
                           step=step, asked=list(dict.fromkeys(asked + step)), asked_name=ASKED,
                           scheme_names=scheme_names, **LABELS), 422 if form.errors or problems else 200


def next_questions(form: EligibilityForm, answer: dict, asked: list[str]) -> list[str]:
    """The questions the schemes waiting for facts still need, in the order their rules ask, not yet answered
    nor asked before; at most MAX_QUESTIONS."""
    wanted: dict[str, None] = {}
    for decision in answer["decisions"]:
        if decision["status"] == "needs_info":
            for path in decision.get("missing") or ():
                wanted.update(dict.fromkeys(name for name in form.questions_for(path, decision["scheme"])
                                            if not form.answered(name) and name not in asked))
    return list(wanted)[:MAX_QUESTIONS]


def fact_label(form: EligibilityForm, path: str) -> str:
    """A fact in words: the label of the question asking it."""
    names = form.questions_for(path)
    if names:
        return str(form[names[0]].label.text)
    return str(form.on.label.text) if path == "on" else str(_("An answer"))


def _in_words(form: EligibilityForm, message: str) -> str:
    return _FACT_PATH.sub(lambda m: f'"{fact_label(form, m.group(0))}"', message)
