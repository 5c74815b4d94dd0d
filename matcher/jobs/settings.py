"""Settings of the job runner (``MATCHER_JOBS_*``).

Kept beside the runner rather than in ``matcher.settings`` so that the queue's knobs read as
one group; they are read when a server starts (``JobSettings()``), never at import time.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class JobSettings(BaseSettings):
    """How a process takes, watches and gives up jobs."""

    model_config = SettingsConfigDict(env_prefix="MATCHER_JOBS_", env_file=".env", extra="ignore")

    concurrency: int = Field(1, ge=1, le=16, description="Jobs one process runs at once.")
    poll_interval_s: float = Field(
        0.5, gt=0, le=60, description="How often an idle runner looks for queued jobs."
    )
    heartbeat_s: float = Field(
        1.0, gt=0, le=60, description="How often a running job's progress and liveness are saved."
    )
    stale_after_s: float = Field(
        30.0,
        gt=0,
        description="A running job without a heartbeat for this long lost its process: it is "
        "requeued (or failed after max_attempts).",
    )
    time_limit_s: float = Field(
        3600.0, gt=0, description="Longest run of one attempt of a job before it is failed."
    )
    max_attempts: int = Field(
        3, ge=1, le=10, description="Attempts before a job whose process keeps dying is failed."
    )
    sweep_interval_s: float = Field(
        5.0, gt=0, description="How often a runner recovers stale jobs and purges old ones."
    )
    max_unfinished_per_owner: int = Field(
        4,
        ge=1,
        le=1000,
        description="Jobs one owner (an agency, an employer, the admins) may have queued or "
        "running; a request for one more is refused (429) until one finishes.",
    )
    retention_hours: float = Field(
        168.0, gt=0, description="Finished jobs (and their results) are deleted after this."
    )

    @model_validator(mode="after")
    def _heartbeats_before_staleness(self) -> Self:
        """A job must be able to miss a couple of heartbeats (a slow batch, a busy database)
        before another process takes it for dead and runs it a second time."""
        if self.stale_after_s < 3 * self.heartbeat_s:
            raise ValueError("stale_after_s must be at least three heartbeats (heartbeat_s)")
        return self
