"""The results of :mod:`benchmarks.run` as Markdown tables, with the goals met or missed."""

from __future__ import annotations

import math
from typing import Any

NEAR_LINEAR = 1.8  # speed-up on 2 cores that counts as near-linear (90 % efficiency)


def ms(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds >= 10:
        return f"{seconds:,.1f} s"
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


def num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def x(value: float | None, bound: bool = False) -> str:
    if value is None or math.isnan(value):
        return "–"
    text = f"{value:,.2f}x" if value < 10 else f"{value:,.0f}x"
    return f"≥ {text}" if bound else text


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} MB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def p50(figure: dict[str, Any] | None) -> float | None:
    if not figure or not figure.get("runs"):
        return None
    value: float = figure["p50"]
    return value


def cell(figure: dict[str, Any] | None, p99: bool = True) -> str:
    """p50 / p99, or why there is no figure."""
    if figure is None:
        return "not run"
    if figure.get("runs"):
        return f"{ms(figure['p50'])} / {ms(figure['p99'])}" if p99 else ms(figure["p50"])
    if figure.get("timeout"):
        return f"> {ms(figure['timeout'])} (cut off)"
    if figure.get("status"):
        return f"refused ({figure['status']}: {str(figure.get('error', ''))[:40]})"
    return str(figure.get("skipped", "–"))


def rdflib_seconds(figure: dict[str, Any] | None) -> tuple[float | None, bool]:
    """rdflib's p50, or the cap as a lower bound when it was cut off."""
    if not figure:
        return None, False
    if figure.get("runs"):
        return float(figure["p50"]), False
    if figure.get("timeout"):
        return float(figure["timeout"]), True
    return None, False


def sparql_totals(r: dict[str, Any]) -> dict[str, Any]:
    inproc = r.get("sparql_inprocess", {})
    floor = inproc.get("floor", {})
    http = r.get("server", {}).get("sparql_http", {})
    peer = r.get("rdflib", {}).get("queries", {})
    names = [n for n in floor if p50(http.get(n)) is not None and p50(floor.get(n)) is not None]
    out: dict[str, Any] = {"queries": len(names)}
    if not names:
        return out
    out["floor"] = sum(floor[n]["p50"] for n in names)
    out["disk"] = sum(p50(inproc.get("disk", {}).get(n)) or math.nan for n in names)
    out["ours"] = sum(p50(inproc.get("ours", {}).get(n)) or math.nan for n in names)
    out["http"] = sum(http[n]["p50"] for n in names)
    ratios = [http[n]["p50"] / floor[n]["p50"] for n in names]
    out["geomean_http_over_floor"] = math.exp(sum(math.log(v) for v in ratios) / len(ratios))
    if peer:
        total, bounded, per_query = 0.0, False, []
        for n in names:
            seconds, capped = rdflib_seconds(peer.get(n))
            if seconds is None:
                continue
            total += seconds
            bounded |= capped
            per_query.append((seconds / http[n]["p50"], capped, n))
        out["rdflib"] = total
        out["rdflib_bounded"] = bounded
        out["rdflib_per_query"] = per_query
    return out


def goals(r: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    t = sparql_totals(r)
    if "http" in t:
        ratio = t["http"] / t["floor"]
        rows.append(
            [
                "SPARQL over HTTP within 1.5x of direct pyoxigraph (the mix, sum of p50)",
                f"{x(ratio)} (geometric mean per query {x(t['geomean_http_over_floor'])})",
                "met" if ratio <= 1.5 else "missed",
            ]
        )
    if "rdflib" in t:
        ratio = t["rdflib"] / t["http"]
        slow = [q for q in t["rdflib_per_query"] if q[0] < 20 and not q[1]]
        worst = min(t["rdflib_per_query"])
        rows.append(
            [
                ">= 20x faster than rdflib in memory (the mix, sum of p50)",
                f"{x(ratio, t['rdflib_bounded'])}; per query from {x(worst[0], worst[1])} "
                f"({worst[2]}); {len(slow)} of {len(t['rdflib_per_query'])} queries under 20x",
                "met" if ratio >= 20 else "missed",
            ]
        )
    ingestion = r.get("ingestion", {})
    serial, tokens = ingestion.get("serial_sample"), ingestion.get("tokenizer_sample")
    if serial and tokens:
        share = serial["words_per_s"] / tokens["words_per_s"]
        rows.append(
            [
                "Ingestion >= 30% of the bare tokenizer's words/s, one core",
                f"{share:.1%} ({num(serial['words_per_s'])} vs {num(tokens['words_per_s'])} words/s)",
                "met" if share >= 0.3 else "missed",
            ]
        )
    pool = ingestion.get("pool_sample")
    if serial and pool:
        speedup = pool["docs_per_s"] / serial["docs_per_s"]
        rows.append(
            [
                f"Ingestion near-linear on {pool['processes']} cores (>= {NEAR_LINEAR}x)",
                f"{x(speedup)} ({num(pool['docs_per_s'], 2)} vs {num(serial['docs_per_s'], 2)} docs/s)",
                "met" if speedup >= NEAR_LINEAR else "missed",
            ]
        )
    constant = r.get("constant", {}).get("constant")
    loads = r.get("server", {}).get("load", {})
    if constant:
        for name, figure in loads.items():
            if name.startswith("sparql"):
                continue
            share = figure["rps"] / constant["rps"] if constant["rps"] else 0
            ok = share >= 0.5 and figure["errors"] == 0
            rows.append(
                [
                    f"REST {name} >= 50% of the constant endpoint's requests/s, 0 errors",
                    f"{share:.1%} ({num(figure['rps'])} vs {num(constant['rps'])} req/s), "
                    f"{figure['errors']} errors",
                    "met" if ok else "missed",
                ]
            )
    return rows


def report(r: dict[str, Any]) -> str:
    parts: list[str] = []
    m = r.get("machine", {})
    parts.append(
        f"Run started {r.get('started')}; {m.get('nproc')} cores, {m.get('memory_gb')} GB, "
        f"Python {m.get('python')}; load average at start {m.get('load_at_start')}, at end "
        f"{m.get('load_at_end')} ({m.get('note')}). Wall time {ms(r.get('wall_seconds'))}."
    )
    parts.append("### Goals\n\n" + table(["goal", "figure", ""], goals(r)))

    c, store = r.get("corpus"), r.get("store", {})
    if c:
        parts.append(
            "### Corpus and graph\n\n"
            + table(
                [
                    "documents",
                    "text",
                    "words",
                    "triples (ingested + replicated)",
                    "quads in store",
                    "store on disk",
                ],
                [
                    [
                        num(c["documents"]),
                        f"{c['bytes'] / 1e6:.1f} MB",
                        num(c["words"]),
                        f"{num(store.get('triples'))} ({num(store.get('triples_ingested'))} + "
                        f"{num(store.get('triples_replicated'))})",
                        num(store.get("quads_total")),
                        f"{store.get('bytes_on_disk', 0) / 2**20:,.0f} MiB",
                    ]
                ],
            )
        )
    ingestion = r.get("ingestion", {})
    if ingestion:
        rows = []
        labels = {
            "tokenizer_sample": "spaCy blank('nl') tokenizer (baseline), sample",
            "serial_sample": "crmkg ingest_paths, 1 core, sample",
            "pool_sample": "crmkg pipeline, pool of all cores, sample",
            "build": "crmkg pipeline, pool of all cores, graph build",
            "tokenizer_all": "spaCy blank('nl') tokenizer, whole corpus",
        }
        base = ingestion.get("tokenizer_sample", {}).get("words_per_s")
        for key, label in labels.items():
            f = ingestion.get(key)
            if not f:
                continue
            rows.append(
                [
                    label,
                    num(f["docs"]),
                    num(f["words"]),
                    ms(f["seconds"]),
                    num(f["words_per_s"]),
                    num(f["docs_per_s"], 2),
                    f"{f['words_per_s'] / base:.1%}" if base else "–",
                    mb(f.get("peak_rss_mb"))
                    + (
                        f" (+ workers {mb(f['peak_rss_worker_mb'])} each)"
                        if "peak_rss_worker_mb" in f
                        else ""
                    ),
                    str(f.get("_phase", {}).get("load_before", "")),
                ]
            )
        parts.append(
            "### Ingestion\n\n"
            + table(
                [
                    "run",
                    "docs",
                    "words",
                    "time",
                    "words/s",
                    "docs/s",
                    "of tokenizer",
                    "peak RSS",
                    "load avg before",
                ],
                rows,
            )
        )
        profile = ingestion.get("profile")
        if profile:
            prow = [
                [
                    f"`{p['function']}`",
                    f"{p['own']:.2f}",
                    f"{p['cum']:.2f}",
                    num(p["calls"]),
                    "; ".join(f"`{c}` {t:.2f} s" for c, t in p.get("callers", [])),
                ]
                for p in profile["by_own_time"][:12]
            ]
            crow = [
                [f"`{p['function']}`", f"{p['own']:.2f}", f"{p['cum']:.2f}", num(p["calls"])]
                for p in profile["by_cumulative"][:12]
            ]
            parts.append(
                f"### Profile (cProfile, {profile['docs']} documents, {ms(profile['seconds'])})\n\n"
                "By own time:\n\n"
                + table(["function", "own s", "cumulative s", "calls", "called from"], prow)
                + "\n\nThe project's functions by cumulative time:\n\n"
                + table(["function", "own s", "cumulative s", "calls"], crow)
            )
    inproc = r.get("sparql_inprocess")
    if inproc:
        http = r.get("server", {}).get("sparql_http", {})
        peer = r.get("rdflib", {})
        peer_q, peer_http = peer.get("queries", {}), peer.get("http", {})
        rows = []
        for name, floor in inproc["floor"].items():
            if name.startswith("_"):
                continue
            ours, disk = inproc.get("ours", {}).get(name), inproc.get("disk", {}).get(name)
            web = http.get(name)
            rd, capped = rdflib_seconds(peer_q.get(name))
            web50, floor50 = p50(web), p50(floor)
            rows.append(
                [
                    name,
                    num(floor["rows"]) if floor.get("runs") else "–",
                    num(peer_q[name]["rows"]) if peer_q.get(name, {}).get("runs") else "–",
                    cell(floor),
                    cell(disk, p99=False),
                    cell(ours),
                    cell(web),
                    x(web50 / floor50) if web50 and floor50 else "–",
                    cell(peer_q.get(name), p99=False),
                    cell(peer_http.get(name), p99=False) if peer_http else "–",
                    x(rd / web50, capped) if rd and web50 else "–",
                ]
            )
        t = sparql_totals(r)
        if "http" in t:
            rd_total = t.get("rdflib")
            rows.append(
                [
                    f"**mix ({t['queries']} queries, sum of p50)**",
                    "",
                    "",
                    ms(t["floor"]),
                    ms(t["disk"]),
                    ms(t["ours"]),
                    ms(t["http"]),
                    x(t["http"] / t["floor"]),
                    (("> " if t.get("rdflib_bounded") else "") + ms(rd_total)) if rd_total else "–",
                    "",
                    x(rd_total / t["http"], t.get("rdflib_bounded", False)) if rd_total else "–",
                ]
            )
        parts.append(
            "### SPARQL latency per query (p50 / p99)\n\n"
            + table(
                [
                    "query",
                    "rows",
                    "rdflib rows",
                    "pyoxigraph in memory (floor)",
                    "pyoxigraph on disk",
                    "ours in-process",
                    "ours over HTTP",
                    "HTTP / floor",
                    "rdflib in memory",
                    "rdflib-endpoint HTTP",
                    "rdflib / ours HTTP",
                ],
                rows,
            )
            + f"\n\nThe floor's store loaded the {num(inproc.get('quads'))} quads in "
            f"{ms(inproc.get('memory_load_seconds'))}; the dump took {ms(inproc.get('dump_seconds'))} "
            f"({inproc.get('dump_bytes', 0) / 2**20:,.0f} MiB)."
            + (
                f" rdflib loaded them in {ms(peer.get('load_seconds'))} ({peer.get('parser')} parser), "
                f"peak RSS {mb(peer.get('peak_rss_mb'))}; each rdflib run was cut off after "
                f"{ms(r.get('plan', {}).get('rdflib_cap'))}."
                if peer.get("load_seconds")
                else ""
            )
        )
    server, constant = r.get("server", {}), r.get("constant", {})
    if server.get("load"):
        rows = []
        for name, f in [
            *server["load"].items(),
            *((k, constant[k]) for k in ("constant", "constant-sync") if k in constant),
        ]:
            share = f["rps"] / constant["constant"]["rps"] if constant.get("constant") else None
            rows.append(
                [
                    name,
                    num(f["rps"]),
                    ms(f["p50"]),
                    ms(f["p99"]),
                    num(f["errors"]),
                    num(f["requests"]),
                    f"{share:.1%}" if share is not None else "–",
                ]
            )
        parts.append(
            f"### HTTP under load (wrk, 1 thread, {r['plan']['connections']} connections, "
            f"{r['plan']['wrk_seconds']:g} s each, loopback)\n\n"
            + table(["endpoint", "req/s", "p50", "p99", "errors", "requests", "of constant"], rows)
        )
    if server.get("ready_seconds") is not None:
        firsts = server.get("first_answers", {})
        rows = [
            [
                "listening (crmkg serve: open store, start workers)",
                ms(server["ready_seconds"]),
                mb(server["rss_at_ready"]["total_mb"]),
            ]
        ]
        for name, f in firsts.items():
            rows.append(
                [f"{name} (status {f['status']}, {f['bytes']:,} bytes)", ms(f["seconds"]), ""]
            )
        warm, after = server.get("rss_warm", {}), server.get("rss_after_load", {})
        rows.append(
            [
                "resident, warm: server + query workers",
                "",
                f"{mb(warm.get('server_mb'))} + {mb(warm.get('children_mb'))}",
            ]
        )
        if after:
            rows.append(
                [
                    "resident after the load tests",
                    "",
                    f"{mb(after.get('server_mb'))} + {mb(after.get('children_mb'))}",
                ]
            )
        if constant.get("rss_mb"):
            rows.append(
                [
                    "constant FastAPI server",
                    ms(constant.get("ready_seconds")),
                    mb(constant["rss_mb"]["total_mb"]),
                ]
            )
        if r.get("rdflib", {}).get("rss_serving"):
            peer = r["rdflib"]
            rows.append(
                [
                    "rdflib-endpoint (load + in-process runs, then serving)",
                    ms(peer.get("wall_until_serving")),
                    mb(peer["rss_serving"]["total_mb"]),
                ]
            )
        parts.append("### Start-up and memory\n\n" + table(["", "time", "resident memory"], rows))
    return "\n\n".join(parts) + "\n"
