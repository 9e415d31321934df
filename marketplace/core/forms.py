"""Glue between forms and services: domain errors back onto form fields."""

from __future__ import annotations

from flask import render_template
from wtforms import DecimalField, SelectChoice
from wtforms.widgets import TextInput

from marketplace.core.errors import DomainError, ValidationError


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
