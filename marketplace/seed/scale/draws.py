"""Random draws the steps share: fast weighted choices, moments and days, and fair shares of a total.

Each helper takes the step's own ``random.Random``, so the rows depend on the seed alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterable


class Weighted:
    """``rng.choices(values, weights)[0]`` with the cumulative weights summed once: the same single draw."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, values: Iterable, weights: Iterable[float]) -> None:
        self.values = tuple(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def one(rng: random.Random, values: tuple | list):
    """``rng.choice``, in one draw (a hot path: a million calls at factor 1)."""
    return values[int(rng.random() * len(values))]


def between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A whole second from start on, before end (start when end is not later)."""
    return start + dt.timedelta(seconds=int(rng.random() * max(0.0, (end - start).total_seconds())))


def days_before(rng: random.Random, day: dt.date, least: int, most: int) -> dt.date:
    return day - dt.timedelta(days=least + int(rng.random() * (most - least + 1)))


def apportion(total: int, weights: list[float], floor: int = 0) -> list[int]:
    """``total`` shared out in proportion to ``weights``, at least ``floor`` each (when there is enough), the
    rounding left over going to the largest remainders (ties to the first): whole numbers summing to total."""
    floor = floor if total >= floor * len(weights) else 0
    spread, whole = total - floor * len(weights), sum(weights)
    exact = [spread * w / whole if whole else 0.0 for w in weights]
    shares = [floor + int(x) for x in exact]
    for i in sorted(range(len(shares)), key=lambda i: (int(exact[i]) - exact[i], i))[:total - sum(shares)]:
        shares[i] += 1
    return shares
