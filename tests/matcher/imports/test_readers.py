"""Streaming readers: every format yields rows with the numbers a person would look up."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import Literal

import pytest

from matcher.imports.columns import COLUMN_ALIASES, FLAT_GROUPS
from matcher.imports.readers import (
    RawRow,
    detect_format,
    iter_rows,
    sniff_delimiter,
    sniff_encoding,
)
from tests import factories


def test_json_array_streams_elements_in_order_across_chunks() -> None:
    rows = [factories.worker_data(n) for n in range(1, 40)]
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    parsed = list(iter_rows(io.StringIO(text), "json", kind="workers"))
    assert [r.row for r in parsed] == list(range(1, 40))
    assert [r.data for r in parsed] == rows


def test_json_array_reports_a_broken_element_and_stops() -> None:
    text = '[{"a": 1}, {"b": 2,,}, {"c": 3}]'
    parsed = list(iter_rows(io.StringIO(text), "json", kind="workers"))
    assert parsed[0].data == {"a": 1}
    assert parsed[1].row == 2 and parsed[1].error is not None and "invalid JSON" in parsed[1].error


def test_json_body_that_is_not_an_array_is_one_error() -> None:
    parsed = list(iter_rows(io.StringIO('{"a": 1}'), "json", kind="workers"))
    assert len(parsed) == 1 and parsed[0].error is not None and "array" in parsed[0].error


def test_jsonl_numbers_lines_and_skips_blank_ones() -> None:
    text = '{"a": 1}\n\nnot json\n[1, 2]\n{"b": 2}\n'
    parsed = list(iter_rows(io.StringIO(text), "jsonl", kind="workers"))
    assert [(r.row, r.data is not None) for r in parsed] == [
        (1, True),
        (3, False),
        (4, False),
        (5, True),
    ]
    assert parsed[2].error == "expected a JSON object, got list"


def test_csv_builds_the_nested_contract_shape() -> None:
    text = (
        "external_id,full_name,birth_date,japanese,ssw_tests,preferred_fields,certificates,discoverable\n"
        "AG1-1,Siti,1999-03-14,JLPT:N4:2024-07-07;JFT-Basic:A2,nursing_care:2024-02-01,"
        'nursing_care;food_service,"[{""number"": ""1"", ""scheme"": ""Caregiver"", '
        '""issuer"": ""LSP"", ""issued_on"": ""2024-01-01""}]",true\n'
    )
    (row,) = list(iter_rows(io.StringIO(text), "csv", kind="workers"))
    assert row.row == 2
    assert row.data == {
        "external_id": "AG1-1",
        "full_name": "Siti",
        "birth_date": "1999-03-14",
        "japanese": [
            {"test": "JLPT", "level": "N4", "passed_on": "2024-07-07"},
            {"test": "JFT-Basic", "level": "A2"},
        ],
        "ssw_tests": [{"field": "nursing_care", "passed_on": "2024-02-01"}],
        "preferred_fields": ["nursing_care", "food_service"],
        "certificates": [
            {"number": "1", "scheme": "Caregiver", "issuer": "LSP", "issued_on": "2024-01-01"}
        ],
        "discoverable": True,  # yes/ya/true are read as booleans
    }


def test_csv_dotted_columns_nest_for_vacancies() -> None:
    text = "external_id,employer.external_id,requirements.certificates,requirements.japanese\nV1,E-1,Caregiver;Cook,N4\n"
    (row,) = list(iter_rows(io.StringIO(text), "csv", kind="vacancies"))
    assert row.data == {
        "external_id": "V1",
        "employer": {"external_id": "E-1"},
        "requirements": {"certificates": ["Caregiver", "Cook"], "japanese": "N4"},
    }


def test_csv_row_with_extra_cells_is_an_error() -> None:
    parsed = list(iter_rows(io.StringIO("full_name,province\n1,2,3\n"), "csv", kind="workers"))
    assert parsed[0].error == "more cells than header columns"


def test_detect_format() -> None:
    assert detect_format(None, "text/csv; charset=utf-8") == "csv"
    assert detect_format(None, "application/x-ndjson") == "jsonl"
    assert detect_format("w.json", None) == "json"
    assert detect_format("w.jsonl", None) == "jsonl"


def _csv_row(text: str, kind: Literal["workers", "vacancies"] = "workers") -> RawRow:
    (row,) = list(iter_rows(io.StringIO(text), "csv", kind=kind))
    return row


def test_csv_compact_ssw_tests_with_category_and_level_and_the_older_form() -> None:
    row = _csv_row(
        "external_id,ssw_tests\n"
        "AG1-1,agriculture:crop_farming:1:2024-02-01;fishery:aquaculture:2;"
        "nursing_care:2023-05-01;construction:building;food_service::2:2025-01-10\n"
    )
    assert row.error is None
    assert row.data == {
        "external_id": "AG1-1",
        "ssw_tests": [
            {
                "field": "agriculture",
                "category": "crop_farming",
                "level": 1,
                "passed_on": "2024-02-01",
            },
            {"field": "fishery", "category": "aquaculture", "level": 2},
            {"field": "nursing_care", "passed_on": "2023-05-01"},
            {"field": "construction", "category": "building"},
            {"field": "food_service", "level": 2, "passed_on": "2025-01-10"},
        ],
    }


def test_csv_compact_intern_training_tells_category_from_job_type() -> None:
    row = _csv_row(
        "external_id,intern_training\n"
        "AG1-1,agriculture:crop_farming:good_standing:2023-01-31;"
        "agriculture:耕種農業（施設園芸）:incomplete:2022-06-30;"
        "fishery:aquaculture::2021-03-31;nursing_care:2020-09-30\n"
    )
    assert row.error is None
    assert row.data is not None
    assert row.data["intern_training"] == [
        {
            "field": "agriculture",
            "category": "crop_farming",
            "completion": "good_standing",
            "completed_on": "2023-01-31",
        },
        {
            "field": "agriculture",
            "job_type": "耕種農業（施設園芸）",
            "completion": "incomplete",
            "completed_on": "2022-06-30",
        },
        {"field": "fishery", "category": "aquaculture", "completed_on": "2021-03-31"},
        {"field": "nursing_care", "completed_on": "2020-09-30"},
    ]


def test_csv_compact_licences_with_and_without_issue_date() -> None:
    row = _csv_row(
        "external_id,licences\n"
        "AG1-1,jp_driving_second_class:2028-06-01;"
        "jp_driving_first_class:2024-06-01:2027-06-01;forklift\n"
    )
    assert row.data is not None
    assert row.data["licences"] == [
        {"kind": "jp_driving_second_class", "expires_on": "2028-06-01"},
        {"kind": "jp_driving_first_class", "issued_on": "2024-06-01", "expires_on": "2027-06-01"},
        {"kind": "forklift"},
    ]


def test_csv_vacancy_category_employment_and_required_licences() -> None:
    row = _csv_row(
        "external_id,ssw_field,category,employment,requirements.licences\n"
        "V1,automobile_transportation,bus_driver,direct,jp_driving_second_class; \n",
        kind="vacancies",
    )
    assert row.data == {
        "external_id": "V1",
        "ssw_field": "automobile_transportation",
        "category": "bus_driver",
        "employment": "direct",
        "requirements": {"licences": ["jp_driving_second_class"]},
    }


def test_csv_compact_forms_that_cannot_be_read_are_errors_of_their_row_only() -> None:
    text = (
        "external_id,ssw_tests,intern_training,licences\n"
        "AG1-1,agriculture:crop_farming:first:2024-02-01,,\n"
        "AG1-2,,agriculture:crop_farming:good_standing:2023-01-31:extra,\n"
        "AG1-3,,,forklift:2024-01-01:2025-01-01:2026-01-01\n"
        "AG1-4,agriculture:crop_farming:1:2024-02-01,,\n"
    )
    rows = list(iter_rows(io.StringIO(text), "csv", kind="workers"))
    assert [r.row for r in rows] == [2, 3, 4, 5]
    assert rows[0].error is not None and "level" in rows[0].error and "'first'" in rows[0].error
    assert rows[1].error is not None and "intern_training: expected" in rows[1].error
    assert rows[2].error is not None and "licences: expected" in rows[2].error
    assert rows[3].error is None and rows[3].data is not None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + b"Nama;Tanggal\n", "utf-8-sig"),
        ("Nama\tTanggal\n".encode("utf-16"), "utf-16"),
        ("full_name\nNi Luh Café\n".encode(), "utf-8"),
        ("full_name\nNi Luh Café\n".encode("cp1252"), "cp1252"),
    ],
)
def test_sniff_encoding(raw: bytes, expected: str) -> None:
    file = io.BytesIO(raw)
    assert sniff_encoding(file) == expected
    assert file.tell() == 0


def test_sniff_encoding_refuses_bytes_that_are_no_text() -> None:
    with pytest.raises(ValueError, match="neither UTF-8 nor Windows-1252"):
        sniff_encoding(io.BytesIO(b"name\n\x81\x8d\x90\n"))


def test_delimiter_comes_from_the_header_line() -> None:
    assert sniff_delimiter("Nama Lengkap;Tanggal Lahir\r\n") == ";"
    assert sniff_delimiter("full_name\tbirth_date\n") == "\t"
    assert sniff_delimiter('"Nama; Lengkap",birth_date,province\n') == ","
    assert sniff_delimiter("full_name\n") == ","
    # A comma file whose lists are joined by `;` is still a comma file.
    text = "external_id,full_name,birth_date,preferred_fields\nA-1,Siti,1999-01-01,a;b;c;d\n"
    (row,) = iter_rows(io.StringIO(text), "csv", kind="workers")
    assert row.data is not None and row.data["preferred_fields"] == ["a", "b", "c", "d"]


def test_indonesian_headers_and_flat_columns() -> None:
    text = (
        "Nama Lengkap;Tanggal Lahir;Sertifikat1 Skema;cert1_number;cert1_units;cert3_scheme;"
        "Pengalaman 1 Tahun;exp1_title;exp1_supervisory;Dapat Ditemukan;No. HP;Catatan\r\n"
        'Siti;1999-04-12;Perawat Lansia;62.3;"U1; U2";Pembersihan Gedung;2,5;Perawat;ya;tidak;'
        "'+62 812;bebas\r\n"
    )
    rows = list(iter_rows(io.StringIO(text), "csv", kind="workers"))
    assert [(r.row, r.code, r.params) for r in rows[:1]] == [
        (1, "unknown_column", {"column": "Catatan"})
    ]
    data = rows[1].data
    assert data == {
        "full_name": "Siti",
        "birth_date": "1999-04-12",
        "certificates": [
            {"scheme": "Perawat Lansia", "number": "62.3", "units": ["U1", "U2"]},
            {"scheme": "Pembersihan Gedung"},
        ],
        "experience": [{"years": "2.5", "title": "Perawat", "supervisory": True}],
        "discoverable": False,
        "contact": {"phone": "+62 812"},
    }
    # Errors point back at the header the person typed: cert3 became certificates.1.
    assert rows[1].cells["certificates.1.scheme"] == ("cert3_scheme", "Pembersihan Gedung")
    assert rows[1].cells["birth_date"] == ("Tanggal Lahir", "1999-04-12")


def test_two_headers_for_one_field_are_an_error() -> None:
    rows = list(iter_rows(io.StringIO("Nama,full_name\nA,B\n"), "csv", kind="workers"))
    assert rows[0].code == "same_column" and rows[0].params["path"] == "full_name"


def test_every_header_alias_is_documented() -> None:
    """docs/api.md ("Bulk import") lists the alias table; a new alias must be added there."""
    docs = (Path(__file__).resolve().parents[3] / "docs" / "api.md").read_text(encoding="utf-8")
    for path, aliases in COLUMN_ALIASES.items():
        for name in (path, *aliases):
            assert f"`{name}`" in docs, name
    for group in FLAT_GROUPS:
        assert f"`{group.prefixes[0]}1_…`" in docs, group.field


def test_vacancy_headers_in_japanese_map_onto_the_contract() -> None:
    """A Japanese company's sheet (職種名, 募集人数, 月給(円), 必須資格 ...) needs no renaming;
    a contract path still works, and two headers for one column are reported on line 1."""
    sheet = (
        "求人番号,企業コード,会社名,職種名,分野,業務区分,勤務地（都道府県）,募集人数,月給（円）,"
        "入社予定日,必要な日本語レベル,必須資格,preferred.experience_years\n"
        "MYG-7,E-7,Sendai Kaigo Co.,介護職員,nursing_care,care,Miyagi,2,210000,2027-10-01,N4,"
        "Caregiver;介護,2\n"
    )
    (row,) = list(iter_rows(io.StringIO(sheet), "csv", kind="vacancies"))
    assert row.error is None, row.error
    assert row.data == {
        "external_id": "MYG-7",
        "employer": {"external_id": "E-7", "name": "Sendai Kaigo Co."},
        "title": "介護職員",
        "ssw_field": "nursing_care",
        "category": "care",
        "prefecture": "Miyagi",
        "headcount": "2",
        "salary_monthly_jpy": "210000",
        "starts_on": "2027-10-01",
        "requirements": {"japanese": "N4", "certificates": ["Caregiver", "介護"]},
        "preferred": {"experience_years": "2"},
    }
    twice = "職種名,title\n介護職員,介護職員\n"
    problem, kept = list(iter_rows(io.StringIO(twice), "csv", kind="vacancies"))
    assert (problem.row, problem.code) == (1, "same_column")
    assert kept.data == {"title": "介護職員"}
