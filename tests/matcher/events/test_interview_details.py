"""How interviews are held and on whose clock (issue 18), at the service level: the province
table, both parties' times, the rules of a details change, and details that survive a re-plan
moving the interview to another slot."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.access.principal import Principal
from matcher.engine import MatchingEngine
from matcher.errors import Conflict, InvalidInput, PermissionDenied
from matcher.events import EventService
from matcher.events.calendars import CalendarService, _changed
from matcher.events.details import default_mode, interview_times
from matcher.storage.events import EventRecord, EventRepository, NewInterview
from matcher.storage.interview_details import InterviewDetails
from models.schemas.events import TimetableRequest
from models.schemas.interviews import InterviewDetailsUpdate
from models.timezones import JAPAN_ZONE, province_of, provinces, worker_zone
from tests.matcher.events.conftest import Seed, setup_event

OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}


def test_every_province_has_its_legal_zone() -> None:
    table = provinces()
    assert len(table) == 38
    instant = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    for province in table.values():
        local = instant.astimezone(ZoneInfo(province.zone))
        assert local.utcoffset() == timedelta(hours=OFFSETS[province.wilayah_waktu]), province
        assert local.tzname() == province.wilayah_waktu, province
    by_zone = {z: {p.name for p in table.values() if p.wilayah_waktu == z} for z in OFFSETS}
    # Keppres 41/1987: Bali is WITA, Kalimantan Barat and Tengah are WIB.
    assert {"Bali", "Sulawesi Selatan", "Kalimantan Timur"} <= by_zone["WITA"]
    assert {"Kalimantan Barat", "Kalimantan Tengah", "DKI Jakarta"} <= by_zone["WIB"]
    assert {"Maluku", "Papua Pegunungan"} <= by_zone["WIT"]


def test_the_demo_provinces_are_all_known() -> None:
    text = resources.files("matcher.demo").joinpath("data", "people.json").read_text("utf-8")
    names = json.loads(text)["provinces"]
    assert {n for n in names if province_of(n) is None} == set()


@pytest.mark.parametrize(
    ("written", "zone"),
    [
        ("Jawa Barat", "Asia/Jakarta"),
        ("  provinsi   jawa barat ", "Asia/Jakarta"),
        ("West Java", "Asia/Jakarta"),
        ("Prov. Bali", "Asia/Makassar"),
        ("NTB", "Asia/Makassar"),
        ("DIY", "Asia/Jakarta"),
        ("Kalimantan Barat", "Asia/Pontianak"),
        ("papua tengah", "Asia/Jayapura"),
        ("Atlantis", None),
        ("", None),
        (None, None),
    ],
)
def test_free_text_provinces(written: str | None, zone: str | None) -> None:
    assert worker_zone(written) == zone


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    ),
    st.sampled_from(sorted({p.zone for p in provinces().values()})),
    st.integers(min_value=5, max_value=120),
)
def test_all_clocks_name_the_same_instant(start: datetime, zone: str, minutes: int) -> None:
    end = start + timedelta(minutes=minutes)
    times = interview_times(start, end, event_zone="Asia/Jakarta", worker_zone=zone)
    assert times.worker is not None
    for local in (times.event, times.employer, times.worker):
        assert local.start == start and local.end == end
    assert times.employer.zone == JAPAN_ZONE and times.employer.abbreviation == "JST"
    assert times.employer.start.utcoffset() == timedelta(hours=9)
    # Japan is never behind Indonesia: by 0, 1 or 2 hours ahead of the worker.
    ahead = times.employer.start.utcoffset() - times.worker.start.utcoffset()  # type: ignore[operator]
    assert ahead in (timedelta(0), timedelta(hours=1), timedelta(hours=2))


CURRENT = InterviewDetails(
    employer_id=1,
    worker_id=2,
    mode="in_person",
    online_url=None,
    language=None,
    interpreter_needed=False,
    interpreter=None,
)
BODIES = st.fixed_dictionaries(
    {},
    optional={
        "mode": st.sampled_from(["in_person", "online"]),
        "online_url": st.none() | st.just("https://meet.example.org/r"),
        "language": st.none() | st.sampled_from(["ja", "id", "en"]),
        "interpreter_needed": st.booleans(),
        "interpreter": st.none() | st.just("Rina"),
    },
)


@given(BODIES, st.sampled_from(["in_person", "online"]))
def test_a_change_never_leaves_inconsistent_details(body: dict[str, object], mode: str) -> None:
    current = CURRENT
    if mode == "online":
        current = InterviewDetails(
            1, 2, "online", "https://meet.example.org/old", "ja", True, "Ayu"
        )
    update = InterviewDetailsUpdate.model_validate(body)
    try:
        after = _changed(current, update, update.model_fields_set)
    except InvalidInput as exc:
        refused = exc.field
    else:
        refused = None
    if refused is not None:
        assert refused in {"mode", "online_url", "interpreter"}
        return
    assert (after.mode == "online") == (after.online_url is not None)
    assert after.interpreter is None or after.interpreter_needed
    if "language" not in body:
        assert after.language == current.language
    if "interpreter_needed" not in body and "interpreter" not in body:
        assert after.interpreter_needed == current.interpreter_needed
    if "mode" not in body and "online_url" not in body:
        assert (after.mode, after.online_url) == (current.mode, current.online_url)


def test_an_event_without_venue_holds_interviews_online() -> None:
    record = EventRecord(
        id=1,
        organizer_id=1,
        name="Sendai online",
        venue=None,
        online=True,
        timezone="Asia/Tokyo",
        starts_on=date(2026, 8, 20),
        ends_on=date(2026, 8, 20),
        min_interviews_per_worker=0,
        created_at=datetime.now(UTC),
    )
    assert default_mode(record) == "online"
    assert default_mode(replace(record, venue="Sendai")) == "in_person"
    assert default_mode(replace(record, online=False, venue="Jakarta")) == "in_person"


async def test_details_survive_a_replan_that_moves_the_interview(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    org = EventService(conn, seeded.org(), engine)
    planned = await org.plan(event_id, TimetableRequest(mode="optimal"))
    first = planned.data[0]
    details = CalendarService(conn, seeded.org())
    await details.update_details(
        event_id,
        first.id,
        InterviewDetailsUpdate(
            mode="online", online_url="https://meet.example.org/a", interpreter="Rina"
        ),
    )
    # A re-plan that moves the pair to another slot (and drops the rest) stores it as the
    # planner does: the old row is deleted and a new one, with a new id, inserted.
    slot = first.slot % 4 + 1
    await EventRepository(conn).store_timetable(
        event_id,
        "optimal",
        [NewInterview(first.employer_id, first.worker_id, first.vacancy_id, slot, 1, 0.5)],
    )
    moved = next(
        i
        for i in await org.timetable(event_id)
        if (i.employer_id, i.worker_id) == (first.employer_id, first.worker_id)
    )
    assert moved.id != first.id and moved.slot == slot
    assert (moved.mode, moved.online_url, moved.interpreter) == (
        "online",
        "https://meet.example.org/a",
        "Rina",
    )
    assert moved.interpreter_needed is True


async def test_who_changes_what(
    conn: asyncpg.Connection, seeded: Seed, engine: MatchingEngine
) -> None:
    event_id = await setup_event(conn, seeded, engine)
    planned = await EventService(conn, seeded.org(), engine).plan(event_id, TimetableRequest())
    first = planned.data[0]
    employer_key = next(k for k, v in seeded.employer.items() if v == first.employer_id)
    employer = CalendarService(conn, seeded.emp(employer_key))
    done = await employer.update_details(
        event_id, first.id, InterviewDetailsUpdate(mode="online", online_url="https://x.example/1")
    )
    assert done.mode == "online"
    with pytest.raises(PermissionDenied) as refused:
        await employer.update_details(
            event_id, first.id, InterviewDetailsUpdate(interpreter_needed=True)
        )
    assert refused.value.field == "interpreter_needed"
    with pytest.raises(PermissionDenied):
        await CalendarService(conn, seeded.ag("ag1")).update_details(
            event_id, first.id, InterviewDetailsUpdate(mode="in_person")
        )
    worker = Principal(role="worker", subject_id=first.worker_id)
    with pytest.raises(PermissionDenied):
        await CalendarService(conn, worker).update_details(
            event_id, first.id, InterviewDetailsUpdate(mode="in_person")
        )
    await EventService(conn, seeded.org(), engine).record_outcome(event_id, first.id, "cancelled")
    with pytest.raises(Conflict):
        await CalendarService(conn, seeded.org()).update_details(
            event_id, first.id, InterviewDetailsUpdate(language="ja")
        )
