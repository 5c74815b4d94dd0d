# The SSW matcher API. Built and read, not run here (no Docker engine on the build machine).
#
# Base dependencies only: the default encoder (USE multilingual, numpy) needs no torch.
# For the sentence-transformers backend, add the CPU build of torch before the project:
#   RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
#   RUN pip install --no-cache-dir ".[st]"
# (torch 2.13.0 is the version the Makefile pins; check it exists on the CPU index before use.)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_NUM_THREADS=2 \
    OPENBLAS_NUM_THREADS=2 \
    MKL_NUM_THREADS=2 \
    MATCHER_DATA_DIR=/var/lib/matcher

WORKDIR /app
COPY pyproject.toml README.md ./
COPY models ./models
COPY matcher ./matcher
COPY api ./api
COPY web ./web
RUN pip install --upgrade pip && pip install .

RUN useradd --system --home-dir /var/lib/matcher --create-home matcher
USER matcher

EXPOSE 8000
# One process by default: the first start on a new database encodes every profile, and each
# process would do it. Once snapshots exist, `--workers N` (one per core) runs N spawned (never
# forked: FAISS and torch are not fork-safe, PITFALLS.md) processes on one port. Migrations run
# in the app's lifespan under an advisory lock, so several processes or containers can start at
# once.
CMD ["matcher", "serve", "--host", "0.0.0.0", "--port", "8000"]

HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2); sys.exit(0)"
