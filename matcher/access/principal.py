"""Who is calling: the role and subject a bearer token acts for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["admin", "organizer", "agency", "employer", "worker"]
ROLES: tuple[Role, ...] = ("admin", "organizer", "agency", "employer", "worker")


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller. ``subject_id`` is the employer, agency, worker or organiser id the token acts
    for (``None`` for admins); ``token_id`` is ``None`` for internal callers such as the CLI."""

    role: Role
    subject_id: int | None = None
    token_id: int | None = None
    name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def acts_for(self, role: Role, subject_id: int | None) -> bool:
        """True when the caller is ``role`` acting for ``subject_id``."""
        return self.role == role and subject_id is not None and self.subject_id == subject_id


ADMIN = Principal(role="admin", name="internal")
"""An internal administrator (command line, startup tasks)."""
