"""Time the saved queries and ``kg path`` on a (synthetic) store, with rdflib as the baseline.

    python bench/synthetic_store.py --store /tmp/syn1m                       # 100k actors, 1M claims
    python bench/synthetic_store.py --store /tmp/syn20k --actors 5000 --claims 20000
    python bench/query_bench.py --store /tmp/syn1m --small-store /tmp/syn20k

For each saved query: p50 and p90 of ``kg.query.run`` (parse, engine, results
materialised as SPARQL JSON) over ``--runs`` runs after one warm-up, with
parameters drawn from the store (a hub actor and a mid-degree actor). For
``kg path``: wall time of the whole command in a new process (interpreter start
and imports included), with the claim table cache cold (first run after a
change) and warm. The rdflib baseline loads the small store's N-Quads into an
in-memory ``rdflib.Dataset`` and runs the same queries with the same bindings
(``initBindings``) on both engines; it reports the ratio.

Writes ``bench/results/query_bench.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import prepare, run, saved_queries  # noqa: E402
from kg.store import Store  # noqa: E402

KG = str(ROOT / ".venv" / "bin" / "kg") if (ROOT / ".venv" / "bin" / "kg").exists() else "kg"


def pick_actors(store) -> dict:
    """A hub, a mid-degree actor, an arms recipient, and the path ends."""
    from kg.graph import load_topology
    import numpy as np

    t = load_topology(store)
    deg = np.bincount(np.concatenate([t.src, t.dst]), minlength=len(t.actor_ids))
    order = np.argsort(-deg)
    hub = t.actor_ids[order[0]]
    mid = t.actor_ids[order[min(len(order) - 1, len(order) // 50)]]
    ids = set(t.actor_ids)
    a = "ilham-aliyev" if "ilham-aliyev" in ids else t.actor_ids[order[len(order) // 10]]
    b = "alexander-lukashenko" if "alexander-lukashenko" in ids else t.actor_ids[order[len(order) // 5]]
    return {"hub": hub, "mid": mid, "path": (a, b), "degree": {hub: int(deg[order[0]]), mid: int(deg[order[len(order) // 50]])}}


def cases(actors: dict) -> list[tuple[str, str, dict]]:
    hub, mid = actors["hub"], actors["mid"]
    return [
        ("accusations (accuser = mid actor)", "accusations", {"accuser": mid}),
        ("accusations (target = hub)", "accusations", {"target": hub}),
        ("arms-suppliers (recipient = hub, default limit 200)", "arms-suppliers", {"recipient": hub}),
        ("arms-suppliers (recipient = hub, limit 0: all rows)", "arms-suppliers", {"recipient": hub, "limit": "0"}),
        ("denied-claims (actor = hub, default limit 200)", "denied-claims", {"actor": hub}),
        ("denied-claims (actor = hub, limit 0: all rows)", "denied-claims", {"actor": hub, "limit": "0"}),
        ("alliances (actor = hub, default limit 200)", "alliances", {"actor": hub}),
        ("alliances (actor = hub, limit 0: all rows)", "alliances", {"actor": hub, "limit": "0"}),
        ("alliances (actor = mid)", "alliances", {"actor": mid}),
        ("memberships (actor = hub)", "memberships", {"actor": hub}),
        ("denied-claims (actor = mid)", "denied-claims", {"actor": mid}),
        ("arms-suppliers (recipient = mid)", "arms-suppliers", {"recipient": mid}),
        ("timeline (actor = mid, one year)", "timeline", {"actor": mid, "from": "2020-01-01", "to": "2020-12-31"}),
        ("timeline (actor = hub, default limit 500)", "timeline", {"actor": hub}),
        ("timeline (actor = hub, limit 0: all rows)", "timeline", {"actor": hub, "limit": "0"}),
        ("contested (relation = supplies-arms-to)", "contested", {"relation": "supplies-arms-to"}),
        ("contested (all, default limit 200)", "contested", {}),
        ("contested (all, limit 0: all rows)", "contested", {"limit": "0"}),
        ("accusations (all, no parameter: default limit 200)", "accusations", {}),
        ("accusations (all, limit 0: 157k rows at 1M)", "accusations", {"limit": "0"}),
        ("relation-counts (all)", "relation-counts", {}),
    ]


def time_query(store, name, params, runs: int) -> dict:
    t0 = time.perf_counter()
    rows = len(run(store, name, params).records())  # warm-up
    first = time.perf_counter() - t0
    if first > 2:  # a slow query: fewer runs (3, or 1 past 10 s: far off the target either way)
        runs = min(runs, 3 if first <= 10 else 1)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run(store, name, params)
        times.append(time.perf_counter() - t0)
    return {"p50_ms": round(statistics.median(times) * 1000, 1),
            "p90_ms": round(sorted(times)[max(0, math.ceil(len(times) * 0.9) - 1)] * 1000, 1), "rows": rows, "runs": runs}


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def time_path(location: str, a: str, b: str, runs: int, extra=(), cold: bool = False) -> dict:
    cmd = [KG, "path", a, b, "--store", location, "--format", "json", *extra]
    if cold:
        shutil.rmtree(Path(location) / "kg-cache", ignore_errors=True)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    cold_s = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(r.stderr)
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        warm.append(time.perf_counter() - t0)
    out = json.loads(r.stdout)
    hops = [len(p["hops"]) for p in out["paths"]]
    return {"command": " ".join(["kg", *cmd[1:]]), "first_run_s": round(cold_s, 2), "cold_cache": cold,
            "warm_p50_s": round(statistics.median(warm), 3), "warm_max_s": round(max(warm), 3),
            "paths": len(hops), "hops": hops,
            "evidence_on_every_hop": all(h["evidence"] for p in out["paths"] for h in p["hops"])}


def time_startup(runs: int) -> float:
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        t.append(time.perf_counter() - t0)
    return round(statistics.median(t), 3)


def _rdflib_timed(ds, text, prefixes, init, runs: int, timeout: float):
    """(p50 ms, rows) of an rdflib query, run in a forked child that is stopped after ``timeout`` s (None then)."""
    import multiprocessing as mp

    def child(conn):
        t0 = time.perf_counter()
        rows = len(list(ds.query(text, initNs=prefixes, initBindings=init)))
        times = [time.perf_counter() - t0]
        if times[0] < 2:
            for _ in range(max(1, runs // 3)):
                t0 = time.perf_counter()
                list(ds.query(text, initNs=prefixes, initBindings=init))
                times.append(time.perf_counter() - t0)
        conn.send((statistics.median(times) * 1000, rows))
        conn.close()

    ctx = mp.get_context("fork")
    parent, conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=child, args=(conn,), daemon=True)
    proc.start()
    conn.close()
    try:
        return parent.recv() if parent.poll(timeout) else None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def rdflib_baseline(small: str, actors: dict, runs: int, rdflib_timeout: float = 60) -> dict:
    import io

    import pyoxigraph as ox
    import rdflib
    from rdflib.term import Variable

    from kg.vocab import PREFIXES

    store = Store(small, read_only=True)
    buf = io.BytesIO()
    quads = store._backend.ox.quads_for_pattern(None, None, None, None)
    ox.serialize(quads, buf, format=ox.RdfFormat.N_QUADS)
    data = buf.getvalue()
    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=data.decode("utf-8"), format="nquads")
    load = time.perf_counter() - t0
    n_quads = data.count(b"\n")

    def to_rdflib(term):
        if isinstance(term, ox.NamedNode):
            return rdflib.URIRef(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value) if term.datatype else None)

    results = []
    for label, name, params in cases(actors):
        text, b = prepare(store, name, params)
        ox_t = time_query(store, name, params, runs)
        init = {Variable(k): to_rdflib(v) for k, v in b.items()}
        got = _rdflib_timed(ds, text, PREFIXES, init, runs, rdflib_timeout)
        if got is None:  # stopped at the time limit
            results.append({"query": label, "pyoxigraph_p50_ms": ox_t["p50_ms"], "rdflib_p50_ms": None,
                            "rdflib_stopped_after_s": rdflib_timeout, "ratio": None, "rows_pyoxigraph": ox_t["rows"],
                            "rows_rdflib": None})
            print(f"  rdflib {label}: stopped after {rdflib_timeout} s vs {ox_t['p50_ms']} ms", file=sys.stderr)
            continue
        rd, rows = got
        results.append({"query": label, "pyoxigraph_p50_ms": ox_t["p50_ms"], "rdflib_p50_ms": round(rd, 1),
                        "ratio": round(rd / max(ox_t["p50_ms"], 0.01), 1), "rows_pyoxigraph": ox_t["rows"],
                        "rows_rdflib": rows})
        print(f"  rdflib {label}: {rd:.1f} ms vs {ox_t['p50_ms']} ms", file=sys.stderr)
    store.close()
    return {"store": small, "quads": n_quads, "rdflib_load_s": round(load, 1), "queries": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True, help="The large store (see synthetic_store.py).")
    ap.add_argument("--small-store", help="A small store for the rdflib baseline.")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "query_bench"))
    ap.add_argument("--only", action="append", default=[],
                    help="Only the saved-query cases whose label contains this text (repeatable); skips the rest.")
    ap.add_argument("--keep-cache", action="store_true",
                    help="Do not rebuild the claim table first (its build time is then not measured).")
    ap.add_argument("--no-path", action="store_true", help="Skip the kg path timings.")
    ap.add_argument("--rdflib-timeout", type=float, default=60, help="Stop an rdflib baseline query after this many seconds.")
    ap.add_argument("--queries", help="Time the saved queries of this directory instead of kg/queries "
                                      "(e.g. an earlier version, for a before/after comparison).")
    args = ap.parse_args()
    if args.queries:
        import kg.query

        kg.query.queries_dir = lambda: Path(args.queries)
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    "load_average_start": load_average(), "queries_dir": args.queries or "kg/queries"}
    info = Path(args.store).parent / f"{Path(args.store).name}.info.json"
    if info.exists():
        report["store"] = json.loads(info.read_text())
    from kg import graph

    if not args.keep_cache:
        # built in a child process, as a first `kg path` would: the queries below are then timed in a
        # process that did not just allocate (and free) a million-row table
        shutil.rmtree(Path(args.store) / "kg-cache", ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from kg.store import Store; "
                        "from kg.graph import load_topology; load_topology(Store(sys.argv[2], read_only=True))",
                        str(ROOT), args.store], check=True)
        report["claim_table_build_s"] = round(time.perf_counter() - t0, 1)
    store = Store(args.store, read_only=True)
    graph.load_topology(store)  # from the cache
    actors = pick_actors(store)
    report["actors_used"] = {"hub": actors["hub"], "mid": actors["mid"], "degree": actors["degree"],
                             "path": list(actors["path"])}
    report["queries"] = []
    library = saved_queries()
    for label, name, params in cases(actors):
        if args.only and not any(x in label for x in args.only):
            continue
        if any(library[name].param(p) is None for p in params):  # an earlier version (--queries) without it
            print(f"  {label}: skipped, {name} has no parameter {', '.join(p for p in params if library[name].param(p) is None)}",
                  file=sys.stderr)
            continue
        r = time_query(store, name, params, args.runs)
        r["query"] = label
        report["queries"].append(r)
        print(f"  {label}: p50 {r['p50_ms']} ms, {r['rows']} rows", file=sys.stderr)
    store.close()
    a, b = actors["path"]
    report["python_startup_s"] = time_startup(5)
    report["path"] = [] if args.no_path else [
        time_path(args.store, a, b, args.runs, cold=not args.keep_cache), time_path(args.store, a, b, 5, ["-k", "5"]),
        time_path(args.store, a, b, 5, ["--directed", "-m", "asserted", "-m", "reported"])]
    for p in report["path"]:
        print(f"  {p['command']}: first {p['first_run_s']} s, warm p50 {p['warm_p50_s']} s", file=sys.stderr)
    report["load_average_end"] = load_average()
    if args.small_store:
        s = Store(args.small_store, read_only=True)
        small_actors = pick_actors(s)
        s.close()
        report["rdflib_baseline"] = rdflib_baseline(args.small_store, small_actors, max(3, args.runs // 3), args.rdflib_timeout)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{out}.json").write_text(json.dumps(report, indent=2))
    Path(f"{out}.md").write_text(markdown(report))
    print(markdown(report))


def markdown(r: dict) -> str:
    lines = ["# Query and path benchmark", ""]
    if "store" in r:
        s = r["store"]
        lines += [f"Store: {s['actors']:,} actors, {s['claims']:,} claims, {s['documents']:,} documents, "
                  f"{s['quads_loaded']:,} quads (generated and bulk-loaded in {s['seconds_total']} s). "
                  f"Machine: {r['machine']['cpus']} CPUs, Python {r['machine']['python']}.", ""]
    if r.get("queries_dir", "kg/queries") != "kg/queries":
        lines += [f"Saved queries from `{r['queries_dir']}` (not this checkout's kg/queries).", ""]
    if "claim_table_build_s" in r:
        lines += [f"Claim table (graph layer cache) built in {r['claim_table_build_s']} s once per store generation.", ""]
    lines += [f"Load average (1, 5, 15 min) at the start {r['load_average_start']}, after the queries and paths "
              f"{r.get('load_average_end', '?')} (2 cores, shared).", "",
              f"Parameters: hub actor `{r['actors_used']['hub']}` ({r['actors_used']['degree'][r['actors_used']['hub']]:,} claims), "
              f"mid actor `{r['actors_used']['mid']}` ({r['actors_used']['degree'][r['actors_used']['mid']]:,} claims).", "",
              "| saved query | p50 ms | p90 ms | rows | runs |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {q['query']} | {q['p50_ms']} | {q['p90_ms']} | {q['rows']} | {q.get('runs', '')} |" for q in r["queries"]]
    if r["path"]:
        lines += ["", f"`kg path` end to end (new process each run; bare interpreter start {r['python_startup_s']} s):", "",
                  "| command | first run s | warm p50 s | warm max s | paths (hops) |", "|---|---:|---:|---:|---|"]
    lines += [f"| `{p['command']}` | {p['first_run_s']}{' (cache cold: builds the claim table)' if p['cold_cache'] else ''} | {p['warm_p50_s']} | {p['warm_max_s']} | {p['paths']} ({', '.join(map(str, p['hops']))}) |"
              for p in r["path"]]
    if "rdflib_baseline" in r:
        b = r["rdflib_baseline"]
        lines += ["", f"rdflib baseline on the small store ({b['quads']:,} quads; rdflib in-memory load {b['rdflib_load_s']} s):", "",
                  "| query | pyoxigraph p50 ms | rdflib p50 ms | rdflib / pyoxigraph | rows (ox / rdflib) |",
                  "|---|---:|---:|---:|---|"]
        lines += [f"| {q['query']} | {q['pyoxigraph_p50_ms']} | "
                  + (f"{q['rdflib_p50_ms']} | {q['ratio']}x | {q['rows_pyoxigraph']} / {q['rows_rdflib']} |"
                     if q["rdflib_p50_ms"] is not None else
                     f"stopped after {q['rdflib_stopped_after_s']:g} s | > {q['rdflib_stopped_after_s'] * 1000 / max(q['pyoxigraph_p50_ms'], 0.01):.0f}x | {q['rows_pyoxigraph']} / - |")
                  for q in b["queries"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
