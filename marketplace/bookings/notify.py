"""Who is told what when a booking changes: employers and providers in the app's language, learners in their own.

Every mail is written to the outbox in the change's own transaction (``mail.queue``) and sent after the
commit, so nobody hears of a change that was rolled back.
"""

from __future__ import annotations

from marketplace.core import mail
from marketplace.core.i18n import day, moment, money
from marketplace.core.links import external_url
from marketplace.core.mail import render_mail
from marketplace.core.translation import gettext as _
from marketplace.core.translation import ngettext

from . import learners
from .models import EnrolmentStatus


def _run_line(run) -> str:
    return _("%(course)s by %(provider)s, %(start)s to %(end)s", course=run.course.title,
             provider=run.course.provider.name, start=day(run.start_date), end=day(run.end_date))


def _mail(to: str, subject: str, booking, lines: list[str], *, enrolments=None, links=()) -> None:
    mail.queue(render_mail(
        to, subject, "booking_update", headline=subject, lines=lines, booking=booking, enrolments=enrolments,
        links=links, link=external_url("bookings.show", booking_id=booking.id)))


def _seats(booking) -> str:
    n = len(booking.live_enrolments)
    return ngettext("%(num)d seat", "%(num)d seats", n)


def requested(booking) -> None:
    until = moment(booking.seat_until)
    _mail(booking.provider.contact_email, _("Booking request to accept: %(employer)s", employer=booking.employer.name),
          booking, [_("%(employer)s asks for %(seats)s on %(run)s.", employer=booking.employer.name,
                      seats=_seats(booking), run=_run_line(booking.run)),
                    _("Please accept or decline before %(until)s; without an answer the request lapses and the "
                      "seats are freed.", until=until)], enrolments=booking.live_enrolments)
    _mail(booking.employer_address, _("Your booking request was sent to %(provider)s",
                                       provider=booking.provider.name),
          booking, [_("You asked for %(seats)s on %(run)s.", seats=_seats(booking), run=_run_line(booking.run)),
                    _("The provider answers before %(until)s. The seats stay reserved for you until then.",
                      until=until)], enrolments=booking.live_enrolments)


def confirmed(booking) -> None:
    own = sum((e.funding.plan["own_cents"] if e.funding else e.price_cents) for e in booking.live_enrolments)
    _mail(booking.employer_address, _("Booking confirmed: %(course)s", course=booking.run.course.title), booking,
          [_("%(seats)s on %(run)s are booked.", seats=_seats(booking), run=_run_line(booking.run)),
           _("Your expected own share after subsidies: %(amount)s.", amount=money(own)),
           _("Each learner receives an invitation in their own language with the calendar file; for learners "
             "without an e-mail address it comes to you, to pass on.")], enrolments=booking.live_enrolments)
    _mail(booking.provider.contact_email, _("New booking: %(employer)s", employer=booking.employer.name), booking,
          [_("%(employer)s booked %(seats)s on %(run)s.", employer=booking.employer.name, seats=_seats(booking),
             run=_run_line(booking.run))], enrolments=booking.live_enrolments)
    for enrolment in booking.live_enrolments:
        learners.invite(booking, enrolment)


def declined(booking, reason: str) -> None:
    _mail(booking.employer_address, _("%(provider)s declined your booking", provider=booking.provider.name), booking,
          [_("Your request for %(run)s was declined.", run=_run_line(booking.run)),
           _("Reason: %(reason)s", reason=reason),
           _("Any subsidy budget reserved for it has been released.")])


def cancelled(booking, enrolments, fee_cents: int, *, learners_told: bool) -> None:
    names = ", ".join(e.employee.name for e in enrolments)
    lines = [_("Cancelled on %(run)s: %(names)s.", run=_run_line(booking.run), names=names),
             _("Cancellation fee under the run's terms: %(amount)s.", amount=money(fee_cents)) if fee_cents
             else _("The cancellation is free of charge.")]
    _mail(booking.employer_address, _("Cancellation confirmed: %(course)s", course=booking.run.course.title),
          booking, lines)
    _mail(booking.provider.contact_email, _("Cancellation by %(employer)s", employer=booking.employer.name),
          booking, lines)
    if learners_told:
        for enrolment in enrolments:
            learners.cancelled(booking, enrolment)


def swapped(booking, old, new) -> None:
    _mail(booking.provider.contact_email, _("Change of learner: %(employer)s", employer=booking.employer.name),
          booking, [_("%(old)s's seat on %(run)s goes to %(new)s.", old=old.employee.name, new=new.employee.name,
                      run=_run_line(booking.run))])
    if new.status == EnrolmentStatus.confirmed:
        learners.invite(booking, new)
        learners.cancelled(booking, old)


def offered(booking) -> None:
    _mail(booking.employer_address, _("Seats free for you: %(course)s", course=booking.run.course.title), booking,
          [_("Seats have come free on %(run)s, and you are first on the waiting list.", run=_run_line(booking.run)),
           _("They are kept for you until %(until)s: confirm the booking before then, or they go to the next in "
             "line.", until=moment(booking.seat_until))], enrolments=booking.live_enrolments)


def expired(booking, was) -> None:
    if was == "requested":
        lines = [_("%(provider)s did not answer your request for %(run)s in time, so it has lapsed and the "
                   "seats are freed.", provider=booking.provider.name, run=_run_line(booking.run))]
        _mail(booking.employer_address, _("Booking request lapsed: %(course)s", course=booking.run.course.title),
              booking, lines)
        _mail(booking.provider.contact_email, _("Booking request lapsed: %(employer)s",
                                                employer=booking.employer.name), booking, lines)
    elif was == "offered":
        _mail(booking.employer_address, _("Waiting-list seats lapsed: %(course)s", course=booking.run.course.title),
              booking, [_("The seats offered to you on %(run)s were not confirmed in time and go to the next in "
                          "line.", run=_run_line(booking.run))])


def run_confirmed(booking) -> None:
    _mail(booking.employer_address, _("The course goes ahead: %(course)s", course=booking.run.course.title),
          booking, [_("%(run)s has enough participants and goes ahead.", run=_run_line(booking.run))],
          enrolments=booking.live_enrolments)


def run_cancelled(booking, reason: str, alternatives, *, learners_told: bool) -> None:
    links = [(f"{run.course.title}, {day(run.start_date)} ({run.course.provider.name})",
              external_url("catalogue.show_run", run_id=run.id)) for run in alternatives]
    _mail(booking.employer_address, _("Course cancelled: %(course)s", course=booking.run.course.title), booking,
          [_("%(run)s does not go ahead: %(reason)s", run=_run_line(booking.run), reason=reason),
           _("Your booking is cancelled free of charge and any subsidy budget reserved for it released."),
           _("These runs at the same level in the same region still take bookings:") if links
           else _("Search the catalogue for another run.")], links=links)
    if learners_told:
        for enrolment in booking.enrolments:
            if enrolment.cancelled_at and enrolment.replaced_by_id is None:
                learners.cancelled(booking, enrolment)


def provider_run_decided(run, went_ahead: bool, participants: int) -> None:
    """The provider hears once per run what the go/no-go decided."""
    subject = (_("Your run goes ahead: %(course)s", course=run.course.title) if went_ahead
               else _("Your run is cancelled: %(course)s", course=run.course.title))
    line = (_("%(run)s goes ahead with %(n)d participants.", run=_run_line(run), n=participants) if went_ahead
            else _("%(run)s had %(n)d confirmed participants on the go/no-go date, below the minimum of %(min)d; "
                   "it is cancelled and every booking with it.", run=_run_line(run), n=participants,
                   min=run.capacity_min))
    mail.queue(render_mail(run.course.provider.contact_email, subject, "booking_update", headline=subject,
                                  lines=[line], booking=None, enrolments=None, links=(),
                                  link=external_url("supply.show_run", run_id=run.id)))


def reminder(booking) -> None:
    for enrolment in booking.live_enrolments:
        learners.invite(booking, enrolment, reminder=True)


def run_changed(run, change, organisation, address: str) -> None:
    """A booked employer hears what changed on the run, and why."""
    mail.queue(render_mail(address, _("A course you booked has changed"), "run_changed",
                                  organisation=organisation, run=run, change=change))
