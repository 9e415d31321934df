"""What the supply side tells the rest of the marketplace, and asks of it, without knowing bookings.

The bookings feature connects its receivers when it is imported (``marketplace.bookings.receivers``);
attendance and claims can connect to the same events. See ``marketplace.core.signals`` for events and
questions.
"""

from blinker import Namespace

_signals = Namespace()

seats_taken = _signals.signal("seats-taken", doc="""Question, no sender.

The answer: a SQL expression, correlated on ``CourseRun.id``, counting the seats a run has given away at
this moment. Search, run pages and matching count seats with it.""")

booked_parties = _signals.signal("booked-parties", doc="""Question, sender: a CourseRun.

The answer: the organisations with a live booking on the run, as (organisation, e-mail address) pairs.""")

run_changed = _signals.signal("run-changed", doc="""Event, sender: a CourseRun with bookings whose price, dates
or lessons changed; ``change``: the RunChange recorded with the reason.""")

run_cancelled = _signals.signal("run-cancelled", doc="""Event, sender: a CourseRun the provider cancelled; it is
already cancelled when the signal is sent.""")
