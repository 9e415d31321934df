"""The employer's workspace: the staff roster and training needs (their matches: marketplace.matching)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import func, select

from marketplace.core import clock
from marketplace.core.access import Role, actor, get_for_org, member
from marketplace.core.db import db
from marketplace.core.forms import attempt, options, render_form
from marketplace.core.signals import answer
from marketplace.core.translation import gettext as _
from marketplace.core.translation import lazy_gettext as _l
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind
from providers.labels import WEEKDAY_LABELS
from providers.vocabulary import WEEKDAYS

from . import services, signals
from .forms import EMPLOYMENT_LABELS, EmployeeForm, NeedForm
from .models import Employee, NeedStatus, Site, TrainingNeed

bp = Blueprint("employers", __name__, url_prefix="/werkgever")

PROPOSAL_STATUS_LABELS = {"proposed": _l("offered, awaiting an answer"), "accepted": _l("accepted"),
                       "declined": _l("declined")}


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["weekday_name"] = lambda day: WEEKDAY_LABELS[WEEKDAYS[day]]
    state.app.jinja_env.globals["proposal_status_label"] = lambda status: PROPOSAL_STATUS_LABELS.get(status, status)

VIEWER = member(OrgKind.employer)
EDITOR = member(OrgKind.employer, role=Role.member)
PAGE_SIZE = 50


def _sites():
    return db.session.scalars(select(Site).where(Site.employer_id == actor().organisation.id)
                              .order_by(Site.name)).all()


def _with_sites(form):
    form.site_id.choices = options([(0, _("Not recorded"))] + [(s.id, s.name) for s in _sites()])
    return form


@bp.route("/medewerkers")
@VIEWER
def roster():
    archived = request.args.get("gearchiveerd") == "1"
    page = min(max(1, request.args.get("pagina", 1, type=int)), 100_000)
    query = select(Employee).where(Employee.employer_id == actor().organisation.id,
                                   Employee.archived_at.is_not(None) if archived else Employee.archived_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    employees = db.session.scalars(query.order_by(Employee.last_name, Employee.first_name, Employee.id)
                                   .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    budgets = {} if archived else answer(signals.budgets_left, actor().organisation,
                                         employee_ids=[e.id for e in employees])
    return render_template("employers/roster.html", employees=employees, archived=archived, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), total=total, labels=EMPLOYMENT_LABELS,
                           confirm=ConfirmForm(), budgets=budgets, lang="en" if str(get_locale()) == "en" else "nl")


@bp.route("/medewerkers/nieuw", methods=["GET", "POST"])
@EDITOR
def new_employee():
    form = _with_sites(EmployeeForm())
    if form.validate_on_submit() and (added := attempt(form, lambda: services.add_employee(
            actor().organisation, form.to_input()))):
        flash(_("%(name)s has been added to the roster.", name=added.result.name), "success")
        return redirect(url_for("employers.roster"))
    return render_form("employers/employee_form.html", form, employee=None)


@bp.route("/medewerkers/<int:employee_id>", methods=["GET", "POST"])
@VIEWER
def edit_employee(employee_id: int):
    employee = get_for_org(Employee, employee_id)
    form = _with_sites(EmployeeForm(obj=employee))
    if not form.is_submitted():
        form.fill(employee)
    if actor().can(Role.member) and form.validate_on_submit() and attempt(
            form, lambda: services.update_employee(employee, form.to_input())):
        flash(_("The details of %(name)s have been saved.", name=employee.name), "success")
        return redirect(url_for("employers.roster"))
    return render_form("employers/employee_form.html", form, employee=employee, confirm=ConfirmForm())


@bp.route("/medewerkers/<int:employee_id>/archiveren", methods=["POST"])
@EDITOR
def archive_employee(employee_id: int):
    employee = get_for_org(Employee, employee_id)
    if request.form.get("terug") == "1":
        services.restore_employee(employee)
        flash(_("%(name)s is back on the roster.", name=employee.name), "success")
    else:
        services.archive_employee(employee)
        flash(_("%(name)s has been archived. You can bring the person back from the archive.", name=employee.name),
              "success")
    return redirect(url_for("employers.roster"))


# Training needs and matching ---------------------------------------------------------------------

@bp.route("/behoeften")
@VIEWER
def needs():
    rows = db.session.scalars(select(TrainingNeed).where(TrainingNeed.employer_id == actor().organisation.id)
                              .order_by(TrainingNeed.created_at.desc())).all()
    return render_template("employers/needs.html", needs=rows)


@bp.route("/behoeften/nieuw", methods=["GET", "POST"])
@EDITOR
def new_need():
    form = _with_sites(NeedForm())
    employees = db.session.scalars(select(Employee).where(
        Employee.employer_id == actor().organisation.id, Employee.archived_at.is_(None))
        .order_by(Employee.last_name)).all()
    form.employee_ids.choices = options([(e.id, f"{e.name} ({e.cefr_level or '?'})") for e in employees])
    if not form.is_submitted():
        form.earliest_start.data = clock.today() + dt.timedelta(days=14)
    if form.validate_on_submit() and (created := attempt(form, lambda: services.create_need(
            actor().organisation, form.to_input()))):
        return redirect(url_for("matching.show_need", need_id=created.result.id))
    return render_form("employers/need_form.html", form)


@bp.route("/behoeften/<int:need_id>/publiceren", methods=["POST"])
@EDITOR
def publish_need(need_id: int):
    need = get_for_org(TrainingNeed, need_id)
    if need.status == NeedStatus.published:
        services.close_need(need)
        flash(_("The need is no longer visible to providers."), "success")
    else:
        services.publish_need(need)
        flash(_("Providers in your region now see this need, without names or your organisation's identity."),
              "success")
    return redirect(url_for("matching.show_need", need_id=need.id))
