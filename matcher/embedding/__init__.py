"""Text embedding for the matcher: one protocol, real models and a test double.

Japanese vacancies and Indonesian profiles are embedded into one vector space so a plain
inner product ranks candidates. Everything here is framework-free and blocking; use
``encode_async`` from async code.
"""

from matcher.embedding.aio import encode_async
from matcher.embedding.errors import EmbedderUnavailable, EmbeddingError
from matcher.embedding.fake import FakeEmbedder
from matcher.embedding.hashing import text_hash
from matcher.embedding.loading import EMBEDDER_KINDS, load_embedder
from matcher.embedding.protocol import Embedder, FloatMatrix, normalise_rows
from matcher.embedding.sentence_transformer import PACKAGED_MINILM, SentenceTransformerEmbedder
from matcher.embedding.threads import configure_threads
from matcher.embedding.use_multilingual import UseMultilingualEmbedder

__all__ = [
    "EMBEDDER_KINDS",
    "PACKAGED_MINILM",
    "Embedder",
    "EmbedderUnavailable",
    "EmbeddingError",
    "FakeEmbedder",
    "FloatMatrix",
    "SentenceTransformerEmbedder",
    "UseMultilingualEmbedder",
    "configure_threads",
    "encode_async",
    "load_embedder",
    "normalise_rows",
    "text_hash",
]
