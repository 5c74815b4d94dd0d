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
from matcher.demo.presets import DemoSize
from matcher_cli.demo_data import demo_app
from models import (
    EmployerProfile,
    VacancyProfile,
    WorkerProfile,
    level_rank,
    occupations,
    ssw_fields,
)
from models.categories import categories_of, categories_of_job_type, ssw_categories
from models.schemes import resolve_scheme_name, schemes

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if level_rank(a) >= level_rank(b) else b


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


def _main_category(worker: WorkerProfile) -> str | None:
    """The job category of the worker's main occupation (its first coded experience)."""
    known = occupations()
    main = worker.preferred_fields[0]
    for entry in worker.experience:
        if entry.occupation is not None and entry.field == main:
            return known[entry.occupation].category
    return None


def _eligible_looking(worker: WorkerProfile, start: date) -> bool:
    category = _main_category(worker)
    has_test = any(t.category is not None and t.category == category for t in worker.ssw_tests)
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
        assert v.category == known[v.occupation].category, v.external_id
        category = ssw_categories()[v.category]
        if v.occupation == "bus_driver":
            assert _higher(v.requirements.japanese, category.legal_japanese(v.visa)) == "N3"
        if v.visa == "ssw2":
            assert category.offers_ssw2_on(v.starts_on), v.external_id
            assert v.requirements.japanese is None, "SSW(ii) has no general N4 requirement"
        if v.employment == "dispatch":
            assert v.ssw_field in {"agriculture", "fishery"}, v.external_id
        for name in [*v.requirements.certificates, *v.preferred.certificates]:
            assert resolve_scheme_name(name), name
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


# -- job categories, licences and trustworthy certificates (generator version 2) ------------


@pytest.fixture(scope="module")
def large_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-large")
    generate(out, workers=3000, employers=300, seed=11, vacancies_per_employer=4)
    return out


@pytest.fixture(scope="module")
def many_workers(large_dir: Path) -> list[WorkerProfile]:
    lines = (large_dir / WORKERS_FILE).read_text(encoding="utf-8").splitlines()
    return [WorkerProfile.model_validate_json(line) for line in lines]


@pytest.fixture(scope="module")
def many_vacancies(large_dir: Path) -> list[VacancyProfile]:
    lines = (large_dir / VACANCIES_FILE).read_text(encoding="utf-8").splitlines()
    return [VacancyProfile.model_validate_json(line) for line in lines]


def test_ssw_tests_carry_categories_some_in_another_category(
    many_workers: list[WorkerProfile],
) -> None:
    own = other = missing = 0
    for worker in many_workers:
        main = _main_category(worker)
        for test in worker.ssw_tests:
            if test.field != worker.preferred_fields[0] or main is None:
                continue
            if len(categories_of(test.field)) == 1:
                assert test.category in (None, main)
                continue
            if test.category is None:
                missing += 1
            elif test.category == main:
                own += 1
            else:
                assert ssw_categories()[test.category].field == test.field
                other += 1
    total = own + other + missing
    assert total > 300
    assert own > 0.7 * total
    assert 0.05 * total <= other <= 0.3 * total, (own, other, missing)
    assert 0 < missing <= 0.06 * total
    level2 = [t for w in many_workers for t in w.ssw_tests if t.level == 2]
    assert level2
    for test in level2:
        assert test.category is not None
        assert ssw_categories()[test.category].ssw2 is not None, test.category


def test_intern_training_records_completion_and_category(
    many_workers: list[WorkerProfile],
) -> None:
    trainings = [t for w in many_workers for t in w.intern_training]
    assert len(trainings) >= 40
    completions = [t.completion for t in trainings]
    assert completions.count("good_standing") > 0.6 * len(trainings)
    assert "incomplete" in completions
    assert None in completions
    assert any(t.job_type is not None for t in trainings)
    assert any(t.category is not None and t.job_type is None for t in trainings)
    for training in trainings:
        if training.job_type is None:
            assert training.category is not None
        else:
            mapped = categories_of_job_type(training.field, training.job_type)
            assert mapped, training.job_type
            assert training.category is None or training.category in mapped


def test_certificates_expire_three_to_five_years_after_issue(
    many_workers: list[WorkerProfile],
) -> None:
    certificates = [c for w in many_workers for c in w.certificates]
    undated = [c for c in certificates if c.expires_on is None]
    assert 0 < len(undated) <= 0.05 * len(certificates)
    for c in certificates:
        if c.expires_on is not None:
            days = (c.expires_on - c.issued_on).days
            assert 3 * 365 <= days <= 5 * 366, c.number
    statuses = {c.status for c in certificates}
    assert statuses == {"valid", "expired", "revoked", "suspended"}
    checked = [c for c in certificates if c.verified != "self_declared"]
    assert {c.verified for c in checked} == {"agency_checked", "registry_checked"}
    assert 0.2 * len(certificates) <= len(checked) <= 0.6 * len(certificates)
    for c in checked:
        assert c.verified_on is not None and c.verified_by
        assert c.issued_on < c.verified_on < REFERENCE_DATE


def test_licences_supervisors_and_job_changers(many_workers: list[WorkerProfile]) -> None:
    known = occupations()
    kinds = {lic.kind for w in many_workers for lic in w.licences}
    assert {"jp_driving_first_class", "jp_driving_second_class", "forklift"} <= kinds
    drivers = [
        w
        for w in many_workers
        if any(
            e.occupation in ("truck_driver", "bus_driver") and e.field == w.preferred_fields[0]
            for e in w.experience
        )
    ]
    assert any(w.licences for w in drivers)
    for w in many_workers:
        for lic in w.licences:
            if lic.kind.startswith("jp_driving"):
                assert lic.expires_on is not None and lic.issued_on is not None
    assert any(e.supervisory is True for w in many_workers for e in w.experience)
    assert any(e.supervisory is False for w in many_workers for e in w.experience)
    changers = [w for w in many_workers if w.ssw1_months_used > 0]
    assert 0.01 * len(many_workers) <= len(changers) <= 0.15 * len(many_workers)
    assert any(w.ssw1_months_used == 60 for w in changers)
    for w in changers:
        main = _main_category(w)
        tested = any(t.category == main for t in w.ssw_tests)
        exempt = any(
            t.completion == "good_standing" and t.category in (None, main)
            for t in w.intern_training
        )
        assert tested or exempt, w.external_id
        assert any(e.field == w.preferred_fields[0] and e.occupation in known for e in w.experience)


def test_vacancies_carry_category_terms(many_vacancies: list[VacancyProfile]) -> None:
    assert any(v.visa == "ssw2" for v in many_vacancies)
    assert any(v.employment == "dispatch" for v in many_vacancies)
    drivers = [v for v in many_vacancies if v.occupation in ("truck_driver", "bus_driver")]
    assert drivers
    assert any(v.requirements.licences for v in drivers)
    assert any(not v.requirements.licences for v in drivers)
    for v in drivers:
        expected = "jp_driving_first_class" if v.occupation == "truck_driver" else None
        for kind in v.requirements.licences:
            assert kind == (expected or "jp_driving_second_class")
    names = [n for v in many_vacancies for n in v.requirements.certificates]
    assert any(CJK.search(n) for n in names), "some employers name a scheme in Japanese"
    assert any(n in schemes() for n in names), "some name a scheme code"
    explicit = [v.requirements.japanese for v in many_vacancies]
    assert None in explicit and "N4" in explicit
