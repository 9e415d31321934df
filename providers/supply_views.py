"""The provider's workspace for its supply: locations, courses, runs and their lessons."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.access import Role, actor, get_for_org, member
from marketplace.core.db import db
from marketplace.core.errors import DomainError
from marketplace.core.forms import attempt, options, render_form
from marketplace.core.translation import gettext as _
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind
from marketplace.tenancy.regions.models import Region, current_municipalities

from . import labels, supply
from .catalogue import RUN_TRANSITIONS, Course, CourseRun, Lesson, RunChange, RunStatus
from .completeness import completeness
from .forms import CourseForm, LessonForm, LocationForm, RunForm
from .locations import LocationInput, add_location, update_location
from .models import Location
from .schedule import describe, lesson_times, local, to_utc
from .seats import seats_left_expression
from .vocabulary import WEEKDAYS

bp = Blueprint("supply", __name__, url_prefix="/aanbieder")


@bp.record_once
def _register_labels(state) -> None:
    labels.register(state.app)


VIEWER = member(OrgKind.provider)
EDITOR = member(OrgKind.provider, role=Role.member)


def _mine(model):
    return select(model).where(model.provider_id == actor().organisation.id)


# Locations ---------------------------------------------------------------------------------------

@bp.route("/locaties", methods=["GET", "POST"])
@VIEWER
def locations():
    form = LocationForm()
    if actor().can(Role.member) and form.validate_on_submit() and attempt(
            form, lambda: add_location(actor().organisation, _location_input(form))):
        flash(_("The location has been added."), "success")
        return redirect(url_for("supply.locations"))
    rows = db.session.scalars(_mine(Location).order_by(Location.name)).all()
    return render_form("providers/locations.html", form, locations=rows,
                       municipalities=current_municipalities(db.session, clock.today()))


def _location_input(form: LocationForm) -> LocationInput:
    return LocationInput(name=form.name.data, street=form.street.data, postcode=form.postcode.data,
                         city=form.city.data, municipality=form.municipality.data, directions=form.directions.data)


@bp.route("/locaties/<int:location_id>", methods=["GET", "POST"])
@EDITOR
def edit_location(location_id: int):
    location = get_for_org(Location, location_id)
    form = LocationForm(obj=location)
    if not form.is_submitted():
        form.municipality.data = location.municipality.label
    if form.validate_on_submit() and attempt(form, lambda: update_location(location, _location_input(form))):
        flash(_("The location has been saved."), "success")
        return redirect(url_for("supply.locations"))
    return render_form("providers/location_form.html", form, location=location,
                       municipalities=current_municipalities(db.session, clock.today()))


# Courses -----------------------------------------------------------------------------------------

@bp.route("/cursussen")
@VIEWER
def courses():
    rows = db.session.scalars(_mine(Course).where(Course.archived_at.is_(None)).order_by(Course.title)).all()
    run_counts = dict(db.session.execute(
        select(CourseRun.course_id, func.count()).where(CourseRun.provider_id == actor().organisation.id)
        .group_by(CourseRun.course_id)).all())
    scored = [(course, completeness(course, has_runs=course.id in run_counts)) for course in rows]
    return render_template("providers/courses.html", courses=scored, run_counts=run_counts)


@bp.route("/cursussen/nieuw", methods=["GET", "POST"])
@EDITOR
def new_course():
    form = CourseForm()
    if form.validate_on_submit() and (created := attempt(
            form, lambda: supply.create_course(actor().organisation, form.to_input()))):
        flash(_("The course has been saved. Now add a dated run."), "success")
        return redirect(url_for("supply.new_run", course_id=created.result.id))
    return render_form("providers/course_form.html", form, course=None)


@bp.route("/cursussen/<int:course_id>", methods=["GET", "POST"])
@VIEWER
def edit_course(course_id: int):
    course = get_for_org(Course, course_id)
    form = CourseForm(obj=course)
    if not form.is_submitted():
        form.support_languages.data = course.support_languages
        form.sector_tags.data = course.sector_tags
    if actor().can(Role.member) and form.validate_on_submit() and attempt(
            form, lambda: supply.update_course(course, form.to_input())):
        flash(_("The course has been saved."), "success")
        return redirect(url_for("supply.edit_course", course_id=course.id))
    return render_form("providers/course_form.html", form, course=course, score=completeness(course),
                       locale=str(get_locale()))


# Runs --------------------------------------------------------------------------------------------

def _run_form(form: RunForm) -> RunForm:
    locations = db.session.scalars(_mine(Location).order_by(Location.name)).all()
    form.location_id.choices = options([(0, _("Choose a location"))] + [(loc.id, loc.name) for loc in locations])
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    form.regions.choices = options([(r.code, r.name) for r in regions])
    return form


def _save_run(form: RunForm, save):
    """Generate the lessons from the pattern and call ``save(input)``; field errors go onto the form."""
    if form.end_time.data and form.start_time.data and form.end_time.data <= form.start_time.data:
        form.end_time.errors = [*form.end_time.errors, _("The lessons end before they start.")]
        return None
    pattern = form.pattern()
    if form.excluded_dates.errors:
        return None
    times, skipped = lesson_times(pattern)
    saved = attempt(form, lambda: save(form.to_input(times)))
    if not saved:
        return None
    if skipped:
        days = ", ".join(f"{s.day.isoformat()} ({s.reason})" for s in skipped)
        flash(_("%(n)d lessons planned; no lessons on %(days)s.", n=len(times), days=days), "info")
    return saved.result


@bp.route("/cursussen/<int:course_id>/uitvoeringen/nieuw", methods=["GET", "POST"])
@EDITOR
def new_run(course_id: int):
    course = get_for_org(Course, course_id)
    form = _run_form(RunForm())
    if form.validate_on_submit():
        run = _save_run(form, lambda data: supply.create_run(course, data))
        if run is not None:
            flash(_("The run has been saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("supply.show_run", run_id=run.id))
    return render_form("providers/run_form.html", form, course=course, run=None)


@bp.route("/uitvoeringen/<int:run_id>")
@VIEWER
def show_run(run_id: int):
    run = get_for_org(CourseRun, run_id)
    changes = db.session.scalars(select(RunChange).where(RunChange.run_id == run.id)
                                 .order_by(RunChange.changed_at.desc())).all()
    lessons = [(s.starts_at, s.ends_at) for s in run.lessons]
    seats = db.session.scalar(select(seats_left_expression()).where(CourseRun.id == run.id))
    return render_template("providers/run.html", run=run, changes=changes, confirm=ConfirmForm(), seats=seats,
                           transitions=sorted(RUN_TRANSITIONS[run.status]),
                           pattern=describe(lessons, str(get_locale())), local=local)


@bp.route("/uitvoeringen/<int:run_id>/bewerken", methods=["GET", "POST"])
@EDITOR
def edit_run(run_id: int):
    run = get_for_org(CourseRun, run_id)
    form = _run_form(RunForm(obj=run))
    if not form.is_submitted():
        _fill_from_run(form, run)
    if form.validate_on_submit():
        saved = _save_run(form, lambda data: supply.update_run(run, data, by=actor().user, reason=form.reason.data))
        if saved is not None:
            flash(_("The run has been saved.") + (" " + _("The booked employers have been told.") if saved else ""),
                  "success")
            return redirect(url_for("supply.show_run", run_id=run.id))
    return render_form("providers/run_form.html", form, course=run.course, run=run)


def _fill_from_run(form: RunForm, run: CourseRun) -> None:
    form.regions.data = run.region_codes
    form.location_id.data = run.location_id or 0
    form.price.data = run.price_cents / 100
    form.first_date.data, form.last_date.data = run.start_date, run.end_date
    form.booking_deadline_days.data = (run.start_date - run.booking_deadline).days
    form.go_no_go_days.data = (run.start_date - run.go_no_go_date).days
    if run.lessons:
        first = local(run.lessons[0].starts_at)
        form.start_time.data = first.time()
        form.end_time.data = local(run.lessons[0].ends_at).time()
        form.weekdays.data = sorted({WEEKDAYS[local(s.starts_at).weekday()] for s in run.lessons},
                                    key=WEEKDAYS.index)


@bp.route("/uitvoeringen/<int:run_id>/status", methods=["POST"])
@EDITOR
def change_run_status(run_id: int):
    run = get_for_org(CourseRun, run_id)
    try:
        supply.change_status(run, RunStatus(request.form.get("status", "")))
    except (DomainError, ValueError) as e:
        flash(getattr(e, "message", _("That status change is not possible.")), "error")
    else:
        flash(_("The run is now %(status)s.", status=labels.RUN_STATUS_LABELS[run.status]), "success")
    return redirect(url_for("supply.show_run", run_id=run.id))


@bp.route("/sessies/<int:lesson_id>", methods=["GET", "POST"])
@EDITOR
def edit_lesson(lesson_id: int):
    lesson = db.session.get(Lesson, lesson_id)
    run = get_for_org(CourseRun, lesson.run_id if lesson else 0)
    form = LessonForm()
    if not form.is_submitted():
        start = local(lesson.starts_at)
        form.day.data, form.start_time.data = start.date(), start.time()
        form.end_time.data, form.note.data = local(lesson.ends_at).time(), lesson.note
    if form.validate_on_submit() and attempt(form, lambda: supply.move_lesson(
            lesson, to_utc(form.day.data, form.start_time.data), to_utc(form.day.data, form.end_time.data),
            form.note.data, by=actor().user, reason=form.reason.data)):
        flash(_("The lesson has been saved."), "success")
        return redirect(url_for("supply.show_run", run_id=run.id))
    return render_form("providers/lesson_form.html", form, run=run, lesson=lesson)
