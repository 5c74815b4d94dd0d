"""Profile the hot paths with pyinstrument over a database a benchmark run left behind.

``python -m bench.profiling --database bench_quick_fake --embedder fake --what match``
prints where the time of ``--calls`` queries goes (pyinstrument is a dev-only tool:
``pip install pyinstrument``).
"""

from __future__ import annotations

import argparse
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
from matcher.storage.database import create_pool, with_database


async def profile(database: str, embedder: str, what: str, calls: int, data_dir: Path) -> str:
    from pyinstrument import Profiler

    config = BenchConfig(data_dir=data_dir)
    url = with_database(await server_url(data_dir), database)
    settings = engine_settings(config, url, embedder, config.engine_dir.with_name(database))
    configure_threads(settings.threads)
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
        profiler = Profiler(interval=0.0005, async_mode="enabled")
        profiler.start()
        for job in jobs:
            await job()
        profiler.stop()
        text: str = profiler.output_text(unicode=False, color=False, show_all=False)
        return text
    finally:
        await engine.close()
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--embedder", default="use-multilingual")
    parser.add_argument("--what", choices=("match", "match-all", "recommend"), default="match")
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    args = parser.parse_args()
    print(anyio.run(profile, args.database, args.embedder, args.what, args.calls, args.data_dir))


if __name__ == "__main__":
    main()
