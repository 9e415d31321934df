"""`taalmarkt seed scale`: a synthetic national-scale data set for benchmarks (CONTRACT.md).

At factor 1: 400 providers with their locations, quality marks and courses (``providers``); 30,000 course runs
with their lessons (``runs``); 20,000 employers and 250,000 employees on their rosters (``employers``); 600,000
enrolments in their bookings (``bookings``). Where the product has a rule for what the seed writes (a run's
lessons and search aids, a cancellation fee, how long a hold lasts), the seed calls it rather than restating it.
Attendance does not exist in the data model yet.

Each step in ``command.STEPS`` has its own random stream, so a step added later never changes the rows of earlier
ones. Rows go in with bulk Core inserts (``world.Writer``), ids assigned here so children can point at parents
before the database has seen them. The same ``--seed`` and ``--base-date`` on an empty database give the same
rows.
"""

from .command import seed_group

__all__ = ["seed_group"]
