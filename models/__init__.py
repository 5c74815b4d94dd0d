"""Shared vocabulary of the matching engine: domain models, SSW fields, Japanese levels.

``models`` depends on nothing else in the project; ``matcher`` and ``api`` both speak it.
"""

from models.common import LANGS, Lang, StrictModel
from models.employer import Employer, EmployerProfile
from models.japanese import LEVEL_RANK, level_rank
from models.vacancy import Preferences, Requirements, Vacancy, VacancyProfile
from models.vocabulary import (
    Occupation,
    SSWField,
    field_label,
    occupation_label,
    occupations,
    ssw_fields,
)
from models.worker import (
    Certificate,
    Contact,
    Experience,
    InternTraining,
    JapaneseTest,
    SSWTest,
    Worker,
    WorkerProfile,
)

__all__ = [
    "LANGS",
    "LEVEL_RANK",
    "Certificate",
    "Contact",
    "Employer",
    "EmployerProfile",
    "Experience",
    "InternTraining",
    "JapaneseTest",
    "Lang",
    "Occupation",
    "Preferences",
    "Requirements",
    "SSWField",
    "SSWTest",
    "StrictModel",
    "Vacancy",
    "VacancyProfile",
    "Worker",
    "WorkerProfile",
    "field_label",
    "level_rank",
    "occupation_label",
    "occupations",
    "ssw_fields",
]
