"""Text embedding for the matcher: one protocol, real models and a test double.

Japanese vacancies and Indonesian profiles are embedded into one vector space so a plain
inner product ranks candidates. Everything here is framework-free and blocking; use
``encode_async`` from async code.
"""

from matcher.embedding.aio import encode_async, encode_documents_async
from matcher.embedding.documents import (
    PART_SEPARATOR,
    Document,
    PartEncoder,
    encode_documents,
    join_parts,
)
from matcher.embedding.errors import EmbedderUnavailable, EmbeddingError
from matcher.embedding.fake import FakeEmbedder
from matcher.embedding.hashing import text_hash
from matcher.embedding.loading import EMBEDDER_KINDS, load_embedder
from matcher.embedding.protocol import Embedder, FloatMatrix, normalise_rows
from matcher.embedding.sentence_transformer import PACKAGED_MINILM, SentenceTransformerEmbedder
from matcher.embedding.threads import configure_threads
from matcher.embedding.use_multilingual import UseMultilingualEmbedder
from matcher.embedding.use_pooling import PartCacheStats

__all__ = [
    "EMBEDDER_KINDS",
    "PACKAGED_MINILM",
    "PART_SEPARATOR",
    "Document",
    "Embedder",
    "EmbedderUnavailable",
    "EmbeddingError",
    "FakeEmbedder",
    "FloatMatrix",
    "PartCacheStats",
    "PartEncoder",
    "SentenceTransformerEmbedder",
    "UseMultilingualEmbedder",
    "configure_threads",
    "encode_async",
    "encode_documents",
    "encode_documents_async",
    "join_parts",
    "load_embedder",
    "normalise_rows",
    "text_hash",
]
