"""The rules of each scheme, registered by scheme id in the contract's (stable) order."""

from subsidies.facts import SCHEME_IDS
from subsidies.rules import doorzaam_taalbudget, esf_plus, slim, slim_scholing, sowis, tel_mee_met_taal

_MODULES = (doorzaam_taalbudget, slim, slim_scholing, esf_plus, tel_mee_met_taal, sowis)
RULES = {module.SCHEME_ID: module.judge for module in _MODULES}
assert tuple(RULES) == SCHEME_IDS, "the rules registry and the scheme vocabulary must agree"

__all__ = ["RULES", "SCHEME_IDS"]
