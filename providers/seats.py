"""Seats taken on a run: recomputed from bookings, never kept as a counter.

Until bookings exist no seat is taken. The bookings capability sets ``taken_source`` to a function
returning a SQL expression (correlated on ``CourseRun.id``) that counts held and confirmed enrolments,
so search, matching and run pages all count seats the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import literal
from sqlalchemy.sql import ColumnElement

taken_source: Callable[[], ColumnElement[int]] | None = None


def taken_expression() -> ColumnElement[int]:
    return taken_source() if taken_source else literal(0)


def seats_left_expression() -> ColumnElement[int]:
    from .catalogue import CourseRun

    return CourseRun.capacity_max - taken_expression()
