"""The demo generator: every line validates, output is deterministic and realistic enough."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.demo import (
    EMPLOYERS_FILE,
    REFERENCE_DATE,
    VACANCIES_FILE,
    WORKERS_FILE,
    demo_sizes,
    ensure_preset,
    generate,
    load_vocabulary,
)
from matcher.demo.cli import demo_app
from matcher.demo.presets import DemoSize
from models import (
    EmployerProfile,
    VacancyProfile,
    WorkerProfile,
    level_rank,
    occupations,
    ssw_fields,
)

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, workers=400, employers=40, seed=11, vacancies_per_employer=4)
    return out


@pytest.fixture(scope="module")
def workers(demo_dir: Path) -> list[WorkerProfile]:
    lines = (demo_dir / WORKERS_FILE).read_text(encoding="utf-8").splitlines()
    return [WorkerProfile.model_validate_json(line) for line in lines]


@pytest.fixture(scope="module")
def vacancies(demo_dir: Path) -> list[VacancyProfile]:
    lines = (demo_dir / VACANCIES_FILE).read_text(encoding="utf-8").splitlines()
    return [VacancyProfile.model_validate_json(line) for line in lines]


def test_every_line_validates(
    demo_dir: Path, workers: list[WorkerProfile], vacancies: list[VacancyProfile]
) -> None:
    employers = [
        EmployerProfile.model_validate_json(line)
        for line in (demo_dir / EMPLOYERS_FILE).read_text(encoding="utf-8").splitlines()
    ]
    assert len(workers) == 400
    assert len(employers) == 40
    assert len(vacancies) >= 40
    assert all(v.employer is not None for v in vacancies)
    ids = [w.external_id for w in workers]
    assert len(ids) == len(set(ids))
    assert len({v.external_id for v in vacancies}) == len(vacancies)
    numbers = [c.number for w in workers for c in w.certificates]
    assert len(numbers) == len(set(numbers))


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    runs = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, workers=150, employers=20, seed=seed)
        runs.append([(tmp_path / name / f).read_bytes() for f in (WORKERS_FILE, VACANCIES_FILE)])
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0]
    assert runs[0][1] != runs[2][1]


def test_first_workers_do_not_depend_on_the_total(tmp_path: Path) -> None:
    generate(tmp_path / "small", workers=50, employers=1, seed=3)
    generate(tmp_path / "large", workers=120, employers=1, seed=3)
    small = (tmp_path / "small" / WORKERS_FILE).read_text(encoding="utf-8").splitlines()
    large = (tmp_path / "large" / WORKERS_FILE).read_text(encoding="utf-8").splitlines()
    assert large[:50] == small


def test_workers_are_plausible(workers: list[WorkerProfile]) -> None:
    ages = [w.age_on(REFERENCE_DATE) for w in workers]
    assert min(ages) >= 18
    assert max(ages) <= 40
    certificates = [c for w in workers for c in w.certificates]
    assert any(c.status == "revoked" for c in certificates)
    expired = [c for c in certificates if c.expires_on and c.expires_on <= REFERENCE_DATE]
    assert any(c.status == "expired" for c in expired)
    assert all(c.expires_on is None or c.expires_on > c.issued_on for c in certificates)
    assert any(w.intern_training for w in workers)
    assert any(t.test == "care-japanese" for w in workers for t in w.japanese)
    assert sum(not w.japanese for w in workers) > 0
    assert sum(w.discoverable for w in workers) > 0.8 * len(workers)
    known = occupations()
    for w in workers:
        for e in w.experience:
            if e.occupation is not None:
                assert known[e.occupation].field == e.field


def _eligible_looking(worker: WorkerProfile, start: date) -> bool:
    main = worker.preferred_fields[0]
    has_test = any(t.field == main for t in worker.ssw_tests)
    japanese = max((level_rank(t.level) for t in worker.japanese), default=0) >= 2
    certificate = any(c.valid_on(start) for c in worker.certificates)
    available = worker.available_from is not None and worker.available_from <= start
    return has_test and japanese and certificate and available


def test_a_healthy_share_of_workers_looks_eligible(workers: list[WorkerProfile]) -> None:
    start = date(2027, 9, 1)
    share = sum(_eligible_looking(w, start) for w in workers) / len(workers)
    assert 0.25 <= share <= 0.8, share


def test_vacancies_cover_every_field_and_are_mostly_japanese(
    vacancies: list[VacancyProfile],
) -> None:
    fields = ssw_fields()
    assert {v.ssw_field for v in vacancies} == set(fields)
    japanese_titles = sum(bool(CJK.search(v.title)) for v in vacancies)
    assert japanese_titles >= 0.8 * len(vacancies)
    known = occupations()
    for v in vacancies:
        assert v.starts_on is not None
        assert fields[v.ssw_field].active_on(v.starts_on), v.external_id
        assert v.occupation is not None
        assert known[v.occupation].field == v.ssw_field
        assert v.salary_monthly_jpy is not None
        assert 180_000 <= v.salary_monthly_jpy <= 280_000
        if v.occupation == "bus_driver":
            assert v.requirements.japanese == "N3"
    miyagi = sum(v.employer is not None and v.employer.prefecture == "Miyagi" for v in vacancies)
    assert miyagi >= 0.3 * len(vacancies)


def test_vocabulary_covers_every_occupation() -> None:
    vocab = load_vocabulary()
    assert set(vocab.occupations) == set(occupations())
    assert len(vocab.provinces) == 38
    for words in vocab.occupations.values():
        assert words.schemes
        assert all(CJK.search(t) for t in words.ja_titles)


def test_preset_is_cached_by_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        demo_sizes, "tiny", DemoSize(workers=30, employers=3, vacancies_per_employer=2)
    )
    first = ensure_preset("tiny", tmp_path, seed=1)
    assert first.generated
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 1
    assert manifest["workers"] == 30
    second = ensure_preset("tiny", tmp_path, seed=1)
    assert not second.generated
    third = ensure_preset("tiny", tmp_path, seed=2)
    assert third.generated
    with pytest.raises(ValueError, match="unknown preset"):
        ensure_preset("nope", tmp_path)


def test_cli_generate(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        demo_app,
        ["generate", "--workers", "25", "--employers", "3", "--seed", "4", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert len((tmp_path / WORKERS_FILE).read_text(encoding="utf-8").splitlines()) == 25
