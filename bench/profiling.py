"""Profile the hot paths with pyinstrument over a database a benchmark run left behind.

``python -m bench.profiling --database bench_quick_fake --embedder fake --what match``
prints where the time of ``--calls`` queries goes (pyinstrument is a dev-only tool:
``pip install pyinstrument``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import anyio

from bench.config import BenchConfig
from bench.database import server_url
from bench.importing import engine_settings
from bench.matching import sample_vacancies, sample_workers
from matcher.embedding import configure_threads
from matcher.engine import MatchingEngine
from matcher.engine.results import MatchQuery, WorkerFilters
from matcher.settings import Settings
from matcher.storage.database import create_pool, with_database


async def profile(database: str, embedder: str, what: str, calls: int, data_dir: Path) -> str:
    config = BenchConfig(data_dir=data_dir)
    url = with_database(await server_url(data_dir), database)
    settings = engine_settings(config, url, embedder, config.engine_dir.with_name(database))
    configure_threads(settings.threads)
    if what == "http":
        return await _profile_http(settings, calls)
    pool = await create_pool(url, min_size=2, max_size=4)
    engine = await MatchingEngine.start(pool, settings)
    try:
        vacancies = sample_vacancies(engine, calls, 1)
        workers = sample_workers(engine, calls, 1)
        query = MatchQuery(limit=20, include_ineligible=what == "match-all")
        jobs: list[Any] = {
            "match": [
                lambda v=v: engine.match_vacancy(v, query, WorkerFilters()) for v in vacancies
            ],
            "match-all": [
                lambda v=v: engine.match_vacancy(v, query, WorkerFilters()) for v in vacancies
            ],
            "recommend": [lambda w=w: engine.recommend_vacancies(w, query) for w in workers],
        }[what]
        for job in jobs[:3]:
            await job()
        return await _profiled(jobs)
    finally:
        await engine.close()
        await pool.close()


async def _profiled(jobs: list[Any]) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005, async_mode="enabled")
    profiler.start()
    for job in jobs:
        await job()
    profiler.stop()
    text: str = profiler.output_text(
        unicode=False, color=False, show_all=os.environ.get("PROFILE_ALL") == "1"
    )
    return text


async def _profile_http(settings: Settings, calls: int) -> str:
    """The whole request path (auth, transaction, engine, rendering, JSON) through the ASGI app
    in this process, as an admin; the client is httpx over ``ASGITransport``."""
    import httpx

    from api.app import create_app
    from matcher.access import ADMIN, TokenService

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await app.state.engine.wait_ready()
        async with app.state.pool.acquire() as conn, conn.transaction():
            _, secret = await TokenService(conn).issue(ADMIN, name="profile", role="admin")
        vacancies = sample_vacancies(app.state.engine, calls, 1)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {secret}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def call(vacancy: int) -> None:
                response = await client.get(f"/v1/vacancies/{vacancy}/matches", headers=headers)
                response.raise_for_status()

            jobs: list[Any] = [lambda v=v: call(v) for v in vacancies]
            for job in jobs[:3]:
                await job()
            return await _profiled(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--embedder", default="use-multilingual")
    parser.add_argument(
        "--what", choices=("match", "match-all", "recommend", "http"), default="match"
    )
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    args = parser.parse_args()
    print(anyio.run(profile, args.database, args.embedder, args.what, args.calls, args.data_dir))


if __name__ == "__main__":
    main()
