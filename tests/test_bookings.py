"""Bookings through the API and the pages: hold, confirm, accept, cancel, swap, waiting list, go/no-go."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.bookings import jobs, services
from marketplace.bookings.models import Booking, BookingEvent, Enrolment
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.funding.ledgers import BudgetEntry, committed_cents

from .booking_world import a_run, staff
from .factories import make_token


@pytest.fixture
def tokens(world):
    return {"agency": make_token(world.agency_owner, world.agency),
            "provider": make_token(world.provider_owner, world.provider),
            "other": make_token(world.other_owner, world.other_employer)}


def book(client, token, run, employees, waitlist=False):
    return client.api("POST", "/api/v1/bookings", token,
                      json={"run_id": run.id, "employee_ids": [e.id for e in employees], "waitlist": waitlist})


def seats_left(client, run):
    return client.api("GET", f"/api/v1/runs/{run.id}").json["seats_left"]


def since(outbox):
    """The outbox fixture lists every mail of the test; this gives only those sent from now on."""
    seen = {m["Message-ID"] for m in outbox()}
    return lambda: [m for m in outbox() if m["Message-ID"] not in seen]


def counts():
    return (db.session.scalar(select(func.count()).select_from(Booking)),
            db.session.scalar(select(func.count()).select_from(Enrolment)),
            db.session.scalar(select(func.count()).select_from(BudgetEntry)))


def test_hold_then_confirm_books_the_seats_funds_them_and_invites_each_learner_in_their_language(
        client, world, tokens, outbox):
    run = a_run(world.provider, capacity=3)
    people = staff(world.agency, 2)
    commit()
    held = book(client, tokens["agency"], run, people)
    assert held.status_code == 201, held.json
    body = held.json
    assert body["status"] == "held" and body["seat_until"]
    assert [e["status"] for e in body["enrolments"]] == ["held", "held"]
    doorzaam = [s for s in body["enrolments"][0]["funding"]["schemes"] if s["scheme"] == "doorzaam_taalbudget"][0]
    assert doorzaam == {"scheme": "doorzaam_taalbudget", "status": "eligible", "amount_cents": 45000}
    assert body["funding"] == {"cost_cents": 90000, "subsidy_cents": 90000, "own_cents": 0}
    assert seats_left(client, run) == 1
    assert outbox() == []  # a hold tells nobody yet

    confirmed = client.api("POST", f"/api/v1/bookings/{body['id']}/confirm", tokens["agency"],
                           json={"payment_method": "invoice"})
    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["status"] == "confirmed" and confirmed.json["payment_method"] == "invoice"
    assert seats_left(client, run) == 1
    mails = outbox()
    by_to = {m["To"]: m for m in mails}
    assert by_to[world.agency_owner.email]["Subject"] == "Boeking bevestigd: Nederlands op de werkvloer"
    assert world.provider.contact_email in by_to
    dutch, english = by_to[people[0].email], by_to[people[1].email]  # languages nl and en
    assert dutch["Subject"] == "Uitnodiging voor een cursus Nederlands: Nederlands op de werkvloer"
    assert english["Subject"] == "Invitation to a Dutch course: Nederlands op de werkvloer"
    ics = [p for p in dutch.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(ics) == 1 and ics[0].get_content().count("BEGIN:VEVENT") == 8
    text = dutch.get_body(("plain",)).get_content()
    assert "dinsdag" in text and "donderdag" in text and "15:30–17:30" in text and "Een schrift" in text
    history = client.api("GET", f"/api/v1/bookings/{body['id']}", tokens["agency"]).json["events"]
    assert [e["kind"] for e in history] == ["held", "confirmed"]


def test_learner_invitations_in_all_six_languages(client, world, tokens, outbox):
    run = a_run(world.provider, capacity=6)
    people = staff(world.agency, 6)
    commit()
    booking_id = book(client, tokens["agency"], run, people).json["id"]
    client.api("POST", f"/api/v1/bookings/{booking_id}/confirm", tokens["agency"], json={})
    subjects = {m["To"]: m["Subject"] for m in outbox()}
    expected = {"nl": "Uitnodiging", "en": "Invitation", "pl": "Zaproszenie", "ro": "Invitație", "bg": "Покана",
                "uk": "Запрошення"}
    for person in people:
        assert subjects[person.email].startswith(expected[person.preferred_language] + " "), person.preferred_language


def test_a_run_that_cannot_take_them_all_answers_no_seats_and_writes_nothing(client, world, tokens):
    run = a_run(world.provider, capacity=2)
    people = staff(world.agency, 3)
    commit()
    before = counts()
    response = book(client, tokens["agency"], run, people)
    assert response.status_code == 409 and response.json["error"]["code"] == "no_seats"
    assert "nog 2 vrij" in response.json["error"]["message"]  # the API speaks Dutch unless asked otherwise
    assert counts() == before


def test_a_full_run_puts_a_booking_on_the_waiting_list_and_offers_it_freed_seats(client, world, tokens, outbox):
    run = a_run(world.provider, capacity=2)
    first, second = staff(world.agency, 2), staff(world.employer, 1)
    commit()
    taken = book(client, tokens["agency"], run, first).json
    client.api("POST", f"/api/v1/bookings/{taken['id']}/confirm", tokens["agency"], json={})
    employer_token = make_token(world.employer_owner, world.employer)
    waiting = book(client, employer_token, run, second, waitlist=True)
    assert waiting.status_code == 201 and waiting.json["status"] == "waitlisted"
    assert waiting.json["enrolments"][0]["funding"] is None
    outbox = since(outbox)
    cancelled = client.api("POST", f"/api/v1/bookings/{taken['id']}/cancel", tokens["agency"],
                           json={"employee_ids": [first[0].id]})
    assert cancelled.status_code == 200, cancelled.json
    offered = client.api("GET", f"/api/v1/bookings/{waiting.json['id']}", employer_token).json
    assert offered["status"] == "offered" and offered["enrolments"][0]["funding"] is not None
    assert [m["Subject"] for m in outbox() if m["To"] == world.employer_owner.email] == [
        "Plaatsen vrij voor jou: Nederlands op de werkvloer"]
    assert seats_left(client, run) == 0
    again = client.api("POST", f"/api/v1/bookings/{waiting.json['id']}/confirm", employer_token, json={})
    assert again.json["status"] == "confirmed"


def test_an_unconfirmed_offer_lapses_and_goes_to_the_next_in_line(ctx, client, world, tokens):
    run = a_run(world.provider, capacity=1)
    a, b, c = staff(world.agency, 3)
    commit()
    first = book(client, tokens["agency"], run, [a]).json
    client.api("POST", f"/api/v1/bookings/{first['id']}/confirm", tokens["agency"], json={})
    second = book(client, tokens["agency"], run, [b], waitlist=True).json
    third = book(client, tokens["agency"], run, [c], waitlist=True).json
    client.api("POST", f"/api/v1/bookings/{first['id']}/cancel", tokens["agency"], json={})
    assert db.session.get(Booking, second["id"]).status == "offered"
    later = clock.now() + dt.timedelta(hours=services.WAITLIST_OFFER_HOURS, minutes=1)
    assert services.expire_lapsed(later) == 1
    assert db.session.get(Booking, second["id"]).status == "expired"
    assert db.session.get(Booking, third["id"]).status == "offered"


def test_a_lapsed_hold_frees_its_seats_at_once_and_cannot_be_confirmed_when_they_are_gone(ctx, client, world, tokens):
    run = a_run(world.provider, capacity=1)
    a, b = staff(world.agency, 2)
    commit()
    held = book(client, tokens["agency"], run, [a]).json
    assert seats_left(client, run) == 0
    booking = db.session.get(Booking, held["id"])
    booking.seat_until = booking.seat_until - dt.timedelta(minutes=services.HOLD_MINUTES + 1)
    for e in booking.enrolments:
        e.seat_until = booking.seat_until
    commit()
    assert seats_left(client, run) == 1  # before any job has run
    assert book(client, tokens["agency"], run, [b]).status_code == 201
    late = client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    assert late.status_code == 409 and "expired" in late.json["error"]["message"]
    assert services.expire_lapsed() == 1
    assert committed_cents(a.id, "doorzaam_taalbudget", clock.today().year) == 0  # budget released


def test_a_run_that_needs_the_providers_acceptance(client, world, tokens, outbox):
    run = a_run(world.provider, capacity=3, instant=False)
    people = staff(world.agency, 2)
    commit()
    held = book(client, tokens["agency"], run, people).json
    requested = client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={}).json
    assert requested["status"] == "requested"
    assert seats_left(client, run) == 1  # still reserved while the provider decides
    assert {world.provider.contact_email, world.agency_owner.email} <= {m["To"] for m in outbox()}
    assert client.api("POST", f"/api/v1/bookings/{held['id']}/accept", tokens["agency"]).status_code == 403
    accepted = client.api("POST", f"/api/v1/bookings/{held['id']}/accept", tokens["provider"])
    assert accepted.status_code == 200 and accepted.json["status"] == "confirmed"
    assert {p.email for p in people} <= {m["To"] for m in outbox()}  # invitations on acceptance


def test_an_unanswered_request_expires_with_notice_to_both_sides(ctx, client, world, tokens, outbox):
    run = a_run(world.provider, capacity=3, instant=False)
    people = staff(world.agency, 1)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    outbox = since(outbox)
    assert services.expire_lapsed(clock.now() + dt.timedelta(days=run.acceptance_days, minutes=1)) == 1
    commit()
    assert db.session.get(Booking, held["id"]).status == "expired"
    told = {m["To"] for m in outbox()}
    assert {world.provider.contact_email, world.agency_owner.email} <= told


def test_the_provider_declines_with_a_reason(client, world, tokens):
    run = a_run(world.provider, capacity=3, instant=False)
    people = staff(world.agency, 1)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    empty = client.api("POST", f"/api/v1/bookings/{held['id']}/decline", tokens["provider"], json={"reason": ""})
    assert empty.status_code == 422
    declined = client.api("POST", f"/api/v1/bookings/{held['id']}/decline", tokens["provider"],
                          json={"reason": "Groep vol"})
    assert declined.json["status"] == "declined" and seats_left(client, run) == 3


def test_cancellation_is_free_early_and_costs_the_runs_percentage_late(client, world, tokens):
    early = a_run(world.provider, days_ahead=40, price=45000)
    late = a_run(world.provider, days_ahead=8, price=45000, deadline_days=1)
    people = staff(world.agency, 2)
    commit()
    for run, expected in ((early, 0), (late, 22500)):
        held = book(client, tokens["agency"], run, people).json
        client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
        one = client.api("POST", f"/api/v1/bookings/{held['id']}/cancel", tokens["agency"],
                         json={"employee_ids": [people[0].id]}).json
        assert one["status"] == "confirmed"
        assert [e["cancellation_fee_cents"] for e in one["enrolments"]] == [expected, None]
        rest = client.api("POST", f"/api/v1/bookings/{held['id']}/cancel", tokens["agency"], json={}).json
        assert rest["status"] == "cancelled"


def test_an_employee_is_swapped_for_a_colleague_before_the_start(client, world, tokens, outbox):
    run = a_run(world.provider, capacity=2)
    a, b, colleague = staff(world.agency, 3)
    commit()
    held = book(client, tokens["agency"], run, [a, b]).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    outbox = since(outbox)
    swapped = client.api("POST", f"/api/v1/bookings/{held['id']}/swap", tokens["agency"],
                         json={"employee_id": a.id, "colleague_id": colleague.id})
    assert swapped.status_code == 200, swapped.json
    states = {e["employee_id"]: e["status"] for e in swapped.json["enrolments"]}
    assert states == {a.id: "cancelled", b.id: "confirmed", colleague.id: "confirmed"}
    assert seats_left(client, run) == 0
    assert {colleague.email, a.email} <= {m["To"] for m in outbox()}
    twice = client.api("POST", f"/api/v1/bookings/{held['id']}/swap", tokens["agency"],
                       json={"employee_id": b.id, "colleague_id": colleague.id})
    assert twice.status_code == 409


@pytest.mark.parametrize("case", ["twice", "other_employer", "past_deadline", "cancelled_run", "empty", "unknown_run",
                                  "archived"])
def test_bad_bookings_are_refused_clearly_and_write_nothing(client, world, tokens, case):
    from providers.catalogue import RunStatus

    run = a_run(world.provider, capacity=5)
    mine, theirs = staff(world.agency, 2), staff(world.other_employer, 1)
    if case == "past_deadline":
        run.booking_deadline = clock.today() - dt.timedelta(days=1)
    if case == "cancelled_run":
        run.status = RunStatus.cancelled
    if case == "archived":
        mine[0].archived_at = clock.now()
    commit()
    ids = {"twice": [mine[0].id, mine[0].id], "other_employer": [mine[0].id, theirs[0].id], "empty": [],
           "archived": [mine[0].id]}.get(case, [mine[0].id])
    run_id = 2**31 - 1 if case == "unknown_run" else run.id
    before = counts()
    response = client.api("POST", "/api/v1/bookings", tokens["agency"], json={"run_id": run_id, "employee_ids": ids})
    expected = {"twice": 422, "other_employer": 422, "past_deadline": 409, "cancelled_run": 409, "empty": 422,
                "unknown_run": 404, "archived": 422}[case]
    assert response.status_code == expected, response.json
    assert response.json["error"]["message"] and counts() == before


def test_the_same_employee_cannot_be_booked_twice_on_one_run(client, world, tokens):
    run = a_run(world.provider, capacity=5)
    people = staff(world.agency, 1)
    commit()
    assert book(client, tokens["agency"], run, people).status_code == 201
    again = book(client, tokens["agency"], run, people)
    assert again.status_code == 409 and again.json["error"]["fields"]["employee_ids"]


def test_another_organisation_sees_a_404_and_the_provider_sees_the_booking(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.agency, 1)
    commit()
    booking_id = book(client, tokens["agency"], run, people).json["id"]
    assert client.api("GET", f"/api/v1/bookings/{booking_id}", tokens["other"]).status_code == 404
    assert client.api("POST", f"/api/v1/bookings/{booking_id}/cancel", tokens["other"], json={}).status_code == 404
    assert client.api("GET", f"/api/v1/bookings/{booking_id}", tokens["provider"]).status_code == 200
    listed = client.api("GET", "/api/v1/bookings", tokens["provider"]).json["items"]
    assert [b["id"] for b in listed] == [booking_id]
    assert client.api("GET", "/api/v1/bookings", tokens["other"]).json["items"] == []


def test_go_no_go_cancels_a_run_below_its_minimum_once_and_tells_everyone(ctx, client, world, tokens, outbox):
    small = a_run(world.provider, capacity=6, minimum=3, go_no_go_days=20)
    alternative = a_run(world.provider, capacity=6, days_ahead=50)
    people = staff(world.agency, 2)
    commit()
    held = book(client, tokens["agency"], small, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    outbox = since(outbox)
    decision_day = clock.now() + dt.timedelta(days=(small.go_no_go_date - clock.today()).days)
    assert jobs.go_no_go(decision_day) == (0, 1)
    assert jobs.go_no_go(decision_day) == (0, 0)  # decided: a second run changes nothing
    booking = db.session.get(Booking, held["id"])
    assert booking.status == "cancelled" and booking.run.status == "cancelled"
    assert [e.cancellation_fee_cents for e in booking.enrolments] == [0, 0]
    mails = outbox()
    to_employer = [m for m in mails if m["To"] == world.agency_owner.email]
    assert len(to_employer) == 1
    assert f"/uitvoeringen/{alternative.id}" in to_employer[0].get_body(("plain",)).get_content()
    assert {p.email for p in people} <= {m["To"] for m in mails}
    assert sum(1 for m in mails if m["To"] == world.provider.contact_email) == 1
    kinds = db.session.scalars(select(BookingEvent.kind).where(BookingEvent.booking_id == held["id"])).all()
    assert kinds.count("run_cancelled") == 1


def test_go_no_go_confirms_a_run_with_enough_participants(ctx, client, world, tokens, outbox):
    run = a_run(world.provider, capacity=6, minimum=2, go_no_go_days=20)
    people = staff(world.agency, 2)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    outbox = since(outbox)
    assert jobs.go_no_go(clock.now() + dt.timedelta(days=(run.go_no_go_date - clock.today()).days)) == (1, 0)
    assert db.session.get(Booking, held["id"]).run.status == "confirmed"
    assert world.agency_owner.email in {m["To"] for m in outbox()}


def test_a_reminder_goes_to_the_learners_once(ctx, client, world, tokens, outbox):
    run = a_run(world.provider, days_ahead=8, deadline_days=1)
    people = staff(world.agency, 1)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    outbox = since(outbox)
    soon = clock.now() + dt.timedelta(days=(run.start_date - clock.today()).days - 1)
    assert jobs.send_reminders(soon) == 1
    assert jobs.send_reminders(soon) == 0
    commit()
    assert [m["To"] for m in outbox()] == [people[0].email]


def test_a_provider_cancelling_a_run_cancels_its_bookings(client, world, tokens, outbox):
    run = a_run(world.provider)
    people = staff(world.agency, 1)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    response = client.api("PATCH", f"/api/v1/runs/{run.id}", tokens["provider"], json={"status": "cancelled"})
    assert response.status_code == 200, response.json
    assert db.session.get(Booking, held["id"]).status == "cancelled"


def test_book_confirm_and_cancel_through_the_pages(client, world, outbox):
    run = a_run(world.provider, capacity=4)
    a, b = staff(world.agency, 2)
    commit()
    client.login(world.agency_owner.email)
    assert "Boek plaatsen voor mijn medewerkers" in client.get(f"/uitvoeringen/{run.id}").text
    page = f"/werkgever/boeken/{run.id}"
    empty = client.submit(page, {})
    assert empty.status_code == 422 and "Kies minstens één medewerker." in empty.text
    held = client.submit(page, {"employee_ids": [str(a.id), str(b.id)]})
    assert held.status_code == 302
    booking_page = held.headers["Location"]
    shown = client.get(booking_page).text
    assert "tm-booking--held" in shown and a.name in shown and "Subsidie-uitkomsten" in shown
    confirmed = client.submit(booking_page, {"payment_method": "invoice"}, action=f"{booking_page}/bevestigen")
    assert confirmed.status_code == 302
    assert "tm-booking--confirmed" in client.get(booking_page).text
    client.submit(booking_page, {"employee_ids": [str(a.id)]}, action=f"{booking_page}/annuleren")
    shown = client.get(booking_page).text
    assert "tm-booking--confirmed" in shown and "Geannuleerd" in shown
    assert client.submit(booking_page, {}, action=f"{booking_page}/annuleren").status_code == 302
    shown = client.get(booking_page).text
    assert "tm-booking--cancelled" in shown
    assert shown.count("<li><time") == 4  # held, confirmed, cancelled, cancelled
    assert client.get("/boekingen").status_code == 200


def test_the_provider_answers_a_request_on_the_booking_page(client, world, tokens):
    run = a_run(world.provider, capacity=4, instant=False)
    people = staff(world.agency, 1)
    commit()
    held = book(client, tokens["agency"], run, people).json
    client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    client.login(world.provider_owner.email)
    page = f"/boekingen/{held['id']}"
    assert "Boeking accepteren" in client.get(page).text
    refused = client.submit(page, {"reason": ""}, action=f"{page}/afwijzen")
    assert refused.status_code == 303 and db.session.get(Booking, held["id"]).status == "requested"
    assert client.submit(page, {}, action=f"{page}/accepteren").status_code == 302
    assert db.session.get(Booking, held["id"]).status == "confirmed"


def test_the_list_of_bookings_takes_the_same_number_of_queries_for_few_and_many(client, world, tokens):
    from sqlalchemy import event

    runs = [a_run(world.provider, capacity=10) for _ in range(2)]
    people = staff(world.agency, 6)
    commit()
    client.login(world.agency_owner.email)

    def queries_for_list():
        statements = []
        engine = db.engine

        def count(*_args):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get("/boekingen").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    book(client, tokens["agency"], runs[0], people[:1])
    few = queries_for_list()
    for i, person in enumerate(people[1:]):
        book(client, tokens["agency"], runs[i % 2], [person])
    assert queries_for_list() == few


def test_booking_pages_are_a_404_for_other_organisations_and_read_only_for_viewers(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    booking_id = book(client, make_token(world.employer_owner, world.employer), run, people).json["id"]
    page = f"/boekingen/{booking_id}"
    client.login(world.other_owner.email)
    assert client.get(page).status_code == 404
    client.logout()
    client.login(world.employer_viewer.email)
    shown = client.get(page)
    assert shown.status_code == 200 and "/bevestigen" not in shown.text
    assert client.post(f"{page}/bevestigen", data={"csrf_token": client.csrf_token("/dashboard")}).status_code == 403
    assert db.session.get(Booking, booking_id).status == "held"


def test_the_providers_workspace_counts_the_bookings_awaiting_its_answer(client, world, tokens):
    run = a_run(world.provider, capacity=4, instant=False)
    people = staff(world.agency, 2)
    commit()
    for person in people:
        held = book(client, tokens["agency"], run, [person]).json
        client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", tokens["agency"], json={})
    client.login(world.provider_owner.email)
    assert "2 boekingen wachten op je antwoord" in client.get("/dashboard").text
