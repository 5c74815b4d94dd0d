"""Consent, interview acceptance and subject-access export schemas (docs/privacy.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.common import ShortText
from models.schemas.common import RequestModel
from models.schemas.workers import WorkerPublic

ConsentPurpose = Literal["employer_ranking", "contact_sharing", "event_participation"]
"""What a consent allows:

- ``employer_ranking``: to be ranked and shown, masked (short name, age, no contact), to
  employers, organisers and other agencies (it sets the profile's ``discoverable``);
- ``contact_sharing``: that employers in scope see the full profile (name, birth date,
  contact data, certificate numbers);
- ``event_participation``: to take part in one business-matching event (withdrawing it cancels
  the registration and the interviews still scheduled there).
"""
ConsentScope = Literal["all_employers", "employer", "event"]
GivenBy = Literal["worker", "agency"]


class ConsentCreate(RequestModel):
    """A consent the worker gives (with its own token) or the agency records from a signed
    form (then ``form_reference`` is required)."""

    purpose: ConsentPurpose
    scope: ConsentScope
    employer_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Required with scope `employer`, else absent."
    )
    event_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Required with scope `event`, else absent."
    )
    form_reference: ShortText | None = Field(
        None,
        description="The reference of the signed consent form (its number or file name); "
        "required when an agency or an admin records the consent on the worker's behalf.",
    )


class ConsentPublic(BaseModel):
    id: int
    worker_id: int
    purpose: ConsentPurpose
    scope: ConsentScope
    employer_id: int | None
    event_id: int | None
    given_by: GivenBy
    form_reference: str | None
    recorded_by_role: str
    given_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_role: str | None
    in_force: bool


class ConsentList(BaseModel):
    data: list[ConsentPublic]
    count: int


class InterviewAcceptance(BaseModel):
    """An interview as its worker accepted or declined it."""

    interview_id: int
    event_id: int
    employer_id: int
    status: str
    accepted: bool
    accepted_at: datetime | None


class AccessRecord(BaseModel):
    """One read of the worker's data by someone else (the audit log)."""

    at: datetime
    role: str
    subject_id: int | None
    action: str
    view: str
    consent_id: int | None
    interview_id: int | None


class WorkerExport(BaseModel):
    """Everything held about one worker (docs/privacy.md, "Subject access"). Sections are
    lists of plain objects so a new kind of record can be added without breaking readers; an
    unknown section is an error, so none the storage reads can be dropped on the way out."""

    model_config = ConfigDict(extra="forbid")

    exported_at: datetime
    worker: WorkerPublic
    certificates: list[dict[str, Any]]
    embeddings: list[dict[str, Any]]
    consents: list[ConsentPublic]
    event_registrations: list[dict[str, Any]]
    shortlists: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    interviews: list[dict[str, Any]]
    interview_details: list[dict[str, Any]]
    meeting_offers: list[dict[str, Any]]
    access_log: list[AccessRecord]
    tokens: list[dict[str, Any]]
    legacy_disclosures: list[dict[str, Any]]
