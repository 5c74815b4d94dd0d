"""One settings object for the whole engine, read from ``MATCHER_*`` variables (and ``.env``).

Obtained through ``get_settings()``, which caches; tests call ``get_settings.cache_clear()`` after
changing the environment, so nothing reads the environment at import time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from matcher.ranking.scoring import RankingWeights

EmbedderKind = Literal["use-multilingual", "sentence-transformers", "fake"]


class Settings(BaseSettings):
    """Configuration of the engine, the API and the embedded database."""

    model_config = SettingsConfigDict(
        env_prefix="MATCHER_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    database_url: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "MATCHER_DATABASE_URL"),
        description="PostgreSQL URL; unset starts the embedded PostgreSQL under data_dir/pg.",
    )
    data_dir: Path = Field(
        Path("var"), description="Embedded PostgreSQL, index snapshots, demo files."
    )
    embedder: EmbedderKind = Field("use-multilingual", description="Sentence encoder backend.")
    embedder_model: str | None = Field(
        None, description="Model name or local path for sentence-transformers."
    )
    threads: int = Field(2, ge=1, le=64, description="Threads for BLAS, FAISS and torch together.")
    pool_min_size: int = Field(1, ge=0, le=100)
    pool_max_size: int = Field(10, ge=1, le=200)
    db_acquire_timeout_s: float = Field(
        10.0, gt=0, description="Longest wait for a pooled connection before answering 503."
    )
    db_statement_timeout_s: float = Field(
        30.0, ge=0, description="PostgreSQL statement_timeout of request connections (0: off)."
    )
    db_idle_in_transaction_timeout_s: float = Field(
        60.0,
        ge=0,
        description="PostgreSQL idle_in_transaction_session_timeout of every pooled connection "
        "(0: off): a session left in an open transaction is ended and its locks released.",
    )
    import_batch_size: int = Field(1000, ge=1, le=50_000)
    import_max_rows: int = Field(1_000_000, ge=1)
    index_exact_threshold: int = Field(
        20_000, ge=0, description="Below this many vectors the index searches exactly."
    )
    index_storage: Literal["flat", "sq8"] = "flat"
    snapshot_every: int = Field(
        5_000, ge=1, description="Save index snapshots after this many applied changes."
    )
    worker_cache_size: int = Field(
        200_000,
        ge=0,
        description="Parsed workers kept in memory for ranking (about 7 KB each, ~2 KB more once "
        "scored; 0 disables).",
    )
    retention_audit_days: int = Field(
        730,
        ge=0,
        description="Days audit-log rows are kept (0: for ever); docs/privacy.md says why.",
    )
    retention_cancelled_days: int = Field(
        90,
        ge=0,
        description="Days cancelled event registrations and cancelled interviews are kept "
        "after their cancellation (0: for ever).",
    )
    retention_outcome_days: int = Field(
        365,
        ge=0,
        description="Days interviews with a recorded outcome are kept after it (0: for ever).",
    )
    retention_purge_interval_s: float = Field(
        86_400.0,
        ge=0,
        description="How often the server runs the retention purge (and rewrites index "
        "snapshots without erased workers); 0 turns the scheduled run off "
        "(`matcher db purge` still works).",
    )
    ranking: RankingWeights = Field(
        default_factory=RankingWeights,
        description="Weights of the score components (MATCHER_RANKING__SEMANTIC=0.3, ...).",
    )

    @property
    def snapshot_dir(self) -> Path:
        """Where index snapshots are written."""
        return self.data_dir.resolve() / "index"

    @property
    def embedded_pgdata(self) -> Path:
        """Where the embedded PostgreSQL keeps its cluster."""
        return self.data_dir.resolve() / "pg"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; cached so every caller sees the same object."""
    return Settings()
