"""docs/contract.md is the data contract the code cites: its tables must list exactly the fields
of the models that enforce it, and its JSON examples must be accepted by the API's models, so
the document cannot drift from what the API takes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from models.schemas.employers import EmployerEmbed
from models.schemas.vacancies import VacancyCreate
from models.schemas.workers import WorkerCreate
from models.vacancy import Preferences, Requirements
from models.worker import (
    Certificate,
    Contact,
    Experience,
    InternTraining,
    JapaneseTest,
    Licence,
    SSWTest,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "contract.md"

TABLES: dict[str, type[BaseModel]] = {
    "Worker": WorkerCreate,
    "Contact": Contact,
    "JapaneseTest": JapaneseTest,
    "Certificate": Certificate,
    "SSWTest": SSWTest,
    "InternTraining": InternTraining,
    "Licence": Licence,
    "Experience": Experience,
    "Vacancy": VacancyCreate,
    "Employer": EmployerEmbed,
    "Requirements": Requirements,
    "Preferences": Preferences,
}


def _documented_fields(text: str) -> dict[str, list[str]]:
    """Field names per table, keyed by the table's first header word ("| Worker field | ...")."""
    tables: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        header = re.match(r"^\| (\w+) field \|", line)
        if header:
            current = header.group(1)
            tables[current] = []
            continue
        row = re.match(r"^\| `(\w+)` \|", line)
        if row and current is not None:
            tables[current].append(row.group(1))
        elif not line.startswith("|"):
            current = None
    return tables


def _examples(text: str) -> list[dict[str, object]]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, flags=re.S)]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_model_field_is_documented_and_nothing_else(table: str) -> None:
    documented = _documented_fields(DOC.read_text(encoding="utf-8"))
    assert table in documented, f"docs/contract.md has no '{table} field' table"
    fields = documented[table]
    assert len(fields) == len(set(fields)), f"{table}: a field is listed twice"
    assert set(fields) == set(TABLES[table].model_fields), table


def test_examples_validate_against_the_api_models() -> None:
    worker, vacancy = _examples(DOC.read_text(encoding="utf-8"))
    parsed_worker = WorkerCreate.model_validate(worker)
    parsed_vacancy = VacancyCreate.model_validate(vacancy)
    assert parsed_worker.certificates[0].scheme_code == "SKM-CG-01"
    assert parsed_vacancy.category == "care"
    assert parsed_vacancy.requirements.certificates == ["Caregiver"]
