"""Seats left on a run: recomputed from the bookings, never kept as a counter.

The supply side knows no bookings: it asks for the count with the ``seats_taken`` question signal, which
the bookings feature answers, so search, matching and run pages all count seats the same way.
"""

from __future__ import annotations

from sqlalchemy.sql import ColumnElement

from marketplace.core.signals import answer

from .catalogue import CourseRun
from .signals import booked_parties, seats_taken


def seats_left_expression() -> ColumnElement[int]:
    """SQL: the run's free seats at this moment (correlated on ``CourseRun.id``)."""
    return CourseRun.capacity_max - answer(seats_taken)


def has_bookings(run: CourseRun) -> bool:
    """Whether any employer holds a live booking on the run."""
    return bool(answer(booked_parties, run))
