"""What the roster asks of the features above it, without knowing them (see ``marketplace.core.signals``).

``marketplace.funding`` answers when it is imported (``funding.budgets``).
"""

from blinker import Namespace

_signals = Namespace()

budgets_left = _signals.signal("budgets-left", doc="""Question, sender: the employer (an Organisation);
``employee_ids``: the people on the page.

The answer: per employee id, what is left this year of each budget a scheme keeps per worker and the employer
applies for (``funding.budgets.BudgetLeft``), read for the whole page at once; empty when it sees none.""")
