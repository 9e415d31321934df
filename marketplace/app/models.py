"""Every model module, imported once so the metadata (and Alembic) sees all tables."""

from invoices.models import Invoice, InvoiceFile, InvoiceSequence  # noqa: F401
from invoices.payments import InvoiceReminder, Payment, Refund, StripeEvent  # noqa: F401
from invoices.payouts import Payout  # noqa: F401
from marketplace.bookings.models import Booking, BookingEvent, Enrolment  # noqa: F401
from marketplace.core.db import Base
from marketplace.core.mail import OutboxMessage  # noqa: F401
from marketplace.employers.models import Employee, NeedEmployee, NeedWindow, Site, TrainingNeed  # noqa: F401
from marketplace.employers.proposals import Proposal  # noqa: F401
from marketplace.funding.fund_schemes import FundScheme, FundSchemeVersion  # noqa: F401
from marketplace.funding.ledgers import BudgetEntry, DeMinimisAid, LinkedUndertaking  # noqa: F401
from marketplace.funding.snapshots import FundingSnapshot  # noqa: F401
from marketplace.tenancy.accounts.models import ApiToken, Invitation, Membership, User  # noqa: F401
from marketplace.tenancy.organisations.models import Organisation  # noqa: F401
from marketplace.tenancy.regions.models import Municipality, Region  # noqa: F401
from providers.catalogue import (  # noqa: F401
    Course,
    CourseLanguage,
    CourseRun,
    CourseTag,
    Lesson,
    RunChange,
    RunRegion,
    RunReservation,
)
from providers.models import Location, QualityMark  # noqa: F401

metadata = Base.metadata
