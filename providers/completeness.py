"""How complete a course description is, and what employers will miss where it is not."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.translation import lazy_gettext as _

from .catalogue import Course

#: (weight, test, what an employer misses without it). Weights add up to 100.
CHECKS = (
    (20, lambda c: len(c.description or "") >= 200,
     _("A description of at least a few sentences: what learners will be able to do afterwards.")),
    (15, lambda c: bool(c.sector_tags), _("Sector vocabulary: employers look for courses in their own trade.")),
    (15, lambda c: bool(c.support_languages),
     _("Support languages: many learners start with little Dutch and need instructions in their own language.")),
    (10, lambda c: c.self_study_hours is not None, _("Self-study hours: planners need the total time per week.")),
    (10, lambda c: bool(c.what_to_bring), _("What to bring: it goes into every learner's invitation.")),
    (10, lambda c: c.exam is not None and c.exam != "none" or c.cefr_to >= "A2",
     _("An exam or certificate: employers and funds ask what the learner gets at the end.")),
    (10, lambda c: c.vocational is not None and (not c.vocational or c.nlqf is not None),
     _("The NLQF level of a vocational course: SLIM scholing rates depend on it.")),
    (10, None, _("A dated run: without one, employers cannot book.")),
)


@dataclass(frozen=True)
class Completeness:
    score: int  # 0..100
    missing: list[str]


def completeness(course: Course, has_runs: bool | None = None) -> Completeness:
    """``has_runs`` may be given by a list page that counted runs already (so it loads none)."""
    score, missing = 0, []
    for weight, test, advice in CHECKS:
        passed = (bool(course.runs) if has_runs is None else has_runs) if test is None else test(course)
        if passed:
            score += weight
        else:
            missing.append(str(advice))
    return Completeness(score, missing)
