"""One clock for the whole marketplace: now (aware, UTC) and today (in Amsterdam).

Courses, deadlines and go/no-go dates are Dutch calendar days, so "today" is always Amsterdam's date,
also on a server that runs in UTC. Domain functions take ``on=`` (a day) or ``now=`` (a moment) and
call these only as their default; a test fails on any other reading of the clock in the project.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now() -> dt.datetime:
    """This moment, timezone-aware in UTC (as timestamps are stored)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in Amsterdam."""
    return local_date(now())


def local_date(moment: dt.datetime) -> dt.date:
    """The Amsterdam calendar day of a moment."""
    return moment.astimezone(AMSTERDAM).date()
