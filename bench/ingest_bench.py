"""Ingest and serve benchmarks (issue 7): articles/s with 1 and 2 worker processes and on a local Dask
cluster; bulk-load claims/s into the embedded store, Oxigraph Server and Virtuoso; query latency through
``kg serve``.

    python bench/ingest_bench.py [-n 2000] [--out bench/results] [--part extract --part bulk --part serve]

Writes ``ingest.json`` and ``ingest.md`` to the output folder (a run of some parts keeps the other parts'
figures of an earlier run of the same corpus size). Run it alone: it uses every core.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

import corpus as corpus_mod  # noqa: E402
import servers  # noqa: E402

from kg.ingest import ingest, read_documents  # noqa: E402
from kg.store import Store  # noqa: E402


def timed_ingest(paths, location, **kw) -> dict:
    with Store(location) as store:
        t = time.perf_counter()
        rep = ingest(paths, store, **kw)
        secs = time.perf_counter() - t
    return {"documents": rep.documents, "claims": rep.claims, "seconds": round(secs, 2),
            "articles_per_s": round(rep.documents / secs, 1)}


def bulk(location, items, batch=16) -> dict:
    with Store(location) as store:
        t = time.perf_counter()
        for i in range(0, len(items), batch):
            store.write_documents(items[i:i + batch])
        secs = time.perf_counter() - t
        claims = sum(len(c) for _, c in items)
        assert store.stats()["claims"] == claims
    return {"claims": claims, "seconds": round(secs, 2), "claims_per_s": round(claims / secs)}


PARTS = ("extract", "bulk", "serve")


def serve_latency(location) -> dict:
    """Median and p95 latency of three queries through ``kg serve`` (100 requests each)."""
    from kg.serve import make_server

    server = make_server(str(location), "127.0.0.1", 0, workers=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/sparql?"
    queries = {
        "count claims": "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/geokg/ontology#Claim> }",
        "who accuses whom (direct)": "SELECT ?a ?b WHERE { ?a <https://w3id.org/geokg/relation/accuses> ?b } LIMIT 100",
        "claims by relation": "SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c <https://w3id.org/geokg/ontology#relation> ?r } GROUP BY ?r",
    }
    out = {}
    try:
        for label, q in queries.items():
            url = base + urllib.parse.urlencode({"query": q})
            times = []
            for _ in range(100):
                t = time.perf_counter()
                with urllib.request.urlopen(url) as r:
                    r.read()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[label] = {"median": round(statistics.median(times), 2), "p95": round(times[94], 2)}
    finally:
        server.shutdown()
        server.server_close()
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--part", action="append", choices=PARTS, help="run only these parts (default: all)")
    a = ap.parse_args(argv)
    parts = set(a.part or PARTS)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    folder = work / "corpus"
    corpus_mod.build(folder, a.n)
    res: dict = {}
    old = a.out / "ingest.json"
    if parts != set(PARTS) and old.exists() and json.loads(old.read_text()).get("articles") == a.n:
        res.update(json.loads(old.read_text()))
    res.update({"articles": a.n, "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}})
    log = lambda k: print(k, json.dumps(res[k]), file=sys.stderr, flush=True)  # noqa: E731

    from kg.extract import extract_documents
    from kg.ingest import warm_up

    warm_up()
    if "extract" in parts:
        res["load_average_before_extract"] = round(os.getloadavg()[0], 2)
        res["extract_1_worker"] = timed_ingest([folder], work / "s1")
        log("extract_1_worker")
        res["extract_2_workers"] = timed_ingest([folder], work / "s2", workers=2)
        log("extract_2_workers")
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="2GB",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(warm_up)  # the model once per worker, before timing (as workers of a running cluster have it)
            res["extract_dask_local_2_workers"] = timed_ingest([folder], work / "s3", dask=client)
        log("extract_dask_local_2_workers")

    if parts & {"bulk", "serve"}:
        items = [(d, c) for d, c in extract_documents(
            d for d in read_documents([folder]) if not isinstance(d, Exception))]
        res["load_average_before_bulk"] = round(os.getloadavg()[0], 2)
        res["bulk_embedded"] = bulk(work / "b1", items)
        log("bulk_embedded")
    if "bulk" in parts:
        for name, start in (("oxigraph_server", servers.start_oxigraph), ("virtuoso", servers.start_virtuoso)):
            try:
                srv = start()
            except servers.Unavailable as exc:
                res[f"bulk_{name}"] = {"skipped": str(exc)}
                continue
            try:
                res[f"bulk_{name}"] = bulk(srv.url, items)
            finally:
                srv.stop()
            log(f"bulk_{name}")

    if "serve" in parts:
        res["serve_latency_ms"] = serve_latency(work / "b1")
        log("serve_latency_ms")

    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "ingest.json").write_text(json.dumps(res, indent=2) + "\n")
    (a.out / "ingest.md").write_text(report(res))
    print(report(res))


def report(res: dict) -> str:
    """The results as Markdown tables (parts not yet run are left out)."""
    lines = [f"# Ingest and serve benchmark ({res['articles']} articles, {res['machine']['cpus']} CPUs)", ""]
    base = res.get("extract_1_worker", {}).get("articles_per_s")
    if base:
        lines += [f"Load average before the run: {res.get('load_average_before_extract', '?')}.", "",
                  "| run | articles/s | speed-up over 1 worker | seconds | claims |", "|---|---|---|---|---|"]
        for k in ("extract_1_worker", "extract_2_workers", "extract_dask_local_2_workers"):
            r = res[k]
            lines.append(f"| {k} | {r['articles_per_s']} | {r['articles_per_s'] / base:.2f}x | {r['seconds']} "
                         f"| {r['claims']} |")
        lines.append("")
    if "bulk_embedded" in res:
        lines += [f"Load average before the bulk loads: {res.get('load_average_before_bulk', '?')}.", "",
                  "| bulk load | claims/s | seconds |", "|---|---|---|"]
        for k in ("bulk_embedded", "bulk_oxigraph_server", "bulk_virtuoso"):
            r = res.get(k, {"skipped": "not run"})
            lines.append(f"| {k} | {r.get('claims_per_s', r.get('skipped'))} | {r.get('seconds', '')} |")
        lines.append("")
    if "serve_latency_ms" in res:
        lines += ["| query through kg serve | median ms | p95 ms |", "|---|---|---|"]
        lines += [f"| {k} | {v['median']} | {v['p95']} |" for k, v in res["serve_latency_ms"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
