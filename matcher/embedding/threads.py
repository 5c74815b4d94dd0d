"""Deliberate thread counts for the encoders, BLAS and FAISS on a small (2-core) box.

Why this exists: numpy's OpenBLAS, FAISS's bundled OpenBLAS + libgomp and torch's own
libgomp each default to "one thread per core" and know nothing of each other. A server that
encodes with torch while FAISS searches and numpy multiplies can run 3x more threads than
cores, which is slower than running fewer. We set every pool to the same small number.

Import order (see /work/shared/PITFALLS.md):

* Call ``configure_threads`` *after* importing the libraries whose pools it should limit
  (torch, faiss, numpy). threadpoolctl only sees shared libraries already loaded; the
  environment variables it also sets cover libraries loaded later, because OpenMP and
  OpenBLAS read them once, at load time.
* torch and faiss each ship an OpenMP runtime (here two GNU libgomp copies, which coexist).
  If a build ever pairs Intel's libiomp with libgomp you get "OMP: Error #15"; fix the
  import order or the build. Never set ``KMP_DUPLICATE_LIB_OK``: it hides the error and
  leaves two runtimes fighting over the cores, with wrong results reported upstream.
* Load models after a server forks its workers (no ``--preload``): OpenMP pools and torch
  do not survive ``fork`` reliably and can hang the child.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["configure_threads"]

_THREAD_ENV_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def configure_threads(n: int) -> None:
    """Limit OpenMP, MKL, OpenBLAS, torch (if imported) and FAISS to ``n`` threads each.

    Applies process-wide and persists (it is not a context manager). torch is only
    configured when something already imported it: importing torch here would cost
    seconds and 200+ MB for deployments that only use the numpy USE encoder. torch's
    inter-op pool is left alone: it can only be sized before its first use and a
    sequential encode does not use it.
    """
    if n < 1:
        raise ValueError(f"thread count must be >= 1, got {n}")
    for name in _THREAD_ENV_VARS:
        os.environ[name] = str(n)

    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n)

    torch: Any = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)

    import faiss

    faiss.omp_set_num_threads(n)
