"""Errors the subsidy engine raises, each with a message a person can act on."""


class SubsidyError(Exception):
    """Base of the subsidy engine's errors."""


class ParameterError(SubsidyError):
    """A scheme or parameter file is malformed; the message names the file and the key."""

    def __init__(self, path, key: str, problem: str):
        self.path = str(path)
        self.key = key
        self.problem = problem
        super().__init__(f"{self.path}: {key}: {problem}")


class FactsError(SubsidyError):
    """The facts of an eligibility question are invalid.

    `fields` maps a dotted path ("employee.cao_phase") to what is wrong with it, in the shape of the
    API's `error.fields`.
    """

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(fields.items()))
        super().__init__(f"invalid facts: {summary}")


class CatalogueMissing(SubsidyError):
    """A language's compiled catalogue of the rule texts is not there (`make translations` makes it)."""
