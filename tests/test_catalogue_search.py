"""Every search filter, through the API and the public page, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import event

from marketplace.core import clock
from marketplace.core.db import db

from .catalogue_world import build_catalogue


@pytest.fixture
def cat(app, world):
    built = build_catalogue(world, clock.today())
    return {name: run.id for name, run in vars(built).items()}


def found(client, query: str) -> set[int]:
    response = client.get(f"/api/v1/runs?{query}")
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


def names(cat, *keys) -> set[int]:
    return {cat[k] for k in keys}


def test_without_filters_only_open_runs_before_their_deadline_are_found(client, cat):
    assert found(client, "") == names(cat, "r1", "r2", "r3", "r4")


@pytest.mark.parametrize("query, expected", [
    ("region=AM22", ("r1", "r3", "r4")),  # r3 is online: it serves every region
    ("region=am13", ("r2", "r3")),
    ("municipality=GM0599", ("r1", "r3", "r4")),  # location in Rotterdam, in-company in Rijnmond, online
    ("municipality=GM0344", ("r2", "r3")),
    ("level=A1", ("r2", "r4")),  # starts at or below A1 and leads above it
    ("level=A0", ("r1", "r4")),
    ("level=B1", ("r3",)),
    ("format=online", ("r3",)),
    ("format=classroom&format=blended", ("r1", "r2")),
    ("weekday=tue&weekday=thu&time_from=15:00", ("r1",)),
    ("weekday=tue&weekday=thu&weekday=fri&time_from=14:00", ("r1", "r3")),  # r4 has Friday lessons at 10:00
    ("weekday=tue&weekday=fri", ("r3", "r4")),
    ("time_to=12:00", ("r2",)),
    ("time_from=09:00&time_to=17:30", ("r1", "r2", "r4")),
    ("support_language=pl", ("r1",)),
    ("exam=staatsexamen_nt2_ii", ("r3",)),
    ("max_price_cents=60000", ("r1", "r4")),
    ("mark=blik_op_werk", ("r1", "r2", "r3")),
    ("mark=nrto", ()),  # the other provider's NRTO mark has expired
    ("min_seats=10", ("r1", "r3")),
    ("q=logistiek", ("r1",)),
    ("q=werkvloer magazijn", ("r1",)),
    ("q=staatsexamen", ("r3",)),
    ("region=AM22&level=A0&max_price_cents=50000", ("r1",)),
])
def test_each_filter_finds_exactly_the_runs_that_fit(client, cat, query, expected):
    assert found(client, query) == names(cat, *expected)


def test_start_window(client, cat):
    today = clock.today()
    after, before = today + dt.timedelta(days=40), today + dt.timedelta(days=70)
    assert found(client, f"starts_after={after}&starts_before={before}") == names(cat, "r2", "r4")


@pytest.mark.postgres
def test_dutch_stemming_on_postgresql_finds_other_word_forms(client, cat):
    assert found(client, "q=werkvloeren") == names(cat, "r1")


def test_sorting_by_price_and_level_fit(client, cat):
    by_price = [i["id"] for i in client.get("/api/v1/runs?sort=price").json["items"]]
    assert by_price == [cat["r1"], cat["r4"], cat["r2"], cat["r3"]]
    by_fit = [i["id"] for i in client.get("/api/v1/runs?sort=level_fit&level=A1").json["items"]]
    assert by_fit[0] == cat["r2"]  # starts exactly at A1


def test_pages_follow_the_cursor_without_gaps_or_repeats(client, cat):
    for sort in ("start", "price", "level_fit&level=A1"):
        seen, url = [], f"/api/v1/runs?limit=1&sort={sort}"
        while url:
            body = client.get(url).json
            seen += [i["id"] for i in body["items"]]
            url = f"/api/v1/runs?limit=1&sort={sort}&cursor={body['next_cursor']}" if body["next_cursor"] else None
        everything = [i["id"] for i in client.get(f"/api/v1/runs?sort={sort}").json["items"]]
        assert seen == everything and len(seen) == len(set(seen))


def test_bad_arguments_get_422_naming_them(client, cat):
    response = client.get("/api/v1/runs?level=D1&weekday=someday&starts_after=tomorrow&max_price_cents=-1")
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"level", "weekday", "starts_after", "max_price_cents"}
    assert client.get("/api/v1/runs?cursor=WzEsMl0").status_code == 400


def test_a_result_has_the_contract_shape(client, cat):
    item = next(i for i in client.get("/api/v1/runs").json["items"] if i["id"] == cat["r1"])
    assert {"id", "course", "regions", "start", "end", "capacity_min", "capacity_max", "seats_left", "price_cents",
            "vat_rate", "status", "sessions_count"} <= set(item)
    assert item["course"]["provider"]["name"] == "Taalschool Utrecht"
    assert (item["seats_left"], item["price_cents"], item["vat_rate"], item["sessions_count"]) == (12, 45000, "0", 16)
    assert item["regions"] == ["AM22"]


def count_queries(app, fn) -> int:
    statements = []
    engine = app.extensions["taalmarkt.engine"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_list_costs_the_same_number_of_queries_for_one_or_many_results(app, client, cat):
    one = count_queries(app, lambda: client.get("/api/v1/runs?support_language=pl"))
    many = count_queries(app, lambda: client.get("/api/v1/runs"))
    assert one == many
    page_one = count_queries(app, lambda: client.get("/cursussen?support_language=pl"))
    page_many = count_queries(app, lambda: client.get("/cursussen"))
    assert page_one == page_many


def test_the_public_search_page_filters_and_shows_the_pattern_in_words(client, cat):
    page = client.get("/cursussen?region=AM22&weekday=tue&weekday=thu&time_from=15:00")
    assert page.status_code == 200
    assert "Nederlands op de werkvloer: logistiek" in page.text
    assert "di en do 15:30-17:30, 8 weken" in page.text
    assert "Taalcursus zorg" not in page.text
    assert client.get("/cursussen?max_price=-3").status_code == 422


def test_run_and_course_pages_and_the_calendar_file(client, cat):
    client.get("/taal/en")
    page = client.get(f"/uitvoeringen/{cat['r1']}")
    assert page.status_code == 200 and "16 lessons" in page.text and "Tue and Thu 15:30-17:30, 8 weeks" in page.text
    ics = client.get(f"/uitvoeringen/{cat['r1']}.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    from icalendar import Calendar

    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert len(events) == 16
    assert events[0]["LOCATION"] == "Waalhaven, Waalhaven 1, 3089 JH Rotterdam"
    assert client.get(f"/uitvoeringen/{cat['draft']}").status_code == 404  # drafts are not public
    assert client.get(f"/api/v1/runs/{cat['draft']}").status_code == 404
    run = client.get(f"/api/v1/runs/{cat['r1']}").json
    assert run["weekly_pattern"] == "Tue and Thu 15:30-17:30, 8 weeks"  # the API speaks English by default
    assert run["ics_url"].endswith(f"/uitvoeringen/{cat['r1']}.ics")
    course_id = run["course"]["id"]
    assert client.get(f"/cursussen/{course_id}").status_code == 200


def test_list_items_are_the_same_as_the_runs_own_rendering(app, client, cat):
    from marketplace.app.api.catalogue import run_json, seats_left_of
    from providers.catalogue import CourseRun

    items = client.get("/api/v1/runs").json["items"]
    with app.test_request_context():
        for item in items:
            run = db.session.get(CourseRun, item["id"])
            assert item == run_json(run, seats_left_of(run))


def test_the_search_page_pages_through_results_keeping_repeated_filters(client, cat, monkeypatch):
    import re as _re

    from providers import public

    monkeypatch.setattr(public, "PAGE_SIZE", 1)
    url = "/cursussen?weekday=mon&weekday=tue&weekday=wed&weekday=thu&weekday=fri"
    seen = []
    while url:
        page = client.get(url).text
        seen += _re.findall(r'href="/uitvoeringen/(\d+)"', page)
        more = _re.search(r'href="(/cursussen\?[^"]+)">(Meer resultaten|More results)', page)
        url = more.group(1).replace("&amp;", "&") if more else None
        if url:
            assert url.count("weekday=") == 5
    assert sorted(map(int, seen)) == sorted({cat["r1"], cat["r2"], cat["r3"], cat["r4"]})
