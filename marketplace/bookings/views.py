"""Booking pages: book from a run, the booking with its timeline, and the lists of both sides."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from invoices.services import invoices_for
from marketplace.core import clock
from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.core.forms import attempt, options, render_form
from marketplace.core.i18n import money
from marketplace.core.translation import gettext as _
from marketplace.core.translation import lazy_gettext as _l
from marketplace.employers.models import Employee, TrainingNeed
from marketplace.funding.budgets import budgets_left
from marketplace.funding.eligibility_views import LABELS
from marketplace.funding.reasons import fixes, reasons
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind
from providers.catalogue import CourseRun
from providers.public import run_address, visible_runs
from providers.schedule import describe
from subsidies import load_schemes

from . import billing, services
from .forms import PAYMENT_LABELS, BookForm, CancelForm, ConfirmBookingForm, DeclineForm, SwapForm
from .loading import booking_for_actor
from .models import LIVE_SEATS, STATUS_LABELS, TIMED, Booking, BookingStatus, Enrolment, PaymentMethod

bp = Blueprint("bookings", __name__)

EMPLOYER_EDITOR = member(OrgKind.employer, role=Role.member)
PROVIDER_EDITOR = member(OrgKind.provider, role=Role.member)
EITHER_SIDE = member(OrgKind.employer, OrgKind.provider)
PAGE_SIZE = 25

EVENT_LABELS = {
    "held": _l("Seats held"), "waitlisted": _l("Put on the waiting list"),
    "offered": _l("Seats offered from the waiting list"),
    "requested": _l("Confirmed by the employer; sent to the provider to accept"),
    "accepted": _l("Accepted by the provider"),
    "confirmed": _l("Booking confirmed"), "declined": _l("Declined by the provider"), "expired": _l("Expired"),
    "cancelled": _l("Cancelled"), "swapped": _l("Seat given to a colleague"), "run_confirmed": _l("The run goes ahead"),
    "run_cancelled": _l("The run was cancelled"), "reminded": _l("Learners reminded of the first lesson"),
}


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["booking_status_label"] = lambda status: STATUS_LABELS.get(status, status)
    state.app.jinja_env.globals["booking_event_label"] = lambda kind: EVENT_LABELS.get(kind, kind)
    state.app.jinja_env.globals["payment_label"] = lambda method: PAYMENT_LABELS.get(method, method)
    state.app.jinja_env.globals["scheme_name"] = _scheme_name


def _scheme_name(scheme_id: str, kept: str | None = None) -> str:
    """The scheme's name in the page's language (snapshots keep the name of the day they were made, ``kept``,
    which is shown for a scheme the named catalogue does not hold, such as a fund's own)."""
    try:
        scheme = load_schemes().scheme(scheme_id)
    except KeyError:
        return kept or scheme_id
    return scheme.name.in_language("nl" if _locale() == "nl" else "en")


def _stripe_enabled() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


def _roster(employer_id: int) -> list[Employee]:
    return db.session.scalars(select(Employee).where(Employee.employer_id == employer_id,
                                                     Employee.archived_at.is_(None))
                              .order_by(Employee.last_name, Employee.first_name)).all()


@bp.route("/werkgever/boeken/<int:run_id>", methods=["GET", "POST"])
@EMPLOYER_EDITOR
def new(run_id: int):
    run = db.session.scalar(visible_runs(select(CourseRun).where(CourseRun.id == run_id)))
    if run is None:
        abort(404)
    form = BookForm()
    form.employee_ids.choices = options([(e.id, f"{e.name} ({e.cefr_level or '?'})")
                                         for e in _roster(actor().organisation.id)])
    if request.method == "GET" and (need_id := request.args.get("behoefte", type=int)):
        need = db.session.get(TrainingNeed, need_id)
        if need is not None and need.employer_id == actor().organisation.id:
            form.employee_ids.data = [m.employee_id for m in need.members]
    request_ = services.BookingRequest(run.id, tuple(form.employee_ids.data or ()), bool(form.waitlist.data))
    if form.validate_on_submit() and (held := attempt(form, lambda: services.book_seats(actor(), request_))):
        booking = held.result
        flash(_("Seats held for 15 minutes: check the costs and confirm.") if booking.status == BookingStatus.held
              else _("The run is full: you are on the waiting list."), "success")
        return redirect(url_for(".show", booking_id=booking.id))
    left = run.capacity_max - services.seats_taken(run.id, clock.now())
    return render_form("bookings/new.html", form, run=run, seats_left=left, address=run_address(run))


@bp.route("/boekingen")
@EITHER_SIDE
def index():
    org = actor().organisation
    column = Booking.employer_id if org.kind == OrgKind.employer else Booking.provider_id
    page = min(max(1, request.args.get("pagina", 1, type=int)), 100_000)
    status = request.args.get("status")
    query = select(Booking).where(column == org.id)
    if status in BookingStatus.__members__:
        query = query.where(Booking.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    bookings = db.session.scalars(query.order_by(Booking.id.desc()).offset((page - 1) * PAGE_SIZE)
                                  .limit(PAGE_SIZE).options(joinedload(Booking.run), joinedload(Booking.employer),
                                                            joinedload(Booking.provider))).all()
    counts = dict(db.session.execute(select(Enrolment.booking_id, func.count()).where(
        Enrolment.booking_id.in_([b.id for b in bookings]), Enrolment.status.in_(LIVE_SEATS))
        .group_by(Enrolment.booking_id)).all()) if bookings else {}
    return render_template("bookings/index.html", bookings=bookings, counts=counts, page=page, status=status,
                           pages=max(1, -(-total // PAGE_SIZE)), total=total, statuses=list(BookingStatus),
                           provider_side=org.kind == OrgKind.provider)


@bp.route("/boekingen/<int:booking_id>")
@EITHER_SIDE
def show(booking_id: int):
    booking = booking_for_actor(booking_id)
    now = clock.now()
    employer_side = actor().organisation.id == booking.employer_id
    live = booking.live_enrolments
    colleagues = []
    if employer_side and booking.status in (*TIMED, BookingStatus.confirmed):
        booked = {e.employee_id for e in live}
        colleagues = [e for e in _roster(booking.employer_id) if e.id not in booked]
    cancel_form, swap_form = CancelForm(), SwapForm()
    cancel_form.employee_ids.choices = options([(e.employee_id, e.employee.name) for e in live])
    swap_form.employee_id.choices = options([(e.employee_id, e.employee.name) for e in live])
    swap_form.colleague_id.choices = options([(e.id, e.name) for e in colleagues])
    today = clock.local_date(now)
    return render_template(
        "bookings/show.html", booking=booking, run=booking.run, live=live, employer_side=employer_side,
        lapsed=booking.status in TIMED and booking.seat_until <= now, now=now,
        fees={e.id: services.cancellation_fee(e, booking.run, today) for e in live},
        totals=_totals(live), address=run_address(booking.run),
        pattern=describe([(s.starts_at, s.ends_at) for s in booking.run.lessons], _locale()),
        confirm_form=ConfirmBookingForm(stripe=_stripe_enabled()), cancel_form=cancel_form, swap_form=swap_form,
        decline_form=DeclineForm(), accept_form=ConfirmForm(), can_change=today < booking.run.start_date,
        invoices=invoices_for(billing.source(booking)), why=_why_not(booking) if employer_side else {},
        budgets=budgets_left(booking.employer, [e.employee_id for e in booking.enrolments]) if employer_side else {},
        lang="en" if _locale() == "en" else "nl", **LABELS)


def _locale() -> str:
    return str(get_locale())


def _why_not(booking: Booking) -> dict[int, list]:
    """Per enrolment, each scheme that does not pay: (decision, reason, what would change it), from its snapshot.

    The employer's side only: a reason may name what the roster says about the person (long-term sick)."""
    lang = _locale()
    return {e.id: [(d, reason, fixes(reason, e.employee_id)) for d, reason in reasons(e.funding.decisions, lang)]
            for e in booking.enrolments if e.funding is not None}


def _totals(enrolments: list[Enrolment]) -> dict:
    """Cost, subsidies and own share over the seats, from each enrolment's frozen funding plan."""
    plans = [e.funding.plan for e in enrolments if e.funding is not None]
    return {"cost_cents": sum(p["cost_cents"] for p in plans), "subsidy_cents": sum(p["subsidy_cents"] for p in plans),
            "own_cents": sum(p["own_cents"] for p in plans), "complete": len(plans) == len(enrolments)}


def _done(booking: Booking, message: str):
    flash(message, "success")
    return redirect(url_for(".show", booking_id=booking.id))


@bp.route("/boekingen/<int:booking_id>/bevestigen", methods=["POST"])
@EMPLOYER_EDITOR
def confirm(booking_id: int):
    booking = booking_for_actor(booking_id, "employer")
    form = ConfirmBookingForm(stripe=_stripe_enabled())
    if not form.validate_on_submit():
        abort(400)
    services.confirm(actor(), booking, PaymentMethod(form.payment_method.data))
    return _done(booking, _("Booked. Invitations are on their way to your learners.")
                 if booking.status == BookingStatus.confirmed
                 else _("Sent to the provider, who answers within %(days)d days.", days=booking.run.acceptance_days))


@bp.route("/boekingen/<int:booking_id>/annuleren", methods=["POST"])
@EMPLOYER_EDITOR
def cancel(booking_id: int):
    booking = booking_for_actor(booking_id, "employer")
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    cancelled = services.cancel(actor(), booking, tuple(form.employee_ids.data) or None)
    fee = sum(e.cancellation_fee_cents for e in cancelled)
    return _done(booking, _("Cancelled for %(n)d employees. Cancellation fee: %(fee)s.", n=len(cancelled),
                            fee=money(fee)))


@bp.route("/boekingen/<int:booking_id>/ruilen", methods=["POST"])
@EMPLOYER_EDITOR
def swap(booking_id: int):
    booking = booking_for_actor(booking_id, "employer")
    form = SwapForm()
    if not form.validate_on_submit():
        abort(400)
    new = services.swap(actor(), booking, form.employee_id.data, form.colleague_id.data)
    return _done(booking, _("The seat now goes to %(name)s.", name=new.employee.name))


@bp.route("/boekingen/<int:booking_id>/accepteren", methods=["POST"])
@PROVIDER_EDITOR
def accept(booking_id: int):
    booking = booking_for_actor(booking_id, "provider")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.accept(actor(), booking)
    return _done(booking, _("Accepted. The employer and the learners are told."))


@bp.route("/boekingen/<int:booking_id>/afwijzen", methods=["POST"])
@PROVIDER_EDITOR
def decline(booking_id: int):
    booking = booking_for_actor(booking_id, "provider")
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Give the employer a reason."), "error")
        return redirect(url_for(".show", booking_id=booking.id)), 303
    services.decline(actor(), booking, form.reason.data)
    return _done(booking, _("Declined. The employer is told."))
