"""The recognition table in memory: which schemes count as which category's skill test, when.

Built from the stored entries (``matcher.storage.recognitions``) and replaced whole when any
entry changes (the change log carries ``recognition`` rows), so the next query sees the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from matcher.ranking.certificates import certificate_scheme
from models.recognition import Recognition
from models.schemes import name_tokens
from models.worker import Certificate


class RecognitionTable:
    """Immutable lookup over recognition entries by category and date."""

    def __init__(self, entries: Iterable[Recognition] = ()) -> None:
        self.entries: tuple[Recognition, ...] = tuple(sorted(entries, key=lambda e: e.id))
        self._by_category: dict[str, list[Recognition]] = {}
        for entry in self.entries:
            self._by_category.setdefault(entry.category, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def in_force(self, category: str, on: date) -> dict[frozenset[str], Recognition]:
        """Entries in force for ``category`` on ``on``, keyed by their scheme code's tokens
        (the first entry, by id, wins when two name the same scheme)."""
        found: dict[frozenset[str], Recognition] = {}
        for entry in self._by_category.get(category, ()):
            if entry.in_force_on(on):
                found.setdefault(name_tokens(entry.scheme_code), entry)
        return found

    def categories(self) -> frozenset[str]:
        """Categories with at least one entry (in force or not)."""
        return frozenset(self._by_category)

    def categories_of_codes(self, codes: set[frozenset[str]]) -> frozenset[str]:
        """Categories with an entry (at any date) for one of these scheme codes."""
        return frozenset(e.category for e in self.entries if name_tokens(e.scheme_code) in codes)

    @staticmethod
    def code_of(certificate: Certificate) -> frozenset[str]:
        """The scheme code a certificate is recognised by: its catalogue scheme's code, else
        its own ``scheme_code`` (tokens; empty when it has neither)."""
        scheme = certificate_scheme(certificate)
        if scheme is not None:
            return name_tokens(scheme.code)
        return name_tokens(certificate.scheme_code or "")


NO_RECOGNITIONS = RecognitionTable()
"""The default: mutual recognition is an aim, not a rule in force (DOMAIN.md)."""
