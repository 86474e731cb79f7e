"""SPARQL running, the saved query library, parameters, formats and timeouts (kg.query)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.query import QueryError, QueryTimeout, format_result, run, saved_queries
from kg.vocab import relations

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
        assert "plan" not in q.description.lower(), q.name  # how it runs goes in `# plan:`, not to users
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
    for bad, message in (("-1", "must be 0"), ("99999999999999999999", "must be 0"),
                         ("abc", "not a whole number: 'abc'"), ("2.5", "not a whole number")):
        with pytest.raises(QueryError, match=f"parameter limit: {message}"):
            run(store, "accusations", {"limit": bad})
    # a saved query projects ?limit for the engine to bind it: not a column; a query's own ?limit is one
    result = run(store, "accusations", {"limit": "3"})
    assert format_result(result, "csv").splitlines()[0].endswith(",claims,documents")
    assert json.loads(format_result(result, "json"))["head"]["vars"][-1] == "documents"
    assert run(store, "SELECT ?limit WHERE {}", {"limit": "5"}).records() == [{"limit": "5"}]


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


# ---------------------------------------------------------------------------- saved queries against plain ones

REFERENCE = Path(__file__).parent / "reference_queries"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small synthetic store (6,000 claims; 100 actors, so statements repeat and some are contested)."""
    from kg.store import Store

    loc = tmp_path_factory.mktemp("synthetic") / "store"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic_store.py"), "--store", str(loc), "--actors", "100",
                    "--claims", "6000", "--per-doc", "10", "--seed", "7"], check=True, capture_output=True, cwd=ROOT)
    s = Store(str(loc), read_only=True)
    counts = s.rows("SELECT ?a (COUNT(*) AS ?n) WHERE { ?c kg:subject|kg:object ?a } GROUP BY ?a ORDER BY DESC(?n) ?a")
    ids = [a.rsplit("/", 1)[-1] for a, _ in counts]
    s.hub, s.mid = ids[0], ids[len(ids) // 2]
    yield s
    s.close()


def test_bulk_loaded_store_has_the_shape_and_summaries_write_documents_gives():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic_store.py"), "--check", "--store", "-"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "shapes equal: True; summaries equal: True" in r.stdout, r.stdout + r.stderr


def test_timeline_matches_reference(synthetic):
    key = ("date", "relation", "subject", "object")
    for params in ({"actor": synthetic.hub}, {"actor": synthetic.mid}, {"actor": synthetic.hub, "from": "2019-01-01", "to": "2019-06-30"}):
        ref = run(synthetic, str(REFERENCE / "timeline.rq"), params)
        every = run(synthetic, "timeline", {**params, "limit": "0"})
        assert _rows(every) == _rows(ref) and len(_rows(ref)) > 1, params
        ref_keys = [tuple(r[k] for k in key) for r in ref.records()]
        assert [tuple(r[k] for k in key) for r in every.records()] == ref_keys
        for limit in ("20", None):  # the first rows, oldest first (rows tied at the cut: any of them)
            top = run(synthetic, "timeline", {**params, **({"limit": limit} if limit else {})})
            n = min(len(ref_keys), int(limit or 500))
            assert [tuple(r[k] for k in key) for r in top.records()] == ref_keys[:n]
            assert set(_rows(top)) <= set(_rows(ref))
    assert len(run(synthetic, "timeline", {"actor": synthetic.hub}).records()) == 500  # the default limit


def test_contested_matches_reference(synthetic):
    ends = {}  # statement -> the (subject, object) of its claims
    for r in run(synthetic, "SELECT ?st ?s ?o WHERE { ?c kg:statement ?st ; kg:subject ?s ; kg:object ?o }").records():
        ends.setdefault(r["st"], set()).add((r["s"], r["o"]))
    for params in ({}, {"relation": "accuses"}, {"relation": "allies-with"}):
        ref = run(synthetic, str(REFERENCE / "contested.rq"), params).records()
        got = run(synthetic, "contested", params).records()
        cols = ("statement", "relation", "supporting", "denying", "documents")
        assert [tuple(r[c] for c in cols) for r in got] == [tuple(r[c] for c in cols) for r in ref], params
        for r in got:  # the ends of its claims (a symmetric relation's in IRI order: either way round)
            flipped = {(o, s) for s, o in ends[r["statement"]]} if relations()[r["relation"].split(":")[-1]].symmetric else set()
            assert (r["subject"], r["object"]) in ends[r["statement"]] | flipped, r
    assert len(run(synthetic, "contested").records()) > 10


def test_accusations_match_reference(synthetic):
    for params in ({}, {"accuser": synthetic.hub}, {"target": synthetic.hub}, {"accuser": synthetic.mid},
                   {"accuser": synthetic.hub, "target": synthetic.mid}):
        ref = run(synthetic, str(REFERENCE / "accusations.rq"), params).records()
        assert run(synthetic, "accusations", {**params, "limit": "0"}).records() == ref, params
        for n in (1, 25, len(ref) + 1):  # the whole store's ranking reads only the summary bins at or above the cut
            top = run(synthetic, "accusations", {**params, "limit": str(n)}).records()
            assert [r["claims"] for r in top] == [r["claims"] for r in ref[:n]]  # rows tied in claims at the cut: any
            assert all(r in ref for r in top)
    assert len(run(synthetic, "accusations").records()) == 200


@pytest.mark.parametrize("name,param", [("arms-suppliers", "recipient"), ("alliances", "actor"), ("denied-claims", "actor")])
def test_summary_queries_match_reference(synthetic, name, param):
    """The saved queries read from the summaries (or, for denied-claims, sort before they look up) give
    the rows a plain query over the claims gives; with a limit, the first rows of that order."""
    order = {"arms-suppliers": "claims", "alliances": "claims", "denied-claims": "date"}[name]
    for actor in (synthetic.hub, synthetic.mid):
        ref = run(synthetic, str(REFERENCE / f"{name}.rq"), {param: actor})
        every = run(synthetic, name, {param: actor, "limit": "0"})
        assert _rows(every) == _rows(ref) and len(_rows(ref)) > 1, (name, actor)
        top = run(synthetic, name, {param: actor, "limit": "3"}).records()
        assert len(top) == min(3, len(ref.records())) and all(r in ref.records() for r in top)
        key = (lambda r: -int(r["claims"])) if order == "claims" else (lambda r: r["date"] or "")
        assert sorted(key(r) for r in top) == sorted(key(r) for r in ref.records())[:len(top)]


def test_memberships_match_reference(synthetic):
    for actor in ("Armenia", "the CSTO", "NATO", synthetic.hub):
        ref = run(synthetic, str(REFERENCE / "memberships.rq"), {"actor": actor})
        assert _rows(run(synthetic, "memberships", {"actor": actor})) == _rows(ref), actor
    assert run(synthetic, "memberships", {"actor": "the CSTO"}).records()


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
        assert "Plan:" not in r.stdout and "hash" not in r.stdout
        r = subprocess.run([*KG, "queries", "-v"], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert r.returncode == 0 and r.stdout.count("Plan:") == sum(1 for q in saved_queries().values() if q.plan) > 0
    finally:
        store.__init__(loc)


# ---------------------------------------------------------------------------- saved queries on a SPARQL server

# (query, parameters, engines): every saved query with a parameter, as a server answers it
REMOTE_CASES = [
    ("arms-suppliers", {"recipient": "Armenia"}, "both"), ("denied-claims", {"actor": "Russia"}, "both"),
    ("alliances", {"actor": "the CSTO"}, "both"), ("alliances", {"actor": "Armenia"}, "both"),
    ("timeline", {"actor": "Aliyev", "from": "2021-01-01"}, "both"), ("memberships", {"actor": "Armenia"}, "both"),
    ("contested", {"relation": "supplies-arms-to"}, "both"),
    ("accusations", {"accuser": "Azerbaijan", "target": "Armenia"}, "both"), ("relation-counts", {}, "both"),
    # Virtuoso 7 does not join a variable a subquery projects unbound (see kg.query): Oxigraph Server only
    ("accusations", {"target": "Armenia", "limit": "2"}, "oxigraph"), ("accusations", {"accuser": "Azerbaijan"}, "oxigraph"),
    ("accusations", {}, "oxigraph"), ("contested", {}, "oxigraph"),
]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server_store(request):
    """The gold claims written to a real SPARQL server (a sparql+http:// store)."""
    import servers
    from test_graph import gold_claims

    from kg.store import Store

    try:
        srv = getattr(servers, f"start_{request.param}")()
    except servers.Unavailable as exc:
        pytest.skip(str(exc))
    s = Store(srv.url)
    try:
        s.write_documents(list(gold_claims()))
        yield request.param, s
    finally:
        s.close()
        srv.stop()


def _rows(result):
    """The rows as sorted tuples."""
    return sorted(tuple(sorted(r.items())) for r in result.records())


def test_saved_queries_on_a_server_match_the_embedded_store(store, server_store):
    engine, remote = server_store
    for name, params, engines in REMOTE_CASES:
        if engines not in ("both", engine):
            continue
        local = _rows(run(store, name, params))
        assert local, (name, params)
        assert _rows(run(remote, name, params)) == local, (engine, name, params)
    # the parameter is bound, not ignored: another actor gives other rows
    assert _rows(run(remote, "arms-suppliers", {"recipient": "Azerbaijan"})) != _rows(run(remote, "arms-suppliers", {"recipient": "Armenia"}))
    # the server's tallies follow a replacement as the embedded store's do
    from test_graph import gold_claims

    doc, claims = list(gold_claims())[0]
    remote.write_documents([(doc, claims[: len(claims) // 2])], force=True)
    assert _tallied(remote) == _counts_from_claims(remote) != _tallied(store)
    remote.write_documents([(doc, claims)], force=True)
    assert _tallied(remote) == _tallied(store)


# ---------------------------------------------------------------------------- tallies behind relation-counts

def _counts_from_claims(s) -> dict:
    """The relation-counts answer computed from the claims themselves (what the tallies must equal)."""
    rows = s.rows("""SELECT ?r ?m (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?d) AS ?k) WHERE {
        ?c a kg:Claim ; kg:relation ?r ; kg:modality ?m ; kg:source ?d } GROUP BY ?r ?m""")
    return {(r.rsplit("/", 1)[-1], m.rsplit("/", 1)[-1]): (int(n), int(k)) for r, m, n, k in rows}


def _summaries_from_claims(s) -> dict:
    """Per statement and modality: claims, documents, first and last event date, and the ends of one claim;
    per contested statement: supporting and disputing claims, documents (what the store's summaries must equal)."""
    rows = s.rows("""SELECT ?st ?m (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?d) AS ?k) (MIN(?t) AS ?f) (MAX(?t) AS ?l)
        WHERE { ?c a kg:Claim ; kg:statement ?st ; kg:modality ?m ; kg:source ?d OPTIONAL { ?c kg:eventDate ?t } }
        GROUP BY ?st ?m""")
    out = {(st, m): (n, k, f, l) for st, m, n, k, f, l in rows}
    support = {}
    for st, m, n, k, f, l in rows:
        sup, dis = support.get(st, (0, 0))
        mod = m.rsplit("/", 1)[-1]
        support[st] = (sup + int(n) * (mod in ("asserted", "reported")), dis + int(n) * (mod in ("denied", "negated")))
    docs = dict(s.rows("SELECT ?st (COUNT(DISTINCT ?d) AS ?k) WHERE { ?c a kg:Claim ; kg:statement ?st ; kg:source ?d } GROUP BY ?st"))
    for st, (sup, dis) in support.items():
        if sup and dis:
            out[(st, "contested")] = (str(sup), str(dis), docs[st])
    return out


def _summaries(s) -> dict:
    """The store's kg:Summary and kg:ContestedStatement nodes, each checked against the claims' ends."""
    ends = {(st, s_, o) for st, s_, o in s.rows("SELECT ?st ?s ?o WHERE { ?c kg:statement ?st ; kg:subject ?s ; kg:object ?o }")}
    rows = s.rows("""SELECT ?st ?m ?n ?k ?f ?l ?s ?r ?o ?g WHERE { GRAPH ?g { ?x a kg:Summary ; kg:countsStatement ?st ;
        kg:countsModality ?m ; kg:claimCount ?n ; kg:documentCount ?k ; kg:countsSubject ?s ; kg:countsRelation ?r ;
        kg:countsObject ?o OPTIONAL { ?x kg:firstDate ?f ; kg:lastDate ?l } } }""")
    out = {}
    for st, m, n, k, f, l, s_, r, o, g in rows:
        assert (st, s_, o) in ends or (st, o, s_) in ends and s_ < o, (st, s_, o)  # a symmetric one: in IRI order
        assert g.endswith("/graph/summary/" + r.rsplit("/", 1)[-1])
        out[(st, m)] = (n, k, f, l)
    for st, sup, dis, k in s.rows("""SELECT ?st ?sup ?dis ?k WHERE { GRAPH <https://w3id.org/geokg/graph/contested> {
            ?st a kg:ContestedStatement ; kg:supportingClaims ?sup ; kg:disputingClaims ?dis ; kg:documentCount ?k } }"""):
        out[(st, "contested")] = (sup, dis, k)
    # the bins: how many of each relation's summaries count each number of claims, none empty
    expected = Counter((r, int(n)) for st, m, n, k, f, l, s_, r, o, g in rows)
    bins = s.rows("""SELECT ?b ?r ?n ?k WHERE { GRAPH <https://w3id.org/geokg/graph/summary-bins> {
        ?b a kg:SummaryBin ; kg:countsRelation ?r ; kg:claimCount ?n ; kg:summaryCount ?k } }""")
    assert {(r, int(n)): int(k) for b, r, n, k in bins} == expected
    assert all(b.endswith(f"/summary-bin/{r.rsplit('/', 1)[-1]}/{n}") for b, r, n, k in bins)
    return out


def _tallied(s) -> dict:
    return {(r["relation"], r["modality"]): (int(r["claims"]), int(r["documents"])) for r in run(s, "relation-counts").records()}


def test_relation_counts_follow_ingest_replace_and_remove(tmp_path):
    from kg.model import Actor, Claim, Document
    from kg.store import Store

    ru, am, az = Actor("russia", "Russia", "State"), Actor("armenia", "Armenia", "State"), Actor("azerbaijan", "Azerbaijan", "State")
    arms = Claim(ru, "supplies-arms-to", am, evidence="Russia arms Armenia.", char_start=0, char_end=20)
    s = Store(tmp_path / "t")
    assert _tallied(s) == {}
    a = Document("Russia arms Armenia. Baku says so.", "a.txt")
    s.write_document(a, [arms, arms,  # the same claim twice is one claim node
                         Claim(az, "accuses", ru, modality="alleged", evidence="Baku says so.", char_start=21)])
    b = Document("Russia arms Armenia, Baku said.", "b.txt")
    s.write_document(b, [arms, Claim(az, "accuses", ru, evidence="Baku said.", char_start=5)])
    assert _tallied(s) == _counts_from_claims(s) == {("supplies-arms-to", "asserted"): (2, 2),
                                                     ("accuses", "alleged"): (1, 1), ("accuses", "asserted"): (1, 1)}
    assert _summaries(s) == _summaries_from_claims(s) and len(_summaries(s)) == 3
    # a changed version replaces the document's claims, and its share of the counts
    a2 = Document("Russia denies arming Armenia.", "a.txt")
    assert s.write_document(a2, [Claim(ru, "supplies-arms-to", am, modality="denied", evidence="Russia denies.")]) == "replaced"
    assert _tallied(s) == _counts_from_claims(s) == {("supplies-arms-to", "asserted"): (1, 1),
                                                     ("supplies-arms-to", "denied"): (1, 1), ("accuses", "asserted"): (1, 1)}
    assert _summaries(s) == _summaries_from_claims(s)
    assert [(r["supporting"], r["denying"], r["documents"]) for r in run(s, "contested").records()] == [("1", "1", "2")]
    # a batch that replaces one document and adds another; then a removal
    c = Document("Armenia accuses Azerbaijan.", "c.txt")
    s.write_documents([(b, [arms]), (c, [Claim(am, "accuses", az, evidence="Armenia accuses Azerbaijan.")])], force=True)
    assert _tallied(s) == _counts_from_claims(s)
    assert _summaries(s) == _summaries_from_claims(s)
    assert s.remove_document(a2)
    assert _tallied(s) == _counts_from_claims(s) == {("supplies-arms-to", "asserted"): (1, 1), ("accuses", "asserted"): (1, 1)}
    assert _summaries(s) == _summaries_from_claims(s) and not run(s, "contested").records()
    # recomputing from scratch gives the same; a reopened store keeps them
    before, summaries = _tallied(s), _summaries(s)
    s.rebuild_tallies()
    assert _tallied(s) == before and _summaries(s) == summaries
    loc = s.location
    s.close()
    with Store(loc, read_only=True) as r:
        assert _tallied(r) == before


def test_a_store_without_tallies_gets_them_when_opened_for_writing(tmp_path):
    from kg.store import META_GRAPH, Store

    loc = tmp_path / "old"
    s = Store(loc)
    from test_graph import gold_claims

    s.write_documents(list(gold_claims()))
    expected = _counts_from_claims(s)
    s.update(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ ?t a kg:Tally ; ?p ?o }} }} ; "
             f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ kg:store kg:tallyVersion ?v }} }} ; "
             "DELETE WHERE { GRAPH ?g { ?x a kg:Summary ; ?p ?v } } ; DROP GRAPH <https://w3id.org/geokg/graph/contested> ; "
             "DROP GRAPH <https://w3id.org/geokg/graph/summary-bins>")
    assert not _summaries(s)  # as written before tallies and summaries existed
    s.close()
    with Store(loc, read_only=True) as r:  # a reader cannot compute them: it says so, it does not answer nothing
        with pytest.raises(QueryError, match="no tallies"):
            run(r, "relation-counts")
    with Store(loc) as s:
        assert _tallied(s) == expected and len(expected) > 20
        assert _summaries(s) == _summaries_from_claims(s) and len(_summaries(s)) > 50
        summaries = _summaries(s)
        # a version-2 store has the summaries but not their bins: they are counted from the summaries
        s.update(f'DELETE WHERE {{ GRAPH {META_GRAPH} {{ kg:store kg:tallyVersion ?v }} }} ; '
                 f'INSERT DATA {{ GRAPH {META_GRAPH} {{ kg:store kg:tallyVersion "2" }} }} ; '
                 "DROP GRAPH <https://w3id.org/geokg/graph/summary-bins>")
    with Store(loc) as s:
        assert _summaries(s) == summaries  # (which checks the bins)
        assert s.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/geokg/graph/summary-bins> { ?b a kg:SummaryBin } }")[0][0] != "0"
