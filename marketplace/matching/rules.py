"""Scoring one course run against one training need: hard constraints and score parts, with reasons.

Pure: plain data in, a verdict out. The weights are documented in docs/matching.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from babel.dates import get_day_names

from marketplace.core.translation import gettext as _
from marketplace.core.translation import ngettext
from providers.schedule import parse_slots
from providers.vocabulary import Cefr

#: Weight of each score part; a perfect run scores 100.
WEIGHTS = {"level": 25, "place": 20, "schedule": 15, "price": 15, "start": 10, "marks": 10, "format": 5}
#: Place scores: the run comes to the site, or is near it, or is online.
PLACE_SCORES = {"in_company": 1.0, "same_municipality": 1.0, "same_region": 0.8, "online": 0.6, "neighbour": 0.5}
PRICE_CEILING_CENTS = 200_000  # without a budget, the price part falls linearly to 0 at EUR 2,000
START_HORIZON_DAYS = 180


@dataclass(frozen=True)
class Window:
    weekday: int  # 0 = Monday
    start: int  # minutes after midnight
    end: int

    def holds(self, weekday: int, start: int, end: int) -> bool:
        return weekday == self.weekday and self.start <= start and end <= self.end


@dataclass(frozen=True)
class NeedSpec:
    learners: int
    level: Cefr  # the lowest current level of the group
    target: Cefr
    formats: frozenset[str]  # empty: any
    municipality_id: int
    region: str
    neighbours: frozenset[str]
    windows: tuple[Window, ...]
    earliest_start: dt.date
    budget_cents: int | None
    today: dt.date
    employer_id: int


@dataclass
class Candidate:
    run_id: int
    format: str
    place_kind: str
    municipality_id: int | None
    location_region: str | None
    regions: tuple[str, ...]
    cefr_from: Cefr
    cefr_to: Cefr
    start_date: dt.date
    booking_deadline: dt.date
    price_cents: int
    seats_left: int
    weekday_mask: int
    first_minute: int | None
    last_minute: int | None
    marks: int
    #: the run's weekly slots as stored (CourseRun.slots), parsed only when the timetable needs them
    slots_text: str = ""

    @cached_property
    def slots(self) -> list[tuple[int, int, int, int]]:
        """(weekday, start minute, end minute, number of lessons) per weekly slot, Amsterdam time."""
        return parse_slots(self.slots_text)


@dataclass
class Verdict:
    run_id: int
    score: int = 0
    parts: dict[str, float] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # the hard constraints it fails: level, seats, deadline, ...
    reasons: list[str] = field(default_factory=list)  # why it ranks where it does (filled by explain)
    exclusions: list[str] = field(default_factory=list)  # what it fails, in words (filled by explain)

    @property
    def fits(self) -> bool:
        return not self.failed


def summary_fits(need: NeedSpec, c: Candidate) -> bool | None:
    """True when the search aids prove every lesson fits a window; None when only the lessons can tell."""
    if c.first_minute is None or not need.windows:
        return None
    days = [d for d in range(7) if c.weekday_mask & (1 << d)]
    if all(any(w.holds(d, c.first_minute, c.last_minute) for w in need.windows) for d in days):
        return True
    return None


def place(need: NeedSpec, c: Candidate) -> tuple[str | None, float]:
    if c.place_kind == "online":
        return "online", PLACE_SCORES["online"]
    if c.place_kind == "in_company":
        return ("in_company", PLACE_SCORES["in_company"]) if need.region in c.regions else (None, 0.0)
    if c.municipality_id == need.municipality_id:
        return "same_municipality", PLACE_SCORES["same_municipality"]
    if c.location_region == need.region:
        return "same_region", PLACE_SCORES["same_region"]
    if c.location_region in need.neighbours:
        return "neighbour", PLACE_SCORES["neighbour"]
    return None, 0.0


def assess(need: NeedSpec, c: Candidate) -> Verdict:
    """The hard constraints the run fails and its score parts: arithmetic only, for every candidate."""
    v = Verdict(c.run_id)
    level = need.level.rank
    if not (c.cefr_from.rank <= level < c.cefr_to.rank):
        v.failed.add("level")
    start_fit = 1 - 0.25 * max(0, level - c.cefr_from.rank)
    target_fit = 1.0 if c.cefr_to.rank >= need.target.rank else 0.5
    v.parts["level"] = round(0.7 * start_fit + 0.3 * target_fit, 3)
    if c.seats_left < need.learners:
        v.failed.add("seats")
    if c.booking_deadline < need.today:
        v.failed.add("deadline")
    if c.start_date < need.earliest_start:
        v.failed.add("start")
    days_after = max(0, (c.start_date - need.earliest_start).days)
    v.parts["start"] = round(1 - min(days_after, START_HORIZON_DAYS) / START_HORIZON_DAYS, 3)
    v.parts["place"] = place(need, c)[1]
    v.parts["schedule"] = schedule_share(need, c)
    if v.parts["schedule"] < 1:
        v.failed.add("schedule")
    if need.budget_cents:
        over = max(0, c.price_cents - need.budget_cents)
        v.parts["price"] = round(max(0.0, 1 - over / need.budget_cents), 3)
    else:
        v.parts["price"] = round(1 - min(c.price_cents, PRICE_CEILING_CENTS) / PRICE_CEILING_CENTS, 3)
    v.parts["marks"] = min(c.marks, 2) / 2
    v.parts["format"] = 1.0 if not need.formats or c.format in need.formats else 0.3
    v.score = round(sum(WEIGHTS[k] * v.parts[k] for k in WEIGHTS))
    return v


def outside_windows(need: NeedSpec, c: Candidate) -> Counter:
    """Lessons per weekday that fall outside every window."""
    outside: Counter = Counter()
    for day, start, end, count in c.slots:
        if not any(w.holds(day, start, end) for w in need.windows):
            outside[day] += count
    return outside


def schedule_share(need: NeedSpec, c: Candidate) -> float:
    """The share of lessons inside the windows (1.0 without windows)."""
    if not need.windows or summary_fits(need, c):
        return 1.0
    total = sum(n for *_slot, n in c.slots)
    return round(1 - sum(outside_windows(need, c).values()) / total, 3) if total else 0.0


def explain(need: NeedSpec, c: Candidate, v: Verdict, locale: str) -> Verdict:
    """The reasons behind a verdict, in the user's language: only for the results that are shown."""
    if "level" in v.failed:
        if c.cefr_from.rank > need.level.rank:
            v.exclusions.append(_("It starts at %(from)s, above your group's level %(level)s.",
                                  **{"from": c.cefr_from, "level": need.level}))
        else:
            v.exclusions.append(_("It leads to %(to)s, which your group already has.", to=c.cefr_to))
    else:
        v.reasons.append(_("Level %(from)s to %(to)s fits your group (%(level)s, aiming at %(target)s).",
                           **{"from": c.cefr_from, "to": c.cefr_to, "level": need.level, "target": need.target}))
    if "seats" in v.failed:
        v.exclusions.append(ngettext("Only %(num)d seat left for your %(group)d learners.",
                                     "Only %(num)d seats left for your %(group)d learners.",
                                     c.seats_left, group=need.learners))
    else:
        v.reasons.append(_("%(seats)d seats left: room for all %(group)d learners.",
                           seats=c.seats_left, group=need.learners))
    if "deadline" in v.failed:
        v.exclusions.append(_("Booking closed on %(date)s.", date=c.booking_deadline.isoformat()))
    if "start" in v.failed:
        v.exclusions.append(_("It starts on %(date)s, before your earliest start.", date=c.start_date.isoformat()))
    v.reasons.append(_("Starts %(date)s.", date=c.start_date.isoformat()))
    v.reasons.append({
        "in_company": _("In-company: the teacher comes to your site."),
        "same_municipality": _("In your own municipality."),
        "same_region": _("In your labour-market region."),
        "neighbour": _("In a neighbouring region."),
        "online": _("Online."),
    }.get(place(need, c)[0], _("Far from your site.")))
    if need.windows and "schedule" not in v.failed:
        v.reasons.append(_("Every lesson falls inside your windows."))
    elif need.windows:
        names = get_day_names("wide", locale=locale)
        for day, count in sorted(outside_windows(need, c).items()):
            v.exclusions.append(ngettext("%(num)d lesson on %(day)s falls outside your windows.",
                                         "%(num)d lessons on %(day)s fall outside your windows.", count,
                                         day=names[day]))
    if c.marks:
        v.reasons.append(ngettext("The provider holds %(num)d valid quality mark.",
                                  "The provider holds %(num)d valid quality marks.", c.marks))
    if v.parts["format"] < 1:
        v.reasons.append(_("Not the form you prefer."))
    return v
