"""Online interviews, both parties' times, interpreters, the day agenda and .ics files through
HTTP (issue 18): who may change what, https-only links, and calendar files that parse back
with icalendar carrying both time zones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from matcher.storage.database import connect
from matcher.storage.events import EventRepository, NewInterview
from tests.api.conftest import World, issue
from tests.api.test_basics import assert_problem
from tests.api.test_events import EVENT


class Day:
    """An event with e1 (vacancy v1) and e2 (v2), workers w1 (Jawa Barat, WIB), w2 (Sulawesi
    Selatan, WITA) and w3 (Papua, WIT), and four planned interviews."""

    def __init__(self, event_id: int, interviews: dict[tuple[str, str], dict[str, Any]]) -> None:
        self.id = event_id
        self.interviews = interviews

    def url(self, employer: str, worker: str, tail: str = "") -> str:
        return f"/v1/events/{self.id}/interviews/{self.interviews[(employer, worker)]['id']}{tail}"


PAIRS = (("e1", "w1", 1), ("e1", "w2", 2), ("e2", "w3", 1), ("e2", "w2", 3))


async def plan_day(client: httpx.AsyncClient, world: World, db_url: str) -> Day:
    org, admin = world.auth("org"), world.auth("admin")
    r = await client.post("/v1/events", json=EVENT, headers=org)
    assert r.status_code == 201, r.text
    eid = r.json()["id"]
    for key, vacancy in (("e1", "v1"), ("e2", "v2")):
        body = {"employer_id": world.employer[key], "vacancy_ids": [world.vacancy[vacancy]]}
        r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
        assert r.status_code == 200, r.text
    for worker, agency, province in (
        ("w1", "ag1", "Jawa Barat"),
        ("w2", "ag2", "Sulawesi Selatan"),
        ("w3", "ag2", "Papua"),
    ):
        r = await client.patch(
            f"/v1/workers/{world.worker[worker]}", json={"province": province}, headers=admin
        )
        assert r.status_code == 200, r.text
        r = await client.put(
            f"/v1/events/{eid}/workers",
            json={"worker_id": world.worker[worker]},
            headers=world.auth(agency),
        )
        assert r.status_code == 200, r.text
    # The timetable is stored as the planner stores it (the solver is tested elsewhere): the
    # pairs and slots are what these tests are about.
    vacancy_of = {"e1": world.vacancy["v1"], "e2": world.vacancy["v2"]}
    conn = await connect(db_url)
    try:
        await EventRepository(conn).store_timetable(
            eid,
            "optimal",
            [
                NewInterview(world.employer[e], world.worker[w], vacancy_of[e], slot, 1, 0.8)
                for e, w, slot in PAIRS
            ],
        )
    finally:
        await conn.close()
    rows = (await client.get(f"/v1/events/{eid}/timetable", headers=org)).json()["data"]
    by_ids = {(r["employer_id"], r["worker_id"]): r for r in rows}
    return Day(
        eid,
        {(e, w): by_ids[(world.employer[e], world.worker[w])] for e, w, _ in PAIRS},
    )


def hour(stamp: str) -> str:
    """``2026-12-05T10:00:00+08:00`` -> ``10:00+08:00``: the local clock and its offset."""
    return f"{datetime.fromisoformat(stamp):%H:%M}{stamp[-6:]}"


async def test_interviews_carry_both_parties_times(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    # Slot 1 starts 09:00 at the Jakarta venue (WIB): 11:00 in Japan, 09:00 for a worker in
    # Jawa Barat; slot 2 (09:30 WIB) is 10:30 for a worker in Makassar (WITA).
    first = day.interviews[("e1", "w1")]
    assert first["plan_mode"] == "optimal" and first["mode"] == "in_person"
    assert first["online_url"] is None and first["interpreter_needed"] is False
    times = first["times"]
    assert (times["event"]["zone"], times["event"]["abbreviation"]) == ("Asia/Jakarta", "WIB")
    assert (times["employer"]["zone"], times["employer"]["abbreviation"]) == ("Asia/Tokyo", "JST")
    assert hour(times["employer"]["start"]) == "11:00+09:00"
    assert (times["worker"]["zone"], hour(times["worker"]["start"])) == (
        "Asia/Jakarta",
        "09:00+07:00",
    )
    second = day.interviews[("e1", "w2")]["times"]
    assert (second["worker"]["zone"], second["worker"]["abbreviation"]) == ("Asia/Makassar", "WITA")
    assert hour(second["worker"]["start"]) == "10:30+08:00"
    assert hour(second["employer"]["start"]) == "11:30+09:00"
    papua = day.interviews[("e2", "w3")]["times"]["worker"]
    assert (papua["abbreviation"], hour(papua["start"])) == ("WIT", "11:00+09:00")


async def test_unknown_province_gives_no_worker_zone(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    r = await client.patch(
        f"/v1/workers/{world.worker['w1']}",
        json={"province": "Atlantis"},
        headers=world.auth("admin"),
    )
    assert r.status_code == 200, r.text
    rows = (await client.get(f"/v1/events/{day.id}/timetable", headers=world.auth("org"))).json()
    mine = [i for i in rows["data"] if i["worker_id"] == world.worker["w1"]]
    assert mine and all(i["times"]["worker"] is None for i in mine)
    assert all(i["times"]["employer"]["zone"] == "Asia/Tokyo" for i in mine)


async def test_who_may_change_how_an_interview_is_held(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    conn = await connect(db_url)
    try:
        world.tokens["org2"] = await issue(conn, "organizer", subject_external_id="ORG-2")
    finally:
        await conn.close()
    own = day.url("e1", "w1")
    link = {"mode": "online", "online_url": "https://meet.example.org/kurikoma-1"}

    # The employer sets mode and link of its own interview, and nothing else.
    r = await client.patch(own, json=link, headers=world.auth("e1"))
    assert r.status_code == 200, r.text
    assert (r.json()["mode"], r.json()["online_url"]) == ("online", link["online_url"])
    refused = await client.patch(own, json={"language": "ja"}, headers=world.auth("e1"))
    assert assert_problem(refused, 403, "forbidden")["errors"][0]["field"] == "language"
    # Another employer, another organiser: the interview does not exist for them.
    for who in ("e2", "org2"):
        r = await client.patch(own, json=link, headers=world.auth(who))
        assert_problem(r, 404, "not-found")
    for who in ("w1", "ag1"):
        r = await client.patch(own, json=link, headers=world.auth(who))
        assert_problem(r, 403, "forbidden")

    # The organiser sets language and interpreter; assigning someone means one is needed.
    r = await client.patch(
        own, json={"language": "JA", "interpreter": "Rina Putri"}, headers=world.auth("org")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["language"], body["interpreter_needed"], body["interpreter"]) == (
        "ja",
        True,
        "Rina Putri",
    )
    assert body["mode"] == "online"  # unchanged fields keep their value
    # The same interpreter cannot be in two interviews of one slot.
    same_slot = day.url("e2", "w3")
    clash = await client.patch(
        same_slot, json={"interpreter": "rina putri"}, headers=world.auth("org")
    )
    assert assert_problem(clash, 409, "conflict")["errors"][0]["field"] == "interpreter"
    later = day.url("e1", "w2")
    r = await client.patch(later, json={"interpreter": "Rina Putri"}, headers=world.auth("org"))
    assert r.status_code == 200, r.text

    # What everyone reading the timetable sees afterwards: committed and visible.
    rows = (await client.get(f"/v1/events/{day.id}/timetable", headers=world.auth("e1"))).json()
    shown = {i["id"]: i for i in rows["data"]}[day.interviews[("e1", "w1")]["id"]]
    assert (shown["online_url"], shown["interpreter"]) == (link["online_url"], "Rina Putri")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mode": "online", "online_url": "http://meet.example.org/x"}, "online_url"),
        ({"mode": "online", "online_url": "https://"}, "online_url"),
        ({"mode": "online", "online_url": "https://meet.example.org/a b"}, "online_url"),
        ({"mode": "online", "online_url": "javascript:alert(1)"}, "online_url"),
        ({"mode": "online"}, "mode"),  # online needs its link (named as for meetings)
        ({"mode": "online", "online_url": None}, "mode"),
        ({"online_url": "https://meet.example.org/x"}, "online_url"),  # in person has none
        ({"mode": "by_phone"}, "mode"),
        ({"mode": None}, "mode"),
        ({"language": "japanese"}, "language"),
        ({"interpreter_needed": False, "interpreter": "Rina"}, "interpreter"),
        ({"interpreter": "R\u202eina"}, "interpreter"),
        ({"status": "hired"}, "status"),
    ],
)
async def test_bad_details_are_refused_naming_the_field(
    client: httpx.AsyncClient, world: World, db_url: str, body: dict[str, Any], field: str
) -> None:
    day = await plan_day(client, world, db_url)
    r = await client.patch(day.url("e1", "w1"), json=body, headers=world.auth("org"))
    problem = assert_problem(r, 422, r.json()["type"].rsplit("/", 1)[-1])
    assert [e["field"] for e in problem["errors"]] == [field], problem


async def test_interpreter_load_per_slot(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    org = world.auth("org")
    for pair, body in (
        (("e1", "w1"), {"interpreter": "Rina"}),
        (("e2", "w3"), {"interpreter_needed": True}),
        (("e1", "w2"), {"interpreter": "Rina"}),
    ):
        r = await client.patch(day.url(*pair), json=body, headers=org)
        assert r.status_code == 200, r.text
    r = await client.get(f"/v1/events/{day.id}/interpreters", headers=org)
    assert r.status_code == 200, r.text
    load = r.json()
    by_slot = {s["slot"]: s for s in load["data"]}
    assert set(by_slot) == {1, 2}
    assert (by_slot[1]["needed"], by_slot[1]["assigned"], by_slot[1]["unassigned"]) == (2, 1, 1)
    assert by_slot[2]["interpreters"] == [{"interpreter": "Rina", "interviews": 1}]
    assert load["interpreters"] == [{"interpreter": "Rina", "interviews": 2}]
    assert_problem(
        await client.get(f"/v1/events/{day.id}/interpreters", headers=world.auth("e1")),
        403,
        "forbidden",
    )
    assert_problem(
        await client.get(f"/v1/events/{day.id}/interpreters", headers=world.auth("w1")),
        403,
        "forbidden",
    )


def parse_ics(response: httpx.Response) -> tuple[Calendar, list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].endswith('.ics"')
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


async def test_calendar_file_per_participant(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    r = await client.patch(
        day.url("e1", "w2"),
        json={"mode": "online", "online_url": "https://meet.example.org/kurikoma-2"},
        headers=world.auth("e1"),
    )
    assert r.status_code == 200, r.text
    ics = f"/v1/events/{day.id}/calendar.ics"

    def uids(events: list[Any]) -> set[str]:
        return {str(e["UID"]) for e in events}

    def uid(pair: tuple[str, str]) -> str:
        return f"interview-{day.interviews[pair]['id']}@ssw-matcher"

    expected = {
        "org": {("e1", "w1"), ("e1", "w2"), ("e2", "w3"), ("e2", "w2")},
        "e1": {("e1", "w1"), ("e1", "w2")},
        "w1": {("e1", "w1")},
        "ag2": {("e1", "w2"), ("e2", "w3"), ("e2", "w2")},
    }
    for who, pairs in expected.items():
        calendar, events = parse_ics(await client.get(ics, headers=world.auth(who)))
        assert uids(events) == {uid(p) for p in pairs}, who
        zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        assert zones == {"Asia/Jakarta"}
        for e in events:
            assert str(e["DTSTART"].params["TZID"]) == "Asia/Jakarta"
            assert e.decoded("DTSTART").utcoffset().total_seconds() == 7 * 3600

    _, events = parse_ics(await client.get(f"{ics}?lang=ja", headers=world.auth("e1")))
    online = next(e for e in events if str(e["UID"]) == uid(("e1", "w2")))
    text = str(online["DESCRIPTION"])
    assert "JST (Asia/Tokyo)" in text and "WITA (Asia/Makassar)" in text
    assert "11:30\u201311:50 JST" in text and "10:30\u201310:50 WITA" in text
    assert str(online["URL"]) == "https://meet.example.org/kurikoma-2"
    assert str(online["LOCATION"]) == "https://meet.example.org/kurikoma-2"
    assert "企業側の時刻" in text
    in_person = next(e for e in events if str(e["UID"]) == uid(("e1", "w1")))
    assert str(in_person["LOCATION"]) == "Jakarta ブース1"
    assert "URL" not in in_person
    # e1 has no disclosure: the candidates' names are shortened, and nothing is audited.
    assert "Siti R." in str(in_person["DESCRIPTION"])
    assert "Rahmawati" not in str(in_person["DESCRIPTION"])
    conn = await connect(db_url)
    try:
        audited = await conn.fetch(
            "SELECT role, worker_id FROM audit_log WHERE action = 'event_calendar'"
        )
    finally:
        await conn.close()
    assert {r["role"] for r in audited} == {"organizer", "agency"}
    assert {r["worker_id"] for r in audited if r["role"] == "agency"} == {
        world.worker["w2"],
        world.worker["w3"],
    }

    other = await client.get(f"/v1/events/{day.id + 1000}/calendar.ics", headers=world.auth("org"))
    assert_problem(other, 404, "not-found")
    bad_lang = await client.get(f"{ics}?lang=fr", headers=world.auth("org"))
    assert_problem(bad_lang, 422, "validation")


async def test_agenda_names_labels_and_audit(
    client: httpx.AsyncClient, world: World, db_url: str
) -> None:
    day = await plan_day(client, world, db_url)
    r = await client.get(f"/v1/events/{day.id}/agenda?lang=id", headers=world.auth("w1"))
    assert r.status_code == 200, r.text
    agenda = r.json()
    assert agenda["event"]["timezone"] == "Asia/Jakarta" and agenda["count"] == 1
    (entry,) = agenda["data"]
    assert entry["vacancy"]["field_label"] == "Perawatan lansia (kaigo)"
    assert entry["vacancy"]["category"] == "care"
    assert entry["worker"] == {
        "id": world.worker["w1"],
        "name": "Siti Rahmawati",
        "disclosed": True,
    }
    assert entry["interview"]["times"]["worker"]["abbreviation"] == "WIB"

    e1 = (await client.get(f"/v1/events/{day.id}/agenda?lang=ja", headers=world.auth("e1"))).json()
    assert [x["interview"]["slot"] for x in e1["data"]] == [1, 2]  # soonest first
    assert {x["worker"]["disclosed"] for x in e1["data"]} == {False}
    assert {x["vacancy"]["field_label"] for x in e1["data"]} == {"介護"}

    # Who saw full names: the organiser and the agency are audited, the worker itself and an
    # employer that saw shortened names are not.
    await client.get(f"/v1/events/{day.id}/agenda", headers=world.auth("org"))
    await client.get(f"/v1/events/{day.id}/calendar.ics", headers=world.auth("ag2"))
    conn = await connect(db_url)
    try:
        rows = await conn.fetch(
            """SELECT role, worker_id, action, view FROM audit_log
               WHERE action IN ('event_agenda', 'event_calendar') ORDER BY id"""
        )
    finally:
        await conn.close()
    seen = {(r["role"], r["worker_id"], r["action"], r["view"]) for r in rows}
    w = world.worker
    assert seen == {
        ("organizer", w["w1"], "event_agenda", "contact_hidden"),
        ("organizer", w["w2"], "event_agenda", "contact_hidden"),
        ("organizer", w["w3"], "event_agenda", "contact_hidden"),
        ("agency", w["w2"], "event_calendar", "contact_hidden"),
        ("agency", w["w3"], "event_calendar", "contact_hidden"),
    }
