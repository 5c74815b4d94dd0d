"""Demo data: deterministic workers, employers and vacancies, and a hand-labelled eval set.

``generate`` writes JSON Lines that validate against ``WorkerProfile``, ``EmployerProfile`` and
``VacancyProfile``; ``ensure_preset`` caches benchmark-sized sets; ``demo_app`` is the Typer
sub-application mounted as ``matcher demo``; ``load_labelled`` reads the evaluation set in
``matcher/eval/labelled/`` with graded relevance (2 same occupation, 1 same field, 0 otherwise).
"""

from matcher.demo.generator import (
    EMPLOYERS_FILE,
    GENERATOR_VERSION,
    VACANCIES_FILE,
    WORKERS_FILE,
    GenerationSummary,
    generate,
)
from matcher.demo.labelled import (
    LabelledQuery,
    LabelledSet,
    LabelledVacancy,
    LabelledWorker,
    load_labelled,
    relevance,
)
from matcher.demo.presets import DEFAULT_SEED, DemoSize, PresetFiles, demo_sizes, ensure_preset
from matcher.demo.sampling import REFERENCE_DATE
from matcher.demo.vocabulary import DemoVocabulary, load_vocabulary

__all__ = [
    "DEFAULT_SEED",
    "EMPLOYERS_FILE",
    "GENERATOR_VERSION",
    "REFERENCE_DATE",
    "VACANCIES_FILE",
    "WORKERS_FILE",
    "DemoSize",
    "DemoVocabulary",
    "GenerationSummary",
    "LabelledQuery",
    "LabelledSet",
    "LabelledVacancy",
    "LabelledWorker",
    "PresetFiles",
    "demo_sizes",
    "ensure_preset",
    "generate",
    "load_labelled",
    "load_vocabulary",
    "relevance",
]
