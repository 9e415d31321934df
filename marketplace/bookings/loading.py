"""Loading a booking for the acting organisation: its employer or its run's provider, else 404."""

from __future__ import annotations

from flask import abort

from marketplace.core.access import actor
from marketplace.core.db import db

from .models import Booking


def booking_for_actor(booking_id: int, side: str | None = None) -> Booking:
    """``side`` ("employer" or "provider") limits it to one side; another tenant's booking is a 404."""
    booking = db.session.get(Booking, booking_id)
    org = actor().organisation
    sides = {"employer": booking.employer_id, "provider": booking.provider_id} if booking else {}
    if booking is None or org.id not in ([sides[side]] if side else sides.values()):
        abort(404)
    return booking
