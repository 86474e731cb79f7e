"""The interactive page: what it encodes, what it leaves out, and that it is safe and offline in a real browser.

Browser tests start Debian's Chromium headless (one process for the module) and
skip only when it is not installed. Screenshots go to ``tests/artifacts/``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.render import (RenderError, _json_for_script, build_html, layout, page_data, render,
                       render_path, resolve_actor, select)
from kg.vocab import relations

ARTIFACTS = Path(__file__).parent / "artifacts"
PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned = \'img\'">',
    "javascript:window.__pwned = 'js-url'",
    "</script><script>window.__pwned = 'breakout'</script>",
    "\u2028\u2029 &amp; <!-- -->",
]


def add(g, s, o, rel, mod="asserted", *, n=1, docs=("a.txt",), ev=("A sentence.",), dates=("2023-09-20",), att=()):
    r = relations()[rel]
    g.add_edge(s, o, key=f"{rel}|{mod}", relation=rel, modality=mod, quad_class=r.quad_class,
               symmetric=r.symmetric, support=n, claims=[f"https://w3id.org/geokg/claim/{s}{o}{i}" for i in range(n)],
               documents=list(docs), evidence=list(ev), dates=list(dates), attributed_to=list(att))


def seeds_like() -> nx.MultiDiGraph:
    """A graph shaped like the seeds' (South Caucasus), with payloads in an article-derived actor and edge."""
    g = nx.MultiDiGraph()
    for nid, label, typ, aliases in [
        ("russia", "Russia", "State", ["Moscow", "the Kremlin"]), ("armenia", "Armenia", "State", ["Yerevan"]),
        ("azerbaijan", "Azerbaijan", "State", ["Baku"]), ("turkey", "Turkey", "State", ["Ankara"]),
        ("csto", "CSTO", "Organization", []), ("nikol-pashinyan", "Nikol Pashinyan", "Person", ["Pashinyan"]),
        ("ilham-aliyev", "Ilham Aliyev", "Person", ["Aliyev"]), ("dmitriy-peskov", "Dmitriy Peskov", "Person", []),
        ("anama", "ANAMA", "GovernmentBody", []), ("karabakh", "Nagorno-Karabakh", "Territory", ["Karabakh"]),
        ("evil", PAYLOADS[0] + PAYLOADS[1], "MediaOutlet", [PAYLOADS[2]]),
    ]:
        g.add_node(nid, label=label, type=typ, aliases=aliases)
    add(g, "russia", "armenia", "supplies-arms-to", n=3, docs=("a.txt", "b.txt"), ev=("Russia delivered arms.", "Arms went."))
    g.edges["russia", "armenia", "supplies-arms-to|asserted"]["sources"] = [
        ("a.txt", "Russia delivered arms."), ("b.txt", "Arms went."), ("b.txt", "Russia delivered arms.")]
    add(g, "armenia", "russia", "criticizes", att=("nikol-pashinyan",), mod="reported")
    add(g, "armenia", "csto", "member-of", dates=())
    add(g, "russia", "csto", "member-of", dates=())
    add(g, "armenia", "csto", "withdraws-from", "intended", dates=("2024-02-23",))
    add(g, "azerbaijan", "armenia", "attacks", dates=("2020-09-27",))
    add(g, "armenia", "azerbaijan", "clashes-with", dates=("2020-09-27",))
    add(g, "nikol-pashinyan", "armenia", "leader-of")
    add(g, "ilham-aliyev", "azerbaijan", "leader-of")
    add(g, "dmitriy-peskov", "russia", "official-of")
    add(g, "azerbaijan", "russia", "consults", dates=("2023-10-01",))
    add(g, "azerbaijan", "turkey", "allies-with")
    add(g, "russia", "armenia", "pressures", "alleged", ev=(PAYLOADS[3],))
    add(g, "russia", "azerbaijan", "supplies-arms-to", "denied", dates=("2021-03-01",))
    add(g, "evil", "russia", "accuses", "alleged", docs=(PAYLOADS[2], "https://example.org/story?a=<b>&c"), ev=PAYLOADS)
    add(g, "russia", "karabakh", "deploys-forces-in", dates=("2020-11-10",))
    add(g, "anama", "azerbaijan", "part-of")
    add(g, "turkey", "armenia", "rejects", "negated")
    return g


def random_graph(n: int, m: int, seed: int = 1) -> nx.MultiDiGraph:
    """``n`` actors and ``m`` relations with hubs (the bench uses this too)."""
    import random

    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n, max(1, m // n), seed=seed)
    rels = sorted(relations())
    types = ["State", "Person", "Organization", "GovernmentBody", "MediaOutlet", "Group"]
    mods = ["asserted"] * 6 + ["reported", "alleged", "denied", "intended"]
    g = nx.MultiDiGraph()
    for i in base.nodes:
        g.add_node(f"a{i}", label=f"Actor {i}", type=types[i % len(types)], aliases=[])
    edges = list(base.edges)
    while len(edges) < m:
        edges.append((rng.randrange(n), rng.randrange(n)))
    for k, (u, v) in enumerate(edges[:m]):
        rel = rels[k % len(rels)]
        add(g, f"a{u}", f"a{v}", rel, mods[k % len(mods)], n=1 + k % 3,
            dates=(f"20{20 + k % 5}-0{1 + k % 9}-1{k % 10}",), ev=(f"Sentence {k}.",))
    return g


# ---------------------------------------------------------------- without a browser

def test_page_data_encodes_types_classes_and_direction():
    data = page_data(seeds_like())
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["to"], e["relation"], e["modality"]): e for e in data["edges"]}
    assert len(nodes) == 11 and len(edges) == 18
    assert data["style"]["types"]["Person"]["shape"] != data["style"]["types"]["State"]["shape"]
    arms = edges[("russia", "armenia", "supplies-arms-to", "asserted")]
    assert arms["cls"] == "material-cooperation" and not arms["sym"] and arms["support"] == 3
    assert arms["documents"] == ["a.txt", "b.txt"] and arms["quotes"][1] == ["Arms went.", "b.txt"]
    assert edges[("russia", "armenia", "pressures", "alleged")]["quotes"] == [[PAYLOADS[3], None]]
    assert edges[("armenia", "azerbaijan", "clashes-with", "asserted")]["sym"]
    assert data["style"]["modalities"]["alleged"]["dashes"] and not data["style"]["modalities"]["asserted"]["dashes"]
    assert nodes["russia"]["value"] == max(n["value"] for n in nodes.values())  # most counterparts, biggest
    assert edges[("armenia", "russia", "criticizes", "reported")]["attributed"] == ["nikol-pashinyan"]


def test_script_json_cannot_end_the_element_or_the_line():
    text = _json_for_script({"k": PAYLOADS})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"k": PAYLOADS}


def test_page_is_self_contained_and_escapes_everything(tmp_path):
    html = render(seeds_like(), tmp_path / "p.html", title="Title <script>window.__pwned='title'</script>").read_text()
    assert html.count("</script") == 3  # the data block, vis-network, the page's code: nothing else closes one
    assert re.findall(r"^<script\b[^>]*>", html, re.M) == ['<script type="application/json" id="kg-data">', "<script>", "<script>"]
    assert "sourceMappingURL" not in html
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "__pwned='title'</script>" not in html and "<title>Title &lt;script&gt;" in html
    for p in PAYLOADS:  # a javascript: URL without markup may appear as JSON text; it is never made a link
        assert p not in html or not re.search("[<>&\u2028]", p)
    assert "Content-Security-Policy" in html and "connect-src &#x27;none&#x27;" in html


@pytest.mark.parametrize("kwargs, nodes, edges", [
    ({}, 11, 18),
    ({"relations": ["supplies-arms-to"]}, 3, 2),
    ({"modalities": ["alleged", "denied"]}, 4, 3),
    ({"date_from": "2020-01-01", "date_to": "2020-12-31"}, 4, 3),
    ({"focus": "Baku", "hops": 1}, 6, 11),
    ({"focus": "ilham-aliyev", "hops": 0}, 1, 0),
    ({"max_nodes": 3}, 3, 7),
])
def test_select_filters_focus_and_limits(kwargs, nodes, edges):
    sub, notes = select(seeds_like(), **kwargs)
    assert (sub.number_of_nodes(), sub.number_of_edges()) == (nodes, edges)
    assert bool(notes) == ("max_nodes" in kwargs)


def test_unknown_focus_suggests_names():
    with pytest.raises(RenderError, match="did you mean: Armenia"):
        resolve_actor(seeds_like(), "Armenai")


def test_layout_separates_nodes_and_components():
    g = seeds_like()
    g.add_node("lonely", label="Lonely", type="Group", aliases=[])
    pos = layout(g)
    pts = list(pos.values())
    assert len(pos) == 12 and len(set(pts)) == 12
    close = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(pts) for b in pts[i + 1:])
    assert close > 30  # pixels between the closest pair


def test_large_graph_is_cut_down_and_says_so(tmp_path):
    g = random_graph(300, 900)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', render(
        g, tmp_path / "big.html", max_nodes=100, max_edges=200).read_text(), re.S).group(1))
    assert len(data["nodes"]) == 100 and len(data["edges"]) <= 200
    assert data["meta"]["totals"] == {"nodes": 300, "edges": 900}
    assert any("most connected of 300" in n for n in data["meta"]["notes"])


def test_render_path_marks_the_path_and_its_context(tmp_path):
    g = seeds_like()
    hop = lambda s, r, o, m="asserted": {"subject": {"id": s, "label": g.nodes[s]["label"], "type": g.nodes[s]["type"]},
                                         "relation": r, "object": {"id": o, "label": g.nodes[o]["label"], "type": "State"},
                                         "modality": m, "document": "a.txt", "evidence": "e"}
    path = [hop("ilham-aliyev", "leader-of", "azerbaijan"), hop("armenia", "clashes-with", "azerbaijan")]
    out = render_path(g, [path], tmp_path / "path.html", context=0)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text(), re.S).group(1))
    assert {n["id"] for n in data["nodes"] if n["path"]} == {"ilham-aliyev", "azerbaijan", "armenia"}
    assert sorted(e["relation"] for e in data["edges"] if e["path"]) == ["clashes-with", "leader-of"]
    assert data["meta"]["title"] == "Paths from Ilham Aliyev to Armenia"


def test_each_evidence_sentence_keeps_its_document(tmp_path):
    from kg.graph import project
    from kg.model import Actor, Claim, Document
    from kg.store import Store

    ru, am = Actor("russia", "Russia", "State"), Actor("armenia", "Armenia", "State")
    with Store(tmp_path / "store") as store:
        for doc, text in (("a.txt", "Russia sent tanks to Armenia."), ("b.txt", "Moscow shipped rockets to Yerevan."),
                          ("c.txt", "Russia sent tanks to Armenia.")):
            store.write_document(Document(text, doc), [
                Claim(ru, "supplies-arms-to", am, evidence=text, document=doc, date="2023-01-02")])
        g = project(store)
    quotes = page_data(g)["edges"][0]["quotes"]
    assert sorted(map(tuple, quotes)) == [("Moscow shipped rockets to Yerevan.", "b.txt"),
                                          ("Russia sent tanks to Armenia.", "a.txt"),
                                          ("Russia sent tanks to Armenia.", "c.txt")]


def test_render_from_a_store_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.model import Actor, Claim, Document
    from kg.store import Store

    text = "Baku <script>window.__pwned=1</script> leans on Moscow."
    az, ru = Actor("azerbaijan", "Azerbaijan", "State", ("Baku",)), Actor("russia", "Russia", "State", ("Moscow",))
    with Store(tmp_path / "store") as store:
        store.write_document(Document(text, "x.txt"), [
            Claim(az, "pressures", ru, evidence=text, document="x.txt", date="2023-01-02"),
            Claim(ru, "consults", az, modality="intended", evidence=text, document="x.txt", date="2023-01-02")])
    out = tmp_path / "net.html"
    r = CliRunner().invoke(app, ["render", "--store", str(tmp_path / "store"), "-o", str(out), "--focus", "Moscow"])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert "2 actors" in r.output and text not in html and "Ego network of Russia" in html
    r = CliRunner().invoke(app, ["render", "--store", str(tmp_path / "store"), "-o", str(out), "-r", "acuses"])
    assert r.exit_code == 1 and "did you mean: accuses" in r.output


# ---------------------------------------------------------------- in headless Chromium

@pytest.fixture(scope="module")
def browser():
    from browser import Browser, chromium_path  # tests/ is on sys.path (rootdir conftest-less layout)

    if chromium_path() is None:
        pytest.skip("chromium is not installed (make browser installs Debian's chromium)")
    with Browser(width=1400, height=900) as b:
        yield b


def open_page(browser, path):
    page = browser.open(path)
    page.wait_for("window.kg && window.kg.ready", timeout=15)
    return page


def test_seeds_page_in_chromium_is_offline_quiet_and_inert(browser, tmp_path):
    out = render(seeds_like(), tmp_path / "seeds.html", title="South Caucasus <img src=x onerror=window.__pwned=9>")
    page = open_page(browser, out)
    page.evaluate("kg.showNode('evil'); 1")
    panel_node = page.evaluate("document.getElementById('kg-panel').textContent")
    evil_edge = page.evaluate("kg.data.edges.findIndex(e => e.from === 'evil')")
    page.evaluate(f"kg.showEdge({evil_edge}); 1")
    arms = page.evaluate("kg.data.edges.findIndex(e => e.relation === 'supplies-arms-to')")
    page.evaluate(f"kg.showEdge({arms}); 1")
    quotes = page.evaluate("Array.from(document.querySelectorAll('#kg-panel li')).map(li => li.textContent)")
    assert quotes[:3] == ["Russia delivered arms.a.txt", "Arms went.b.txt", "Russia delivered arms.b.txt"]
    page.evaluate(f"kg.showEdge({evil_edge}); 1")
    page.evaluate("kg.network.selectNodes(['russia']); 1")
    panel_edge = page.evaluate("document.getElementById('kg-panel').textContent")
    page.screenshot(ARTIFACTS / "render_seeds.png")
    print(f"screenshot: {ARTIFACTS / 'render_seeds.png'}")
    assert page.evaluate("kg.stats()") == {"nodes": 11, "edges": 18, "visibleNodes": 11, "visibleEdges": 18,
                                           "drawnNodes": 11, "drawnEdges": 18}
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.console_errors == []
    assert page.external_requests() == []
    assert PAYLOADS[0] in panel_node and PAYLOADS[1] in panel_edge and PAYLOADS[3] in panel_edge
    assert page.evaluate("document.querySelectorAll('main img, main script, main iframe').length") == 0
    links = page.evaluate("Array.from(document.querySelectorAll('#kg-panel a')).map(a => a.href)")
    assert links == ["https://example.org/story?a=%3Cb%3E&c"]  # the javascript: source stayed text
    assert page.evaluate("document.title").startswith("South Caucasus <img")
    page.close()


def test_filters_inside_the_page(browser, tmp_path):
    page = open_page(browser, render(seeds_like(), tmp_path / "f.html"))
    stats = lambda: page.evaluate("kg.applyFilters(), [kg.stats().visibleNodes, kg.stats().visibleEdges]")
    page.evaluate("kg.filters.rels = new Set(['supplies-arms-to']); 1")
    assert stats() == [3, 2]
    page.evaluate("document.getElementById('kg-reset').click(); kg.filters.from = '2020-01-01'; kg.filters.to = '2020-12-31'; 1")
    assert stats() == [4, 3]
    page.evaluate("document.getElementById('kg-reset').click(); kg.filters.mods.delete('asserted'); 1")
    assert stats() == [6, 6]
    page.evaluate("document.getElementById('kg-reset').click(); 1")
    assert stats() == [11, 18]
    assert page.console_errors == [] and page.external_requests() == []
    page.close()


def test_path_and_large_pages_in_chromium(browser, tmp_path):
    g = random_graph(600, 2400)
    hop = {"subject": {"id": "a0", "label": "Actor 0"}, "relation": "accuses", "object": {"id": "a1", "label": "Actor 1"},
           "modality": "asserted"}
    add(g, "a0", "a1", "accuses")
    page = open_page(browser, render(g, tmp_path / "large.html", highlight_paths=[[hop]]))
    s = page.evaluate("kg.stats()")
    assert (s["nodes"], s["edges"], s["drawnNodes"]) == (600, g.number_of_edges(), 600)
    assert page.evaluate("kg.data.edges.filter(e => e.path).length") == 1
    assert page.evaluate("kg.readyAt") < 5000
    assert page.console_errors == [] and page.external_requests() == []
    page.screenshot(ARTIFACTS / "render_large.png")
    page.close()
