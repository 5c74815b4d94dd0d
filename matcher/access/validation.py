"""Merging partial updates and turning pydantic errors into field paths.

A merged document is new input: ``validate_merged`` validates it with the rules for new input
(``models.common.input_context``: an age of 15 to 70 today, nothing dated after today), except
for the top-level fields the update carried over unchanged from the stored record. So a worker
registered at 70 who is now 71 can still change their phone number, while a new birth date, or
a new list of tests, is judged against today.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from matcher.access.errors import ValidationFailed
from models.common import input_context

M = TypeVar("M", bound=BaseModel)


class MergedDocument(dict[str, Any]):
    """A stored document with a patch applied (``merge``), which remembers the top-level keys
    whose value is still the stored one (not sent, or sent with the stored value)."""

    carried: frozenset[str]

    def __init__(self, merged: dict[str, Any], carried: frozenset[str]) -> None:
        super().__init__(merged)
        self.carried = carried


def field_errors(exc: ValidationError, *, skip: int = 0) -> list[tuple[str, str]]:
    """``(dotted.path, message)`` per error; ``skip`` drops leading path parts (``body``)."""
    out = []
    for item in exc.errors(include_url=False):
        path = ".".join(str(p) for p in item["loc"][skip:])
        out.append((path, str(item["msg"]).removeprefix("Value error, ")))
    return out


def validate_merged(model: type[M], document: dict[str, Any], what: str) -> M:
    """Validate ``document`` as a whole ``model`` of new input; ``ValidationFailed`` names each
    failing field. Fields a ``MergedDocument`` carried over are not judged against today."""
    carried = document.carried if isinstance(document, MergedDocument) else frozenset()
    try:
        return model.model_validate(document, context=input_context(carried=carried))
    except ValidationError as exc:
        errors = field_errors(exc)
        fields = ", ".join(path or "(whole object)" for path, _ in errors)
        raise ValidationFailed(f"the updated {what} is not valid: {fields}", errors) from None


def merge(
    stored: dict[str, Any], patch: dict[str, Any], *, deep: frozenset[str] = frozenset()
) -> MergedDocument:
    """``stored`` with the keys of ``patch`` replaced; keys in ``deep`` are merged one level down."""
    merged = dict(stored)
    for key, value in patch.items():
        if key in deep and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    carried = frozenset(k for k in merged if k in stored and merged[k] == stored[k])
    return MergedDocument(merged, carried)
