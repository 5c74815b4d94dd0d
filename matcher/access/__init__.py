"""Service layer: every rule of DOMAIN.md "Who sees what", between the API and storage.

Routes reach repositories only through these services, so no route can forget a rule: each
service takes the calling ``Principal`` and returns only allow-listed views (``models.schemas``).
"""

from matcher.access.audit import AuditService
from matcher.access.employers import EmployerService
from matcher.access.errors import (
    EngineUnavailable,
    PayloadTooLarge,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from matcher.access.imports import ImportService
from matcher.access.matching import MatchingEngineProtocol, MatchingService
from matcher.access.principal import ADMIN, ROLES, Principal, Role
from matcher.access.tokens import TokenService, hash_token
from matcher.access.vacancies import VacancyService
from matcher.access.workers import WorkerService, short_name

__all__ = [
    "ADMIN",
    "ROLES",
    "AuditService",
    "EmployerService",
    "EngineUnavailable",
    "ImportService",
    "MatchingEngineProtocol",
    "MatchingService",
    "PayloadTooLarge",
    "Principal",
    "RateLimited",
    "Role",
    "TokenService",
    "Unauthenticated",
    "VacancyService",
    "ValidationFailed",
    "WorkerService",
    "hash_token",
    "short_name",
]
