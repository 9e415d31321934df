"""Domain errors: raised by services, with a message a user can read."""


class DomainError(Exception):
    """A rule of the domain was broken. ``field`` names the form or JSON field at fault, if one is.

    Escaping a view it rolls the request back and answers ``status`` (the API's error shape, or the page
    the user came from with the message); a form shows it on its fields instead (``forms.attempt``)."""

    code = "invalid"
    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """Several fields are wrong at once; ``fields`` maps each to its messages."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        first = next(iter(fields.values()))[0] if fields else "Invalid input."
        super().__init__(first)
        self.fields = fields


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409
