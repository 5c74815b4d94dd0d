"""The texts the sentence encoder embeds for workers and vacancies.

Encoders truncate long inputs silently (often at 128-256 tokens), so each text puts the most
telling content first and is cut at ``MAX_CHARS`` on a word boundary:

* worker: SSW field labels (tests, intern training, experience, preferences) in English, Japanese
  and Indonesian, occupation labels of experience entries in the three languages, experience
  titles, certificate names (scheme, English and Indonesian qualification titles), the summary,
  experience descriptions, then units of competency;
* vacancy: title, field and occupation labels in the three languages, certificate names
  (required, then preferred), then the description.

Each text is built as a ``Document``: its parts in that order (``worker_parts``,
``vacancy_parts``), joined by ". " into the text (``worker_text``, ``vacancy_text``). An embedder
that encodes by parts encodes each distinct catalogue part once (see ``matcher.embedding``).

Labels in all three languages let a query in any of them land near the same profiles. Only
certificates that count are embedded: with ``on`` given, those valid on that date; without it,
those whose status is ``valid`` (expired and revoked certificates say nothing of what a worker
can show today). Structured facts (Japanese level, age, dates) are not embedded: the hard
requirements and the score components handle them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from matcher.embedding.documents import PART_SEPARATOR, Document, join_parts
from models.common import LANGS
from models.vacancy import Vacancy, VacancyProfile
from models.vocabulary import field_label, occupation_label
from models.worker import Certificate, WorkerProfile

MAX_CHARS = 1500


def _unique(items: Iterable[str | None]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for item in items:
        text = " ".join((item or "").split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            result.append(text)
    return result


def _field_labels(codes: Iterable[str]) -> list[str]:
    return [" / ".join(field_label(code, lang) for lang in LANGS) for code in _unique(codes)]


def _occupation_labels(codes: Iterable[str | None]) -> list[str]:
    return [" / ".join(occupation_label(code, lang) for lang in LANGS) for code in _unique(codes)]


def _bounded(parts: Iterable[str], max_chars: int) -> Document:
    """Non-empty ``parts`` whose joined text is cut at ``max_chars`` on a word boundary.

    The last part kept may be cut short; later parts are dropped.
    """
    kept = [part for part in parts if part]
    text = join_parts(kept)
    if len(text) <= max_chars:
        return tuple(kept)
    cut = text[: max_chars + 1]
    space = cut.rfind(" ")
    cut = (cut[:space] if space > max_chars // 2 else cut[:max_chars]).rstrip(" .,;/")
    result: list[str] = []
    position = 0
    for part in kept:
        if position >= len(cut):
            break
        result.append(cut[position : position + len(part)])
        position += len(part) + len(PART_SEPARATOR)
    return tuple(result)


def _counts(certificate: Certificate, on: date | None) -> bool:
    return certificate.valid_on(on) if on is not None else certificate.status == "valid"


def worker_text(profile: WorkerProfile, on: date | None = None, max_chars: int = MAX_CHARS) -> str:
    """The text embedded for a worker; see the module docstring for what goes in and in what order."""
    return join_parts(worker_parts(profile, on, max_chars))


def vacancy_text(vacancy: Vacancy | VacancyProfile, max_chars: int = MAX_CHARS) -> str:
    """The text embedded for a vacancy; see the module docstring."""
    return join_parts(vacancy_parts(vacancy, max_chars))


def worker_parts(
    profile: WorkerProfile, on: date | None = None, max_chars: int = MAX_CHARS
) -> Document:
    """The parts of ``worker_text``, in order."""
    fields = [
        *(test.field for test in profile.ssw_tests),
        *(training.field for training in profile.intern_training),
        *(entry.field for entry in profile.experience if entry.field is not None),
        *profile.preferred_fields,
    ]
    certificates = [c for c in profile.certificates if _counts(c, on)]
    names = _unique(
        name for c in certificates for name in (c.scheme, c.qualification_en, c.qualification_id)
    )
    parts = [
        *_field_labels(fields),
        *_occupation_labels(entry.occupation for entry in profile.experience),
        *_unique(entry.title for entry in profile.experience),
        *names,
        *_unique([profile.summary]),
        *_unique(entry.description for entry in profile.experience),
        *_unique(unit for c in certificates for unit in c.units),
    ]
    return _bounded(parts, max_chars)


def vacancy_parts(vacancy: Vacancy | VacancyProfile, max_chars: int = MAX_CHARS) -> Document:
    """The parts of ``vacancy_text``, in order."""
    parts = [
        *_unique([vacancy.title]),
        *_field_labels([vacancy.ssw_field]),
        *_occupation_labels([vacancy.occupation]),
        *_unique([*vacancy.requirements.certificates, *vacancy.preferred.certificates]),
        *_unique([vacancy.description]),
    ]
    return _bounded(parts, max_chars)
