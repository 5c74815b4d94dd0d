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
    auth_failures_per_minute: float = Field(
        30, gt=0, description="Sustained failed authentications per minute per client address."
    )
    auth_failure_burst: int = Field(
        10, ge=1, description="Failed authentications a client address may make at once."
    )
    # --- one-time sign-in codes (issue 19) ---
    signin_code_ttl_hours: int = Field(
        72, ge=1, le=24 * 30, description="Hours a printed sign-in code stays usable."
    )
    signin_session_hours: int = Field(
        12, ge=1, le=24 * 7, description="Hours the worker token a code gives stays valid."
    )
    signin_failures_per_minute: float = Field(
        10, gt=0, description="Sustained failed code exchanges per minute per client address."
    )
    signin_failure_burst: int = Field(
        10, ge=1, description="Failed code exchanges a client address may make at once."
    )
    imports_per_token: int = Field(
        2, ge=1, description="Imports one token may run at once (429 beyond)."
    )
    imports_total: int = Field(
        4, ge=1, description="Imports the process runs at once (503 beyond)."
    )
    import_body_idle_timeout_s: float = Field(
        30.0, gt=0, description="An import body that sends nothing for this long is refused (408)."
    )
    shutdown_grace_s: int = Field(
        5,
        gt=0,
        description="On SIGTERM, requests still running after this many seconds are cancelled.",
    )
