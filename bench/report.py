"""Results as JSON (``bench/results/<label>.json``) and as ``docs/benchmarks.md``.

``targets`` turns a result into met / not met lines; it is pure and tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.config import Targets


@dataclass(frozen=True, slots=True)
class TargetCheck:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run


def _get(data: dict[str, Any], *path: str) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def targets(result: dict[str, Any], goals: Targets) -> list[TargetCheck]:
    """Every target of the issue against ``result`` (sections missing from it: not measured)."""
    sections = result.get("sections", {})
    checks: list[TargetCheck] = []

    imports = _get(sections, "import") or {}
    default = next(
        (r for r in imports.get("runs", []) if r.get("embedder") == "use-multilingual"), None
    )
    checks.append(
        TargetCheck(
            f"import at {result.get('preset')} (USE)",
            f">= {goals.import_rows_per_s:,.0f} rows/s",
            "-" if default is None else f"{default['rows_per_s']:,.0f} rows/s",
            None if default is None else default["rows_per_s"] >= goals.import_rows_per_s,
        )
    )
    p99 = _get(sections, "match", "vacancy_to_workers_eligible", "p99_ms")
    checks.append(
        TargetCheck(
            "vacancy -> top-20, eligible, in-process p99",
            f"<= {goals.match_p99_ms:g} ms",
            "-" if p99 is None else f"{p99:.1f} ms",
            None if p99 is None else p99 <= goals.match_p99_ms,
        )
    )
    http99 = _get(sections, "http", "clients_8", "p99_ms")
    checks.append(
        TargetCheck(
            "vacancy -> top-20 over HTTP, 8 clients, p99",
            f"<= {goals.http_p99_ms_8_clients:g} ms",
            "-" if http99 is None else f"{http99:.1f} ms",
            None if http99 is None else http99 <= goals.http_p99_ms_8_clients,
        )
    )
    rps = _get(sections, "http", "clients_8", "requests_per_s")
    checks.append(
        TargetCheck(
            "vacancy -> top-20 over HTTP, 8 clients, throughput",
            f">= {goals.http_requests_per_s_8_clients:g} req/s",
            "-" if rps is None else f"{rps:.0f} req/s",
            None if rps is None else rps >= goals.http_requests_per_s_8_clients,
        )
    )
    server_cpu = _get(sections, "http", "clients_8", "cpu_ms_per_request", "server")
    checks.append(
        TargetCheck(
            "server CPU per request (8 clients)",
            f"<= {goals.server_cpu_ms_per_request:g} ms",
            "-" if server_cpu is None else f"{server_cpu:.1f} ms",
            None if server_cpu is None else server_cpu <= goals.server_cpu_ms_per_request,
        )
    )
    peer = _get(sections, "pgvector", "eligible")
    if peer is None:
        checks.append(
            TargetCheck(
                "faster than pgvector (eligible)", f">= {goals.speedup_vs_pgvector:g}x", "-", None
            )
        )
    else:
        ours, theirs = peer["ours"], peer["pgvector"]
        speed = min(peer["speedup_p50"], peer["speedup_p99"])
        met = speed >= goals.speedup_vs_pgvector and ours["recall_at_20"] >= theirs["recall_at_20"]
        checks.append(
            TargetCheck(
                "faster than pgvector (eligible), recall >= peer",
                f">= {goals.speedup_vs_pgvector:g}x",
                f"{peer['speedup_p50']}x p50 / {peer['speedup_p99']}x p99; recall {ours['recall_at_20']} vs {theirs['recall_at_20']}",
                met,
            )
        )
    million = _get(sections, "million")
    sq8 = None
    if million is not None:
        sq8 = next((v for v in million.get("variants", []) if v["variant"] == "hnsw-sq8"), None)
    checks.append(
        TargetCheck(
            f"RAM per indexed worker at {million['variants'][0]['vectors']:,} (sq8)"
            if sq8 and million
            else "RAM per indexed worker at 1M (sq8)",
            f"<= {goals.bytes_per_worker_1m / 1024:.1f} KB",
            "-"
            if sq8 is None
            else f"{sq8['bytes_per_vector']:.0f} B (RSS {sq8['rss_bytes_per_vector']:.0f} B)",
            None if sq8 is None else sq8["bytes_per_vector"] <= goals.bytes_per_worker_1m,
        )
    )
    tt = _get(sections, "timetable")
    checks.append(
        TargetCheck(
            "timetable solve (optimal, stable)",
            f"<= {goals.timetable_s:g} s",
            "-" if tt is None else f"{tt['optimal_s']} s / {tt['stable_s']} s",
            None if tt is None else max(tt["optimal_s"], tt["stable_s"]) <= goals.timetable_s,
        )
    )
    return checks


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def _lat(row: dict[str, Any] | None) -> str:
    if not row:
        return "- | -"
    return f"{row['p50_ms']:.2f} | {row['p99_ms']:.2f}"


def _cpu(row: dict[str, Any]) -> str:
    """``client, server, postgres (total)`` CPU ms per request; "-" for runs before it was kept."""
    cpu = row.get("cpu_ms_per_request")
    if not cpu:
        return "-"
    parts = ", ".join(f"{cpu.get(name, 0):.1f}" for name in ("client", "server", "postgres"))
    return f"{parts} ({cpu['total']:.1f})"


def render_result(result: dict[str, Any], goals: Targets) -> str:
    """The Markdown block of one result file."""
    s = result.get("sections", {})
    m = result.get("machine", {})
    lines = [
        f"### Run `{result.get('label')}` ({result.get('started')})",
        "",
        f"Command: `{result.get('command')}`",
        "",
        f"Machine: {m.get('cores')} cores ({m.get('cpu')}), {m.get('memory_gb')} GB RAM, "
        f"Python {m.get('python')}, numpy {m.get('numpy')}, faiss {m.get('faiss')}; load average "
        f"at start {m.get('load_average')}"
        + (
            " (other jobs were running: timings are noisy)."
            if (m.get("load_average") or [0.0])[0] >= 1.5
            else "."
        ),
        "",
        "| Target | Goal | Measured | |",
        "|---|---|---|---|",
    ]
    for check in targets(result, goals):
        lines.append(f"| {check.name} | {check.goal} | {check.measured} | {_mark(check.met)} |")
    if "embed" in s:
        e = s["embed"]
        lines += [
            "",
            f"**Embedding alone**: {e['model_id']} {e['texts_per_s']:,} texts/s "
            f"({e['texts']} profile texts, median {e['median_text_chars']} chars, batches of 256).",
        ]
        if "documents_per_s" in e:
            pooled = (
                f" ({e['part_hit_ratio']:.0%} of parts from the cache, "
                f"{e['tokens_encoded_per_document']} tokens encoded per profile)"
                if "part_hit_ratio" in e
                else ""
            )
            lines.append(
                f"By parts, as the engine encodes them, cold cache: "
                f"{e['documents_per_s']:,} profiles/s{pooled}."
            )
    if "import" in s:
        lines += [
            "",
            "**Import end to end** (validate + store with COPY, then encode + store vectors + index):",
            "",
            "| Embedder | Rows | Store s | Encode+index s | Total s | Rows/s | Store-only rows/s |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in s["import"]["runs"]:
            lines.append(
                f"| {r['embedder']} | {r['workers'] + r['vacancies']:,} | {r['validate_store_all_s']} | "
                f"{r['encode_store_index_s']} | {r['total_s']} | {r['rows_per_s']:,} | {r['store_rows_per_s']:,} |"
            )
    for key in ("index", "million"):
        if key not in s:
            continue
        idx = s[key]
        lines += [
            "",
            f"**Index** ({idx.get('source')}, dim {idx['dim']}, {idx['queries']} queries, unfiltered top-20):",
            "",
            "| Variant | Vectors | Build s | Bytes/vector (index) | RSS bytes/vector | Recall@20 | p50 ms | p99 ms |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for v in idx["variants"]:
            lines.append(
                f"| {v['variant']} | {v['vectors']:,} | {v['build_s']} | {v['bytes_per_vector']:.0f} | "
                f"{v['rss_bytes_per_vector']:.0f} | {v['recall_at_20']} | {_lat(v['search'])} |"
            )
    if "match" in s:
        mt = s["match"]
        lines += [
            "",
            f"**Matching in-process** ({mt['workers_indexed']:,} workers, {mt['worker_index_kind']} index; "
            f"eligible set per vacancy: median {mt['eligible_set_size']['median']:,}, "
            f"min {mt['eligible_set_size']['min']:,}, max {mt['eligible_set_size']['max']:,}):",
            "",
            "| Query | n | p50 ms | p99 ms |",
            "|---|---|---|---|",
        ]
        for name in (
            "vacancy_to_workers_eligible",
            "vacancy_to_workers_unfiltered",
            "worker_to_vacancies",
            "free_text_search",
            "eligibility_filter_only",
        ):
            if name in mt:
                lines.append(f"| {name.replace('_', ' ')} | {mt[name]['n']} | {_lat(mt[name])} |")
    if "http" in s:
        h = s["http"]
        lines += [
            "",
            f"**Matching over HTTP** (`matcher serve --workers {h.get('server_processes', 1)}` on "
            f"loopback, {h.get('load_generator', 'httpx')} clients on the same cores, "
            "vacancy -> top-20):",
            "",
            "| Clients | Requests | p50 ms | p99 ms | req/s | errors | CPU ms/request: client, server, PostgreSQL |",
            "|---|---|---|---|---|---|---|",
        ]
        for key, row in h.items():
            if key.startswith("clients_"):
                lines.append(
                    f"| {key.removeprefix('clients_')} | {row['n']} | {_lat(row)} | {row['requests_per_s']} | {row['errors']} | {_cpu(row)} |"
                )
    if "pgvector" in s:
        p = s["pgvector"]
        b = p["pgvector_build"]
        lines += [
            "",
            f"**pgvector {p['pgvector_version']}** on the same {p['vectors']:,} x {p['dim']} vectors and the same "
            f"eligibility filters ({p['queries']} vacancy queries, top-20 ids). pgvector: {p['pgvector_settings']}; "
            f"HNSW build {b['hnsw_build_s']} s, {b['index_bytes_per_vector']:.0f} bytes/vector on disk. "
            f"Ours: {p['ours_settings']}.",
            "",
            "| Query | Engine | Recall@20 | p50 ms | p99 ms | pgvector / ours (p50, p99) |",
            "|---|---|---|---|---|---|",
        ]
        for name in ("unfiltered", "eligible"):
            pair = p[name]
            for who in ("ours", "pgvector"):
                row = pair[who]
                ratio = f"{pair['speedup_p50']}x, {pair['speedup_p99']}x" if who == "ours" else ""
                lines.append(f"| {name} | {who} | {row['recall_at_20']} | {_lat(row)} | {ratio} |")
    if "timetable" in s:
        t = s["timetable"]
        lines += [
            "",
            f"**Timetable** {t['employers']} employers x {t['workers']:,} workers x {t['slots']} slots: "
            f"optimal {t['optimal_s']} s ({t['optimal_interviews']:,} interviews), "
            f"stable {t['stable_s']} s ({t['stable_interviews']:,} interviews).",
        ]
    merged = [(name, sec["merged_from"]) for name, sec in s.items() if "merged_from" in sec]
    if merged:
        lines += ["", "Sections taken from other runs:"]
        lines += [f"* `{name}`: {source}" for name, source in merged]
    engine = result.get("engine")
    if engine:
        lines += [
            "",
            f"Engine reused from an earlier import (`--reuse`): {engine.get('reused_database')}, "
            f"started in {engine.get('engine_start_s')} s from snapshots.",
        ]
    return "\n".join(lines) + "\n"


RESULTS_START = "<!-- bench:results: generated by `matcher bench`, edits inside are lost -->"
RESULTS_END = "<!-- /bench:results -->"


def render_document(
    results: list[dict[str, Any]],
    goals: Targets,
    preamble: str,
    notes: str,
    existing: str | None = None,
) -> str:
    """docs/benchmarks.md with one table section per result file.

    Only the text between ``RESULTS_START`` and ``RESULTS_END`` is generated: when ``existing``
    (the current document) has both markers, everything around them (the hand-written analysis,
    profiles, before and after) is kept as it is. Without them the document is new: the preamble,
    the tables and the notes of ``bench/findings.md``."""
    tables = "\n".join(render_result(result, goals) for result in results)
    region = f"{RESULTS_START}\n\n{tables.rstrip()}\n\n{RESULTS_END}"
    if existing is not None and RESULTS_START in existing and RESULTS_END in existing:
        head, rest = existing.split(RESULTS_START, 1)
        _, tail = rest.split(RESULTS_END, 1)
        return head + region + tail
    return "\n".join([preamble.rstrip() + "\n", region + "\n", notes.rstrip() + "\n"])
