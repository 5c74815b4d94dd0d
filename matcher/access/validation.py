"""Merging partial updates and turning pydantic errors into field paths."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from matcher.access.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)


def field_errors(exc: ValidationError, *, skip: int = 0) -> list[tuple[str, str]]:
    """``(dotted.path, message)`` per error; ``skip`` drops leading path parts (``body``)."""
    out = []
    for item in exc.errors(include_url=False):
        path = ".".join(str(p) for p in item["loc"][skip:])
        out.append((path, str(item["msg"]).removeprefix("Value error, ")))
    return out


def validate_merged(model: type[M], document: dict[str, Any], what: str) -> M:
    """Validate ``document`` as a whole ``model``; ``ValidationFailed`` names each failing field."""
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        errors = field_errors(exc)
        fields = ", ".join(path or "(whole object)" for path, _ in errors)
        raise ValidationFailed(f"the updated {what} is not valid: {fields}", errors) from None


def merge(
    stored: dict[str, Any], patch: dict[str, Any], *, deep: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """``stored`` with the keys of ``patch`` replaced; keys in ``deep`` are merged one level down."""
    merged = dict(stored)
    for key, value in patch.items():
        if key in deep and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged
