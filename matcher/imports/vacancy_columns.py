"""The vacancy CSV headers a Japanese company's spreadsheet uses, mapped onto the contract.

An employer's sheet says 職種名, 募集人数, 月給 and 勤務地, not ``title``, ``headcount``,
``salary_monthly_jpy`` and ``prefecture``; the reader maps each header through this table (after
``normalise_header``: case, width and spacing do not matter), so nobody renames columns. A header
the table does not know is kept as written (a contract path such as ``requirements.japanese``
still works) and the model refuses an unknown one by name. docs/api.md ("Bulk import") lists it.
"""

from __future__ import annotations

from matcher.imports.columns import normalise_header

# Contract path -> the aliases a header may use (Japanese first, then English).
VACANCY_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("求人番号", "求人id", "求人コード", "管理番号", "vacancy id", "job id"),
    "employer_id": ("企業id", "employer id"),
    "employer.external_id": ("企業コード", "企業番号", "事業所番号", "employer code"),
    "employer.name": ("企業名", "会社名", "事業所名", "company", "company name", "employer"),
    "employer.name_ja": ("企業名(日本語)", "会社名(日本語)", "company name (japanese)"),
    "title": ("職種名", "募集職種", "求人タイトル", "求人名", "job title", "title"),
    "description": ("仕事内容", "業務内容", "職務内容", "job description", "description"),
    "ssw_field": ("分野", "特定技能分野", "特定産業分野", "field", "ssw field"),
    "category": ("業務区分", "区分", "job category", "category"),
    "occupation": ("職種コード", "occupation", "trade"),
    "visa": ("在留資格", "特定技能の号", "visa"),
    "employment": ("雇用形態", "employment"),
    "prefecture": ("勤務地", "勤務地(都道府県)", "都道府県", "work prefecture", "prefecture"),
    "headcount": ("募集人数", "採用予定人数", "人数", "headcount", "openings"),
    "salary_monthly_jpy": ("月給", "月給(円)", "基本給(月額)", "月額給与", "monthly salary"),
    "starts_on": ("入社予定日", "就業開始日", "勤務開始日", "start date", "starts on"),
    "requirements.japanese": (
        "必要な日本語レベル",
        "日本語要件",
        "日本語レベル",
        "required japanese",
    ),
    "requirements.ssw_test": ("技能試験必須", "技能試験", "skill test required"),
    "requirements.certificates": ("必須資格", "必要資格", "required certificates"),
    "requirements.licences": ("必須免許", "必要免許", "required licences", "required licenses"),
    "requirements.min_experience_years": ("必要経験年数", "経験年数", "min experience years"),
    "requirements.min_age": ("年齢下限", "最低年齢", "min age"),
    "requirements.max_age": ("年齢上限", "最高年齢", "max age"),
    "preferred.japanese": ("歓迎日本語レベル", "望ましい日本語レベル", "preferred japanese"),
    "preferred.certificates": ("歓迎資格", "preferred certificates"),
    "preferred.experience_years": ("歓迎経験年数", "preferred experience years"),
}

_ALIASES: dict[str, str] = {}
for _path, _names in VACANCY_ALIASES.items():
    for _name in (_path, _path.replace(".", " "), *_names):
        key = normalise_header(_name)
        if key in _ALIASES and _ALIASES[key] != _path:
            raise ValueError(f"vacancy header alias {_name!r} names two columns")
        _ALIASES[key] = _path


def resolve_vacancy_header(header: str) -> str:
    """The contract path a vacancy header names, or the header as written when it names none."""
    return _ALIASES.get(normalise_header(header), header.strip())
