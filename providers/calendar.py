"""A run's lessons as an iCalendar file (RFC 5545), with the icalendar package."""

from __future__ import annotations

from icalendar import Calendar, Event

from .catalogue import CourseRun


def run_calendar(run: CourseRun, address: str) -> bytes:
    """One event per lesson; stable UIDs so a calendar updates events instead of duplicating them."""
    cal = Calendar()
    cal.add("prodid", "-//Taalmarkt//Cursusrooster//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", run.course.title)
    for number, lesson in enumerate(run.lessons, start=1):
        event = Event()
        event.add("uid", f"run-{run.id}-session-{lesson.id}@taalmarkt.nl")  # "session": UIDs never change
        event.add("summary", f"{run.course.title} ({number}/{len(run.lessons)})")
        event.add("dtstart", lesson.starts_at)
        event.add("dtend", lesson.ends_at)
        event.add("dtstamp", run.updated_at)
        event.add("location", lesson.note or address)
        event.add("description", f"{run.course.provider.name}. {run.course.what_to_bring or ''}".strip())
        cal.add_component(event)
    return cal.to_ical()
