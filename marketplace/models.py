"""Every model module, imported once so the metadata (and Alembic) sees all tables."""

from marketplace.accounts.models import ApiToken, Invitation, Membership, User  # noqa: F401
from marketplace.db import Base
from marketplace.employers.models import Employee, NeedEmployee, NeedWindow, Site, TrainingNeed  # noqa: F401
from marketplace.organisations.models import Organisation  # noqa: F401
from marketplace.regions.models import Municipality, Region  # noqa: F401
from providers.catalogue import Course, CourseLanguage, CourseRun, CourseTag, RunChange, RunRegion, Session  # noqa: F401
from providers.models import Location, QualityMark  # noqa: F401

metadata = Base.metadata
