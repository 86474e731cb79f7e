"""The graph layer (kg.graph) on a store built from the seed gold annotations (no extractor)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest import read_documents
from kg.model import Actor, Claim
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg.cli"]
DATES = {"000_53b4e9787c337a0a.txt": dt.date(2020, 9, 20), "002_957c7646723710eb.txt": dt.date(2021, 4, 16)}


def gold_claims():
    """(Document, [Claim]) per seed text, from the gold annotations."""
    docs = {d.name: d for d in read_documents([SEEDS]) if not isinstance(d, Exception)}
    for f in sorted((SEEDS / "gold").glob("*.json")):
        gold = json.loads(f.read_text())
        doc = next(d for n, d in docs.items() if n.endswith(gold["document"]))
        doc.date = doc.date or DATES[gold["document"]]
        actors = {a["id"]: Actor(a["id"], a["names"][0], a["type"], tuple(a["names"][1:])) for a in gold["actors"]}
        claims = []
        for r in gold["relations"]:
            start = max(doc.text.find(r["evidence"]), 0)
            att = actors.get(r["attributed_to"]) if r.get("attributed_to") else None
            claims.append(Claim(actors[r["subject"]], r["relation"], actors[r["object"]], r["modality"], att,
                                r["evidence"], doc.name, start, start + len(r["evidence"]),
                                doc.date.isoformat() if doc.date else None))
        yield doc, claims


def build_store(path) -> Store:
    store = Store(str(path))
    for doc, claims in gold_claims():
        store.write_document(doc, claims)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(tmp_path_factory.mktemp("graph") / "store")
    yield s
    s.close()


def test_projection_contract(store):
    from kg.graph import project
    from kg.vocab import relations

    g = project(store)
    assert g.nodes["ilham-aliyev"]["label"] == "Ilham Aliyev"
    assert g.nodes["ilham-aliyev"]["type"] == "Person"
    assert "Aliyev" in g.nodes["ilham-aliyev"]["aliases"]
    for s, o, key, e in g.edges(keys=True, data=True):
        assert key == f"{e['relation']}|{e['modality']}"
        assert e["quad_class"] == relations()[e["relation"]].quad_class
        assert e["symmetric"] == relations()[e["relation"]].symmetric
        assert e["support"] == len(e["claims"]) >= 1
        assert e["documents"] and e["evidence"] and all(isinstance(x, str) for x in e["evidence"])
        assert all(c.startswith("https://w3id.org/geokg/claim/") for c in e["claims"])
        assert isinstance(e["attributed_to"], list) and isinstance(e["dates"], list)
        if e["symmetric"]:
            assert s <= o
    total = sum(e["support"] for *_, e in g.edges(data=True))
    assert total == store.stats()["claims"]
    only = project(store, relations=["supplies-arms-to"], modalities=["asserted", "reported"])
    assert {e["relation"] for *_, e in only.edges(data=True)} == {"supplies-arms-to"}
    assert not project(store, date_from="2030-01-01").number_of_edges()
    with pytest.raises(ValueError, match="did you mean"):
        project(store, relations=["supplies-arms"])


def test_cache_reused_and_invalidated(tmp_path):
    from kg import graph
    from kg.model import Document

    s = build_store(tmp_path / "s")
    t1 = graph.load_topology(s)
    assert (tmp_path / "s" / "kg-cache").is_dir()
    graph._MEMO.clear()
    t2 = graph.load_topology(s)  # from disk
    assert t2.generation == t1.generation and len(t2.src) == len(t1.src)
    a, b = Actor("x-land", "X Land", "State"), Actor("y-land", "Y Land", "State")
    s.write_document(Document("X attacks Y.", "new.txt"), [Claim(a, "attacks", b, evidence="X attacks Y.")])
    t3 = graph.load_topology(s)
    assert t3.generation != t1.generation and len(t3.src) == len(t1.src) + 1
    assert len(list((tmp_path / "s" / "kg-cache").iterdir())) == 1  # old generation dropped
    s.close()


def test_path_through_a_pair_with_many_claims_warns_nothing(tmp_path):
    """200 claims of one pair once overflowed the walk's int8 matrix, and scipy warned of "negative weights"."""
    import warnings

    from kg import graph
    from kg.model import Document

    a, b, c = Actor("x-land", "X Land", "State"), Actor("y-land", "Y Land", "State"), Actor("z-land", "Z Land", "State")
    s = Store(tmp_path / "s")
    s.write_documents([(Document(f"X attacks Y, day {i}.", f"{i}.txt"), [Claim(a, "attacks", b, evidence="X attacks Y.")])
                       for i in range(200)] + [(Document("Z aids Y.", "z.txt"), [Claim(c, "aids", b, evidence="Z aids Y.")])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = graph.paths(s, "X Land", "Z Land", k=2)
    assert [[(h.subject["id"], h.object["id"]) for h in x.hops] for x in p] == [[("x-land", "y-land"), ("z-land", "y-land")]]
    s.close()


@pytest.mark.parametrize("name,expected", [
    ("Aliyev", "ilham-aliyev"), ("aliyev", "ilham-aliyev"), ("Lukashenko", "alexander-lukashenko"),
    ("Moscow", "russia"), ("the CSTO", "csto"), ("CSTO", "csto"), ("Collective Security Treaty Organization", "csto"),
    ("the Kremlin", "russia"), ("actor:armenia", "armenia"), ("ilham-aliyev", "ilham-aliyev"), ("ALİYEV", "ilham-aliyev"),
])
def test_resolve(store, name, expected):
    from kg.graph import resolve

    assert resolve(store, name) == expected


def test_resolve_unknown_suggests(store):
    from kg.graph import ActorError, resolve

    with pytest.raises(ActorError) as err:
        resolve(store, "Lukashonko")
    assert "Alexander Lukashenko" in str(err.value) and err.value.candidates
    with pytest.raises(ActorError, match="unknown actor 'Qwxyz'"):
        resolve(store, "Qwxyz")


def test_path_aliyev_lukashenko(store):
    from kg.graph import paths

    found = paths(store, "Aliyev", "Lukashenko")
    assert len(found) == 1 and len(found[0].hops) == 1
    hop = found[0].hops[0]
    assert {hop.subject["id"], hop.object["id"]} == {"ilham-aliyev", "alexander-lukashenko"}
    assert hop.evidence and hop.evidence in (SEEDS / "002_957c7646723710eb.txt").read_text()
    assert hop.document.endswith("002_957c7646723710eb.txt")
    several = paths(store, "Aliyev", "Lukashenko", k=5, exclude_relations=["consults"])
    assert 1 < len(several) <= 5
    lengths = [len(p.hops) for p in several]
    assert lengths == sorted(lengths)
    for p in several:
        assert [a["id"] for a in p.actors][0] == "ilham-aliyev"
        for h, (x, y) in zip(p.hops, zip(p.actors, p.actors[1:])):
            ends = (h.object["id"], h.subject["id"]) if h.reversed else (h.subject["id"], h.object["id"])
            assert ends == (x["id"], y["id"])
            assert h.evidence


def test_path_filters(store):
    from kg.graph import paths

    assert paths(store, "Aliyev", "Lukashenko", relations=["criticizes"]) == []
    assert paths(store, "Aliyev", "Lukashenko", date_to="2000-01-01") == []
    only = paths(store, "Aliyev", "Lukashenko", k=3, modalities=["asserted"], max_hops=2)
    assert all(h.modality == "asserted" for p in only for h in p.hops)
    assert all(len(p.hops) <= 2 for p in only)
    directed = paths(store, "Lukashenko", "Aliyev", k=3, directed=True, exclude_relations=["consults"])
    for p in directed:
        for h in p.hops:
            assert not h.reversed or h.relation in ("consults", "allies-with", "agrees-with", "cooperates-with",
                                                    "cooperates-militarily-with", "rival-of", "clashes-with")


def test_neighbors_profile_rank(store):
    from kg.graph import neighbors, profile, rank

    arms = [n for n in neighbors(store, "Armenia", direction="in") if n["relation"] == "supplies-arms-to"]
    assert "russia" in {n["actor"]["id"] for n in arms}
    p = profile(store, "Russia")
    assert p["type"] == "State" and p["claims"] > 10
    assert p["relations"]["supplies-arms-to"]["out"] >= 1
    assert p["first"] and p["documents"]
    for measure in ("degree", "pagerank", "betweenness"):
        top = rank(store, measure, top=5)
        assert len(top) == 5 and top[0][1] >= top[-1][1]
    assert rank(store, "degree", top=3)[0][0] in ("azerbaijan", "russia")


def test_profile_gazetteer_roles(store):
    from kg.graph import profile

    store.update("""INSERT DATA { GRAPH <https://w3id.org/geokg/graph/gazetteer> {
        actor:armenia kg:hasMembership [ kg:organization actor:test-org ; kg:status "frozen" ; kg:validFrom "1992-05-15"^^xsd:date ] .
        actor:ilham-aliyev kg:holds [ kg:office "Test Office" ; kg:roleIn actor:azerbaijan ; kg:validFrom "2003-10-31"^^xsd:date ] .
    } }""")
    p = profile(store, "Armenia")
    assert {"organization": "test-org", "label": None, "status": "frozen", "from": "1992-05-15", "until": None,
            "current": True} in p["memberships"]
    assert "Test Office" in [r["office"] for r in profile(store, "Aliyev")["roles"]]
    members = profile(store, "CSTO", as_of="2020-01-01")["members"]
    assert {m["label"] for m in members if m["current"]} >= {"Armenia", "Russia", "Belarus"}
    assert "uzbekistan" not in {m["member"] for m in members if m["current"]}  # left in 2012
    # a membership of a dissolved organization (the Eurasian Economic Community, 2000-2014) is a former one
    eaec = [m for m in profile(store, "Russia", as_of="2020-01-01")["memberships"] if m["organization"] == "eaec"]
    assert eaec and not any(m["current"] for m in eaec) and all(m["until"] for m in eaec)
    assert any(m["current"] for m in profile(store, "Russia", as_of="2010-01-01")["memberships"]
               if m["organization"] == "eaec")
    r = run_cli("actor", "CSTO", "--store", store.location)
    assert r.returncode == 0 and "formerly members: " in r.stdout and "Uzbekistan (2006-2012)" in r.stdout


def run_cli(*args):
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_cli_path_json_and_errors(store):
    loc = store.location
    store.close()  # the CLI opens it read-only; reopen below
    try:
        r = run_cli("path", "Aliyev", "Lukashenko", "--format", "json", "--store", loc)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        hop = out["paths"][0]["hops"][0]
        assert set(hop) >= {"subject", "relation", "object", "modality", "document", "evidence"}
        assert set(hop["subject"]) >= {"id", "label", "type"}
        r = run_cli("path", "Aliyev", "Lukashonko", "--store", loc)
        assert r.returncode != 0 and "Alexander Lukashenko" in r.stderr and "Traceback" not in r.stderr
        r = run_cli("path", "Aliyev", "Lukashenko", "-k", "3", "--store", loc)
        assert r.returncode == 0 and "Path 1" in r.stdout and "evidence" not in r.stderr
        r = run_cli("actor", "Moscow", "--store", loc)
        assert r.returncode == 0 and "Russia" in r.stdout
        r = run_cli("neighbors", "the CSTO", "--store", loc)
        assert r.returncode == 0 and "armenia" in r.stdout.lower()
        r = run_cli("rank", "--measure", "pagerank", "--top", "3", "--store", loc)
        assert r.returncode == 0 and len(r.stdout.strip().splitlines()) >= 3
        r = run_cli("path", "Aliyev", "Lukashenko", "--relation", "nonsense", "--store", loc)
        assert r.returncode != 0 and "unknown relation" in r.stderr and "Traceback" not in r.stderr
    finally:
        store.__init__(loc)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_export_reads_back_with_its_evidence(store, fmt, tmp_path):
    import networkx as nx

    from kg.export import export
    from kg.graph import project

    out = tmp_path / f"g.{fmt}"
    with out.open("wb") as f:
        export(store, fmt, f)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    g = project(store)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    arms = [d for u, v, d in back.edges(data=True) if d["relation"] == "supplies-arms-to" and u == "russia"]
    assert arms and all(d["sources"].split(": ", 1)[0] in d["documents"] for d in arms)
    assert {d["label"] for _, d in back.nodes(data=True)} >= {"Russia", "Armenia", "Ilham Aliyev"}
