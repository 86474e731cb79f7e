"""SPARQL running, the saved query library, parameters, formats and timeouts (kg.query)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.query import QueryError, QueryTimeout, format_result, run, saved_queries

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from test_graph import build_store  # noqa: E402  (the gold-annotation store builder)

KG = [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(tmp_path_factory.mktemp("query") / "store")
    yield s
    s.close()


def test_library_headers():
    lib = saved_queries()
    assert {"accusations", "arms-suppliers", "denied-claims", "alliances", "timeline", "contested"} <= set(lib)
    for q in lib.values():
        assert q.title and q.description, q.name
        head = q.text.split("WHERE")[0]
        for p in q.params:  # the engine binds only projected variables (limit is a LIMIT clause)
            if p.name == "limit":
                assert p.type == "int" and f"LIMIT {p.default}" in q.text, q.name
                continue
            assert f"?{p.name}" in head, (q.name, p.name)


def test_limit_parameter(store):
    every = run(store, "accusations", {"limit": "0"}).records()
    top = run(store, "accusations", {"limit": "3"}).records()
    assert len(every) > 3 and len(top) == 3
    assert [int(r["claims"]) for r in top] == sorted((int(r["claims"]) for r in every), reverse=True)[:3]
    assert len(run(store, "accusations").records()) == min(len(every), 200)
    with pytest.raises(QueryError, match="limit"):
        run(store, "accusations", {"limit": "-1"})


@pytest.mark.parametrize("name,params", [
    ("accusations", {}), ("accusations", {"accuser": "Azerbaijan"}), ("arms-suppliers", {"recipient": "Armenia"}),
    ("denied-claims", {"actor": "Russia"}), ("alliances", {"actor": "Armenia"}), ("alliances", {"actor": "the CSTO"}),
    ("timeline", {"actor": "Aliyev"}), ("timeline", {"actor": "Aliyev", "from": "2021-01-01"}),
    ("memberships", {"actor": "Armenia"}), ("memberships", {"actor": "the CSTO"}),
    ("contested", {}), ("relation-counts", {}),
])
def test_saved_queries_run(store, name, params):
    r = run(store, name, params)
    assert r.kind == "solutions"
    rows = r.records()
    assert rows, (name, params)
    if name == "arms-suppliers":
        assert "actor:russia" in {x["supplier"] for x in rows}
    if name == "accusations" and params:
        assert {x["accuser"] for x in rows} == {"actor:azerbaijan"}
    if name == "timeline" and "from" in params:
        assert all(x["date"] >= "2021-01-01" for x in rows)
    if name == "contested":
        assert all(int(x["supporting"]) > 0 and int(x["denying"]) > 0 for x in rows)


def test_formats(store):
    r = run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }")
    doc = json.loads(format_result(r, "json"))
    assert doc["head"]["vars"] == ["n"] and int(doc["results"]["bindings"][0]["n"]["value"]) == 170
    assert list(csv.reader(io.StringIO(format_result(r, "csv")))) == [["n"], ["170"]]
    assert "170" in format_result(r, "table")
    with pytest.raises(QueryError, match="CONSTRUCT"):
        format_result(r, "ttl")
    g = run(store, "CONSTRUCT { ?s rel:supplies-arms-to ?o } WHERE { ?s rel:supplies-arms-to ?o }")
    assert "actor:russia rel:supplies-arms-to" in format_result(g, "ttl").replace("\n", " ")
    assert json.loads(format_result(run(store, "ASK { actor:russia ?p ?o }"), "json"))["boolean"] is True


def test_params_are_bound_not_spliced(store):
    evil = '"} } SELECT * WHERE { ?s ?p ?o } #'
    r = run(store, "SELECT ?c ?ev WHERE { ?c kg:evidence ?ev }", {"ev": evil})
    assert r.records() == []
    r = run(store, "SELECT ?who ?r WHERE { ?who ?r actor:armenia }", {"who:actor": "Moscow"})
    assert {x["who"] for x in r.records()} == {"actor:russia"}
    r = run(store, "SELECT ?a ?b WHERE { ?a rel:supplies-arms-to ?b }", {"b": "actor:armenia"})
    assert r.records()
    with pytest.raises(QueryError, match="SELECT projection"):
        run(store, "SELECT ?a WHERE { ?a rel:supplies-arms-to ?b }", {"b": "actor:armenia"})


def test_bad_input(store):
    with pytest.raises(QueryError, match=r"invalid SPARQL at line 2, column \d+"):
        run(store, "SELECT ?x WHERE {\n ?x a kg:Claim FILTER(?x = ) }")
    with pytest.raises(QueryError, match="unknown saved query 'arms-supplier'.*arms-suppliers"):
        run(store, "arms-supplier")
    with pytest.raises(QueryError, match="needs parameter 'recipient'"):
        run(store, "arms-suppliers")
    with pytest.raises(QueryError, match="has no parameter 'who'"):
        run(store, "arms-suppliers", {"who": "x"})
    with pytest.raises(QueryError, match="unknown actor 'Armenya'.*Armenia"):
        run(store, "arms-suppliers", {"recipient": "Armenya"})
    with pytest.raises(QueryError, match="not a date|Invalid isoformat"):
        run(store, "timeline", {"actor": "Aliyev", "from": "yesterday"})
    with pytest.raises(QueryError, match="no such query file"):
        run(store, "missing/file.rq")


def test_rq_file(store, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("# title: t\n# param: x actor required -- who\nSELECT ?x ?r WHERE { ?x ?r actor:armenia }\n")
    assert run(store, str(f), {"x": "Russia"}).records()


def test_timeout_stops_explosive_query(store):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s time limit"):
        run(store, explosive, timeout=1)
    assert time.monotonic() - t0 < 5
    assert run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }", timeout=30).records() == [{"n": "170"}]
    with pytest.raises(QueryError, match="invalid SPARQL at line 1"):
        run(store, "SELECT ?x WHERE { ?x a }", timeout=30)


def test_cli(store):
    loc = store.location
    store.close()
    try:
        def kg(*args):
            return subprocess.run([*KG, *args, "--store", loc], capture_output=True, text=True, cwd=ROOT, timeout=60)

        r = kg("query", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim }", "--format", "json")
        assert r.returncode == 0 and json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"] == "170"
        r = kg("query", "arms-suppliers", "--param", "recipient=Armenia", "-f", "csv")
        assert r.returncode == 0 and "russia" in r.stdout
        r = kg("query", "SELECT ?x WHERE { ?x a ")
        assert r.returncode != 0 and "invalid SPARQL at line 1" in r.stderr and "Traceback" not in r.stderr
        r = kg("query", "arms-suppliers", "--param", "recipient=Qwerty")
        assert r.returncode != 0 and "unknown actor" in r.stderr and "Traceback" not in r.stderr
        r = kg("query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1")
        assert r.returncode != 0 and "time limit" in r.stderr and "Traceback" not in r.stderr
        r = subprocess.run([*KG, "queries"], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert r.returncode == 0 and "arms-suppliers" in r.stdout and "--param recipient: actor required" in r.stdout
    finally:
        store.__init__(loc)
