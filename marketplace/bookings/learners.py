"""Mail to learners, in the learner's own language.

Learner messages have their own small catalogue (``learner.po``, gettext domain ``learner``) in more
languages than the app's pages: a learner may read no Dutch or English yet. Dates, weekday names and lists
come from the Unicode CLDR through Babel, so only sentences are translated by hand.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from babel.dates import format_date, get_day_names
from babel.lists import format_list
from flask import render_template
from flask_babel import Domain, force_locale

from marketplace.core import mail
from marketplace.core.clock import AMSTERDAM
from marketplace.core.mail import Attachment, Mail
from providers.calendar import run_calendar
from providers.public import run_address

#: languages learner mail is written in (translations in marketplace/translations/<lang>/LC_MESSAGES/learner.po)
LANGUAGES = ("nl", "en", "pl", "ro", "bg", "uk")
#: for any other preferred language: English is the likeliest to be read
FALLBACK = "en"

domain = Domain(translation_directories=[str(Path(__file__).parent.parent / "translations")], domain="learner")


def babel_locale(lang: str) -> str:
    """Dates as people in the Netherlands read English ones: 5 November, not November 5."""
    return "en_GB" if lang == "en" else lang


def language_of(employee) -> str:
    return employee.preferred_language if employee.preferred_language in LANGUAGES else FALLBACK


def weekly_pattern(run, lang: str) -> list[str]:
    """One line per weekday with its most common lesson time, e.g. "wtorek 15:30–17:30"."""
    slots = Counter((s.starts_at.astimezone(AMSTERDAM).weekday(), s.starts_at.astimezone(AMSTERDAM).strftime("%H:%M"),
                     s.ends_at.astimezone(AMSTERDAM).strftime("%H:%M")) for s in run.lessons)
    best: dict[int, tuple[str, str]] = {}
    for (weekday, start, end), _count in slots.most_common():
        best.setdefault(weekday, (start, end))
    names = get_day_names("wide", locale=babel_locale(lang))
    return [f"{names[d]} {start}–{end}" for d, (start, end) in sorted(best.items())]


def render(booking, enrolment, template: str, *, reminder: bool = False) -> Mail:
    """The learner's mail (subject, text and HTML) in their language; to their address, or else to the
    employer, who passes it on."""
    lang = language_of(enrolment.employee)
    run = booking.run
    with force_locale(lang):
        t, tn = domain.gettext, domain.ngettext
        lessons = run.lessons
        context = dict(
            t=t, tn=tn, lang=lang, run=run, course=run.course, employee=enrolment.employee, employer=booking.employer,
            provider=run.course.provider, reminder=reminder, address=run_address(run),
            first=format_date(lessons[0].starts_at.astimezone(AMSTERDAM), "full", locale=babel_locale(lang))
            if lessons else "",
            last=format_date(lessons[-1].starts_at.astimezone(AMSTERDAM), "full", locale=babel_locale(lang))
            if lessons else "",
            days=format_list(weekly_pattern(run, lang), locale=babel_locale(lang)), lessons=len(lessons),
            contact=booking.employer_address, forwarded=not enrolment.employee.email)
        if template == "learner_invitation":
            subject = (t("Reminder: Dutch course, first lesson %(day)s", day=context["first"]) if reminder
                       else t("Invitation to a Dutch course: %(course)s", course=run.course.title))
        else:
            subject = t("Dutch course cancelled: %(course)s", course=run.course.title)
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    attachments = ()
    if template == "learner_invitation":
        attachments = (Attachment(f"taalmarkt-{run.id}.ics", run_calendar(run, run_address(run)), "text", "calendar"),)
    to = enrolment.employee.email or booking.employer_address
    return Mail(to=to, subject=subject, text=text, html=html, attachments=attachments)


def invite(booking, enrolment, *, reminder: bool = False) -> None:
    mail.queue(render(booking, enrolment, "learner_invitation", reminder=reminder))


def cancelled(booking, enrolment) -> None:
    mail.queue(render(booking, enrolment, "learner_cancelled"))
