"""Resolving the agency an admin names for new workers: a typo must not create an agency.

``--agency AGI`` (for AG1) once created a new agency silently and filed every imported worker
under it. An unknown agency is now refused, naming the closest existing external ids, unless
the caller asks for it to be created (``--create-agency`` on the command line,
``create_agency=true`` on the API).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from matcher.errors import InvalidInput
from matcher.storage.agencies import Agency, AgencyRepository
from matcher.storage.connection import Connection
from models.common import NAME, ExternalId

API_CREATE_HINT = "add create_agency=true to create it"
CLI_CREATE_HINT = "pass --create-agency to create it"
_MAX_LISTED = 10
_CLOSE = 0.6
"""difflib's similarity ratio from which an id counts as close (AGI and AG1: 0.67)."""
_EXTERNAL_ID: TypeAdapter[str] = TypeAdapter(ExternalId)


def close_matches(wanted: str, existing: list[str], limit: int = 3) -> list[str]:
    """Existing external ids that look like ``wanted`` (case ignored), closest first, ties in
    alphabetical order."""
    folded = wanted.casefold()
    scored = []
    for candidate in existing:
        matcher = SequenceMatcher(None, folded, candidate.casefold())
        if matcher.ratio() >= _CLOSE:
            scored.append((-matcher.ratio(), candidate))
    return [candidate for _, candidate in sorted(scored)[:limit]]


def _unknown(wanted: str, existing: list[str], create_hint: str) -> str:
    similar = close_matches(wanted, existing)
    if similar:
        known = f"did you mean {' or '.join(similar)}?"
    elif existing:
        shown = ", ".join(sorted(existing)[:_MAX_LISTED])
        more = f" and {len(existing) - _MAX_LISTED} more" if len(existing) > _MAX_LISTED else ""
        known = f"existing agencies: {shown}{more}"
    else:
        known = "there are no agencies yet"
    return f"no agency with external id {wanted!r} ({known}); {create_hint}"


async def resolve_agency(
    conn: Connection,
    external_id: str,
    *,
    create: bool,
    create_hint: str = API_CREATE_HINT,
    field: str = "agency",
) -> Agency:
    """The agency with ``external_id``; created only when ``create`` is true.

    Raises ``InvalidInput`` naming ``field`` when the id is malformed (a NUL or a space never
    reaches PostgreSQL) or unknown and not to be created; the message lists close matches.
    """
    try:
        # The name rule first: it says "a NUL character (U+0000)" where the pattern would
        # only say "should match pattern".
        wanted = _EXTERNAL_ID.validate_python(NAME.check(external_id.strip()))
    except (ValidationError, PydanticCustomError) as exc:
        message = (
            exc.errors(include_url=False)[0]["msg"]
            if isinstance(exc, ValidationError)
            else exc.message()
        )
        raise InvalidInput(f"{field}: {message}", field=field) from None
    agencies = AgencyRepository(conn)
    found = await agencies.by_external_id(wanted)
    if found is not None:
        return found
    if create:
        return await agencies.ensure(wanted)
    existing = [a.external_id for a in await agencies.list()]
    raise InvalidInput(_unknown(wanted, existing, create_hint), field=field)
