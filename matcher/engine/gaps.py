"""Near misses of an agency's workers: who lacks exactly one requirement for which vacancies.

"3 of your workers lack only Japanese N4 for 12 vacancies" is the line an agency acts on (send
three people to the next JLPT), so the summary groups (worker, open vacancy) pairs that fail
exactly one hard requirement by what is missing: the requirement and, where the vacancy names
one, its level or category. Computed from ``WorkerFeatureTable.requirement_masks``, the same
per-requirement verdicts eligibility is decided on, in memory: no connection is held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.ranking import WorkerFeatureTable
from matcher.ranking.eligibility import required_japanese, start_date
from matcher.ranking.recognitions import RecognitionTable
from models.categories import category_label
from models.common import Lang
from models.vacancy import Vacancy, vacancy_category

IdArray = npt.NDArray[np.int64]

_WHAT: Mapping[str, Mapping[Lang, str]] = {
    "japanese": {
        "en": "Japanese {detail}",
        "ja": "日本語 {detail}",
        "id": "bahasa Jepang {detail}",
    },
    "ssw_test": {
        "en": "the skill test for {detail}",
        "ja": "{detail}の技能試験",
        "id": "ujian keterampilan {detail}",
    },
    "care_japanese": {
        "en": "the care Japanese test",
        "ja": "介護日本語評価試験",
        "id": "ujian bahasa Jepang perawatan",
    },
    "licence": {"en": "a licence", "ja": "必要な免許", "id": "lisensi yang diperlukan"},
    "ssw2_experience": {
        "en": "the SSW(ii) experience",
        "ja": "2号の実務経験",
        "id": "pengalaman untuk SSW (ii)",
    },
    "ssw1_time": {
        "en": "SSW(i) time left",
        "ja": "1号の残り在留期間",
        "id": "sisa masa SSW (i)",
    },
    "certificate": {
        "en": "a required certificate",
        "ja": "必要な資格",
        "id": "sertifikat yang diwajibkan",
    },
    "min_kkni_level": {"en": "the KKNI level", "ja": "KKNI レベル", "id": "jenjang KKNI"},
    "min_experience_years": {
        "en": "years of experience",
        "ja": "経験年数",
        "id": "lama pengalaman",
    },
    "min_age": {"en": "the minimum age", "ja": "最低年齢", "id": "usia minimum"},
    "max_age": {"en": "the maximum age", "ja": "年齢上限", "id": "usia maksimum"},
    "availability": {
        "en": "availability by the start",
        "ja": "開始日までの就労可能日",
        "id": "ketersediaan sebelum tanggal mulai",
    },
    "field_open": {"en": "an open category", "ja": "受入れ中の区分", "id": "kategori yang dibuka"},
}
_LINE: Mapping[Lang, str] = {
    "en": "{workers} of your workers lack only {what} for {vacancies} vacancies",
    "ja": "あなたのワーカー {workers} 人は {what} だけが足りず、{vacancies} 件の求人に届きません",
    "id": "{workers} pekerja Anda hanya kurang {what} untuk {vacancies} lowongan",
}


@dataclass(slots=True)
class GapGroup:
    """Pairs failing exactly one requirement, by what is missing."""

    requirement: str
    detail: str | None  # the vacancy's level ("N4") or category code ("care"); None otherwise
    worker_ids: set[int] = field(default_factory=set)
    vacancy_ids: set[int] = field(default_factory=set)

    def what(self, lang: Lang) -> str:
        detail = self.detail or ""
        if self.requirement == "ssw_test" and self.detail:
            detail = category_label(self.detail, lang)
        return _WHAT[self.requirement][lang].format(detail=detail)

    def line(self, lang: Lang) -> str:
        return _LINE[lang].format(
            workers=len(self.worker_ids), what=self.what(lang), vacancies=len(self.vacancy_ids)
        )


def _detail(requirement: str, vacancy: Vacancy) -> str | None:
    if requirement == "japanese":
        return required_japanese(vacancy)
    if requirement == "ssw_test":
        category = vacancy_category(vacancy)
        return None if category is None else category.code
    return None


def near_misses(
    table: WorkerFeatureTable,
    worker_ids: IdArray,
    vacancies: Iterable[tuple[int, Vacancy]],
    today: date,
    recognitions: RecognitionTable,
) -> list[GapGroup]:
    """Groups of (worker, open vacancy) pairs with exactly one unmet requirement, largest
    first (by workers, then vacancies). CPU only: run it in a worker thread.
    """
    all_ids = table.row_ids()
    rows = np.flatnonzero(np.isin(all_ids, worker_ids) & table.alive_rows())
    if rows.shape[0] == 0:
        return []
    row_ids = all_ids[rows]
    groups: dict[tuple[str, str | None], GapGroup] = {}
    for vacancy_id, vacancy in vacancies:
        if vacancy.status != "open":
            continue
        masks = table.requirement_masks(vacancy, start_date(vacancy, today), recognitions)
        names = list(masks)
        unmet = np.stack([~masks[name][rows] for name in names])
        once = unmet.sum(axis=0) == 1
        if not once.any():
            continue
        which = unmet[:, once].argmax(axis=0)
        for worker_id, index in zip(row_ids[once].tolist(), which.tolist(), strict=True):
            requirement = names[index]
            key = (requirement, _detail(requirement, vacancy))
            group = groups.setdefault(key, GapGroup(*key))
            group.worker_ids.add(worker_id)
            group.vacancy_ids.add(vacancy_id)
    return sorted(
        groups.values(),
        key=lambda g: (-len(g.worker_ids), -len(g.vacancy_ids), g.requirement, g.detail or ""),
    )
