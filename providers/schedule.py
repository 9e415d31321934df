"""Weekly patterns: generate a run's lessons, and describe them in words ("di en do 15:30-17:30, 12 weken").

Pure functions on dates and times; lesson times are Amsterdam wall-clock times stored as UTC.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import holidays
from babel.dates import get_day_names

from marketplace.core.clock import AMSTERDAM

from .vocabulary import WEEKDAYS


@dataclass(frozen=True)
class WeeklyPattern:
    weekdays: tuple[str, ...]  # mon..sun
    start_time: dt.time
    end_time: dt.time
    first_date: dt.date
    last_date: dt.date
    skip_public_holidays: bool = True
    excluded_dates: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Skipped:
    day: dt.date
    reason: str  # the holiday's name, or "excluded"


def lesson_times(pattern: WeeklyPattern) -> tuple[list[tuple[dt.datetime, dt.datetime]], list[Skipped]]:
    """Start and end (UTC) of every lesson the pattern gives, and the days it skipped and why.

    Dutch public holidays come from the `holidays` package (NL), so a pattern over Easter or King's
    Day leaves those days out without the provider having to remember them.
    """
    wanted = {WEEKDAYS.index(d) for d in pattern.weekdays}
    years = range(pattern.first_date.year, pattern.last_date.year + 1)
    public = _public_holidays(tuple(years)) if pattern.skip_public_holidays else {}
    times, skipped = [], []
    day = pattern.first_date
    while day <= pattern.last_date:
        if day.weekday() in wanted:
            if day in public:
                skipped.append(Skipped(day, public.get(day)))
            elif day in pattern.excluded_dates:
                skipped.append(Skipped(day, "excluded"))
            else:
                times.append((to_utc(day, pattern.start_time), to_utc(day, pattern.end_time)))
        day += dt.timedelta(days=1)
    return times, skipped


def to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=AMSTERDAM).astimezone(dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(AMSTERDAM)


@dataclass(frozen=True)
class Summary:
    """Search aids for a run, derived from its lessons (see CourseRun.weekday_mask and CourseRun.slots)."""

    weekday_mask: int
    first_minute: int | None
    last_minute: int | None
    count: int
    slots: str  # "weekday:start-end*count,..." (minutes, Amsterdam time), e.g. "1:930-1050*12,3:930-1050*12"


def summarise(lessons: Iterable[tuple[dt.datetime, dt.datetime]]) -> Summary:
    mask, first, last, count = 0, None, None, 0
    slots: Counter = Counter()
    for starts_at, ends_at in lessons:
        start, end = local(starts_at), local(ends_at)
        mask |= 1 << start.weekday()
        start_minute = start.hour * 60 + start.minute
        end_minute = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
        first = start_minute if first is None else min(first, start_minute)
        last = end_minute if last is None else max(last, end_minute)
        slots[(start.weekday(), start_minute, end_minute)] += 1
        count += 1
    return Summary(mask, first, last, count, format_slots(slots))


def format_slots(slots: Counter) -> str:
    return ",".join(f"{d}:{s}-{e}*{n}" for (d, s, e), n in sorted(slots.items()))


def parse_slots(text: str | None) -> list[tuple[int, int, int, int]]:
    """(weekday, start minute, end minute, number of lessons) per distinct weekly slot."""
    found = []
    for item in (text or "").split(","):
        if item:
            day, rest = item.split(":")
            times, n = rest.split("*")
            start, end = times.split("-")
            found.append((int(day), int(start), int(end), int(n)))
    return found


def overlaps(lessons: list[tuple[dt.datetime, dt.datetime]]) -> list[int]:
    """Indexes of lessons that start before the previous one (in time order) ends."""
    ordered = sorted(range(len(lessons)), key=lambda i: lessons[i][0])
    return [b for a, b in zip(ordered, ordered[1:], strict=False) if lessons[b][0] < lessons[a][1]]


def describe(lessons: list[tuple[dt.datetime, dt.datetime]], locale: str) -> str:
    """The weekly pattern in words: "di en do 15:30-17:30, 12 weken" or "Tue and Thu 15:30-17:30, 12 weeks".

    Each weekday is shown with its most common time slot.
    """
    if not lessons:
        return ""
    slots = Counter((local(s).weekday(), local(s).strftime("%H:%M"), local(e).strftime("%H:%M")) for s, e in lessons)
    by_time: dict[tuple[str, str], list[int]] = {}
    seen: set[int] = set()
    for (weekday, start, end), _count in slots.most_common():
        if weekday not in seen:
            seen.add(weekday)
            by_time.setdefault((start, end), []).append(weekday)
    parts = [f"{_days(sorted(days), locale)} {start}-{end}" for (start, end), days in by_time.items()]
    ordered = sorted(s for s, _e in lessons)
    return f"{'; '.join(parts)}, {_weeks(local(ordered[0]).date(), local(ordered[-1]).date(), locale)}"


def describe_summary(weekday_mask: int, first_minute: int | None, last_minute: int | None,
                     first_date: dt.date, last_date: dt.date, locale: str) -> str:
    """The pattern in words from a run's search aids alone (no lessons loaded): for result lists."""
    if not weekday_mask or first_minute is None or last_minute is None:
        return ""
    days = _days([d for d in range(7) if weekday_mask & (1 << d)], locale)
    return f"{days} {_clock(first_minute)}-{_clock(last_minute)}, {_weeks(first_date, last_date, locale)}"


def _days(weekdays: list[int], locale: str) -> str:
    names = get_day_names("abbreviated", locale=locale)
    listed = [names[d].rstrip(".") for d in weekdays]
    joiner = " en " if locale == "nl" else " and "
    return ", ".join(listed[:-1]) + joiner + listed[-1] if len(listed) > 1 else listed[0]


def _weeks(first: dt.date, last: dt.date, locale: str) -> str:
    weeks = (last - first).days // 7 + 1
    if locale == "nl":
        return f"{weeks} {'week' if weeks == 1 else 'weken'}"
    return f"{weeks} {'week' if weeks == 1 else 'weeks'}"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@cache
def _public_holidays(years: tuple[int, ...]) -> dict[dt.date, str]:
    """Dutch public holidays of these years (the table is built once per set of years)."""
    return dict(holidays.country_holidays("NL", years=years))
