"""The store's guarantees: idempotent re-ingest, a changed version replaces the old one, a killed write
leaves the store as it was, batched writes equal one-by-one writes, and remote-binding safety."""
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.model import Actor, Claim, Document
from kg.store import Store, StoreError, inject_values, parse_location

AZ, RU, AM = Actor("azerbaijan", "Azerbaijan", "State"), Actor("russia", "Russia", "State"), Actor("armenia", "Armenia", "State")
ZZ = Actor("zangezur-front", "Zangezur Front", "Group", ("ZF",))


def claim(s, r, o, doc, modality="asserted", start=0):
    return Claim(s, r, o, modality=modality, evidence=doc.text, document=doc.name, char_start=start)


def dump(store) -> str:
    out = io.BytesIO()
    store.dump(out, "nq")
    return re.sub(r'<https://w3id.org/geokg/ontology#ingestedAt> "[^"]*"\^\^<[^>]*>', "", out.getvalue().decode())


def test_reingest_is_idempotent(tmp_path):
    store = Store(tmp_path / "s")
    d = Document("Baku accuses Moscow.", "a.txt")
    assert store.write_document(d, [claim(AZ, "accuses", RU, d)]) == "added"
    before, gen = dump(store), store.generation
    assert store.write_document(d, [claim(AZ, "accuses", RU, d)]) == "unchanged"
    assert dump(store) == before and store.generation == gen
    assert store.write_document(d, [claim(AZ, "accuses", RU, d)], force=True) == "replaced"
    assert dump(store) == before and store.generation != gen


def test_changed_version_replaces_claims_direct_triples_and_orphan_actors(tmp_path):
    store = Store(tmp_path / "s")
    a1 = Document("Baku accuses Moscow; the Zangezur Front threatens Armenia.", "a.txt")
    b = Document("Moscow accuses Baku.", "b.txt")
    store.write_document(a1, [claim(AZ, "accuses", RU, a1), claim(ZZ, "threatens", AM, a1, start=5)])
    store.write_document(b, [claim(AZ, "accuses", RU, b)])
    a2 = Document("Baku arms Armenia.", "a.txt")
    assert store.write_document(a2, [claim(AZ, "supplies-arms-to", AM, a2)]) == "replaced"
    direct = set(store.rows("SELECT ?s ?r ?o WHERE { GRAPH <https://w3id.org/geokg/graph/direct> { ?s ?r ?o "
                            "FILTER(STRSTARTS(STR(?r), 'https://w3id.org/geokg/relation/')) } }"))
    short = {tuple(x.rsplit("/", 1)[-1] for x in t) for t in direct}
    assert short == {("azerbaijan", "accuses", "russia"), ("azerbaijan", "supplies-arms-to", "armenia")}
    assert store.rows("SELECT ?p WHERE { actor:zangezur-front ?p ?o }") == []  # orphan gone
    assert store.stats()["claims"] == 2 and len(store.documents()) == 2


def test_batched_writes_equal_one_by_one(tmp_path):
    docs = [Document(f"Text {i}: Baku accuses Moscow.", f"{i % 3}.txt") for i in range(7)]
    items = [(d, [claim(AZ, "accuses", RU, d), claim(ZZ if i % 2 else AM, "threatens", AZ, d, start=3)])
             for i, d in enumerate(docs)]
    one, many = Store(tmp_path / "one"), Store(tmp_path / "many")
    outcomes = [one.write_document(d, c) for d, c in items]
    assert many.write_documents(items) == outcomes
    assert dump(one) == dump(many)


def test_read_only_refuses_writes(tmp_path):
    Store(tmp_path / "s").close()
    ro = Store(tmp_path / "s", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.write_document(Document("x", "x.txt"), [])
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing", read_only=True)


KILL_SCRIPT = r"""
import sys
from kg.model import Actor, Claim, Document
from kg.store import Store
store = Store(sys.argv[1])
a, b = Actor("azerbaijan", "Azerbaijan", "State"), Actor("russia", "Russia", "State")
doc = Document("big " * 10 + sys.argv[2], "big.txt")
claims = [Claim(a, "accuses", Actor(f"x{i}", f"X {i}", "Group"), evidence="e" * 200, document="big.txt", char_start=i)
          for i in range(40000)]
print("writing", flush=True)
store.write_document(doc, claims)
print("done", flush=True)
"""


def test_kill_during_write_leaves_store_as_before(tmp_path):
    loc = str(tmp_path / "s")
    store = Store(loc)
    d = Document("Baku accuses Moscow.", "a.txt")
    store.write_document(d, [claim(AZ, "accuses", RU, d)])
    store.close()
    before = dump(Store(loc, read_only=True))
    script = tmp_path / "w.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), loc, "v1"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.8)  # building and applying a 40,000-claim update takes seconds
    assert proc.poll() is None, "the write finished before the kill; make the document bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = Store(loc)  # reopens (RocksDB recovers its log); the half-done update is not there
    assert dump(after) == before
    assert after.stats()["documents"] == 1


def test_inject_values_binds_terms_safely():
    q = 'SELECT ?d WHERE { ?d kg:fileName ?k FILTER(?k = ?key) } ORDER BY ?d'
    evil = '" } DROP ALL ; SELECT * { "'
    out = inject_values(q, {"key": evil})
    assert out.startswith('SELECT ?d WHERE { VALUES (?key) { ("\\" } DROP ALL ; SELECT * { \\"") }')
    nested = 'CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } ?s ?p ?o FILTER(?o < 3 && ?s != <urn:x>) }'
    assert inject_values(nested, {"o": "x"}).index("VALUES") == nested.index("WHERE {") + 8
    assert inject_values('ASK { ?s ?p "}" }', {"p": "y"}).startswith('ASK { VALUES (?p)')


@pytest.mark.parametrize("url, query, update", [
    ("sparql+http://127.0.0.1:7878/", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
    ("sparql+http://h:3030/kg", "http://h:3030/kg/query", "http://h:3030/kg/update"),
    ("sparql+http://dba:dba@h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-auth"),
    ("sparql+https://h/sparql", "https://h/sparql", "https://h/sparql"),
    ("sparql+http://h:1/?query=/q&update=/u", "http://h:1/q", "http://h:1/u"),
])
def test_location_urls(url, query, update, monkeypatch):
    monkeypatch.delenv("KG_SPARQL_USER", raising=False)
    e = parse_location(url)
    assert (e.query, e.update) == (query, update)


@pytest.mark.parametrize("url, problem", [
    ("sparql+http://", "bad store URL"),
    ("sparql+http://h:99999/", "bad store URL"),
    ("sparql+http://h:1/?bogus=1", "unknown parameter"),
    ("sparql+http://127.0.0.1:9/", "cannot reach"),
])
def test_bad_remote_locations_are_one_line_errors(url, problem):
    with pytest.raises(StoreError, match=problem) as exc:
        Store(url)
    assert "\n" not in str(exc.value)
