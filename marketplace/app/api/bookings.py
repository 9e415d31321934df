"""Bookings (CONTRACT.md): hold seats, confirm, cancel, swap; the provider accepts or declines."""

from __future__ import annotations

from typing import Literal

from flask import jsonify, request
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from invoices.services import invoices_for
from marketplace.bookings import services
from marketplace.bookings.loading import booking_for_actor
from marketplace.bookings.models import Booking, BookingStatus, Enrolment, PaymentMethod
from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.tenancy.organisations.models import OrgKind

from .core import Int, Strict, api_route, body_schema, int_cursor, json_body, page, page_args, parse

EMPLOYER_MEMBER = member(OrgKind.employer, role=Role.member)
PROVIDER_MEMBER = member(OrgKind.provider, role=Role.member)
EITHER_SIDE = member(OrgKind.employer, OrgKind.provider)


class BookingBody(Strict):
    run_id: Int
    employee_ids: list[Int] = Field(max_length=services.MAX_EMPLOYEES)
    waitlist: bool = False


class ConfirmBody(Strict):
    payment_method: Literal["invoice", "stripe"] = "invoice"


class CancelBody(Strict):
    employee_ids: list[Int] | None = None


class SwapBody(Strict):
    employee_id: Int
    colleague_id: Int


class DeclineBody(Strict):
    reason: str = Field(min_length=1, max_length=1000)


def enrolment_json(e: Enrolment) -> dict:
    funding = None
    if e.funding is not None:
        funding = {"cost_cents": e.funding.plan["cost_cents"], "subsidy_cents": e.funding.plan["subsidy_cents"],
                   "own_cents": e.funding.plan["own_cents"], "evaluated_on": e.funding.evaluated_on.isoformat(),
                   "schemes": [{"scheme": d["scheme"], "status": d["status"], "amount_cents": d["amount_cents"]}
                               for d in e.funding.decisions]}
    return {"id": e.id, "employee_id": e.employee_id, "status": e.status, "price_cents": e.price_cents,
            "cancellation_fee_cents": e.cancellation_fee_cents, "replaced_by": e.replaced_by_id, "funding": funding}


def booking_json(b: Booking, *, events: bool = False) -> dict:
    live = [e for e in b.live_enrolments if e.funding is not None]
    body = {
        "id": b.id, "run_id": b.run_id, "employer_id": b.employer_id, "provider_id": b.provider_id,
        "status": b.status, "seat_until": b.seat_until.isoformat() if b.seat_until else None,
        "payment_method": b.payment_method, "created_at": b.created_at.isoformat(),
        "confirmed_at": b.confirmed_at.isoformat() if b.confirmed_at else None,
        "enrolments": [enrolment_json(e) for e in b.enrolments],
        "funding": {key: sum(e.funding.plan[key] for e in live)
                    for key in ("cost_cents", "subsidy_cents", "own_cents")},
        "invoice_ids": [i.id for i in invoices_for(f"booking:{b.id}")]
        if b.confirmed_at is not None else [],  # only a booking once confirmed was ever invoiced
    }
    if events:
        body["events"] = [{"at": ev.at.isoformat(), "kind": ev.kind, "by": ev.user.name if ev.user else None,
                           "detail": ev.detail} for ev in b.events]
    return body


@api_route("/bookings", methods=("POST",), summary="Hold seats on a run for named employees (employers); "
           "with waitlist=true a full run puts them on its waiting list", requestBody=body_schema(BookingBody),
           responses={"201": {"description": "The booking, held (seat_until) or waitlisted"},
                      "409": {"description": "no_seats: the run cannot take them all"}})
@EMPLOYER_MEMBER
def create_booking():
    body = parse(BookingBody, json_body())
    booking = services.book_seats(actor(), services.BookingRequest(body.run_id, tuple(body.employee_ids),
                                                                   body.waitlist))
    return jsonify(booking_json(booking)), 201


@api_route("/bookings", summary="Bookings of the employer, or on the provider's runs; ?status= filters",
           responses={"200": {"description": "{items: [booking], next_cursor}"}})
@EITHER_SIDE
def list_bookings():
    limit, cursor = page_args()
    org = actor().organisation
    column = Booking.employer_id if org.kind == OrgKind.employer else Booking.provider_id
    query = (select(Booking).where(column == org.id).order_by(Booking.id.desc())
             .options(selectinload(Booking.enrolments)))
    if (status := request.args.get("status")) in BookingStatus.__members__:
        query = query.where(Booking.status == status)
    if (before := int_cursor(cursor)) is not None:
        query = query.where(Booking.id < before)
    return jsonify(page(db.session.scalars(query.limit(limit + 1)).all(), limit, lambda b: b.id, booking_json))


@api_route("/bookings/<int:booking_id>", summary="One booking with its enrolments, funding and history")
@EITHER_SIDE
def get_booking(booking_id: int):
    return jsonify(booking_json(booking_for_actor(booking_id), events=True))


@api_route("/bookings/<int:booking_id>/confirm", methods=("POST",), summary="Confirm a held or offered booking "
           "(employers): booked at once, or sent to the provider to accept", requestBody=body_schema(ConfirmBody))
@EMPLOYER_MEMBER
def confirm_booking(booking_id: int):
    body = parse(ConfirmBody, json_body() if request.content_length else {})
    booking = services.confirm(actor(), booking_for_actor(booking_id, "employer"), PaymentMethod(body.payment_method))
    return jsonify(booking_json(booking))


@api_route("/bookings/<int:booking_id>/cancel", methods=("POST",), summary="Cancel all or some enrolments under "
           "the run's cancellation terms (employers)", requestBody=body_schema(CancelBody))
@EMPLOYER_MEMBER
def cancel_booking(booking_id: int):
    body = parse(CancelBody, json_body() if request.content_length else {})
    booking = booking_for_actor(booking_id, "employer")
    ids = tuple(body.employee_ids) if body.employee_ids else None
    services.cancel(actor(), booking, ids)
    return jsonify(booking_json(booking))


@api_route("/bookings/<int:booking_id>/swap", methods=("POST",), summary="Give an employee's seat to a colleague "
           "before the start (employers)", requestBody=body_schema(SwapBody))
@EMPLOYER_MEMBER
def swap_booking(booking_id: int):
    body = parse(SwapBody, json_body())
    booking = booking_for_actor(booking_id, "employer")
    services.swap(actor(), booking, body.employee_id, body.colleague_id)
    return jsonify(booking_json(booking))


@api_route("/bookings/<int:booking_id>/accept", methods=("POST",), summary="Accept a requested booking (providers)")
@PROVIDER_MEMBER
def accept_booking(booking_id: int):
    booking = services.accept(actor(), booking_for_actor(booking_id, "provider"))
    return jsonify(booking_json(booking))


@api_route("/bookings/<int:booking_id>/decline", methods=("POST",), summary="Decline a requested booking, with a "
           "reason (providers)", requestBody=body_schema(DeclineBody))
@PROVIDER_MEMBER
def decline_booking(booking_id: int):
    body = parse(DeclineBody, json_body())
    booking = services.decline(actor(), booking_for_actor(booking_id, "provider"), body.reason)
    return jsonify(booking_json(booking))
