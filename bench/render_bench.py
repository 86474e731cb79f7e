"""How fast ``kg render`` pages are built and become interactive in headless Chromium.

For each size: build a synthetic actor graph with hubs (Barabasi-Albert backbone
plus random edges, every relation and modality represented, 1-3 evidence
sentences an edge), time ``kg.render.render`` (layout, data, HTML), then open the
file in headless Chromium (Debian's, over the DevTools pipe) and measure

* ready: navigation start to the first complete drawing (``kg.readyAt``), and the
  wall-clock from ``Page.navigate`` to ``kg.ready`` seen from Python;
* zoom: one zoom step until the next drawing is complete;
* filter: switching a relation class off and on again (DataView refresh + redraw);
* select: clicking a node and filling the side panel.

The goal (issue 5): 2,000 nodes and 10,000 edges interactive within 5 s. Past
2,000 actors / 10,000 relations the page shows the most connected part and says so.

Usage::

    .venv/bin/python bench/render_bench.py                 # 200/1k, 2k/10k and 5k/25k
    .venv/bin/python bench/render_bench.py --sizes 2000:10000 --repeat 3

Writes bench/results/render.json and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import networkx as nx  # noqa: E402

from kg.render import render  # noqa: E402
from kg.vocab import relations  # noqa: E402


def synthetic(n: int, m: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    rels = relations()
    rel_ids = sorted(rels)
    types = ["State", "Person", "Organization", "GovernmentBody", "MediaOutlet", "ThinkTank", "Group", "Territory"]
    mods = ["asserted"] * 6 + ["reported", "alleged", "denied", "intended"]
    base = nx.barabasi_albert_graph(n, max(1, m // n), seed=seed)
    pairs = list(base.edges)
    while len(pairs) < m:
        pairs.append((rng.randrange(n), rng.randrange(n)))
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"a{i}", label=f"Actor {i} {rng.choice(['Ministry', 'Agency', 'Council', 'Front'])}",
                   type=types[i % len(types)], aliases=[f"A{i}"])
    for k, (u, v) in enumerate(pairs[:m]):
        rid = rel_ids[k % len(rel_ids)]
        mod = mods[k % len(mods)]
        r = rels[rid]
        support = 1 + k % 3
        g.add_edge(f"a{u}", f"a{v}", key=f"{rid}|{mod}|{k}", relation=rid, modality=mod, quad_class=r.quad_class,
                   symmetric=r.symmetric, support=support, claims=[f"c{k}-{j}" for j in range(support)],
                   documents=[f"https://news.example.org/{k}-{j}" for j in range(support)],
                   evidence=[f"Sentence {k}.{j}: Actor {u} and Actor {v} were named in an article about {rid}."
                             for j in range(support)],
                   dates=[f"20{18 + k % 7}-{1 + k % 12:02d}-{1 + k % 28:02d}"], attributed_to=[])
    return g


MEASURE = """
new Promise(resolve => {
  const net = kg.network, t = {};
  const next = () => new Promise(r => net.once('afterDrawing', () => r(performance.now())));
  let t0 = performance.now();
  const p1 = next(); net.moveTo({scale: net.getScale() * 1.6});
  p1.then(t1 => { t.zoom = t1 - t0; t0 = performance.now();
    const p2 = next();
    kg.filters.rels.forEach(r => { if (kg.data.style.relations[r] && kg.data.style.relations[r].cls === 'structural') kg.filters.rels.delete(r); });
    kg.applyFilters(); return p2; })
  .then(t2 => { t.filter_off = t2 - t0; t0 = performance.now();
    const p3 = next(); document.getElementById('kg-reset').click(); return p3; })
  .then(t3 => { t.filter_on = t3 - t0; t0 = performance.now();
    const id = kg.data.nodes[0].id; net.selectNodes([id]); kg.showNode(id); t.select = performance.now() - t0;
    resolve(t); });
})
"""


def run(n: int, m: int, repeat: int, shots: Path | None) -> dict:
    from browser import Browser

    g = synthetic(n, m)
    out = Path(tempfile.mkdtemp(prefix="kg-render-bench-")) / f"bench_{n}.html"
    t = time.perf_counter()
    render(g, out, title=f"Bench: {n:,} actors, {m:,} relations")
    build = time.perf_counter() - t
    rows = []
    with Browser(width=1400, height=900, timeout=120) as b:
        for i in range(repeat):
            t = time.perf_counter()
            page = b.open(out)
            page.wait_for("window.kg && window.kg.ready", timeout=120, interval=0.02)
            wall = time.perf_counter() - t
            stats = page.evaluate("kg.stats()")
            ready = page.evaluate("kg.readyAt")
            inter = page.evaluate(MEASURE, await_promise=True, timeout=120)
            assert page.console_errors == [], page.console_errors
            assert page.external_requests() == [], page.external_requests()
            notes = page.evaluate("kg.data.meta.notes")
            if shots and i == 0:
                page.evaluate("kg.network.fit(); 1")
                time.sleep(0.3)
                page.screenshot(shots / f"render_bench_{n}.png")
            page.close()
            rows.append({"ready_ms": ready, "wall_s": wall, **{k + "_ms": v for k, v in inter.items()}})
    med = {k: round(statistics.median(r[k] for r in rows), 3 if k == "wall_s" else 1) for k in rows[0]}
    return {"nodes": n, "edges": m, "shown_nodes": stats["visibleNodes"], "shown_edges": stats["visibleEdges"],
            "build_s": round(build, 2), "html_mb": round(out.stat().st_size / 1e6, 2), "notes": notes,
            "runs": repeat, **med}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="200:1000,2000:10000,5000:25000",
                    help="comma-separated NODES:EDGES (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "render.json")
    ap.add_argument("--screenshots", type=Path, default=ROOT / "tests" / "artifacts")
    args = ap.parse_args()
    args.screenshots.mkdir(parents=True, exist_ok=True)
    results = []
    for spec in args.sizes.split(","):
        n, m = map(int, spec.split(":"))
        r = run(n, m, args.repeat, args.screenshots)
        results.append(r)
        print(json.dumps(r), flush=True)
    import subprocess

    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    doc = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                       "cpus": __import__("os").cpu_count(), "chromium": chromium},
           "command": "python bench/render_bench.py " + " ".join(sys.argv[1:]), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print("\n| actors | relations | shown | build (Python) | HTML | ready (in page) | ready (wall) | zoom | filter off/on | select |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['nodes']:,} | {r['edges']:,} | {r['shown_nodes']:,} / {r['shown_edges']:,} | {r['build_s']} s | "
              f"{r['html_mb']} MB | {r['ready_ms']:.0f} ms | {r['wall_s']:.2f} s | {r['zoom_ms']:.0f} ms | "
              f"{r['filter_off_ms']:.0f} / {r['filter_on_ms']:.0f} ms | {r['select_ms']:.0f} ms |")


if __name__ == "__main__":
    main()
