"""Content hashes that let the caller skip re-encoding unchanged texts."""

from __future__ import annotations

import hashlib

__all__ = ["text_hash"]


def text_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` encoded as UTF-8.

    Stored next to an embedding together with the embedder's ``model_id``: a profile needs
    re-encoding only when either changes. The text is hashed exactly as given (no Unicode
    normalisation or whitespace folding) because the models themselves can react to those
    differences, so "looks the same" is not "embeds the same".
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
