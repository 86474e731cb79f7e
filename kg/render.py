"""The interactive network page: one self-contained HTML file (vis-network inlined).

The page is built from our own template (``kg/templates/``), not pyvis's: pyvis's
templates link CDNs and insert some strings unescaped. vis-network's script and
stylesheet are read from the files pyvis ships and inlined, so the page opens
offline from disk, can be mailed, and makes no request. A Content-Security-Policy
allows only the page's own two scripts (by hash) and ``data:`` images.

Every string that comes from an article (actor names, evidence, document names
and URLs) travels as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&`` and U+2028/9 escaped, and the page builds its DOM with
``textContent``; links are made only for ``http(s)`` URLs.

Meaning is encoded as follows: node shape and colour by actor type, node size by
degree (or another centrality), edge colour by PLOVER quad class, arrows for
direction (none for symmetric relations), dashed lines for alleged, denied,
intended and negated claims; hovering shows a summary and clicking opens a side
panel with evidence sentences and sources. The layout is computed here (pivot
MDS then a grid-approximated force-directed refinement) and physics is off in the
page, so 2,000 nodes open in well under a second.

Examples
--------
>>> import tempfile, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("russia", label="Russia", type="State", aliases=["Moscow"])
>>> g.add_node("armenia", label="Armenia", type="State", aliases=[])
>>> g.add_edge("russia", "armenia", key="supplies-arms-to|asserted", relation="supplies-arms-to",
...            modality="asserted", quad_class="material-cooperation", symmetric=False, support=1,
...            claims=["c1"], documents=["a.txt"], evidence=["Russia sent <b>arms</b>."],
...            dates=["2023-01-05"], attributed_to=[])
'supplies-arms-to|asserted'
>>> data = page_data(g)
>>> [n["label"] for n in data["nodes"]], data["edges"][0]["relation"]
(['Armenia', 'Russia'], 'supplies-arms-to')
>>> out = render(g, Path(tempfile.mkdtemp()) / "net.html", title="Arms <test>")
>>> html = out.read_text()
>>> "<b>arms" in html, "\\\\u003cb\\\\u003earms" in html, "cdn" in html.lower().split("</script>")[-1]
(False, True, False)
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx
import numpy as np

__all__ = ["render", "render_path", "page_data", "select", "layout", "resolve_actor",
           "TYPE_STYLE", "CLASS_STYLE", "MODALITY_STYLE", "SIZE_METRICS", "RenderError"]

TEMPLATES = Path(__file__).parent / "templates"

#: Actor type -> (vis-network shape, colour). Shapes are ones whose size follows ``value``.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "State": ("dot", "#2f6db5"),
    "Organization": ("hexagon", "#7b4fa6"),
    "GovernmentBody": ("square", "#1f9a8a"),
    "Person": ("diamond", "#e07b24"),
    "MediaOutlet": ("triangleDown", "#c2417f"),
    "ThinkTank": ("star", "#9a8a14"),
    "Company": ("square", "#8c5a3c"),
    "ArmedGroup": ("triangle", "#a51d1d"),
    "Territory": ("hexagon", "#5c7894"),
    "Group": ("dot", "#8b8f96"),
}
_OTHER_TYPE = ("dot", "#b0b4ba")

#: PLOVER quad class -> (colour, legend label).
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "structural": ("#9aa3ad", "Structural (membership, office, alliance)"),
    "verbal-cooperation": ("#4caf50", "Verbal cooperation"),
    "material-cooperation": ("#1b6e33", "Material cooperation"),
    "verbal-conflict": ("#f08c1e", "Verbal conflict"),
    "material-conflict": ("#d1342f", "Material conflict"),
}

#: Modality -> (dash pattern or False, legend label).
MODALITY_STYLE: dict[str, tuple[list[int] | bool, str]] = {
    "asserted": (False, "asserted"),
    "reported": (False, "reported (attributed)"),
    "alleged": ([8, 6], "alleged"),
    "intended": ([3, 5], "intended / planned"),
    "denied": ([14, 5, 3, 5], "denied"),
    "negated": ([2, 8], "negated (did not happen)"),
}

SIZE_METRICS = ("degree", "support", "pagerank", "betweenness")

#: Above these the page shows the most connected part and says so.
MAX_NODES = 2000
MAX_EDGES = 10000


class RenderError(ValueError):
    """A render request that cannot be met (unknown focus actor, bad option)."""


# ---------------------------------------------------------------- selection

def resolve_actor(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id for an actor given by id, label or alias (case-insensitive).

    >>> g = nx.MultiDiGraph(); g.add_node("russia", label="Russia", aliases=["Moscow"])
    >>> resolve_actor(g, "moscow")
    'russia'
    >>> resolve_actor(g, "Rusia")
    Traceback (most recent call last):
    ...
    kg.render.RenderError: unknown actor 'Rusia' (did you mean: Russia?)
    """
    if name in graph:
        return name
    key = name.casefold().strip()
    for n, a in graph.nodes(data=True):
        names = [str(n), a.get("label") or "", *(a.get("aliases") or [])]
        if any(key == s.casefold() for s in names):
            return n
    import difflib

    labels = {a.get("label") or str(n): n for n, a in graph.nodes(data=True)}
    close = difflib.get_close_matches(name, list(labels), n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise RenderError(f"unknown actor {name!r}{hint}")


def _edge_passes(a: dict, relations, modalities, date_from, date_to) -> bool:
    if relations is not None and a.get("relation") not in relations:
        return False
    if modalities is not None and a.get("modality") not in modalities:
        return False
    if date_from or date_to:
        dates = [d for d in (a.get("dates") or []) if d]
        if not any((not date_from or d >= date_from) and (not date_to or d[:len(date_to)] <= date_to)
                   for d in dates):
            return False
    return True


def select(graph: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 1,
           relations: Iterable[str] | None = None, modalities: Iterable[str] | None = None,
           date_from: str | None = None, date_to: str | None = None,
           keep: Iterable[str] = (), max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES,
           ) -> tuple[nx.MultiDiGraph, list[str]]:
    """The part of the graph a page shows, and notes saying what was left out.

    Filters edges by relation, modality and date (an edge passes a date range when
    one of its dates falls inside), takes the ego network of ``focus`` within
    ``hops`` (directions ignored), then, when the result is still larger than
    ``max_nodes`` or ``max_edges``, keeps the most connected actors (and ``keep``)
    and the best-supported edges. Actors without any relation are kept only when
    no filter removed their edges.

    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("b", "c"), ("c", "d")]:
    ...     _ = g.add_edge(a, b, relation="consults", modality="asserted", dates=["2024-01-01"])
    >>> sorted(select(g, focus="a", hops=2)[0])
    ['a', 'b', 'c']
    >>> sub, notes = select(g, max_nodes=2)
    >>> sorted(sub), notes[0]
    (['b', 'c'], 'Showing the 2 most connected of 4 actors; filter or focus to see the rest.')
    """
    date_from = str(date_from) if date_from else None
    date_to = str(date_to) if date_to else None
    rels = set(relations) if relations else None
    mods = set(modalities) if modalities else None
    filtering = bool(rels or mods or date_from or date_to)
    notes: list[str] = []
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    if filtering:
        edges = [(u, v, k, a) for u, v, k, a in graph.edges(keys=True, data=True)
                 if _edge_passes(a, rels, mods, date_from, date_to)]
        nodes = {n for u, v, _, _ in edges for n in (u, v)}
    else:
        edges = list(graph.edges(keys=True, data=True))
        nodes = set(graph.nodes)
    keep = [k for k in keep if k in graph]
    nodes |= set(keep)
    sub.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in nodes)
    sub.add_edges_from(edges)
    if focus is not None:
        fid = resolve_actor(graph, focus)
        if fid not in sub:
            sub.add_node(fid, **graph.nodes[fid])
        ego = nx.ego_graph(sub.to_undirected(as_view=True), fid, radius=max(0, int(hops)))
        sub = sub.subgraph(set(ego) | set(keep)).copy()
    n_total, e_total = sub.number_of_nodes(), sub.number_of_edges()
    if n_total > max_nodes:
        deg = dict(nx.Graph(sub).degree())
        pinned = set(keep) | ({resolve_actor(graph, focus)} if focus is not None else set())
        ranked = sorted(sub.nodes, key=lambda n: (n not in pinned, -deg.get(n, 0), str(n)))
        sub = sub.subgraph(ranked[:max_nodes]).copy()
        notes.append(f"Showing the {max_nodes:,} most connected of {n_total:,} actors; "
                     "filter or focus to see the rest.")
    if sub.number_of_edges() > max_edges:
        ranked = sorted(sub.edges(keys=True, data=True), key=lambda e: -int(e[3].get("support") or 1))
        drop = ranked[max_edges:]
        sub.remove_edges_from((u, v, k) for u, v, k, _ in drop)
        notes.append(f"Showing the {max_edges:,} best-supported of {sub.number_of_edges() + len(drop):,} "
                     "relations; filter or focus to see the rest.")
    return sub, notes


# ---------------------------------------------------------------- layout

def _pivot_mds(adj, k: int = 30, seed: int = 0) -> np.ndarray:
    """Pivot MDS: classical MDS on hop distances to ``k`` far-apart pivots (Brandes & Pich 2006)."""
    from scipy.sparse.csgraph import shortest_path

    n = adj.shape[0]
    k = min(k, n)
    rng = np.random.default_rng(seed)
    pivots = [int(rng.integers(n))]
    dist = [shortest_path(adj, unweighted=True, directed=False, indices=pivots[0])]
    nearest = dist[0].copy()
    for _ in range(k - 1):
        p = int(np.argmax(np.where(np.isfinite(nearest), nearest, -1)))
        if nearest[p] <= 0:
            break
        pivots.append(p)
        d = shortest_path(adj, unweighted=True, directed=False, indices=p)
        dist.append(d)
        nearest = np.minimum(nearest, d)
    c = np.array(dist).T ** 2
    c = -0.5 * (c - c.mean(0) - c.mean(1)[:, None] + c.mean())
    u, s, _ = np.linalg.svd(c, full_matrices=False)
    pos = u[:, :2] * s[:2] if u.shape[1] >= 2 else np.column_stack([u[:, 0] * s[0], np.zeros(n)])
    return pos + rng.normal(scale=1e-3, size=pos.shape)


def _force(adj, pos: np.ndarray, iterations: int) -> np.ndarray:
    """Fruchterman-Reingold refinement with ideal edge length 1.

    Repulsion is exact for small components and limited to neighbours within 3
    units (found with a k-d tree) for large ones, FR's own grid approximation.
    """
    from scipy.spatial import cKDTree

    n = len(pos)
    coo = adj.tocoo()
    mask = coo.row < coo.col
    r, c = coo.row[mask], coo.col[mask]
    pos = pos - pos.mean(0)
    pos *= math.sqrt(n) / (np.abs(pos).max() + 1e-9)
    temp = math.sqrt(n) * 0.1
    for _ in range(iterations):
        if n <= 400:
            delta = pos[:, None, :] - pos[None, :, :]
            d2 = (delta ** 2).sum(-1) + 1e-9
            disp = (delta / d2[:, :, None]).sum(1)
        else:
            pairs = cKDTree(pos).query_pairs(3.0, output_type="ndarray")
            a, b = pairs[:, 0], pairs[:, 1]
            dv = pos[a] - pos[b]
            f = dv / ((dv ** 2).sum(1) + 1e-9)[:, None]
            disp = np.column_stack([np.bincount(a, f[:, i], n) - np.bincount(b, f[:, i], n) for i in (0, 1)])
        dv = pos[r] - pos[c]
        f = dv * np.sqrt((dv ** 2).sum(1))[:, None]
        disp -= np.column_stack([np.bincount(r, f[:, i], n) - np.bincount(c, f[:, i], n) for i in (0, 1)])
        disp -= 0.02 * pos  # weak gravity keeps loose parts close
        length = np.sqrt((disp ** 2).sum(1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = max(temp * 0.93, 0.02)
    return pos


def layout(graph: nx.Graph, *, spacing: float | None = None, seed: int = 0) -> dict:
    """Positions in pixels for every node: components laid out apart and packed in rows.

    >>> pos = layout(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
    True
    """
    n = graph.number_of_nodes()
    spacing = spacing or (125.0 if n <= 40 else 110.0 if n <= 300 else 90.0)
    und = nx.Graph()
    und.add_nodes_from(graph.nodes)
    und.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    boxes = []
    for comp in sorted(nx.connected_components(und), key=lambda c: (-len(c), sorted(map(str, c))[0])):
        nodes = sorted(comp, key=str)
        if len(nodes) == 1:
            pts = np.zeros((1, 2))
        elif len(nodes) == 2:
            pts = np.array([[-1.0, 0.0], [1.0, 0.0]])
        else:
            adj = nx.to_scipy_sparse_array(und, nodelist=nodes, format="csr")
            pts = _force(adj, _pivot_mds(adj, seed=seed), 80 if len(nodes) <= 400 else 45)
        pts = pts - pts.min(0)
        boxes.append((nodes, pts, pts.max(0) + 1.6))
    # shelf packing: rows of components, the widest row about as wide as the whole is tall
    area = sum(float(w * h) for _, _, (w, h) in boxes)
    row_width = max(math.sqrt(area) * 1.3, max((b[2][0] for b in boxes), default=1.0))
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for nodes, pts, (w, h) in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for node, (px, py) in zip(nodes, pts):
            out[node] = (round((x + px) * spacing, 1), round((y + py) * spacing, 1))
        x += w
        row_h = max(row_h, h)
    return out


# ---------------------------------------------------------------- page data

def _metric(graph: nx.MultiDiGraph, size_by: str) -> dict:
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, a in graph.edges(data=True):
        if u != v:
            w = simple.get_edge_data(u, v, {}).get("weight", 0) + int(a.get("support") or 1)
            simple.add_edge(u, v, weight=w)
    if size_by == "degree":
        return dict(simple.degree())
    if size_by == "support":
        return dict(simple.degree(weight="weight"))
    if size_by == "pagerank":
        return nx.pagerank(simple, weight="weight") if simple.number_of_edges() else dict.fromkeys(simple, 0.0)
    if size_by == "betweenness":
        k = None if simple.number_of_nodes() <= 400 else 200
        return nx.betweenness_centrality(simple, k=k, seed=0)
    raise RenderError(f"unknown size metric {size_by!r} (choose from {', '.join(SIZE_METRICS)})")


def _hops(path) -> list[dict]:
    """A path as a list of hop dicts, from a list of hops, a ``{"hops": [...]}`` dict or a ``kg.graph`` path."""
    if hasattr(path, "to_json"):
        path = path.to_json()
    if isinstance(path, dict):
        path = path.get("hops") or []
    return [h.to_json() if hasattr(h, "to_json") else h for h in path]


def _path_ends(path) -> tuple[str, str] | None:
    """Labels of the actors a path starts and ends at, whichever way its hops walk their claims.

    >>> a, b, c = ({"id": x, "label": x.upper()} for x in "abc")
    >>> _path_ends([{"subject": b, "object": a}, {"subject": b, "object": c}])
    ('A', 'C')
    """
    hops = _hops(path)
    if not hops:
        return None
    name = lambda actor: actor.get("label") or actor["id"]  # noqa: E731
    first, last = hops[0], hops[-1]
    if len(hops) == 1:
        s, o = first["subject"], first["object"]
        return (name(o), name(s)) if first.get("reversed") else (name(s), name(o))
    ids = lambda hop: {hop["subject"]["id"], hop["object"]["id"]}  # noqa: E731
    start = first["object"] if first["subject"]["id"] in ids(hops[1]) else first["subject"]
    end = last["subject"] if last["object"]["id"] in ids(hops[-2]) else last["object"]
    return name(start), name(end)


def _path_keys(paths) -> tuple[set, set, list]:
    nodes, edges, described = set(), set(), []
    for path in paths or []:
        hops = []
        for hop in _hops(path):
            s, o = hop["subject"]["id"], hop["object"]["id"]
            nodes |= {s, o}
            edges.add((s, o, hop.get("relation"), hop.get("modality")))
            edges.add((o, s, hop.get("relation"), hop.get("modality"), "sym"))
            hops.append({"subject": hop["subject"].get("label") or s, "relation": hop.get("relation"),
                         "object": hop["object"].get("label") or o, "modality": hop.get("modality"),
                         "document": hop.get("document"), "evidence": hop.get("evidence")})
        described.append(hops)
    return nodes, edges, described


def page_data(graph: nx.MultiDiGraph, *, size_by: str = "degree", title: str = "Actor network",
              notes: Sequence[str] = (), focus: str | None = None, hops: int | None = None,
              highlight_paths: Sequence[Sequence[dict]] | None = None, filters: dict | None = None,
              totals: tuple[int, int] | None = None) -> dict:
    """The JSON document the page reads: nodes with positions, edges with sources, styles and notes.

    ``graph`` follows the contract of :func:`kg.graph.project`; edges lacking
    ``quad_class`` or ``symmetric`` get them from the ontology.
    """
    from .vocab import relations as vocab_relations

    rel_info = vocab_relations()
    metric = _metric(graph, size_by)
    top = max(metric.values(), default=0) or 1
    pos = layout(graph)
    path_nodes, path_edges, described = _path_keys(highlight_paths)
    focus_id = resolve_actor(graph, focus) if focus is not None else None
    degree = dict(nx.Graph(graph.to_undirected(as_view=True)).degree()) if graph.number_of_nodes() else {}
    nodes = []
    for n in sorted(graph.nodes, key=str):
        a = graph.nodes[n]
        nodes.append({
            "id": str(n), "label": str(a.get("label") or n), "type": str(a.get("type") or "Group"),
            "aliases": [str(x) for x in (a.get("aliases") or [])],
            "x": pos[n][0], "y": pos[n][1],
            "value": round(1 + 9 * (metric.get(n, 0) / top), 3),
            "metric": round(float(metric.get(n, 0)), 4), "degree": degree.get(n, 0),
            "focus": n == focus_id, "path": n in path_nodes,
        })
    pair_count: Counter = Counter()
    edges = []
    for u, v, k, a in sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        rid = a.get("relation") or str(k).split("|")[0]
        info = rel_info.get(rid)
        mod = a.get("modality") or "asserted"
        pair = tuple(sorted((str(u), str(v))))
        curve = pair_count[pair]
        pair_count[pair] += 1
        on_path = (u, v, rid, mod) in path_edges or (
            (a.get("symmetric") or (info and info.symmetric)) and (u, v, rid, mod, "sym") in path_edges)
        edges.append({
            "from": str(u), "to": str(v), "relation": rid,
            "label": info.label if info else rid,
            "modality": mod,
            "cls": a.get("quad_class") or (info.quad_class if info else "structural"),
            "sym": bool(a.get("symmetric", info.symmetric if info else False)),
            "support": int(a.get("support") or len(a.get("claims") or []) or 1),
            "dates": sorted({str(d) for d in (a.get("dates") or []) if d}),
            "attributed": [str(x) for x in (a.get("attributed_to") or [])],
            # evidence sentences with their document (a graph of kg.graph.project has ``sources``; another
            # graph's bare ``evidence`` list gives sentences without one)
            "quotes": [[str(ev), str(doc) if doc else None]
                       for doc, ev in (a.get("sources") or [(None, x) for x in a.get("evidence") or []]) if ev],
            "documents": [str(x) for x in (a.get("documents") or []) if x],
            "curve": curve, "path": bool(on_path),
        })
    dates = sorted({d for e in edges for d in e["dates"]})
    return {
        "meta": {
            "title": title, "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "size_by": size_by, "focus": focus_id, "hops": hops, "notes": list(notes),
            "filters": filters or {}, "paths": described,
            "totals": {"nodes": totals[0] if totals else len(nodes), "edges": totals[1] if totals else len(edges)},
            "date_min": dates[0] if dates else None, "date_max": dates[-1] if dates else None,
            "large": len(nodes) > 600 or len(edges) > 2500,
        },
        "style": {
            "types": {t: {"shape": s, "color": c} for t, (s, c) in {**TYPE_STYLE, "_other": _OTHER_TYPE}.items()},
            "classes": {c: {"color": col, "label": lab} for c, (col, lab) in CLASS_STYLE.items()},
            "modalities": {m: {"dashes": d, "label": lab} for m, (d, lab) in MODALITY_STYLE.items()},
            "relations": {r.id: {"label": r.label, "cls": r.quad_class, "sym": r.symmetric,
                                 "definition": r.definition} for r in rel_info.values()},
        },
        "nodes": nodes,
        "edges": edges,
    }


# ---------------------------------------------------------------- HTML

def _json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or line separators.

    >>> _json_for_script({"s": "</script><img src=x onerror=alert(1)>&\\u2028"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2's minified script and stylesheet, as shipped inside pyvis."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    if not lib.is_dir():
        lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    # "</script" or "<!--" inside code would end or confuse the element; escape them in JS-equivalent ways
    code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.M)  # devtools would fetch it
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def build_html(data: dict) -> str:
    """The complete page for :func:`page_data`'s output."""
    vis_js, vis_css = _vis_assets()
    template = (TEMPLATES / "network.tmpl").read_text(encoding="utf-8")
    app_js = (TEMPLATES / "network.js").read_text(encoding="utf-8")
    css = (TEMPLATES / "network.css").read_text(encoding="utf-8")
    scripts = [_inline_script(vis_js), _inline_script(app_js)]
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "form-action 'none'; base-uri 'none'")
    parts = {
        "@CSP@": html.escape(csp, quote=True),
        "@TITLE@": html.escape(str(data["meta"]["title"])),
        "@STYLE@": vis_css.replace("</style", "<\\/style") + "\n" + css,
        "@DATA@": _json_for_script(data),
        "@VIS_JS@": scripts[0],
        "@APP_JS@": scripts[1],
    }
    out = []
    rest = template
    # substitute in one pass so placeholder text inside inserted content is never re-expanded
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    pos = 0
    for m in pattern.finditer(rest):
        out.append(rest[pos:m.start()])
        out.append(parts[m.group(0)])
        pos = m.end()
    out.append(rest[pos:])
    return "".join(out)


def render(graph: nx.MultiDiGraph, out: str | Path = "network.html", *, focus: str | None = None,
           hops: int = 1, size_by: str = "degree", title: str | None = None,
           relations: Iterable[str] | None = None, modalities: Iterable[str] | None = None,
           date_from: str | None = None, date_to: str | None = None,
           highlight_paths: Sequence[Sequence[dict]] | None = None,
           max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES) -> Path:
    """Write the interactive page for ``graph`` (a :func:`kg.graph.project` MultiDiGraph) to ``out``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Actors as nodes (``label``, ``type``, ``aliases``), one edge per
        (subject, object, relation, modality) with ``support``, ``evidence`` ...
    out : path
        The HTML file to write (parent directories are created).
    focus, hops : str, int
        Show only the ego network of this actor (id, label or alias) within ``hops``.
    size_by : {"degree", "support", "pagerank", "betweenness"}
        What node size shows.
    relations, modalities, date_from, date_to
        Keep only these relations / modalities / edges with a date in the range.
    highlight_paths : list of paths, optional
        Paths as ``kg path`` produces them (lists of hops); drawn emphasised, the rest faded.
    max_nodes, max_edges : int
        Past these, the page shows the most connected part and says so.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.MultiDiGraph(); g.add_node("a", label="A", type="State"); g.add_node("b", label="B", type="Person")
    >>> _ = g.add_edge("b", "a", key="leader-of|asserted", relation="leader-of", modality="asserted", support=2)
    >>> p = render(g, Path(tempfile.mkdtemp()) / "x.html", focus="A", size_by="pagerank")
    >>> p.suffix, p.stat().st_size > 400_000
    ('.html', True)
    """
    if size_by not in SIZE_METRICS:
        raise RenderError(f"unknown size metric {size_by!r} (choose from {', '.join(SIZE_METRICS)})")
    path_nodes = _path_keys(highlight_paths)[0]
    sub, notes = select(graph, focus=focus, hops=hops, relations=relations, modalities=modalities,
                        date_from=date_from, date_to=date_to, keep=path_nodes,
                        max_nodes=max_nodes, max_edges=max_edges)
    filters = {k: v for k, v in {
        "relations": sorted(relations) if relations else None,
        "modalities": sorted(modalities) if modalities else None,
        "date_from": str(date_from) if date_from else None, "date_to": str(date_to) if date_to else None,
    }.items() if v}
    fid = resolve_actor(graph, focus) if focus is not None else None
    if title is None:
        title = "Actor network"
        if fid is not None:
            title = f"Ego network of {graph.nodes[fid].get('label') or fid} ({hops} hop{'s' if hops != 1 else ''})"
        elif highlight_paths:
            title = "Paths in context"
    data = page_data(sub, size_by=size_by, title=title, notes=notes,
                     focus=fid if fid in sub else None, hops=hops if fid is not None else None,
                     highlight_paths=highlight_paths,
                     filters=filters, totals=(graph.number_of_nodes(), graph.number_of_edges()))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_html(data), encoding="utf-8")
    return out


def render_path(store_or_graph, paths: Sequence[Sequence[dict]], out: str | Path, *,
                context: int = 1, max_context: int = 150, title: str | None = None, **kwargs) -> Path:
    """Write a page showing ``paths`` highlighted among the actors around them.

    ``store_or_graph`` is a :class:`kg.store.Store` (projected with
    :func:`kg.graph.project`) or a MultiDiGraph. The page holds the path actors,
    their neighbours within ``context`` hops (at most ``max_context`` of them,
    the most connected first), and every relation among those actors.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")]:
    ...     _ = g.add_edge(a, b, key="consults|asserted", relation="consults", modality="asserted")
    >>> hop = lambda s, o: {"subject": {"id": s}, "relation": "consults", "object": {"id": o}, "modality": "asserted"}
    >>> p = render_path(g, [[hop("a", "b"), hop("b", "c")]], Path(tempfile.mkdtemp()) / "p.html")
    >>> "&quot;" not in p.read_text()[:2000]
    True
    """
    graph = store_or_graph
    if not isinstance(store_or_graph, nx.Graph):
        from .graph import project

        graph = project(store_or_graph)
    path_nodes = sorted(_path_keys(paths)[0], key=str)
    missing = [n for n in path_nodes if n not in graph]
    if missing:
        raise RenderError(f"path actors not in the graph: {', '.join(map(str, missing))}")
    und = graph.to_undirected(as_view=True)
    around: set = set()
    frontier = set(path_nodes)
    for _ in range(max(0, context)):
        frontier = {m for n in frontier for m in und.neighbors(n)} - set(path_nodes) - around
        around |= frontier
    deg = dict(und.degree(around))
    around = set(sorted(around, key=lambda n: (-deg[n], str(n)))[:max_context])
    sub = graph.subgraph(set(path_nodes) | around).copy()
    if title is None:
        ends = [e for e in map(_path_ends, paths) if e]
        title = f"Paths from {ends[0][0]} to {ends[0][1]}" if ends else "Paths"
    return render(sub, out, highlight_paths=paths, title=title, **kwargs)
