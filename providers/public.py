"""Public catalogue pages: search, a course, a run, and the run's calendar file."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from sqlalchemy import or_, select

from marketplace.core import clock
from marketplace.core.access import current_actor, public
from marketplace.core.db import db

from .calendar import run_calendar
from .catalogue import Course, CourseRun, RunStatus, reserved_clause
from .completeness import completeness
from .forms import SearchForm
from .marks import valid_marks
from .schedule import describe, describe_summary
from .search import key_of, parse_key, search_runs
from .seats import seats_left_expression
from .vat import vat_rate

bp = Blueprint("catalogue", __name__)

PAGE_SIZE = 20


@bp.route("/cursussen")
@public
def search():
    form = SearchForm(request.args)
    rows, next_key, status = [], None, 200
    if form.validate():
        filters = form.filters(clock.today())
        after = None
        if request.args.get("na"):
            value, _sep, run_id = request.args["na"].partition("~")
            try:
                after = parse_key([int(value) if value.lstrip("-").isdigit() else value, int(run_id)], filters)
            except (ValueError, TypeError):
                after = None
        rows = search_runs(filters, PAGE_SIZE, after)
        if len(rows) > PAGE_SIZE:
            rows = rows[:PAGE_SIZE]
            value, run_id = key_of(rows[-1][0], filters)
            next_key = f"{value}~{run_id}"
    else:
        status = 422
    locale = str(get_locale())
    results = [(run, seats, describe_summary(run.weekday_mask, run.first_minute, run.last_minute, run.start_date,
                                             run.end_date, locale)) for run, seats in rows]
    marks = valid_marks({run.provider_id for run, _seats in rows}, clock.today())
    return render_template("catalogue/search.html", form=form, results=results, next_key=next_key,
                           marks=marks, today=clock.today()), status


def visible_runs(query, today: dt.date | None = None):
    """``query`` limited to runs the visitor may see: published ones open to everyone, runs reserved for the
    visitor's organisation, and every run of the visitor's own (provider) organisation."""
    who = current_actor()
    org_id = who.organisation.id if who is not None and who.organisation is not None else None
    published = (CourseRun.status != RunStatus.draft) & reserved_clause(today or clock.today(), org_id)
    return query.where(or_(published, CourseRun.provider_id == org_id) if org_id else published)


def _visible(run: CourseRun | None) -> CourseRun:
    if run is None or db.session.scalar(visible_runs(select(CourseRun.id).where(CourseRun.id == run.id))) is None:
        abort(404)
    return run


@bp.route("/cursussen/<int:course_id>")
@public
def show_course(course_id: int):
    course = db.session.get(Course, course_id)
    if course is None or course.archived_at is not None:
        abort(404)
    runs = db.session.scalars(visible_runs(select(CourseRun).where(
        CourseRun.course_id == course.id, CourseRun.status != RunStatus.cancelled))
        .order_by(CourseRun.start_date)).all()
    marks = valid_marks({course.provider_id}, clock.today()).get(course.provider_id, [])
    return render_template("catalogue/course.html", course=course, runs=runs, marks=marks,
                           vat=vat_rate(course.vocational, course.provider.crkbo_registered),
                           score=completeness(course))


@bp.route("/uitvoeringen/<int:run_id>")
@public
def show_run(run_id: int):
    run = _visible(db.session.get(CourseRun, run_id))
    seats = db.session.scalar(select(seats_left_expression()).where(CourseRun.id == run.id))
    lessons = [(s.starts_at, s.ends_at) for s in run.lessons]
    marks = valid_marks({run.provider_id}, clock.today()).get(run.provider_id, [])
    return render_template("catalogue/run.html", run=run, seats=seats, marks=marks,
                           pattern=describe(lessons, str(get_locale())),
                           vat=vat_rate(run.course.vocational, run.course.provider.crkbo_registered))


def run_address(run: CourseRun) -> str:
    if run.location:
        loc = run.location
        return f"{loc.name}, {loc.street}, {loc.postcode} {loc.city}"
    return {"online": "Online", "in_company": "In-company"}.get(run.place_kind, "")


@bp.route("/uitvoeringen/<int:run_id>.ics")
@public
def run_calendar_file(run_id: int):
    run = _visible(db.session.get(CourseRun, run_id))
    return Response(run_calendar(run, run_address(run)), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="taalmarkt-run-{run.id}.ics"'})


