"""Status changes along transition tables: every status in the marketplace moves here and nowhere else.

Each stateful model keeps its table next to it (``RUN_TRANSITIONS``, ``booking TRANSITIONS``, ...) and a
``move_to`` that calls ``move``; a test fails on any other assignment of a ``status`` or ``state``. A new
row starts in its first status through its constructor.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from enum import StrEnum
from typing import TypeVar

from marketplace.core.errors import DomainError

S = TypeVar("S", bound=StrEnum)


def move(row: object, to: S, transitions: Mapping[S, Collection[S]], refused: Callable[[S, S], DomainError], *,
         field: str = "status") -> None:
    """Set ``row``'s ``field`` to ``to`` if ``transitions`` allows that from where it is; otherwise raise the
    error ``refused(current, to)`` makes (a message the user can read) and change nothing."""
    current = getattr(row, field)
    if to not in transitions.get(current, ()):
        raise refused(current, to)
    setattr(row, field, to)
