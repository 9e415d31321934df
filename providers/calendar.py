"""A run's sessions as an iCalendar file (RFC 5545), with the icalendar package."""

from __future__ import annotations

from icalendar import Calendar, Event

from .catalogue import CourseRun


def run_calendar(run: CourseRun, address: str) -> bytes:
    """One event per session; stable UIDs so a calendar updates events instead of duplicating them."""
    cal = Calendar()
    cal.add("prodid", "-//Taalmarkt//Cursusrooster//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", run.course.title)
    for number, session in enumerate(run.sessions, start=1):
        event = Event()
        event.add("uid", f"run-{run.id}-session-{session.id}@taalmarkt.nl")
        event.add("summary", f"{run.course.title} ({number}/{len(run.sessions)})")
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", run.updated_at)
        event.add("location", session.note or address)
        event.add("description", f"{run.course.provider.name}. {run.course.what_to_bring or ''}".strip())
        cal.add_component(event)
    return cal.to_ical()
