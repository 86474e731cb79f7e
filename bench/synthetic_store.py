"""Generate a realistic synthetic claim store, shaped exactly as ``Store.write_documents`` writes it.

    python bench/synthetic_store.py --store /tmp/kg-synth --actors 100000 --claims 1000000

What "realistic" means here:

* actors: the real gazetteer (states, organizations, leaders) plus synthetic
  persons, government bodies, media, think tanks, companies, armed groups and
  groups up to ``--actors``, with surnames, aliases and types in the proportions
  of the seed annotations' kinds; who takes part in a claim follows a Zipf law
  (exponent 0.8), so hubs such as states reach tens of thousands of claims;
* relations and modalities: drawn with the frequencies of the seed gold
  annotations (``seeds/gold/*.json``); attribution for reported, alleged and
  denied claims as in the gold (about two in three);
* documents of ``--per-doc`` claims each, dated over 2015-2024, each claim with a
  ~150-character evidence sentence.

Triples are made by the store's own functions (``kg.store._claim_triples`` and
``Store._document_triples``), so every quad has the shape ``write_documents``
gives it; they are streamed as N-Quads into pyoxigraph's ``bulk_load`` in
chunks, not written document by document. The store's per-statement summaries
(``kg:Summary``, ``kg:ContestedStatement``, ``kg:ActorMonth``) are counted as the claims are made and
loaded the same way (``kg.store.summary_triples``); the per-relation tallies
(``kg:Tally``) and the summaries' bins (``kg:SummaryBin``) are then computed by ``Store.rebuild_tallies``. ``--check`` writes a few documents
both ways and compares the (graph kind, predicate) shapes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg import store as kstore  # noqa: E402
from kg.model import Actor, Claim, Document, slug  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.vocab import modalities as all_modalities  # noqa: E402

TYPE_MIX = {"Person": 0.45, "GovernmentBody": 0.2, "MediaOutlet": 0.08, "Company": 0.08, "ThinkTank": 0.04,
            "ArmedGroup": 0.03, "Group": 0.1, "Territory": 0.02}
SYL = ["ka", "ri", "mo", "la", "sen", "tor", "vi", "an", "gel", "bar", "din", "os", "ul", "zar", "nik", "ov",
       "ev", "ian", "ski", "er", "mar", "pol", "ha", "so", "ten", "ru", "ad", "il", "ham", "ber"]
WORDS = ("said officials met during talks over the border issue and weapons deliveries while observers "
         "noted that sanctions and the ceasefire agreement remained disputed in the region after clashes").split()


def gold_mix() -> tuple[Counter, Counter, float]:
    rels, mods, attributed, attributable = Counter(), Counter(), 0, 0
    for f in sorted((ROOT / "seeds" / "gold").glob("*.json")):
        for r in json.loads(f.read_text())["relations"]:
            rels[r["relation"]] += 1
            mods[r["modality"]] += 1
            if r["modality"] in ("reported", "alleged", "denied"):
                attributable += 1
                attributed += bool(r.get("attributed_to"))
    return rels, mods, attributed / max(attributable, 1)


def name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts))


def make_actors(store: Store, n: int, rng: random.Random) -> list[Actor]:
    rows = store.rows("""SELECT ?a (SAMPLE(?t) AS ?type) (SAMPLE(?l) AS ?label) WHERE {
        GRAPH <https://w3id.org/geokg/graph/gazetteer> { ?a a ?t ; rdfs:label ?l } } GROUP BY ?a ORDER BY ?a""")
    actors = [Actor(a.rsplit("/", 1)[-1], label, t.rsplit("#", 1)[-1]) for a, t, label in rows][: n // 2]
    # states and organizations first: they are the hubs
    actors.sort(key=lambda a: (a.type not in ("State", "Organization"), a.id))
    types = list(TYPE_MIX)
    weights = list(TYPE_MIX.values())
    seen = {a.id for a in actors}
    i = 0
    while len(actors) < n:
        t = rng.choices(types, weights)[0]
        label = name(rng, 2 if t == "Person" else rng.randint(1, 3)) + ("" if t == "Person" else f" {t}")
        aid = f"{slug(label)}-{i}"
        i += 1
        if aid in seen:
            continue
        seen.add(aid)
        aliases = (label.split()[-1],) if t == "Person" and rng.random() < 0.7 else ()
        actors.append(Actor(aid, label, t, aliases))
    return actors


def documents(actors, n_claims: int, per_doc: int, rng: random.Random):
    """Yield (Document, [Claim]) batches."""
    import numpy as np

    rels, mods, p_att = gold_mix()
    rel_ids, rel_w = zip(*rels.items())
    mod_ids, mod_w = zip(*mods.items())
    n = len(actors)
    np_rng = np.random.default_rng(rng.randrange(2**32))
    w = 1.0 / np.arange(1, n + 1) ** 0.8
    w /= w.sum()
    subj = np_rng.choice(n, size=n_claims, p=w)
    obj = np_rng.choice(n, size=n_claims, p=w)
    rel_draw = rng.choices(range(len(rel_ids)), rel_w, k=n_claims)
    mod_draw = rng.choices(range(len(mod_ids)), mod_w, k=n_claims)
    att_draw = np_rng.choice(n, size=n_claims, p=w)
    start = dt.date(2015, 1, 1)
    k = 0
    d = 0
    while k < n_claims:
        size = min(per_doc, n_claims - k)
        date = start + dt.timedelta(days=rng.randrange(3650))
        text_parts = []
        claims = []
        for j in range(k, k + size):
            s, o = int(subj[j]), int(obj[j])
            if s == o:
                o = (o + 1 + rng.randrange(n - 1)) % n
            sa, oa = actors[s], actors[o]
            modality = mod_ids[mod_draw[j]]
            att = actors[int(att_draw[j])] if modality in ("reported", "alleged", "denied") and rng.random() < p_att else None
            sentence = (f"{sa.label} {' '.join(rng.choices(WORDS, k=12))} {oa.label} "
                        f"{' '.join(rng.choices(WORDS, k=6))}.")
            pos = sum(len(p) + 1 for p in text_parts)
            text_parts.append(sentence)
            claims.append(Claim(sa, rel_ids[rel_draw[j]], oa, modality, att, sentence, "", pos, pos + len(sentence),
                                date.isoformat(), confidence=round(0.5 + rng.random() / 2, 3)))
        name_ = f"synthetic/{d:07d}.txt"
        doc = Document(" ".join(text_parts), name_, title=f"Synthetic article {d}", date=date)
        yield doc, [c.with_(document=name_) for c in claims]
        k += size
        d += 1


def nquads(batch, known: set, typed: set, truthy: set, direct_seen: set) -> str:
    """N-Quads of a batch of documents, as write_documents would store them."""
    out = []
    g = kstore.DIRECT_GRAPH
    for doc, claims in batch:
        node = kstore.document_node(doc)
        default: list = []
        for s, p, o in Store._document_triples(doc, claims, node, known, typed, default):
            out.append(f"{s} {p} {o} {node} .\n")
        for s, p, o in dict.fromkeys(default):
            out.append(f"{s} {p} {o} {g} .\n")
        for c in claims:
            if c.modality in truthy:
                t = kstore._canonical(c.subject.id, c.relation, c.object.id)
                if t not in direct_seen:
                    direct_seen.add(t)
                    out.append(f"{kstore.actor_node(t[0])} {kstore._nn(str(kstore.REL[t[1]]))} "
                               f"{kstore.actor_node(t[2])} {g} .\n")
    return "".join(out)


class Summaries(kstore.ClaimCounts):
    """The store's summaries (kg:Summary per statement and modality, kg:ContestedStatement, kg:ActorMonth), counted while
    the documents are generated (``kg.store.ClaimCounts``, as ``write_documents`` counts new documents):
    recounting a million claims in SPARQL (``Store.rebuild_tallies``) is the slow way to the same quads."""

    def nquads(self) -> str:
        out = []
        for (st, m), (n, k, first, last) in self.groups.items():
            (s, r, o), _, _, _ = self.statements[st]
            g = kstore.summary_graph(r)
            key = st.rsplit("/", 1)[-1]
            out.extend(f"{a} {b} {c} {g} .\n" for a, b, c in kstore.summary_triples(key, s, r, o, m, n, k, first, last))
        g = kstore.CONTESTED_GRAPH
        for st, ((s, r, o), sup, dis, k) in self.statements.items():
            if sup and dis:
                out.extend(f"{a} {b} {c} {g} .\n"
                           for a, b, c in kstore.contested_triples(st.rsplit("/", 1)[-1], s, r, o, sup, dis, k))
        g = kstore.TIMELINE_GRAPH
        for node, n in self.months.items():
            actor, month = node.value[len(kstore.ACTOR_MONTH):].rsplit("/", 1)
            out.extend(f"{a} {b} {c} {g} .\n" for a, b, c in kstore.actor_month_triples(actor, month, n))
        return "".join(out)


def shapes(quads) -> set:
    def kind(g):
        v = getattr(g, "value", "")
        return "document" if "/document/" in v else v.rsplit("/", 1)[-1] or "default"
    return {(kind(q.graph_name), q.predicate.value) for q in quads
            if not any(x in getattr(q.graph_name, "value", "") for x in ("gazetteer", "ontology", "graph/meta"))}


def check(tmp: Path) -> None:
    """Write the same documents with write_documents and with this generator; compare quad shapes."""
    rng = random.Random(1)
    a = Store(str(tmp / "a"))
    actors = make_actors(a, 300, rng)
    batch = list(documents(actors, 200, 20, rng))
    a.write_documents(batch)
    b = Store(str(tmp / "b"))
    known = b.gazetteer_ids([x.id for x in actors])
    truthy = {m for m, v in all_modalities().items() if v.truthy}
    summaries = Summaries()
    for doc, claims in batch:
        summaries.add(doc, claims)
    data = nquads(batch, known, set(), truthy, set()) + summaries.nquads()
    b.close()
    ob = ox.Store(str(tmp / "b"))
    ob.bulk_load(data.encode(), format=ox.RdfFormat.N_QUADS)
    del ob
    with Store(str(tmp / "b")) as b:
        b.rebuild_tallies(summaries=False)  # as main() does: the tallies and the summaries' bins
    ob = ox.Store(str(tmp / "b"))
    qa = list(a._backend.ox.quads_for_pattern(None, None, None, None))
    qb = list(ob.quads_for_pattern(None, None, None, None))
    sa, sb = shapes(qa), shapes(qb)
    na = sum(1 for q in qa if "meta" not in str(q.graph_name)) - sum(1 for q in qa if "gazetteer" in str(q.graph_name) or "ontology" in str(q.graph_name))
    nb = sum(1 for q in qb if "meta" not in str(q.graph_name)) - sum(1 for q in qb if "gazetteer" in str(q.graph_name) or "ontology" in str(q.graph_name))
    def counted(quads):
        return {q for q in quads if any(g in str(q.graph_name) for g in ("/graph/summary", "/graph/contested", "/graph/timeline"))}
    same_summaries = counted(qa) == counted(qb) and len(counted(qa)) > 100
    print(f"check: write_documents {na} quads, generator {nb} quads; shapes equal: {sa == sb}; "
          f"summaries equal: {same_summaries} ({len(counted(qa))} quads)")
    if not same_summaries:
        raise SystemExit(1)
    if sa != sb:
        print("only write_documents:", sorted(sa - sb), "\nonly generator:", sorted(sb - sa))
        raise SystemExit(1)
    a.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True, help="Store directory to create (must not exist).")
    ap.add_argument("--actors", type=int, default=100_000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--per-doc", type=int, default=20, help="Claims per document.")
    ap.add_argument("--chunk", type=int, default=100_000, help="Claims per bulk_load call.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--check", action="store_true", help="Only compare shapes with write_documents on a small sample.")
    args = ap.parse_args()
    if args.check:
        import tempfile

        check(Path(tempfile.mkdtemp()))
        return
    path = Path(args.store)
    if path.exists():
        raise SystemExit(f"{path} exists; give a new directory")
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    st = Store(str(path))  # creates it and loads the ontology and the gazetteer
    actors = make_actors(st, args.actors, rng)
    known = st.gazetteer_ids([a.id for a in actors])
    st.close()
    truthy = {m for m, v in all_modalities().items() if v.truthy}
    ostore = ox.Store(str(path))
    typed: set = set()
    direct: set = set()
    batch, in_batch, total_quads, done = [], 0, 0, 0
    summaries = Summaries()
    t_gen = t_load = 0.0

    def flush():
        nonlocal batch, in_batch, total_quads, t_gen, t_load
        a = time.perf_counter()
        data = nquads(batch, known, typed, truthy, direct).encode()
        b = time.perf_counter()
        ostore.bulk_load(io.BytesIO(data), format=ox.RdfFormat.N_QUADS)
        c = time.perf_counter()
        t_gen += b - a
        t_load += c - b
        total_quads += data.count(b"\n")
        batch, in_batch = [], 0

    gen0 = time.perf_counter()
    for doc, claims in documents(actors, args.claims, args.per_doc, rng):
        batch.append((doc, claims))
        summaries.add(doc, claims)
        in_batch += len(claims)
        done += len(claims)
        if in_batch >= args.chunk:
            flush()
            print(f"  {done:,} claims, {total_quads:,} quads, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if batch:
        flush()
    a = time.perf_counter()
    data = summaries.nquads().encode()
    b = time.perf_counter()
    ostore.bulk_load(io.BytesIO(data), format=ox.RdfFormat.N_QUADS)
    t_gen, t_load, total_quads = t_gen + b - a, t_load + time.perf_counter() - b, total_quads + data.count(b"\n")
    del data
    import uuid

    ostore.update(f"INSERT DATA {{ GRAPH {kstore.META_GRAPH} {{ {kstore._STORE_NODE} "
                  f"<https://w3id.org/geokg/ontology#generation> \"synthetic-{uuid.uuid4().hex}\" }} }}")
    ostore.optimize() if hasattr(ostore, "optimize") else None
    ostore.flush()
    del ostore  # release the store: its own code counts the claims into the tallies (kg:Tally)
    t_tally = time.perf_counter()
    with Store(str(path)) as st:
        st.rebuild_tallies(summaries=False)  # the summaries are loaded above
    t_tally = time.perf_counter() - t_tally
    total = time.perf_counter() - t0
    info = {"actors": len(actors), "claims": args.claims, "documents": (args.claims + args.per_doc - 1) // args.per_doc,
            "quads_loaded": total_quads, "direct_triples": len(direct), "seconds_total": round(total, 1),
            "seconds_generating": round(t_gen + (time.perf_counter() - gen0 - t_gen - t_load) * 0, 1),
            "seconds_bulk_load": round(t_load, 1), "seconds_tallies": round(t_tally, 1)}
    print(json.dumps(info, indent=2))
    (path.parent / f"{path.name}.info.json").write_text(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
