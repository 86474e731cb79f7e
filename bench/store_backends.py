"""oxrdflib (rdflib API over Oxigraph) against pyoxigraph used directly: load time and a few queries.

    python bench/store_backends.py --store /tmp/syn20k

Issue 2 asked to measure both and choose; pyoxigraph was chosen. This reads the
store's quads once as N-Quads, then loads them into: pyoxigraph in memory
(``Store.bulk_load``), oxrdflib in memory (``rdflib.Dataset(store="Oxigraph")``,
parsed with its ``ox-nquads`` parser) and, for reference, rdflib's own memory
store. The same SPARQL runs on each (oxrdflib: ``Dataset.query`` with a query
string, which oxrdflib hands to Oxigraph's engine). Writes
``bench/results/store_backends.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.store import Store  # noqa: E402
from kg.vocab import sparql_prefixes  # noqa: E402


def queries(hub: str) -> dict:
    p = sparql_prefixes()
    return {
        "claims per relation": p + "SELECT ?r (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c kg:relation ?r } } GROUP BY ?r",
        "arms suppliers of a hub": p + f"""SELECT ?s (COUNT(?c) AS ?n) WHERE {{ GRAPH ?g {{
            ?c kg:object <https://w3id.org/geokg/actor/{hub}> ; kg:relation rel:supplies-arms-to ; kg:subject ?s }} }} GROUP BY ?s""",
        "who arms an ally of the hub (direct triples)": p + f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g1 {{
            ?ally rel:allies-with <https://w3id.org/geokg/actor/{hub}> }} GRAPH ?g2 {{ ?s rel:supplies-arms-to ?ally }} }}""",
    }


def timed(fn, runs=5):
    out = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return out, round(statistics.median(times) * 1000, 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--rdflib-memory", action="store_true", help="Also load into rdflib's own memory store (slow).")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "store_backends"))
    args = ap.parse_args()
    import rdflib

    src = Store(args.store, read_only=True)
    buf = io.BytesIO()
    ox.serialize(src._backend.ox.quads_for_pattern(None, None, None, None), buf, format=ox.RdfFormat.N_QUADS)
    data = buf.getvalue()
    hub = src.rows("""SELECT ?o (COUNT(?c) AS ?n) WHERE { ?c kg:relation rel:supplies-arms-to ; kg:object ?o }
                      GROUP BY ?o ORDER BY DESC(?n) LIMIT 1""")[0][0].rsplit("/", 1)[-1]
    src.close()
    report = {"store": args.store, "quads": data.count(b"\n"), "hub": hub, "load_s": {}, "queries": []}

    t0 = time.perf_counter()
    pox = ox.Store()
    pox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    report["load_s"]["pyoxigraph (bulk_load, memory)"] = round(time.perf_counter() - t0, 2)

    t0 = time.perf_counter()
    oxr = rdflib.Dataset(store="Oxigraph")
    oxr.parse(data=data, format="ox-nquads")
    report["load_s"]["oxrdflib (ox-nquads, memory)"] = round(time.perf_counter() - t0, 2)

    mem = None
    if args.rdflib_memory:
        t0 = time.perf_counter()
        mem = rdflib.Dataset()
        mem.parse(data=data.decode("utf-8"), format="nquads")
        report["load_s"]["rdflib memory (nquads)"] = round(time.perf_counter() - t0, 2)

    for name, q in queries(hub).items():
        n1, t1 = timed(lambda: len(list(pox.query(q))))
        n2, t2 = timed(lambda: len(list(oxr.query(q))))
        row = {"query": name, "pyoxigraph_ms": t1, "oxrdflib_ms": t2, "rows": [n1, n2]}
        if mem is not None:
            n3, t3 = timed(lambda: len(list(mem.query(q))), runs=1)
            row["rdflib_memory_ms"] = t3
            row["rows"].append(n3)
        report["queries"].append(row)
        print(row, file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2))
    md = [f"# Store backends: pyoxigraph vs oxrdflib", "",
          f"{report['quads']:,} quads from `{args.store}`.", "", "| load | seconds |", "|---|---:|"]
    md += [f"| {k} | {v} |" for k, v in report["load_s"].items()]
    cols = ["pyoxigraph_ms", "oxrdflib_ms"] + (["rdflib_memory_ms"] if mem is not None else [])
    md += ["", "| query | " + " | ".join(cols) + " | rows |", "|---|" + "---:|" * len(cols) + "---|"]
    md += [f"| {r['query']} | " + " | ".join(str(r[c]) for c in cols) + f" | {' / '.join(map(str, r['rows']))} |"
           for r in report["queries"]]
    out.with_suffix(".md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
