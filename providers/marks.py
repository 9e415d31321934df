"""Quality marks: a provider records them; any change undoes an earlier verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.errors import ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation

from .models import MarkKind, QualityMark


@dataclass(frozen=True)
class MarkDetails:
    kind: MarkKind
    number: str
    valid_from: dt.date
    valid_until: dt.date
    label: str | None = None


def _check(details: MarkDetails) -> None:
    errors: dict[str, list[str]] = {}
    if details.valid_until < details.valid_from:
        errors["valid_until"] = [_("The end date lies before the start date.")]
    if details.kind == MarkKind.other and not (details.label or "").strip():
        errors["label"] = [_("Name the quality mark.")]
    if not details.number.strip():
        errors["number"] = [_("Fill in the certificate number.")]
    if errors:
        raise ValidationError(errors)


def add_mark(provider: Organisation, details: MarkDetails) -> QualityMark:
    _check(details)
    mark = QualityMark(organisation=provider, kind=details.kind, number=details.number.strip(),
                       label=(details.label or "").strip() or None,
                       valid_from=details.valid_from, valid_until=details.valid_until)
    db.session.add(mark)
    db.session.flush()
    return mark


def update_mark(mark: QualityMark, details: MarkDetails) -> None:
    _check(details)
    changed = (mark.kind, mark.number, mark.valid_from, mark.valid_until) != (
        details.kind, details.number.strip(), details.valid_from, details.valid_until)
    mark.kind, mark.number = details.kind, details.number.strip()
    mark.label = (details.label or "").strip() or None
    mark.valid_from, mark.valid_until = details.valid_from, details.valid_until
    if changed:
        mark.verified_at, mark.verified_by_id = None, None  # a changed certificate needs a new check
    db.session.flush()


def verify(mark: QualityMark, admin: User) -> None:
    """A platform admin checked the certificate; the verified badge shows on public pages."""
    mark.verified_at, mark.verified_by_id = clock.now(), admin.id
    db.session.flush()


def valid_marks(provider_ids: set[int], on: dt.date) -> dict[int, list[QualityMark]]:
    """The marks valid on ``on`` per provider, in one query for a whole page of runs."""
    if not provider_ids:
        return {}
    found: dict[int, list[QualityMark]] = {}
    for mark in db.session.scalars(select(QualityMark).where(
            QualityMark.provider_id.in_(provider_ids), QualityMark.valid_from <= on,
            QualityMark.valid_until >= on).order_by(QualityMark.kind)):
        found.setdefault(mark.provider_id, []).append(mark)
    return found


def valid_mark_kinds(provider_ids: set[int], on: dt.date) -> dict[int, list[str]]:
    """The kinds of the valid marks per provider, as the subsidy engine's facts name them."""
    return {org: [m.kind for m in marks] for org, marks in valid_marks(provider_ids, on).items()}
