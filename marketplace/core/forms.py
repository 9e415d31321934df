"""Glue between forms and services: a service call per submitted form, its errors back onto the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import render_template
from wtforms import DecimalField, SelectChoice
from wtforms.widgets import TextInput

from marketplace.core import jobs
from marketplace.core.db import db
from marketplace.core.errors import DomainError, ValidationError

T = TypeVar("T")


def apply_errors(form, error: DomainError) -> None:
    """Put a service's errors on the form's fields; errors without a field go to the form itself."""
    fields = error.fields if isinstance(error, ValidationError) else {error.field: [error.message]}
    for name, messages in fields.items():
        target = getattr(form, name, None) if name else None
        if target is None:
            form.form_errors.extend(str(m) for m in messages)
        else:
            target.errors = list(target.errors) + [str(m) for m in messages]


def render_form(template: str, form, **context):
    """Render a form page; with errors the status is 422, so the request's transaction is rolled back."""
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select or radio field."""
    return [SelectChoice(value, label) for value, label in pairs]


class EuroField(DecimalField):
    """An amount in euros as people type it in the Netherlands: "450,00", "450.00" or "1.250,50"."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, places=2, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            text = valuelist[0].strip().replace(" ", "").replace("€", "").removeprefix("EUR")
            if "," in text:  # Dutch notation: dots group thousands, the comma marks the cents
                text = text.replace(".", "").replace(",", ".")
            valuelist = [text]
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """The outcome of a form's service call: true when it was done, with the service's ``result``."""

    done: bool
    result: T | None = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.done


def attempt(form, action: Callable[[], T]) -> Attempt[T]:
    """Run a submitted form's one service call in a savepoint. When the service refuses, nothing it wrote
    is kept, none of the mail or jobs it asked for is sent, and its errors go onto the form's fields (or,
    without a form, into the outcome's ``error``)."""
    count = jobs.pending_count()
    try:
        with db.session.begin_nested():
            return Attempt(True, action())
    except DomainError as e:
        jobs.forget_since(count)
        if form is not None:
            apply_errors(form, e)
        return Attempt(False, error=e)
