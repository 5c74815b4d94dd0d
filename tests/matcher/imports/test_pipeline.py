"""The import pipeline against a real PostgreSQL: idempotent, row-level errors, all-or-nothing."""

from __future__ import annotations

import io
import json

import asyncpg

from matcher.imports import import_vacancies, import_workers, iter_rows
from matcher.storage.agencies import AgencyRepository
from matcher.storage.employers import EmployerRepository
from matcher.storage.workers import WorkerPageFilter, WorkerRepository
from tests import factories


def _jsonl(rows: list[dict[str, object]]) -> io.StringIO:
    return io.StringIO("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def _broken_file() -> io.StringIO:
    rows: list[dict[str, object]] = [factories.worker_data(n) for n in range(1, 8)]
    rows[1] = factories.worker_data(2, birth_date="1999-02-30")
    rows[3] = factories.worker_data(4, ssw_tests=[{"field": "space_travel"}])
    rows[4] = factories.worker_data(5, favourite_colour="blue")
    rows[6] = factories.worker_data(1)  # the same external id as row 1
    return _jsonl(rows)


async def test_importing_the_same_file_twice_changes_nothing(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    rows = [factories.worker_data(n) for n in range(1, 26)]

    first = await import_workers(
        conn, iter_rows(_jsonl(rows), "jsonl", kind="workers"), agency_id=agency.id, batch_size=10
    )
    snapshot = await conn.fetch("SELECT id, profile, version, updated_at FROM workers ORDER BY id")
    second = await import_workers(
        conn, iter_rows(_jsonl(rows), "jsonl", kind="workers"), agency_id=agency.id, batch_size=7
    )

    assert (first.created, first.updated, first.unchanged, first.errors) == (25, 0, 0, [])
    assert (second.created, second.updated, second.unchanged, second.errors) == (0, 0, 25, [])
    assert (
        await conn.fetch("SELECT id, profile, version, updated_at FROM workers ORDER BY id")
        == snapshot
    )


async def test_bad_rows_are_reported_and_good_rows_stored(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")

    report = await import_workers(
        conn, iter_rows(_broken_file(), "jsonl", kind="workers"), agency_id=agency.id, batch_size=3
    )

    by_row = {(e.row, e.field) for e in report.errors}
    assert (2, "birth_date") in by_row
    assert (4, "ssw_tests.0.field") in by_row
    assert (5, "favourite_colour") in by_row
    assert (7, "external_id") in by_row
    assert all(e.message for e in report.errors)
    assert report.created == 3 and report.rows == 7
    stored = {w.external_id for w in await WorkerRepository(conn).page(WorkerPageFilter())}
    assert stored == {"AG1-000001", "AG1-000003", "AG1-000006", "AG1-000007"} - {"AG1-000007"} | {
        "AG1-000001"
    }


async def test_all_or_nothing_stores_none_when_a_row_is_bad(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    report = await import_workers(
        conn,
        iter_rows(_broken_file(), "jsonl", kind="workers"),
        agency_id=agency.id,
        batch_size=3,
        all_or_nothing=True,
    )
    assert not report.stored
    assert report.created == 0 and report.error_count == 4
    assert await WorkerRepository(conn).count() == 0


async def test_bad_rows_never_corrupt_stored_data(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    await import_workers(
        conn,
        iter_rows(_jsonl([factories.worker_data(2)]), "jsonl", kind="workers"),
        agency_id=agency.id,
    )
    before = await conn.fetch("SELECT profile, version FROM workers")

    report = await import_workers(
        conn, iter_rows(_broken_file(), "jsonl", kind="workers"), agency_id=agency.id
    )

    assert (2, "birth_date") in {(e.row, e.field) for e in report.errors}
    assert (
        await conn.fetch("SELECT profile, version FROM workers WHERE external_id = 'AG1-000002'")
        == before
    )


async def test_row_limit_stops_reading(conn: asyncpg.Connection) -> None:
    agency = await AgencyRepository(conn).ensure("AG1")
    rows = [factories.worker_data(n) for n in range(1, 11)]
    report = await import_workers(
        conn,
        iter_rows(_jsonl(rows), "jsonl", kind="workers"),
        agency_id=agency.id,
        batch_size=4,
        max_rows=5,
    )
    assert report.error_count == 1 and "more than 5 rows" in report.errors[0].message
    assert report.created == 4


async def test_vacancies_create_their_employer_once(conn: asyncpg.Connection) -> None:
    rows = [factories.vacancy_data(n) for n in range(1, 6)]
    first = await import_vacancies(conn, iter_rows(_jsonl(rows), "jsonl", kind="vacancies"))
    second = await import_vacancies(conn, iter_rows(_jsonl(rows), "jsonl", kind="vacancies"))
    assert (first.created, second.unchanged) == (5, 5)
    assert await EmployerRepository(conn).count() == 1


async def test_employer_scoped_import_refuses_other_employers(conn: asyncpg.Connection) -> None:
    own = await EmployerRepository(conn).create(factories.employer(7))
    assert own is not None
    rows = [
        factories.vacancy_data(1),
        factories.vacancy_data(2, employer=factories.employer_data(8, name="Other Co.")),
        {
            **{k: v for k, v in factories.vacancy_data(3).items() if k != "employer"},
            "employer_id": own.id + 100,
        },
    ]
    report = await import_vacancies(
        conn, iter_rows(_jsonl(rows), "jsonl", kind="vacancies"), only_employer_id=own.id
    )
    assert report.created == 1
    assert {(e.row, e.field) for e in report.errors} == {
        (2, "employer.external_id"),
        (3, "employer_id"),
    }
    assert await EmployerRepository(conn).count() == 1


async def test_rows_are_new_input_judged_against_today(conn: asyncpg.Connection) -> None:
    """A 2030 birth date, a test passed next year, a bidi override in a name: each refused
    at its field; the plausible row next to them is stored."""
    agency = await AgencyRepository(conn).ensure("AG1")
    certificate = factories.worker_data()["certificates"][0]
    rows: list[dict[str, object]] = [
        factories.worker_data(1),
        factories.worker_data(2, birth_date="2030-01-01"),
        factories.worker_data(3, birth_date="1940-01-01"),
        factories.worker_data(4, ssw_tests=[{"field": "nursing_care", "passed_on": "2099-01-01"}]),
        factories.worker_data(
            5, certificates=[{**certificate, "issued_on": "2099-01-01", "expires_on": None}]
        ),
        factories.worker_data(6, full_name="Siti \u202eitiS"),
        factories.worker_data(7, summary="tiga\x1btahun"),
    ]
    report = await import_workers(
        conn, iter_rows(_jsonl(rows), "jsonl", kind="workers"), agency_id=agency.id
    )
    by_row = {e.row: (e.field, e.message) for e in report.errors}
    assert by_row == {
        2: ("birth_date", "must not be in the future (2030-01-01 is after today)"),
        3: ("birth_date", by_row[3][1]),
        4: ("ssw_tests.0.passed_on", "must not be in the future (2099-01-01 is after today)"),
        5: ("certificates.0.issued_on", "must not be in the future (2099-01-01 is after today)"),
        6: ("full_name", by_row[6][1]),
        7: ("summary", by_row[7][1]),
    }
    assert "a worker must be 15 to 70 years old" in by_row[3][1]
    assert "bidirectional text control (U+202E)" in by_row[6][1]
    assert "a control character (U+001B)" in by_row[7][1]
    assert report.created == 1


async def test_csv_job_category_columns_are_stored_and_refused_row_by_row(
    conn: asyncpg.Connection,
) -> None:
    """The compact forms for categories, completion and licences reach the stored profile; a
    wrong category, completion or licence kind is refused at its field, in its row only."""
    agency = await AgencyRepository(conn).ensure("AG1")
    header = (
        "external_id,full_name,birth_date,ssw_tests,intern_training,licences,"
        "ssw1_months_used,preferred_fields\n"
    )
    text = header + (
        "AG1-1,Yoga,1995-02-02,agriculture:crop_farming:1:2024-02-01;nursing_care:2023-05-01,"
        "agriculture:耕種農業（施設園芸）:good_standing:2023-01-31,"
        "jp_driving_first_class:2024-06-01:2027-06-01;forklift,14,agriculture\n"
        "AG1-2,Dewi,1996-07-02,agriculture:livestok:1:2024-02-01,,,,agriculture\n"
        "AG1-3,Rina,1996-07-02,,agriculture:crop_farming:graduated:2023-01-31,,,agriculture\n"
        "AG1-4,Budi,1996-07-02,,,jp_driving_third_class:2027-06-01,,agriculture\n"
        "AG1-5,Agus,1996-07-02,,,,61,agriculture\n"
        "AG1-6,Sari,1996-07-02,fishery:2024-02-01,fishery:2022-03-31,,0,fishery\n"
    )
    report = await import_workers(
        conn, iter_rows(io.StringIO(text), "csv", kind="workers"), agency_id=agency.id
    )
    assert {(e.row, e.field) for e in report.errors} == {
        (3, "ssw_tests.0.category"),
        (4, "intern_training.0.completion"),
        (5, "licences.0.kind"),
        (6, "ssw1_months_used"),
    }
    assert report.created == 2
    stored = {w.external_id: w for w in await WorkerRepository(conn).page(WorkerPageFilter())}
    yoga = stored["AG1-1"]
    assert [(t.field, t.category, t.level) for t in yoga.ssw_tests] == [
        ("agriculture", "crop_farming", 1),
        ("nursing_care", None, 1),
    ]
    (training,) = yoga.intern_training
    assert (training.job_type, training.completion) == ("耕種農業（施設園芸）", "good_standing")
    assert [lic.kind for lic in yoga.licences] == ["jp_driving_first_class", "forklift"]
    assert yoga.ssw1_months_used == 14
    sari = stored["AG1-6"]
    assert sari.ssw_tests[0].category is None and sari.intern_training[0].completion is None


async def test_csv_vacancy_rows_refused_by_law_name_their_field(conn: asyncpg.Connection) -> None:
    header = (
        "external_id,employer.external_id,employer.name,employer.prefecture,title,ssw_field,"
        "category,employment,visa,requirements.licences,requirements.certificates\n"
    )
    text = header + (
        "V1,E-1,Sendai Bus,Miyagi,バス運転士,automobile_transportation,bus_driver,direct,ssw1,"
        "jp_driving_second_class,SKM-DRV-04\n"
        "V2,E-1,Sendai Bus,Miyagi,運転士,automobile_transportation,,direct,ssw1,,\n"
        "V3,E-1,Sendai Bus,Miyagi,バス運転士,automobile_transportation,bus_driver,dispatch,ssw1,,\n"
        "V4,E-1,Sendai Bus,Miyagi,バス運転士,automobile_transportation,bus_driver,direct,ssw2,,\n"
        "V5,E-1,Sendai Bus,Miyagi,バス運転士,automobile_transportation,bus_driver,direct,ssw1,,"
        "大型バス免許講習\n"
        "V6,E-2,Iwate Farm,Iwate,農作業員,agriculture,crop_farming,dispatch,ssw1,,\n"
    )
    report = await import_vacancies(conn, iter_rows(io.StringIO(text), "csv", kind="vacancies"))
    assert {(e.row, e.field) for e in report.errors} == {
        (3, "category"),
        (4, "employment"),
        (5, "visa"),
        (6, "requirements.certificates.0"),
    }
    assert report.created == 2
