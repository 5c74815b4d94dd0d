"""Japanese-language tests and the ordering of their levels.

DOMAIN.md: N5 < N4 = JFT-Basic A2 < N3 < N2 < N1. SSW(i) needs N4 or JFT-Basic A2; nursing care
additionally needs the Nursing Care Japanese Language Evaluation Test (``care-japanese``, pass).
Comparisons go through ``level_rank`` so no caller compares strings such as "N3" < "N4".
"""

from __future__ import annotations

from typing import Literal

JapaneseTestName = Literal["JLPT", "JFT-Basic", "care-japanese"]
JapaneseLevel = Literal["N1", "N2", "N3", "N4", "N5", "A2", "pass"]

LEVEL_RANK: dict[str, int] = {"N5": 1, "A2": 2, "N4": 2, "N3": 3, "N2": 4, "N1": 5}
"""Rank of each general-ability level; higher is better. A2 (JFT-Basic) equals N4."""

LEVELS_BY_TEST: dict[str, frozenset[str]] = {
    "JLPT": frozenset({"N1", "N2", "N3", "N4", "N5"}),
    "JFT-Basic": frozenset({"A2"}),
    "care-japanese": frozenset({"pass"}),
}

REQUIREMENT_LEVELS: tuple[str, ...] = ("N5", "N4", "A2", "N3", "N2", "N1")
"""Levels a vacancy may require or prefer (general ability only)."""


def level_rank(level: str) -> int:
    """Rank of a general-ability level (N5=1 .. N1=5); 0 for levels outside that scale."""
    return LEVEL_RANK.get(level, 0)


def validate_test_level(test: str, level: str) -> None:
    """Raise when ``level`` is not a level of ``test`` (JFT-Basic has only A2, JLPT N1..N5)."""
    allowed = LEVELS_BY_TEST.get(test)
    if allowed is None:
        raise ValueError(
            f"unknown Japanese test {test!r}; expected one of {sorted(LEVELS_BY_TEST)}"
        )
    if level not in allowed:
        raise ValueError(
            f"level {level!r} does not exist for {test}; expected one of {sorted(allowed)}"
        )
