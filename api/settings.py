"""Settings of the HTTP layer only (``MATCHER_API_*``); the engine's live in ``matcher.settings``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_PAGE_SIZE = 200
MAX_QUERY_CHARS = 1000


class ApiSettings(BaseSettings):
    """Limits of the HTTP API (OWASP API4: bounded inputs and rates)."""

    model_config = SettingsConfigDict(env_prefix="MATCHER_API_", env_file=".env", extra="ignore")

    max_body_bytes: int = Field(1_000_000, ge=1_000, description="Cap on ordinary JSON bodies.")
    max_import_bytes: int = Field(
        200_000_000, ge=1_000, description="Cap on a bulk import body (spooled to disk)."
    )
    rate_limit_per_minute: float = Field(
        600, gt=0, description="Sustained requests per minute per token."
    )
    rate_limit_burst: int = Field(120, ge=1, description="Requests a token may send at once.")
