"""Signals at the seams between packages (blinker, as Flask, Indico and pretix use them).

A lower package declares its signals and sends them; a higher one connects receivers, so the lower package
never imports the higher. Two kinds:

- an *event* tells what happened (``run_cancelled.send(run)``); any number of receivers act on it, in the
  sender's transaction;
- a *question* asks for a value only a higher package knows; exactly one receiver answers it (``answer``).
  A question nobody answers is an error, never a silent default.
"""

from __future__ import annotations

from typing import Any

from blinker import Signal


class NoAnswer(RuntimeError):
    """A question signal had no receiver, or more than one."""


def answer(signal: Signal, sender: Any = None, **kwargs: Any) -> Any:
    """The one receiver's answer to a question signal."""
    results = signal.send(sender, **kwargs)
    if len(results) != 1:
        raise NoAnswer(f"the question {signal.name!r} needs exactly one receiver, not {len(results)}: "
                       "is the package that answers it imported?")
    return results[0][1]
