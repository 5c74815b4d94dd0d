"""Employers embedded in imported vacancy rows: created when new, otherwise only the fields a
row sends change (issue 14, observation 4). Rows are applied in file order."""

from __future__ import annotations

import io
import json
from typing import Any

import asyncpg

from matcher.imports import import_vacancies, iter_rows
from matcher.storage.employers import EmployerRepository
from models.employer import EmployerProfile
from tests import factories

RICH_E7 = factories.demo_employer_e7()


def _jsonl(rows: list[dict[str, Any]]) -> io.StringIO:
    return io.StringIO("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def _rows(*embedded: dict[str, Any], start: int = 1) -> list[dict[str, Any]]:
    return [factories.vacancy_data(start + i, employer=e) for i, e in enumerate(embedded)]


async def _stored(conn: asyncpg.Connection, external_id: str) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        "SELECT id, profile, content_hash, name, prefecture, updated_at FROM employers"
        " WHERE external_id = $1",
        external_id,
    )
    return row


async def _import(conn: asyncpg.Connection, rows: list[dict[str, Any]], **kw: Any) -> Any:
    return await import_vacancies(conn, iter_rows(_jsonl(rows), "jsonl", kind="vacancies"), **kw)


async def _rich_e7(conn: asyncpg.Connection) -> int:
    made = await EmployerRepository(conn).create(EmployerProfile.model_validate(RICH_E7))
    assert made is not None
    return made.id


async def test_a_partial_embedded_employer_keeps_the_fields_it_does_not_send(
    conn: asyncpg.Connection,
) -> None:
    employer_id = await _rich_e7(conn)

    report = await _import(conn, _rows({"external_id": "E-7", "name": "Akita Air Service"}))

    assert (report.created, report.error_count) == (1, 0)
    employer = await EmployerRepository(conn).get(employer_id)
    assert employer is not None
    assert employer.model_dump(include=set(RICH_E7)) == {**RICH_E7, "name": "Akita Air Service"}
    stored = await _stored(conn, "E-7")
    assert stored is not None and stored["name"] == "Akita Air Service"


async def test_the_contract_example_no_longer_blanks_a_stored_employer(
    conn: asyncpg.Connection,
) -> None:
    """DOMAIN.md's example row (external id, name, prefecture) used to wipe the rest."""
    employer_id = await _rich_e7(conn)

    await _import(conn, [factories.vacancy_data(1)])

    employer = await EmployerRepository(conn).get(employer_id)
    assert employer is not None
    assert employer.model_dump(include=set(RICH_E7)) == {
        **RICH_E7,
        **factories.employer_data(7),
    }


async def test_rows_apply_their_employer_fields_in_file_order(conn: asyncpg.Connection) -> None:
    """Within one file (and one batch), each row's fields land on what earlier rows left."""
    rows = _rows(
        {"external_id": "E-9", "name": "No prefecture"},  # new and incomplete: refused
        {"external_id": "E-9", "name": "Nine", "prefecture": "Miyagi"},  # creates E-9
        {"external_id": "E-9", "city": "Sendai"},
        {"external_id": "E-9", "website": "https://nine.example.jp"},
        {"external_id": "E-9"},
    )

    report = await _import(conn, rows, batch_size=10)

    assert report.created == 4
    assert [(e.row, e.field) for e in report.errors] == [(1, "employer.prefecture")]
    stored = await _stored(conn, "E-9")
    assert stored is not None
    assert stored["profile"] == {
        "external_id": "E-9",
        "name": "Nine",
        "prefecture": "Miyagi",
        "city": "Sendai",
        "website": "https://nine.example.jp",
    }


async def test_the_same_file_twice_leaves_the_employer_untouched(
    conn: asyncpg.Connection,
) -> None:
    await _rich_e7(conn)
    rows = _rows(RICH_E7, {"external_id": "E-7", "city": "Akita"}, {"external_id": "E-7"})

    first = await _import(conn, rows)
    before = await _stored(conn, "E-7")
    second = await _import(conn, rows, batch_size=2)

    assert (first.created, second.unchanged, second.error_count) == (3, 3, 0)
    assert await _stored(conn, "E-7") == before  # same profile, hash and updated_at


async def test_an_employer_scoped_import_may_not_touch_another_employer(
    conn: asyncpg.Connection,
) -> None:
    own = await EmployerRepository(conn).create(factories.employer(1))
    assert own is not None
    await _rich_e7(conn)
    before = await _stored(conn, "E-7")
    rows = _rows(
        {"external_id": "E-7", "name": "Taken Over"},
        {"external_id": "E-1", "city": "Sendai"},  # its own record: allowed, partial
    )

    report = await _import(conn, rows, only_employer_id=own.id)

    assert report.created == 1
    assert [(e.row, e.field) for e in report.errors] == [(1, "employer.external_id")]
    assert await _stored(conn, "E-7") == before
    mine = await EmployerRepository(conn).get(own.id)
    assert mine is not None
    assert mine.model_dump(include=set(RICH_E7)) == {
        **factories.employer_data(1),
        "name_ja": None,
        "city": "Sendai",
        "description": None,
        "website": None,
    }


async def test_all_or_nothing_keeps_employers_when_a_row_is_bad(
    conn: asyncpg.Connection,
) -> None:
    await _rich_e7(conn)
    before = await _stored(conn, "E-7")
    rows = _rows({"external_id": "E-7", "name": "Renamed"}, {"external_id": "E-8", "name": "X"})

    report = await _import(conn, rows, all_or_nothing=True)

    assert not report.stored
    assert [(e.row, e.field) for e in report.errors] == [(2, "employer.prefecture")]
    assert await _stored(conn, "E-7") == before
    assert await _stored(conn, "E-8") is None
