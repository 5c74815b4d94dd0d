"""Explanations for free-text search, where there is no vacancy to check requirements against.

A search result says how close it is to the query and what the candidate (or vacancy) brings,
in English, Japanese or Indonesian, from the stored data only: nothing is claimed that the data
does not show.
"""

from __future__ import annotations

from datetime import date

from models.common import Lang
from models.japanese import level_rank
from models.vacancy import Vacancy
from models.vocabulary import field_label, occupation_label
from models.worker import WorkerProfile

TEMPLATES: dict[str, dict[Lang, str]] = {
    "name": {
        "en": "Name or id matches the search",
        "ja": "氏名または ID が検索語と一致",
        "id": "Nama atau ID cocok dengan pencarian",
    },
    "query": {
        "en": "Similar to your search (similarity {similarity:.2f})",
        "ja": "検索内容との類似度 {similarity:.2f}",
        "id": "Mirip dengan pencarian Anda (kemiripan {similarity:.2f})",
    },
    "ssw_test": {
        "en": "Passed the SSW skill test in {fields}",
        "ja": "特定技能評価試験 合格（{fields}）",
        "id": "Lulus ujian keterampilan SSW bidang {fields}",
    },
    "japanese": {
        "en": "Japanese: {level}",
        "ja": "日本語能力：{level}",
        "id": "Bahasa Jepang: {level}",
    },
    "certificates": {
        "en": "Valid certificates: {names}",
        "ja": "有効な資格：{names}",
        "id": "Sertifikat berlaku: {names}",
    },
    "experience": {
        "en": "{years:g} years of experience in {field}",
        "ja": "{field}の経験 {years:g}年",
        "id": "Pengalaman {years:g} tahun di bidang {field}",
    },
    "no_japanese": {
        "en": "No Japanese test result recorded",
        "ja": "日本語試験の記録がありません",
        "id": "Belum ada hasil tes bahasa Jepang",
    },
    "vacancy_field": {
        "en": "{field} — {occupation}",
        "ja": "{field}（{occupation}）",
        "id": "{field} — {occupation}",
    },
    "vacancy_japanese": {
        "en": "Requires Japanese {level} or higher",
        "ja": "日本語 {level} 以上が必要",
        "id": "Memerlukan bahasa Jepang {level} atau lebih tinggi",
    },
    "vacancy_place": {
        "en": "Work in {prefecture}, from {starts_on}",
        "ja": "勤務地 {prefecture}、{starts_on} から",
        "id": "Bekerja di {prefecture}, mulai {starts_on}",
    },
}


class _DecimalComma(float):
    """A float that formats with a decimal comma, whatever the format spec asks for."""

    def __format__(self, spec: str) -> str:
        return super().__format__(spec).replace(".", ",")


def _render(code: str, lang: Lang, **params: object) -> str:
    """The template in ``lang``; in Indonesian the decimal point of a number is a comma
    ("kemiripan 0,33", "4,5 tahun"), as everywhere else the page writes numbers."""
    if lang == "id":
        params = {k: _DecimalComma(v) if isinstance(v, float) else v for k, v in params.items()}
    return TEMPLATES[code][lang].format(**params)


def _join(items: list[str], lang: Lang) -> str:
    return ("、" if lang == "ja" else ", ").join(items)


def name_reason(lang: Lang) -> str:
    """Why a free-text result is first: the query names the person (or its id)."""
    return _render("name", lang)


def query_reason(similarity: float, lang: Lang) -> str:
    """How close a result is to the free-text query."""
    return _render("query", lang, similarity=similarity)


def worker_highlights(worker: WorkerProfile, on: date, lang: Lang) -> tuple[list[str], list[str]]:
    """Reasons (what the worker's data shows) and gaps (what it does not) for a search result."""
    reasons: list[str] = []
    gaps: list[str] = []
    fields = sorted({t.field for t in worker.ssw_tests})
    if fields:
        reasons.append(
            _render("ssw_test", lang, fields=_join([field_label(f, lang) for f in fields], lang))
        )
    general = [t for t in worker.japanese if level_rank(t.level) > 0]
    if general:
        best = max(general, key=lambda t: level_rank(t.level))
        reasons.append(_render("japanese", lang, level=f"{best.test} {best.level}"))
    else:
        gaps.append(_render("no_japanese", lang))
    valid = [c.scheme for c in worker.certificates if c.valid_on(on)]
    if valid:
        reasons.append(_render("certificates", lang, names=_join(valid[:3], lang)))
    years: dict[str, float] = {}
    for item in worker.experience:
        if item.field:
            years[item.field] = years.get(item.field, 0.0) + item.years
    for code, total in sorted(years.items(), key=lambda kv: -kv[1])[:2]:
        if total > 0:
            reasons.append(_render("experience", lang, years=total, field=field_label(code, lang)))
    return reasons, gaps


def vacancy_highlights(vacancy: Vacancy, lang: Lang) -> list[str]:
    """What a vacancy offers and asks, for a search result."""
    occupation = occupation_label(vacancy.occupation, lang) if vacancy.occupation else vacancy.title
    reasons = [
        _render(
            "vacancy_field", lang, field=field_label(vacancy.ssw_field, lang), occupation=occupation
        )
    ]
    if vacancy.requirements.japanese:
        reasons.append(_render("vacancy_japanese", lang, level=vacancy.requirements.japanese))
    if vacancy.prefecture and vacancy.starts_on:
        reasons.append(
            _render(
                "vacancy_place",
                lang,
                prefecture=vacancy.prefecture,
                starts_on=vacancy.starts_on.isoformat(),
            )
        )
    return reasons
