"""Scale: parallel and Dask ingest, SPARQL servers as the store (Oxigraph Server, Virtuoso), and kg serve.

Servers are real processes on loopback, started once per session; a test skips, saying why, only where a
server is not installed (``make servers`` installs Virtuoso; the ``scale`` extra brings Oxigraph Server).
"""
import io
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import servers  # noqa: E402
from servers import toy_extract  # noqa: E402

from kg.export import export  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.store import Store, StoreError  # noqa: E402

SENTENCES = ["Russia accused Azerbaijan of provocations.", "Iran said Turkey armed Azerbaijan.",
             "France met Armenia in Paris.", "NATO threatened Russia with sanctions.",
             "Georgia denied that Wagner armed Armenia.", "Baku talks with Moscow again.",
             "Turkey sanctioned Iran.", "Armenia accused Azerbaijan and Turkey."]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(24):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 5)) + f" Item {i}."
        (folder / f"a{i:02d}.txt").write_text(text)
    (folder / "batch.jsonl").write_text("".join(json.dumps({"text": s + " More.", "url": f"https://e.org/{j}"}) + "\n"
                                                for j, s in enumerate(SENTENCES)))
    return folder


def norm_dump(store, fmt="nq") -> str:
    out = io.BytesIO()
    store.dump(out, fmt)
    text = re.sub(r'<https://w3id.org/geokg/ontology#ingestedAt> "[^"]*"\^\^<[^>]*>', "", out.getvalue().decode())
    # Virtuoso writes canonical decimals ("1.0" for "1.000"): compare values, not lexical forms
    text = re.sub(r'"([0-9.]+)"\^\^<http://www.w3.org/2001/XMLSchema#decimal>', lambda m: f'"{float(m.group(1))}"dec', text)
    return "\n".join(sorted(text.splitlines()))


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory):
    """The corpus ingested sequentially into an embedded store."""
    loc = tmp_path_factory.mktemp("ref") / "store"
    with Store(loc) as store:
        report = ingest([corpus], store, toy_extract)
        assert report.added == 32 and report.claims > 20 and not report.errors
        return {"location": loc, "dump": norm_dump(store), "stats": _stats(store), "csv": _csv(store)}


def _stats(store):
    return {k: v for k, v in store.stats().items() if k != "location"}


def _csv(store):
    out = io.BytesIO()
    export(store, "csv", out)
    return out.getvalue().decode()


# ---------------------------------------------------------------------------- one machine, many processes

def test_workers_give_the_same_store(corpus, reference, tmp_path):
    with Store(tmp_path / "s") as store:
        report = ingest([corpus], store, toy_extract, workers=2, batch=3)
        assert report.added == 32
        assert norm_dump(store) == reference["dump"]
        assert ingest([corpus], store, toy_extract, workers=2).unchanged == 32


def test_dask_local_cluster_gives_the_same_store(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="600MB",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with Store(tmp_path / "s") as store:
            report = ingest([corpus], store, toy_extract, dask=client, batch=4)
            assert report.added == 32
            assert norm_dump(store) == reference["dump"]
        with Store(tmp_path / "t") as store:  # by scheduler address, as `kg ingest --dask ADDRESS` does
            assert ingest([corpus], store, toy_extract, dask=cluster.scheduler_address).added == 32


# ---------------------------------------------------------------------------- SPARQL servers as the store

@pytest.fixture(scope="session")
def oxigraph_server():
    try:
        srv = servers.start_oxigraph()
    except servers.Unavailable as exc:
        pytest.skip(str(exc))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def virtuoso_server():
    try:
        srv = servers.start_virtuoso()
    except servers.Unavailable as exc:
        pytest.skip(str(exc))
    yield srv
    srv.stop()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request):
    return request.getfixturevalue(f"{request.param}_server")


def test_server_store_behaves_like_the_embedded_one(server, corpus, reference, tmp_path):
    with Store(server.url) as store:
        report = ingest([corpus], store, toy_extract, write_batch=5)
        assert report.added == 32 and not report.errors
        assert norm_dump(store) == reference["dump"]
        assert _stats(store) | {"triples": 0} == reference["stats"] | {"triples": 0}
        assert _csv(store) == reference["csv"]
        gen = store.generation
        again = ingest([corpus], store, toy_extract)  # idempotent re-ingest
        assert again.unchanged == 32 and store.generation == gen and norm_dump(store) == reference["dump"]
        # a changed version replaces the old one
        changed = tmp_path / "a00.txt"
        changed.write_text("Russia armed Armenia.")
        assert ingest([changed], store, toy_extract).replaced == 1
        rows = store.rows("SELECT ?e WHERE { ?c kg:source ?d ; kg:evidence ?e . ?d kg:fileName ?n } ", {"n": "a00.txt"})
        assert rows == [("Russia armed Armenia.",)]
        assert store.query("ASK { actor:russia rel:supplies-arms-to actor:armenia }")
        triples = list(store.query("CONSTRUCT { ?c kg:evidence ?e } WHERE { ?c kg:evidence ?e ; kg:source ?d . "
                                   "?d kg:fileName ?n }", {"n": "a00.txt"}))
        assert len(triples) == 1
        assert ingest([corpus / "a00.txt"], store, toy_extract).replaced == 1  # back to the first version
        assert norm_dump(store) == reference["dump"]
        store.update("DROP SILENT GRAPH <https://w3id.org/geokg/graph/nothing>")


def test_server_errors_are_one_line_store_errors(server):
    with Store(server.url, read_only=True) as store:
        with pytest.raises(StoreError, match="answered 400") as exc:
            store.rows("SELECT ?x WHERE { ?x ?y }")
        assert "\n" not in str(exc.value)


def test_virtuoso_update_needs_credentials(virtuoso_server):
    anonymous = virtuoso_server.url.replace("dba:dba@", "")
    with pytest.raises(StoreError, match="needs credentials"):
        Store(anonymous).update("INSERT DATA { GRAPH <https://w3id.org/geokg/graph/x> { <urn:a> <urn:b> <urn:c> } }")


def test_oxigraph_server_serves_a_directory_the_embedded_store_wrote(reference, tmp_path):
    import shutil

    loc = tmp_path / "copy"
    shutil.copytree(reference["location"], loc)
    try:
        srv = servers.start_oxigraph(str(loc), read_only=True)
    except servers.Unavailable as exc:
        pytest.skip(str(exc))
    try:
        with Store(srv.url, read_only=True) as store:
            assert norm_dump(store) == reference["dump"]
            assert _stats(store) == reference["stats"]
    finally:
        srv.stop()


def test_cli_against_a_server(oxigraph_server, tmp_path):
    out = io.BytesIO()
    kg = [sys.executable, "-m", "kg.cli"]
    res = subprocess.run(kg + ["export", "--format", "nt", "--store", oxigraph_server.url], capture_output=True)
    assert res.returncode == 0, res.stderr
    res = subprocess.run(kg + ["stats", "--store", "sparql+http://127.0.0.1:9/"], capture_output=True, text=True)
    assert res.returncode == 1 and res.stderr.count("\n") == 1 and "cannot reach" in res.stderr
    res = subprocess.run(kg + ["stats", "--store", "sparql+http://h:1/?x=1"], capture_output=True, text=True)
    assert res.returncode == 1 and "bad store URL" in res.stderr and "Traceback" not in res.stderr
    del out


# ---------------------------------------------------------------------------- kg serve

@pytest.fixture(scope="module")
def endpoint(reference):
    from kg.serve import make_server

    server = make_server(str(reference["location"]), "127.0.0.1", 0, timeout=3, max_rows=1000, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def http(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/geokg/ontology#Claim> }"


def test_serve_answers_the_sparql_protocol(endpoint, reference):
    n = reference["stats"]["claims"]
    q = urllib.parse.urlencode({"query": COUNT})
    status, headers, body = http(f"{endpoint}/sparql?{q}")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(n)
    status, headers, body = http(f"{endpoint}/sparql", q.encode(), {"Accept": "text/csv"})
    assert status == 200 and body.splitlines() == ["n", str(n)]
    status, _, body = http(f"{endpoint}/sparql", COUNT.encode(),
                           {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    assert status == 200 and body.splitlines()[1].startswith(f'"{n}"^^')
    construct = urllib.parse.urlencode({"query": "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t } LIMIT 3"})
    status, headers, body = http(f"{endpoint}/sparql?{construct}", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"] == "text/turtle" and "@prefix" in body
    status, headers, _ = http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"}))
    assert status == 200 and "1000" in headers["X-KG-Truncated"]


def test_serve_refuses_updates_and_bad_queries(endpoint):
    status, _, body = http(f"{endpoint}/sparql", b"update=DROP+ALL")
    assert status == 403 and "read-only" in body
    status, _, body = http(f"{endpoint}/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = http(f"{endpoint}/sparql?query=SELEKT")
    assert status == 400 and "\n" == body[-1] and body.count("\n") == 1
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and "timed out" in body
    status, _, _ = http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200  # the killed worker was replaced


def test_sparql_clients_read_through_serve(endpoint, reference):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = rdflib.Graph(SPARQLStore(f"{endpoint}/sparql"))
    assert int(list(g.query(COUNT))[0][0]) == reference["stats"]["claims"]
    with Store(f"sparql+http://{endpoint.split('//')[1]}/", read_only=True) as store:
        assert _stats(store) == reference["stats"]
        assert _csv(store) == reference["csv"]
    with pytest.raises(StoreError, match="403"):
        Store(f"sparql+http://{endpoint.split('//')[1]}/").update("DROP ALL")
