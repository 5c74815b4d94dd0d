"""New input through the services: PATCH judges what it changes against today, stored workers
past 70 stay readable and editable, and an admin's unknown agency is refused, not created."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.access import ADMIN, ImportService, ValidationFailed, WorkerService
from matcher.access.agencies import close_matches, resolve_agency
from matcher.access.principal import Principal
from matcher.access.validation import merge, validate_merged
from matcher.errors import InvalidInput, PermissionDenied
from matcher.settings import get_settings
from matcher.storage.agencies import AgencyRepository
from matcher.storage.connection import Connection
from matcher.storage.workers import WorkerRepository
from models.common import input_today
from models.worker import WorkerProfile, age_between
from tests import factories


async def _aged_worker(conn: Connection) -> int:
    """A worker stored when the rules were not (yet) against them: born 1950, now over 70."""
    agency = await AgencyRepository(conn).ensure("AG1")
    made = await WorkerRepository(conn).create(
        agency.id, factories.worker(1, birth_date="1950-01-01")
    )
    assert made is not None
    return made.id


async def test_a_worker_past_70_stays_readable_and_editable(conn: Connection) -> None:
    worker_id = await _aged_worker(conn)
    service = WorkerService(conn, ADMIN)

    read = await service.get(worker_id)
    assert read.model_dump()["birth_date"] == date(1950, 1, 1)
    listed, _ = await service.list(None, 50)
    assert [w.id for w in listed] == [worker_id]

    changed = await service.update(worker_id, {"province": "Bali"})
    assert changed.model_dump()["province"] == "Bali"
    # Sending the stored birth date again is no change either.
    await service.update(worker_id, {"birth_date": "1950-01-01", "province": "Aceh"})

    with pytest.raises(ValidationFailed) as caught:
        await service.update(worker_id, {"birth_date": "1949-05-05"})
    age = age_between(date(1949, 5, 5), input_today())
    assert caught.value.errors == [
        ("birth_date", f"gives an age of {age} today; a worker must be 15 to 70 years old")
    ]


async def test_patch_judges_new_dates_against_today(conn: Connection) -> None:
    worker_id = await _aged_worker(conn)
    service = WorkerService(conn, ADMIN)
    tomorrow = date.fromordinal(input_today().toordinal() + 1).isoformat()
    with pytest.raises(ValidationFailed) as caught:
        await service.update(
            worker_id, {"japanese": [{"test": "JLPT", "level": "N4", "passed_on": tomorrow}]}
        )
    assert [path for path, _ in caught.value.errors] == ["japanese.0.passed_on"]
    assert "must not be in the future" in caught.value.errors[0][1]
    with pytest.raises(ValidationFailed) as caught:
        await service.update(worker_id, {"birth_date": "2030-01-01"})
    assert [path for path, _ in caught.value.errors] == ["birth_date"]
    with pytest.raises(ValidationFailed) as caught:
        await service.update(worker_id, {"full_name": "Siti\u202e"})
    assert caught.value.errors[0][0] == "full_name"
    assert "U+202E" in caught.value.errors[0][1]


def test_merge_remembers_what_it_carried_over() -> None:
    stored = factories.worker(1, birth_date="1950-01-01").model_dump(mode="json")
    merged = merge(stored, {"province": "Bali", "birth_date": "1950-01-01"})
    assert "birth_date" in merged.carried and "province" not in merged.carried
    assert validate_merged(WorkerProfile, merged, "worker").province == "Bali"
    with pytest.raises(ValidationFailed):
        validate_merged(WorkerProfile, dict(merged), "worker")  # a plain dict carries nothing


# -- the owning agency of an admin's import ----------------------------------------------------


async def test_an_unknown_agency_is_refused_with_close_matches(conn: Connection) -> None:
    agencies = AgencyRepository(conn)
    for external_id in ("AG1", "AG2", "LPK-BANDUNG"):
        await agencies.ensure(external_id)
    service = ImportService(conn, ADMIN, get_settings())

    with pytest.raises(InvalidInput) as caught:
        await service.worker_scope("AGI")
    assert caught.value.field == "agency"
    assert "no agency with external id 'AGI'" in caught.value.detail
    assert "did you mean AG1 or AG2?" in caught.value.detail
    assert "create_agency=true" in caught.value.detail
    assert await agencies.by_external_id("AGI") is None, "nothing was created"

    created = await service.worker_scope("AG3", create_agency=True)
    assert (await agencies.by_external_id("AG3")) is not None
    assert await service.worker_scope("AG3") == created
    assert await service.worker_scope("AG1") == (await agencies.by_external_id("AG1")).id  # type: ignore[union-attr]


async def test_the_default_agency_of_an_admin_is_still_created(conn: Connection) -> None:
    service = ImportService(conn, ADMIN, get_settings())
    self_id = await service.worker_scope(None)
    assert (await AgencyRepository(conn).get(self_id)).external_id == "SELF"  # type: ignore[union-attr]


async def test_an_agency_token_learns_nothing_about_other_agencies(conn: Connection) -> None:
    own = await AgencyRepository(conn).ensure("AG1")
    await AgencyRepository(conn).ensure("AG2")
    agency = Principal("agency", subject_id=own.id)
    with pytest.raises(PermissionDenied):
        await ImportService(conn, agency, get_settings()).worker_scope("AGX")
    employer = Principal("employer", subject_id=1)
    with pytest.raises(PermissionDenied):
        await ImportService(conn, employer, get_settings()).worker_scope("AG2")


async def test_a_malformed_agency_never_reaches_the_database(conn: Connection) -> None:
    with pytest.raises(InvalidInput) as caught:
        await resolve_agency(conn, "AG\x001", create=True)
    assert caught.value.field == "agency" and "NUL" in caught.value.detail
    with pytest.raises(InvalidInput, match=r"\(existing agencies: SELF\)"):
        await resolve_agency(conn, "AG1", create=False)  # nothing close: the ones there are


def test_close_matches_ignore_case() -> None:
    assert close_matches("ag1", ["AG1", "SELF", "EVAL"]) == ["AG1"]
    assert close_matches("AGI", ["AG1", "AG2", "BENCH"]) == ["AG1", "AG2"]
    assert close_matches("ZZZZ", ["AG1"]) == []
