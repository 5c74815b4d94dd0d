"""Reasons and gaps as message codes with parameters, rendered in English, Japanese, Indonesian.

Results carry ``Message(code, params)`` so that the language is chosen when rendering, not when
ranking. Parameters are formatted by name: ``field`` and ``occupation`` are codes rendered with
their labels from ``models.vocabulary``; ``required_level`` is a Japanese level rendered as the
tests that prove it ("JLPT N4 or JFT-Basic A2"); ``level`` is a test level; dates are ISO;
numbers of years drop a trailing ".0". Every code has a template in every language, and every
language uses the same placeholders (both checked by the tests).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from models.common import Lang
from models.japanese import LEVEL_RANK, level_rank
from models.vocabulary import field_label, occupation_label

Param = str | int | float | date

_T = dict[Lang, str]

_MESSAGES: dict[str, _T] = {
    # --- reasons ------------------------------------------------------------------------------
    "reason.ssw_test": {
        "en": "Passed the SSW skill test in {field}",
        "ja": "{field}分野の特定技能評価試験に合格",
        "id": "Lulus ujian keterampilan SSW bidang {field}",
    },
    "reason.ssw_test_level2": {
        "en": "Passed the SSW(ii) skill test in {field}",
        "ja": "{field}分野の特定技能2号評価試験に合格",
        "id": "Lulus ujian keterampilan SSW (ii) bidang {field}",
    },
    "reason.ssw_test_exempt": {
        "en": "Exempt from the SSW skill test: completed Technical Intern Training (ii) in {field}",
        "ja": "{field}分野の技能実習2号修了により技能試験免除",
        "id": "Bebas ujian keterampilan SSW: telah menyelesaikan magang teknis (ii) bidang {field}",
    },
    "reason.japanese": {
        "en": "Japanese: {level}",
        "ja": "日本語能力: {level}",
        "id": "Bahasa Jepang: {level}",
    },
    "reason.japanese_exempt": {
        "en": "Exempt from the Japanese test: completed Technical Intern Training (ii) in {field}",
        "ja": "{field}分野の技能実習2号修了により日本語試験免除",
        "id": "Bebas ujian bahasa Jepang: telah menyelesaikan magang teknis (ii) bidang {field}",
    },
    "reason.care_japanese": {
        "en": "Passed the Nursing Care Japanese Language Evaluation Test",
        "ja": "介護日本語評価試験に合格",
        "id": "Lulus Ujian Evaluasi Bahasa Jepang Perawatan Lansia",
    },
    "reason.care_japanese_exempt": {
        "en": "Exempt from the Nursing Care Japanese Language Evaluation Test: completed "
        "Technical Intern Training (ii) in nursing care",
        "ja": "介護分野の技能実習2号修了により介護日本語評価試験免除",
        "id": "Bebas Ujian Evaluasi Bahasa Jepang Perawatan Lansia: telah menyelesaikan "
        "magang teknis (ii) bidang perawatan lansia",
    },
    "reason.certificate": {
        "en": "Holds a valid certificate for {name}: {scheme}",
        "ja": "{name} の有効な資格証明書あり: {scheme}",
        "id": "Memiliki sertifikat {name} yang berlaku: {scheme}",
    },
    "reason.kkni": {
        "en": "Certified at KKNI level {level}",
        "ja": "KKNI レベル {level} の資格あり",
        "id": "Bersertifikat KKNI level {level}",
    },
    "reason.experience": {
        "en": "{years} years of experience in {field}",
        "ja": "{field}分野の経験 {years} 年",
        "id": "Pengalaman {years} tahun di bidang {field}",
    },
    "reason.occupation": {
        "en": "Experience as {occupation}",
        "ja": "{occupation}の経験あり",
        "id": "Berpengalaman sebagai {occupation}",
    },
    "reason.occupation_inferred": {
        "en": "Profile matches the occupation: {occupation}",
        "ja": "職種が一致：{occupation}",
        "id": "Profil sesuai dengan jabatan: {occupation}",
    },
    "reason.age": {
        "en": "Age {age} on the start date",
        "ja": "就労開始日時点で {age} 歳",
        "id": "Usia {age} tahun pada tanggal mulai kerja",
    },
    "reason.available": {
        "en": "Available from {date}",
        "ja": "{date} から就労可能",
        "id": "Tersedia mulai {date}",
    },
    "reason.preferred_field": {
        "en": "Wants to work in {field}",
        "ja": "{field}分野での就労を希望",
        "id": "Berminat bekerja di bidang {field}",
    },
    "reason.preferred_prefecture": {
        "en": "Wants to work in {prefecture}",
        "ja": "{prefecture}での就労を希望",
        "id": "Berminat bekerja di {prefecture}",
    },
    "reason.field_open": {
        "en": "{field} accepts SSW workers on the start date",
        "ja": "就労開始日に{field}分野で特定技能の受入れが可能",
        "id": "Bidang {field} menerima pekerja SSW pada tanggal mulai kerja",
    },
    # --- gaps: hard requirements --------------------------------------------------------------
    "gap.field_not_open": {
        "en": "{field} accepts SSW workers only from {date}",
        "ja": "{field}分野の特定技能の受入れは {date} からです",
        "id": "Bidang {field} baru menerima pekerja SSW mulai {date}",
    },
    "gap.ssw_test": {
        "en": "needs the SSW skill test in {field}",
        "ja": "{field}分野の特定技能評価試験の合格が必要です",
        "id": "Perlu lulus ujian keterampilan SSW bidang {field}",
    },
    "gap.ssw_test_level2": {
        "en": "needs the SSW(ii) skill test in {field}",
        "ja": "{field}分野の特定技能2号評価試験の合格が必要です",
        "id": "Perlu lulus ujian keterampilan SSW (ii) bidang {field}",
    },
    "gap.japanese": {
        "en": "needs {required_level} (has {has})",
        "ja": "日本語能力 {required_level} 以上が必要です（現在 {has}）",
        "id": "Perlu {required_level} (saat ini {has})",
    },
    "gap.japanese_unknown": {
        "en": "needs {required_level} (no Japanese test recorded)",
        "ja": "日本語能力 {required_level} 以上が必要です（試験結果の登録なし）",
        "id": "Perlu {required_level} (belum ada hasil ujian bahasa Jepang)",
    },
    "gap.care_japanese": {
        "en": "needs the Nursing Care Japanese Language Evaluation Test",
        "ja": "介護日本語評価試験の合格が必要です",
        "id": "Perlu lulus Ujian Evaluasi Bahasa Jepang Perawatan Lansia",
    },
    "gap.certificate": {
        "en": "needs a valid certificate: {name}",
        "ja": "有効な資格証明書が必要です: {name}",
        "id": "Perlu sertifikat yang berlaku: {name}",
    },
    "gap.certificate_not_valid": {
        "en": "certificate {name} is not valid on {date} (expired, revoked or not yet issued)",
        "ja": "資格証明書 {name} は {date} 時点で有効ではありません（期限切れ・取消・未発行）",
        "id": "Sertifikat {name} tidak berlaku pada {date} (kedaluwarsa, dicabut, atau belum terbit)",
    },
    "gap.kkni": {
        "en": "needs KKNI level {required} (has {has})",
        "ja": "KKNI レベル {required} 以上が必要です（現在 {has}）",
        "id": "Perlu KKNI level {required} (saat ini {has})",
    },
    "gap.kkni_unknown": {
        "en": "needs KKNI level {required} (no valid certificate states a level)",
        "ja": "KKNI レベル {required} 以上が必要です（レベル記載のある有効な資格なし）",
        "id": "Perlu KKNI level {required} (tidak ada sertifikat berlaku yang mencantumkan level)",
    },
    "gap.experience": {
        "en": "needs {required} years of experience in {field} (has {has})",
        "ja": "{field}分野の経験 {required} 年以上が必要です（現在 {has} 年）",
        "id": "Perlu pengalaman {required} tahun di bidang {field} (saat ini {has} tahun)",
    },
    "gap.min_age": {
        "en": "must be at least {min_age} on the start date (will be {age})",
        "ja": "就労開始日時点で {min_age} 歳以上が必要です（{age} 歳）",
        "id": "Usia minimal {min_age} tahun pada tanggal mulai kerja (akan berusia {age})",
    },
    "gap.max_age": {
        "en": "must be at most {max_age} on the start date (will be {age})",
        "ja": "就労開始日時点で {max_age} 歳以下が必要です（{age} 歳）",
        "id": "Usia maksimal {max_age} tahun pada tanggal mulai kerja (akan berusia {age})",
    },
    "gap.availability": {
        "en": "available only from {available} (starts {date})",
        "ja": "就労可能日は {available} です（開始日 {date}）",
        "id": "Baru tersedia mulai {available} (mulai kerja {date})",
    },
    "gap.availability_unknown": {
        "en": "availability date unknown (starts {date})",
        "ja": "就労可能日が未登録です（開始日 {date}）",
        "id": "Tanggal ketersediaan belum diisi (mulai kerja {date})",
    },
    # --- gaps: preferred conditions -----------------------------------------------------------
    "gap.preferred_japanese": {
        "en": "below the preferred Japanese level {required_level}",
        "ja": "歓迎される日本語能力 {required_level} に未達です",
        "id": "Belum mencapai tingkat bahasa Jepang yang diutamakan ({required_level})",
    },
    "gap.preferred_certificate": {
        "en": "lacks the preferred certificate: {name}",
        "ja": "歓迎資格がありません: {name}",
        "id": "Belum memiliki sertifikat yang diutamakan: {name}",
    },
    "gap.preferred_experience": {
        "en": "preferred: {required} years of experience in {field} (has {has})",
        "ja": "{field}分野の経験 {required} 年以上を歓迎（現在 {has} 年）",
        "id": "Diutamakan pengalaman {required} tahun di bidang {field} (saat ini {has} tahun)",
    },
}

MESSAGES: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {code: MappingProxyType(templates) for code, templates in _MESSAGES.items()}
)
"""Every message code with its template in each language."""


@lru_cache(maxsize=512)
def placeholders(template: str) -> frozenset[str]:
    """Names of the ``{placeholders}`` of a template (cached: every message built checks its
    template's, a tenth of the time of explaining a match before caching)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _required_level(level: str, lang: Lang) -> str:
    """A Japanese level as the tests proving it; N4 and A2 are the same rank (DOMAIN.md)."""
    rank = level_rank(level)
    jlpt = next((lv for lv, r in LEVEL_RANK.items() if r == rank and lv.startswith("N")), level)
    if lang == "ja":
        return jlpt
    if rank == LEVEL_RANK["N4"]:
        joiner = "or" if lang == "en" else "atau"
        return f"JLPT N4 {joiner} JFT-Basic A2"
    return f"JLPT {jlpt}"


def _test_level(level: str) -> str:
    if level == "A2":
        return "JFT-Basic A2"
    return f"JLPT {level}" if level in LEVEL_RANK else level


def _format(name: str, value: Param, lang: Lang) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{round(value, 1):g}"
    if isinstance(value, int):
        return str(value)
    if name == "field":
        return field_label(value, lang)
    if name == "occupation":
        return occupation_label(value, lang)
    if name == "required_level":
        return _required_level(value, lang)
    if name == "level":
        return _test_level(value)
    return value


def render(code: str, params: Mapping[str, Param], lang: Lang) -> str:
    """The message ``code`` in ``lang`` with ``params`` formatted by name.

    Raises ``KeyError`` for an unknown code or a missing parameter: a message that cannot be
    rendered is a programming error, not something to hide from the user.
    """
    template = MESSAGES[code][lang]
    return template.format(**{name: _format(name, value, lang) for name, value in params.items()})


@dataclass(frozen=True, slots=True)
class Message:
    """A reason or gap: a code from ``MESSAGES`` with its parameters, rendered on demand."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Param) -> Message:
        """Build a message, rejecting unknown codes and missing parameters at once."""
        return _interned(code, **params)

    @property
    def params_dict(self) -> dict[str, Param]:
        """The parameters as a dict (for JSON)."""
        return dict(self.params)

    def render(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return _render_message(self, lang)


@lru_cache(maxsize=65_536, typed=True)
def _interned(code: str, **params: Param) -> Message:
    """One ``Message`` per code and parameters: explaining a candidate builds about sixteen,
    drawn from a small set, and building them (check, sort, frozen init) was a third of an
    explanation. ``typed``: 2 and 2.0 stay distinct messages. Errors are not cached."""
    _check_names(code, frozenset(params))
    return Message(code, tuple(sorted(params.items())))


@lru_cache(maxsize=1024)
def _check_names(code: str, names: frozenset[str]) -> None:
    """Raise ``KeyError`` for an unknown code or missing parameters (cached per name set)."""
    templates = MESSAGES.get(code)
    if templates is None:
        raise KeyError(f"unknown message code {code!r}")
    missing = placeholders(templates["en"]) - names
    if missing:
        raise KeyError(f"message {code!r} needs parameters {sorted(missing)}")


@lru_cache(maxsize=65_536)
def _render_message(message: Message, lang: Lang) -> str:
    """Rendered texts by message and language: a ranking explains 20 candidates with about a
    dozen messages each, drawn from a small set (the same field, level and years recur), and
    formatting them was a third of the time of an explanation."""
    return render(message.code, message.params_dict, lang)


__all__ = ["MESSAGES", "Message", "Param", "placeholders", "render"]
