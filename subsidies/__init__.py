"""Taalmarkt's subsidy rules as code: dated, sourced parameter files and a pure evaluation engine.

Facts in, decisions out; no Flask, no database, no clock (see docs/subsidies.md).
"""

from subsidies.admin import parameter_history
from subsidies.catalogue import Catalogue, load_schemes
from subsidies.compare import ParameterComparison, VerdictChange, compare_parameter_sets
from subsidies.decision import Check, Decision, Result, Status
from subsidies.engine import evaluate
from subsidies.errors import FactsError, ParameterError, SubsidyError
from subsidies.facts import (
    NONE,
    CourseFacts,
    EmployeeFacts,
    EmployerFacts,
    Facts,
    PriorSubsidy,
    facts_from_dict,
    request_schema,
)
from subsidies.funding import Allocation, CostItem, FundingPlan, course_cost_items, plan_funding
from subsidies.response import eligibility_response, parse_eligibility_request

__all__ = [
    "NONE",
    "Allocation",
    "Catalogue",
    "Check",
    "CostItem",
    "CourseFacts",
    "Decision",
    "EmployeeFacts",
    "EmployerFacts",
    "Facts",
    "FactsError",
    "FundingPlan",
    "ParameterComparison",
    "ParameterError",
    "PriorSubsidy",
    "Result",
    "Status",
    "SubsidyError",
    "VerdictChange",
    "compare_parameter_sets",
    "course_cost_items",
    "eligibility_response",
    "evaluate",
    "facts_from_dict",
    "load_schemes",
    "parameter_history",
    "parse_eligibility_request",
    "plan_funding",
    "request_schema",
]
