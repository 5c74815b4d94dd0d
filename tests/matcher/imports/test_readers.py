"""Streaming readers: every format yields rows with the numbers a person would look up."""

from __future__ import annotations

import io
import json

from matcher.imports.readers import detect_format, iter_rows
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
        "discoverable": "true",
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
    parsed = list(iter_rows(io.StringIO("a,b\n1,2,3\n"), "csv", kind="workers"))
    assert parsed[0].error == "more cells than header columns"


def test_detect_format() -> None:
    assert detect_format(None, "text/csv; charset=utf-8") == "csv"
    assert detect_format(None, "application/x-ndjson") == "jsonl"
    assert detect_format("w.json", None) == "json"
    assert detect_format("w.jsonl", None) == "jsonl"
