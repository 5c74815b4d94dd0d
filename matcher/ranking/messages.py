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

from models.categories import category_label, licence_label, programmes
from models.common import Lang
from models.japanese import LEVEL_RANK, level_rank
from models.vocabulary import field_label, occupation_label

Param = str | int | float | date

_T = dict[Lang, str]

_MESSAGES: dict[str, _T] = {
    # --- reasons ------------------------------------------------------------------------------
    "reason.ssw_test": {
        "en": "Passed the SSW skill test for {category}",
        "ja": "{category}の特定技能1号評価試験に合格",
        "id": "Lulus ujian keterampilan SSW kategori {category}",
    },
    "reason.ssw_test_level2": {
        "en": "Passed the SSW(ii) skill test for {category}",
        "ja": "{category}の特定技能2号評価試験に合格",
        "id": "Lulus ujian keterampilan SSW (ii) kategori {category}",
    },
    "reason.ssw_test_exempt": {
        "en": "Exempt from the skill test for {category}: completed {programme} in good "
        "standing in a related job type",
        "ja": "関連職種の{programme}を良好に修了したため{category}の技能試験免除",
        "id": "Bebas ujian keterampilan kategori {category}: telah menyelesaikan {programme} "
        "dengan baik di jenis pekerjaan terkait",
    },
    "reason.ssw_test_recognised": {
        "en": "The certificate {scheme} counts as the skill test for {category} (recognition "
        "in force from {date}; source: {source})",
        "ja": "資格 {scheme} は{category}の技能試験として認められています（{date} から有効、"
        "出典: {source}）",
        "id": "Sertifikat {scheme} diakui sebagai pengganti ujian keterampilan kategori "
        "{category} (berlaku mulai {date}; sumber: {source})",
    },
    "reason.licence": {
        "en": "Holds a valid {licence}",
        "ja": "有効な{licence}を保有",
        "id": "Memiliki {licence} yang berlaku",
    },
    "reason.supervisory": {
        "en": "{years} years of experience as a supervisor or team leader in {field}",
        "ja": "{field}分野で監督者・班長としての経験 {years} 年",
        "id": "Pengalaman {years} tahun sebagai pengawas atau ketua tim di bidang {field}",
    },
    "reason.ssw1_time_left": {
        "en": "{months} months of SSW(i) left of the 60 allowed",
        "ja": "特定技能1号の残り在留可能期間 {months} か月（上限60か月）",
        "id": "Sisa masa SSW (i) {months} bulan dari batas 60 bulan",
    },
    "reason.category_open": {
        "en": "{category} accepts SSW workers on the start date",
        "ja": "就労開始日に{category}で特定技能の受入れが可能",
        "id": "Kategori {category} menerima pekerja SSW pada tanggal mulai kerja",
    },
    "reason.japanese": {
        "en": "Japanese: {level}",
        "ja": "日本語能力: {level}",
        "id": "Bahasa Jepang: {level}",
    },
    "reason.japanese_exempt": {
        "en": "Exempt from the Japanese test ({required_level}): completed {programme} in good "
        "standing",
        "ja": "{programme}を良好に修了したため日本語試験（{required_level}）免除",
        "id": "Bebas ujian bahasa Jepang ({required_level}): telah menyelesaikan {programme} "
        "dengan baik",
    },
    "reason.care_japanese": {
        "en": "Passed the Nursing Care Japanese Language Evaluation Test",
        "ja": "介護日本語評価試験に合格",
        "id": "Lulus Ujian Evaluasi Bahasa Jepang Perawatan Lansia",
    },
    "reason.care_japanese_exempt": {
        "en": "Exempt from the Nursing Care Japanese Language Evaluation Test: completed "
        "{programme} in nursing care in good standing",
        "ja": "介護職種の{programme}を良好に修了したため介護日本語評価試験免除",
        "id": "Bebas Ujian Evaluasi Bahasa Jepang Perawatan Lansia: telah menyelesaikan "
        "{programme} bidang perawatan lansia dengan baik",
    },
    "reason.certificate": {
        "en": "Holds a valid certificate for {name}: {scheme} ({verified})",
        "ja": "{name} の有効な資格証明書あり: {scheme}（{verified}）",
        "id": "Memiliki sertifikat {name} yang berlaku: {scheme} ({verified})",
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
    # lexical signal (issue 16): {name} is "the query's word ↔ the candidate's word".
    "reason.trade_terms": {
        "en": "Trade terms match: {name} ({occupation})",
        "ja": "職種の用語が一致: {name}（{occupation}）",
        "id": "Istilah keahlian cocok: {name} ({occupation})",
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
        "en": "needs the SSW skill test for {category}",
        "ja": "{category}の特定技能1号評価試験の合格が必要です",
        "id": "Perlu lulus ujian keterampilan SSW kategori {category}",
    },
    "gap.ssw_test_other_category": {
        "en": "the skill test for {other_category} does not qualify for a {category} job",
        "ja": "{other_category}の技能試験は{category}の求人には使えません",
        "id": "Ujian keterampilan kategori {other_category} tidak berlaku untuk lowongan "
        "{category}",
    },
    "gap.ssw_test_category_missing": {
        "en": "a skill test in {field} is recorded without its job category; the agency must "
        "add it (this job needs {category})",
        "ja": "{field}分野の技能試験の業務区分が未登録です。送出機関が登録してください"
        "（この求人は{category}）",
        "id": "Ujian keterampilan bidang {field} tercatat tanpa kategori pekerjaan; agensi "
        "perlu menambahkannya (lowongan ini {category})",
    },
    "gap.training_not_good_standing": {
        "en": "{programme} in {field} is not recorded as completed in good standing, so it "
        "exempts from no test",
        "ja": "{field}分野の{programme}が「良好に修了」と登録されていないため、試験免除になりません",
        "id": "{programme} bidang {field} tidak tercatat selesai dengan baik, sehingga tidak "
        "membebaskan dari ujian",
    },
    "gap.vacancy_category_unknown": {
        "en": "the vacancy names no job category in {field}, so no skill test can be matched; "
        "the employer must set one",
        "ja": "求人に{field}分野の業務区分が未設定のため、技能試験を照合できません。"
        "求人企業が設定してください",
        "id": "Lowongan tidak menyebut kategori pekerjaan di bidang {field}, sehingga ujian "
        "keterampilan tidak dapat dicocokkan; pemberi kerja perlu mengisinya",
    },
    "gap.category_not_open": {
        "en": "{category} accepts SSW workers only from {date}",
        "ja": "{category}の特定技能の受入れは {date} からです",
        "id": "Kategori {category} baru menerima pekerja SSW mulai {date}",
    },
    "gap.category_closed": {
        "en": "{category} no longer accepts SSW workers from {date}",
        "ja": "{category}の特定技能の受入れは {date} に終了しています",
        "id": "Kategori {category} tidak lagi menerima pekerja SSW sejak {date}",
    },
    "gap.japanese_category": {
        "en": "{category} jobs need {required_level} by law (has {has})",
        "ja": "{category}には法令上 {required_level} 以上が必要です（現在 {has}）",
        "id": "Lowongan {category} wajib {required_level} menurut aturan (saat ini {has})",
    },
    "gap.japanese_category_unknown": {
        "en": "{category} jobs need {required_level} by law (no Japanese test recorded)",
        "ja": "{category}には法令上 {required_level} 以上が必要です（試験結果の登録なし）",
        "id": "Lowongan {category} wajib {required_level} menurut aturan (belum ada hasil "
        "ujian bahasa Jepang)",
    },
    "gap.licence": {
        "en": "needs a valid {licence} on the start date",
        "ja": "就労開始日に有効な{licence}が必要です",
        "id": "Perlu {licence} yang berlaku pada tanggal mulai kerja",
    },
    "gap.licence_not_valid": {
        "en": "{licence} is not valid on {date} (expired, not yet issued, or no expiry date "
        "recorded)",
        "ja": "{licence}は {date} 時点で有効と確認できません（期限切れ・未取得・有効期限の登録なし）",
        "id": "{licence} tidak dapat dipastikan berlaku pada {date} (kedaluwarsa, belum terbit, "
        "atau tanggal berlaku tidak diisi)",
    },
    "gap.licence_to_obtain": {
        "en": "must obtain a {licence} in Japan during the preparatory stay (up to {months} "
        "months) before working",
        "ja": "就労前に準備期間（最長 {months} か月）中に日本で{licence}を取得する必要があります",
        "id": "Wajib memperoleh {licence} di Jepang selama masa persiapan (maksimal {months} "
        "bulan) sebelum bekerja",
    },
    "gap.supervisory": {
        "en": "SSW(ii) in {field} needs {required} years of experience as a supervisor or team "
        "leader (has {has})",
        "ja": "{field}分野の特定技能2号には監督者・班長としての実務経験 {required} 年以上が必要です"
        "（現在 {has} 年）",
        "id": "SSW (ii) bidang {field} memerlukan pengalaman {required} tahun sebagai pengawas "
        "atau ketua tim (saat ini {has} tahun)",
    },
    "gap.supervisory_unknown": {
        "en": "SSW(ii) in {field} needs experience as a supervisor or team leader; the "
        "experience recorded does not say whether it was supervisory",
        "ja": "{field}分野の特定技能2号には監督者・班長としての実務経験が必要ですが、"
        "登録された経験が監督的立場かどうか不明です",
        "id": "SSW (ii) bidang {field} memerlukan pengalaman sebagai pengawas atau ketua tim; "
        "pengalaman yang tercatat tidak menyebut apakah sebagai pengawas",
    },
    "gap.supervisory_some": {
        "en": "SSW(ii) in {field} needs practical experience as a supervisor or team leader "
        "(none recorded)",
        "ja": "{field}分野の特定技能2号には監督者・班長としての実務経験が必要です（登録なし）",
        "id": "SSW (ii) bidang {field} memerlukan pengalaman kerja sebagai pengawas atau ketua "
        "tim (belum tercatat)",
    },
    "gap.ssw2_experience": {
        "en": "SSW(ii) in {field} needs {required} years of practical experience (has {has})",
        "ja": "{field}分野の特定技能2号には {required} 年以上の実務経験が必要です（現在 {has} 年）",
        "id": "SSW (ii) bidang {field} memerlukan pengalaman kerja {required} tahun (saat ini "
        "{has} tahun)",
    },
    "gap.ssw1_time_used": {
        "en": "has already used {months} of the 60 months SSW(i) allows",
        "ja": "特定技能1号の通算在留期間上限（60か月）のうち {months} か月を使用済みです",
        "id": "Sudah memakai {months} dari 60 bulan masa SSW (i) yang diizinkan",
    },
    "gap.ssw_test_level2": {
        "en": "needs the SSW(ii) skill test for {category}",
        "ja": "{category}の特定技能2号評価試験の合格が必要です",
        "id": "Perlu lulus ujian keterampilan SSW (ii) kategori {category}",
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
        "en": "certificate {name} is not valid on {date} (expired, revoked, suspended or not "
        "yet issued)",
        "ja": "資格証明書 {name} は {date} 時点で有効ではありません（期限切れ・取消・停止・未発行）",
        "id": "Sertifikat {name} tidak berlaku pada {date} (kedaluwarsa, dicabut, dibekukan, "
        "atau belum terbit)",
    },
    "gap.certificate_no_expiry": {
        "en": "certificate {name} has no expiry date, so its validity cannot be confirmed",
        "ja": "資格証明書 {name} に有効期限の登録がないため、有効性を確認できません",
        "id": "Sertifikat {name} tidak mencantumkan tanggal kedaluwarsa, sehingga keberlakuannya "
        "tidak dapat dipastikan",
    },
    "gap.kkni": {
        "en": "needs KKNI level {required} (has {has})",
        "ja": "KKNI レベル {required} 以上が必要です（現在 {has}）",
        "id": "Perlu KKNI level {required} (saat ini {has})",
    },
    "gap.kkni_unknown": {
        "en": "needs KKNI level {required} (no valid certificate relevant to {field} states a "
        "level)",
        "ja": "KKNI レベル {required} 以上が必要です（{field}分野に関連しレベル記載のある有効な資格なし）",
        "id": "Perlu KKNI level {required} (tidak ada sertifikat berlaku yang relevan untuk "
        "bidang {field} dan mencantumkan level)",
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


_VERIFIED: dict[str, _T] = {
    "self_declared": {"en": "self-declared", "ja": "自己申告", "id": "dinyatakan sendiri"},
    "agency_checked": {
        "en": "checked by the agency",
        "ja": "送出機関が確認済み",
        "id": "sudah diperiksa agensi",
    },
    "registry_checked": {
        "en": "checked against the BNSP registry",
        "ja": "BNSP登録簿で確認済み",
        "id": "sudah dicek di registri BNSP",
    },
}
"""How a certificate's number was verified, as employers read it (DOMAIN.md, "Certificates")."""


def _test_level(level: str) -> str:
    if level == "A2":
        return "JFT-Basic A2"
    return f"JLPT {level}" if level in LEVEL_RANK else level


def _format(name: str, value: Param, lang: Lang) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # One decimal at most, no trailing ".0"; Indonesian writes the decimal with a comma
        # ("4,5 tahun"), English and Japanese with a point.
        text = f"{round(value, 1):g}"
        return text.replace(".", ",") if lang == "id" else text
    if isinstance(value, int):
        return str(value)
    if name == "field":
        return field_label(value, lang)
    if name == "occupation":
        return occupation_label(value, lang)
    if name in ("category", "other_category"):
        return category_label(value, lang)
    if name == "licence":
        return licence_label(value, lang)
    if name == "programme":
        programme = programmes().get(value)
        return programme.label(lang) if programme else value
    if name == "verified":
        return _VERIFIED[value][lang] if value in _VERIFIED else value
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
