"""Bulk imports over HTTP: formats, row errors, all-or-nothing, idempotency, limits."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from matcher.imports.columns import TEMPLATE_COLUMNS
from tests import factories
from tests.api.conftest import Shared, World
from tests.api.fakes import FakeMatchingEngine
from tests.api.job_polling import run_import, wait_for_job


# This module runs on one shared database (see conftest.shared): tests create their own objects.
@pytest.fixture
def app(shared: Shared) -> FastAPI:
    return shared.app


@pytest.fixture
def client(shared: Shared) -> httpx.AsyncClient:
    return shared.client


@pytest.fixture
def world(shared: Shared) -> World:
    return shared.world


CSV = (
    "external_id,full_name,birth_date,japanese,ssw_tests,preferred_fields,discoverable\n"
    "CSV-1,Dewi Lestari,1998-01-02,JLPT:N4:2024-07-07,nursing_care:2024-02-01,nursing_care,true\n"
    "CSV-2,Budi,2001-05-06,JLPT:N9,,,true\n"
)


async def test_jsonl_import_is_idempotent_and_refreshes(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    rows = [factories.worker_data(n) for n in range(100, 130)]
    body = "\n".join(json.dumps(r) for r in rows).encode()
    headers = {**world.auth("ag1"), "content-type": "application/x-ndjson"}
    engine = app.state.engine
    assert isinstance(engine, FakeMatchingEngine)
    refreshed = engine.refreshed
    accepted = await client.post("/v1/imports/workers", content=body, headers=headers)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["state"] in ("queued", "running")
    assert accepted.headers["location"] == f"/v1/jobs/{accepted.json()['id']}"
    first = await wait_for_job(client, accepted, world.auth("ag1"))
    assert first["state"] == "succeeded" and first["kind"] == "import_workers"
    assert first["progress"] == {"done": 30, "total": 30}
    assert first["result"] | {"errors": []} == {
        "rows": 30, "created": 30, "updated": 0, "unchanged": 0, "errors": [],
        "error_count": 0, "errors_truncated": False, "stored": True,
    }  # fmt: skip
    assert engine.refreshed == refreshed + 1
    again = await run_import(client, "/v1/imports/workers", headers, content=body)
    assert (again["created"], again["unchanged"]) == (0, 30)
    assert engine.refreshed == refreshed + 1  # nothing changed: no refresh
    listed = (await client.get("/v1/workers?limit=200", headers=world.auth("ag1"))).json()
    external = {w.get("external_id") for w in listed["data"] if w["view"] == "full"}
    assert {r["external_id"] for r in rows} <= external


async def test_json_array_with_row_errors(client: httpx.AsyncClient, world: World) -> None:
    good = factories.worker_data(200)
    bad = factories.worker_data(201)
    bad["certificates"][0]["expires_on"] = "2020-01-01"
    report = await run_import(
        client,
        "/v1/imports/workers?agency=AG7&create_agency=true",
        world.auth("admin"),
        json=[good, bad, {"external_id": "x\u0000y"}],
    )
    assert report["created"] == 1
    assert report["errors"][0] == {
        "row": 2,
        "field": "certificates.0",
        "message": "expires_on must be after issued_on",
        "column": None,  # JSON rows have no columns
        "value": None,
    }
    assert report["errors"][1]["row"] == 3
    assert "NUL" in report["errors"][1]["message"]


async def test_csv_upload_and_all_or_nothing(client: httpx.AsyncClient, world: World) -> None:
    headers = world.auth("ag1")
    report = await run_import(
        client,
        "/v1/imports/workers?all_or_nothing=true",
        {**headers, "content-type": "text/csv"},
        content=CSV.encode(),
    )
    assert report["stored"] is False and report["created"] == 0
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["field"] == "japanese.0.level"
    uploaded = await run_import(
        client,
        "/v1/imports/workers",
        headers,
        files={"file": ("workers.csv", CSV.encode(), "text/csv")},
    )
    assert uploaded["created"] + uploaded["unchanged"] == 1


async def test_vacancy_import_for_own_employer(client: httpx.AsyncClient, world: World) -> None:
    own = factories.vacancy_data(300, employer=factories.employer_data(1))
    other = factories.vacancy_data(301, employer=factories.employer_data(2))
    lines = "\n".join(json.dumps(v) for v in (own, other))
    report = await run_import(
        client,
        "/v1/imports/vacancies",
        {**world.auth("e1"), "content-type": "application/x-ndjson"},
        content=lines.encode(),
    )
    assert report["created"] == 1
    assert report["errors"][0]["field"] == "employer.external_id"


async def test_a_japanese_vacancy_sheet_imports_without_renaming_columns(
    client: httpx.AsyncClient, world: World
) -> None:
    sheet = (
        "求人番号;企業コード;会社名;職種名;仕事内容;分野;勤務地;募集人数;月給(円);入社予定日;"
        "必要な日本語レベル;必須資格\n"
        "MYG-0900;E-1;Sendai Kaigo Co.;介護職員;特養での入浴・食事介助;nursing_care;Miyagi;2;"
        "210000;2027-10-01;N4;Caregiver\n"
    )
    report = await run_import(
        client,
        "/v1/imports/vacancies",
        {**world.auth("e1"), "content-type": "text/csv"},
        content=sheet.encode("utf-8-sig"),
    )
    assert (report["created"], report["errors"]) == (1, []), report
    listed = await client.get("/v1/vacancies", headers=world.auth("e1"))
    (stored,) = [v for v in listed.json()["data"] if v["external_id"] == "MYG-0900"]
    assert (stored["title"], stored["headcount"], stored["salary_monthly_jpy"]) == (
        "介護職員",
        2,
        210000,
    )
    assert stored["requirements"]["japanese"] == "N4"


async def test_bad_bodies_are_client_errors(client: httpx.AsyncClient, world: World) -> None:
    headers = world.auth("admin")
    wrong_type = await client.post(
        "/v1/imports/workers", content=b"x", headers={**headers, "content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    not_utf8 = await client.post(
        "/v1/imports/workers",
        content=b"\xff\xfe{}",
        headers={**headers, "content-type": "application/x-ndjson"},
    )
    assert not_utf8.status_code == 422
    assert not_utf8.json()["type"].endswith("/invalid-input")
    broken_csv = await run_import(
        client,
        "/v1/imports/workers",
        {**headers, "content-type": "text/csv"},
        content=b"a,a.b\n1,2\n",
    )
    # Both headers name nothing in the contract: each is reported once, on the header line.
    assert [(e["row"], e["column"]) for e in broken_csv["errors"]] == [(1, "a"), (1, "a.b")]
    no_file = await client.post(
        "/v1/imports/workers", files={"other": ("a", b"b")}, headers=headers
    )
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["field"] == "file"


EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "workers.csv"
# An agency's own spreadsheet as Indonesian Excel saves it: `;` separators, Windows-1252,
# Indonesian headers, decimal commas, ya/tidak, and two bad rows (a day-first date, N6).
SPREADSHEET = (
    "No Induk;Nama Lengkap;Tanggal Lahir;Provinsi;No. HP;Bidang Pilihan;"
    "jp1_test;jp1_level;Sertifikat1 Skema;Sertifikat1 Nomor;Sertifikat1 Penerbit;"
    "Sertifikat1 Terbit;Sertifikat1 Berlaku Sampai;Pengalaman1 Jabatan;Pengalaman1 Tahun;"
    "Pengalaman1 Mandor;Dapat Ditemukan\r\n"
    "IDX-1;Siti Rahmawati;1999-04-12;Jawa Tengah;+62 812-2745-1130;nursing_care;JLPT;N4;"
    "Perawat Lansia;62.3.1.87.2.0145.2024;LSP Kesehatan;2024-02-10;2027-02-10;"
    "Perawat lansia;3,5;tidak;ya\r\n"
    "IDX-2;Budi Santoso;14/03/1998;Jawa Timur;+62 813-3350-8821;;JLPT;N6;;;;;;;;;ya\r\n"
    "IDX-3;Ni Luh Putu Café;2000-08-17;Bali;;food_service;;;;;;;;Juru masak;2;;ya\r\n"
).encode("cp1252")


async def test_indonesian_excel_csv_with_errors_in_indonesian(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.auth("admin")
    report = await run_import(
        client,
        "/v1/imports/workers?agency=AG19B&create_agency=true&lang=id",
        headers,
        files={"file": ("pekerja.csv", SPREADSHEET, "text/csv")},
    )
    assert (report["rows"], report["created"], report["error_count"]) == (3, 2, 2)
    by_column = {e["column"]: e for e in report["errors"]}
    assert by_column["Tanggal Lahir"]["row"] == 3
    assert by_column["Tanggal Lahir"]["value"] == "14/03/1998"
    assert "YYYY-MM-DD" in by_column["Tanggal Lahir"]["message"]
    assert by_column["Tanggal Lahir"]["message"].startswith("harus berupa tanggal")
    assert by_column["jp1_level"]["field"] == "japanese.0.level"
    assert by_column["jp1_level"]["message"].startswith("harus salah satu dari: N1")
    exported = await client.get(
        "/v1/imports/workers/export?format=json&agency=AG19B", headers=headers
    )
    workers = {w["external_id"]: w for w in exported.json()}
    assert workers["IDX-3"]["full_name"] == "Ni Luh Putu Café"  # cp1252 é read as é
    siti = workers["IDX-1"]
    assert siti["experience"] == [{"title": "Perawat lansia", "years": 3.5, "supervisory": False}]
    assert siti["certificates"][0]["expires_on"] == "2027-02-10"
    assert siti["contact"]["phone"] == "+62 812-2745-1130" and siti["discoverable"] is True
    # The error report: the errors sent back come out as a formula-safe CSV.
    csv_report = await client.post(
        "/v1/imports/errors.csv", json={"errors": report["errors"]}, headers=headers
    )
    assert csv_report.status_code == 200
    lines = csv_report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,column,field,value,message"
    assert lines[1].startswith('3,Tanggal Lahir,birth_date,14/03/1998,"harus berupa tanggal')


async def test_errors_follow_accept_language_and_english_is_the_default(
    client: httpx.AsyncClient, world: World
) -> None:
    body = b"external_id,full_name,birth_date\nLANG-1,Rina,1999-02-30\n"
    for accept, start in (("ja,en;q=0.5", "YYYY-MM-DD 形式"), (None, "expected a date")):
        extra = {"accept-language": accept} if accept else {}
        report = await run_import(
            client,
            "/v1/imports/workers",
            {**world.auth("ag1"), "content-type": "text/csv", **extra},
            content=body,
        )
        assert report["errors"][0]["message"].startswith(start), report


async def test_template_and_example_import_cleanly(client: httpx.AsyncClient, world: World) -> None:
    template = await client.get("/v1/imports/workers/template.csv", headers=world.auth("ag1"))
    assert template.status_code == 200
    assert template.content.startswith(codecs.BOM_UTF8)
    header = template.content.decode("utf-8-sig").strip().split(",")
    assert header == list(TEMPLATE_COLUMNS)
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",") == header
    report = await run_import(
        client,
        "/v1/imports/workers?agency=AG19E&create_agency=true",
        world.auth("admin"),
        files={"file": ("workers.csv", EXAMPLE.read_bytes(), "text/csv")},
    )
    assert report["errors"] == [] and report["created"] == 5


async def test_export_round_trips_and_is_formula_safe(
    client: httpx.AsyncClient, world: World
) -> None:
    admin = world.auth("admin")
    scope = "agency=AG19X"
    tricky = factories.worker_data(19_000) | {
        "summary": '=HYPERLINK("http://evil.example","klik")',
        "province": "-Jawa Barat",
    }
    seeded = await run_import(
        client,
        f"/v1/imports/workers?{scope}&create_agency=true",
        admin,
        files={"file": ("workers.csv", EXAMPLE.read_bytes(), "text/csv")},
    )
    assert seeded["created"] == 5
    added = await run_import(client, f"/v1/imports/workers?{scope}", admin, json=[tricky])
    assert added["created"] == 1, added
    exported = await client.get(f"/v1/imports/workers/export?{scope}", headers=admin)
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.content.startswith(codecs.BOM_UTF8)
    text = exported.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-Jawa Barat" in text and "'+62 812-2745-1130" in text
    again = await run_import(
        client,
        f"/v1/imports/workers?{scope}",
        admin,
        files={"file": ("workers.csv", exported.content, "text/csv")},
    )
    assert again | {"errors": []} == {
        "rows": 6, "created": 0, "updated": 0, "unchanged": 6, "errors": [],
        "error_count": 0, "errors_truncated": False, "stored": True,
    }, again  # fmt: skip
    as_json = await client.get(f"/v1/imports/workers/export?{scope}&format=json", headers=admin)
    back = await run_import(client, f"/v1/imports/workers?{scope}", admin, json=as_json.json())
    assert (back["unchanged"], back["error_count"]) == (6, 0)
    refused = await client.get("/v1/imports/workers/export", headers=world.auth("e1"))
    assert refused.status_code == 403
