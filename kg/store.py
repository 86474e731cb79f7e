"""The claim store: RDF in an embedded Oxigraph database (RocksDB on disk).

Layout of the dataset
---------------------
* ``<graph/ontology>`` and ``<graph/gazetteer>``: the ontology and the reference
  actor gazetteer, reloaded whenever their files change.
* one named graph per document, named by the document's IRI, holding the
  document's metadata, its claims and the actors it mentions;
* the default graph: the direct ("truthy") triples of asserted and reported
  claims, and the names and types of actors the gazetteer does not know.

Queries see the union of all graphs. Every triple lives in exactly one graph, so
the union never repeats a row.

Writing a document is one SPARQL update, which Oxigraph applies as one
transaction: re-ingesting replaces the document's claims, and a crash mid-write
leaves the store as it was.

Examples
--------
>>> import tempfile
>>> from kg.model import Actor, Claim, Document
>>> store = Store(tempfile.mkdtemp() + "/store")
>>> doc = Document("Baku leans on Moscow.", "a.txt")
>>> az, ru = Actor("azerbaijan", "Azerbaijan", "State"), Actor("russia", "Russia", "State")
>>> store.write_document(doc, [Claim(az, "pressures", ru, evidence=doc.text, document="a.txt")])
'added'
>>> store.write_document(doc, [Claim(az, "pressures", ru, evidence=doc.text, document="a.txt")])
'unchanged'
>>> store.stats()["claims"]
1
>>> store.close()
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .model import Actor, Claim, Document
from .vocab import ACTOR, CLAIM, DOC, GRAPH, KG, MOD, REL, STATEMENT, modalities, ontology_dir, relations, sparql_prefixes

__all__ = ["Store", "StoreError", "default_location", "EXTRACTOR"]

EXTRACTOR = f"kg {__version__}"
ONTOLOGY_GRAPH = ox.NamedNode(str(GRAPH["ontology"]))
GAZETTEER_GRAPH = ox.NamedNode(str(GRAPH["gazetteer"]))
META_GRAPH = ox.NamedNode(str(GRAPH["meta"]))
_STORE_NODE = ox.NamedNode(str(KG["store"]))
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


class StoreError(Exception):
    """A store problem to report in one line (locked, unreadable, bad location)."""


def default_location() -> str:
    """``$KG_STORE`` if set, else ``store`` in the user's data directory."""
    if os.environ.get("KG_STORE"):
        return os.environ["KG_STORE"]
    import platformdirs

    return str(Path(platformdirs.user_data_dir("kg")) / "store")


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))
    return ox.Literal(str(value))


def actor_node(actor_id: str) -> ox.NamedNode:
    return _nn(str(ACTOR[actor_id]))


def document_node(doc: Document) -> ox.NamedNode:
    return _nn(str(DOC[doc.id]))


def statement_key(subject: str, relation: str, obj: str) -> str:
    """Identity of a direct triple; symmetric relations are ordered canonically."""
    if relations()[relation].symmetric and obj < subject:
        subject, obj = obj, subject
    return hashlib.sha1(f"{subject}|{relation}|{obj}".encode()).hexdigest()[:20]


def _claim_triples(doc: Document, node: ox.NamedNode, claim: Claim) -> list[tuple]:
    c = _nn(str(CLAIM[hashlib.sha1(
        f"{doc.key}|{claim.subject.id}|{claim.relation}|{claim.object.id}|{claim.modality}|"
        f"{claim.attributed_to.id if claim.attributed_to else ''}|{claim.char_start}".encode()
    ).hexdigest()[:24]]))
    t = [
        (c, _RDF_TYPE, _nn(str(KG.Claim))),
        (c, _nn(str(KG.subject)), actor_node(claim.subject.id)),
        (c, _nn(str(KG.relation)), _nn(str(REL[claim.relation]))),
        (c, _nn(str(KG.object)), actor_node(claim.object.id)),
        (c, _nn(str(KG.modality)), _nn(str(MOD[claim.modality]))),
        (c, _nn(str(KG.statement)), _nn(str(STATEMENT[statement_key(claim.subject.id, claim.relation, claim.object.id)]))),
        (c, _nn(str(KG.evidence)), _lit(claim.evidence)),
        (c, _nn(str(KG.charStart)), _lit(claim.char_start, "integer")),
        (c, _nn(str(KG.charEnd)), _lit(claim.char_end, "integer")),
        (c, _nn(str(KG.source)), node),
        (c, _nn(str(KG.extractor)), _lit(EXTRACTOR)),
        (c, _nn(str(KG.confidence)), _lit(f"{claim.confidence:.3f}", "decimal")),
    ]
    if claim.attributed_to:
        t.append((c, _nn(str(KG.attributedTo)), actor_node(claim.attributed_to.id)))
    if claim.date:
        t.append((c, _nn(str(KG.eventDate)), _lit(claim.date, "date")))
    if claim.pattern:
        t.append((c, _nn(str(KG.pattern)), _lit(claim.pattern)))
    return t


def _ntriples(triples: Iterable[tuple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


class Store:
    """A persistent claim store.

    Parameters
    ----------
    location : str or Path, optional
        A directory for the embedded store (created if missing). Defaults to
        :func:`default_location`.
    read_only : bool
        Open without taking the writer's lock (several readers may share a
        store; only one process may write it).
    """

    def __init__(self, location: str | Path | None = None, *, read_only: bool = False):
        self.location = str(location or default_location())
        self.read_only = read_only
        path = Path(self.location)
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no store at {self.location} (ingest something first)")
                self._ox = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(path))
        except OSError as exc:
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in msg.lower():
                raise StoreError(f"store {self.location} is in use by another kg process (one writer at a time)") from None
            raise StoreError(f"cannot open store {self.location}: {msg}") from None
        if not read_only:
            self._load_reference_data()

    # ------------------------------------------------------------------ basics
    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if getattr(self, "_ox", None) is not None:
            if not self.read_only:
                self._ox.flush()
            del self._ox
            self._ox = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sparql: str, bindings: dict | None = None, *, prefixes: bool = True):
        """Run a SPARQL 1.1 query over the union of all graphs.

        ``bindings`` maps variable names to pyoxigraph terms (or plain strings,
        taken as literals); they are substituted by the engine, never spliced
        into the text. Returns pyoxigraph's solutions, boolean or triples.
        """
        subs = {ox.Variable(k): (v if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)) else ox.Literal(str(v)))
                for k, v in (bindings or {}).items()}
        text = sparql_prefixes() + sparql if prefixes else sparql
        return self._ox.query(text, use_default_graph_as_union=True, substitutions=subs or None)

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update as one transaction."""
        self._ox.update(sparql_prefixes() + sparql)

    def rows(self, sparql: str, bindings: dict | None = None) -> list[tuple]:
        """A SELECT query's rows as tuples of Python values (``str`` for IRIs and literals, ``None`` for unbound)."""
        res = self.query(sparql, bindings)
        names = [v.value for v in res.variables]
        return [tuple(None if s[n] is None else s[n].value for n in names) for s in res]

    @property
    def generation(self) -> str:
        """A token that changes whenever the store's content changes (for caches)."""
        for q in self._ox.quads_for_pattern(_STORE_NODE, _nn(str(KG.generation)), None, META_GRAPH):
            return q.object.value
        return "empty"

    # ------------------------------------------------------------------ reference data
    def _load_reference_data(self) -> None:
        """(Re)load the ontology and gazetteer graphs when their files changed."""
        for graph, files in ((ONTOLOGY_GRAPH, [ontology_dir() / "kg.ttl"]),
                             (GAZETTEER_GRAPH, sorted((ontology_dir() / "actors").glob("*.ttl")))):
            digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
            if any(q.object.value == digest for q in self._ox.quads_for_pattern(graph, _nn(str(KG.contentHash)), None, META_GRAPH)):
                continue
            quads = []
            for f in files:
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                             for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
            self._ox.clear_graph(graph)
            self._ox.extend(quads)
            for q in list(self._ox.quads_for_pattern(graph, _nn(str(KG.contentHash)), None, META_GRAPH)):
                self._ox.remove(q)
            self._ox.add(ox.Quad(graph, _nn(str(KG.contentHash)), _lit(digest), META_GRAPH))

    def gazetteer_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these actor ids the gazetteer knows."""
        known = set()
        for i in ids:
            if any(True for _ in self._ox.quads_for_pattern(actor_node(i), _RDF_TYPE, None, GAZETTEER_GRAPH)):
                known.add(i)
        return known

    # ------------------------------------------------------------------ documents
    def document_status(self, doc: Document) -> str | None:
        """The stored content hash of this document's key, or None if absent."""
        node = document_node(doc)
        for q in self._ox.quads_for_pattern(node, _nn(str(KG.contentHash)), None, node):
            return q.object.value
        return None

    def is_current(self, doc: Document) -> bool:
        """True if this exact text was stored by this extractor version (re-ingest would change nothing)."""
        return self.document_status(doc) == doc.content_hash and self._extractor_of(document_node(doc)) == EXTRACTOR

    def write_document(self, doc: Document, claims: Sequence[Claim], *, force: bool = False) -> str:
        """Store a document and its claims atomically, replacing any earlier version.

        Returns ``"added"``, ``"replaced"`` or ``"unchanged"`` (same text, same
        extractor: nothing written unless ``force``).
        """
        if self.read_only:
            raise StoreError("store opened read-only")
        node = document_node(doc)
        old_hash = self.document_status(doc)
        if not force and self.is_current(doc):
            return "unchanged"
        truthy = {m for m, v in modalities().items() if v.truthy}

        new_direct = {(c.subject.id, c.relation, c.object.id) for c in claims if c.modality in truthy}
        new_direct = {_canonical(*t) for t in new_direct}
        stale = self._unsupported_direct_triples(node, keep=new_direct) if old_hash else set()
        stale_actors = self._orphan_actors(node) if old_hash else set()

        doc_triples: list[tuple] = [
            (node, _RDF_TYPE, _nn(str(KG.Document))),
            (node, _nn(str(KG.fileName)), _lit(doc.name)),
            (node, _nn(str(KG.contentHash)), _lit(doc.content_hash)),
            (node, _nn(str(KG.extractor)), _lit(EXTRACTOR)),
            (node, _nn(str(KG.ingestedAt)), _lit(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "dateTime")),
        ]
        if doc.title:
            doc_triples.append((node, _nn("http://purl.org/dc/terms/title"), _lit(doc.title)))
        if doc.date:
            doc_triples.append((node, _nn("http://purl.org/dc/terms/date"), _lit(doc.date.isoformat(), "date")))
        if doc.url:
            doc_triples.append((node, _nn(str(KG.url)), _lit(doc.url, "anyURI")))
        actors: dict[str, Actor] = {}
        for c in claims:
            for a in (c.subject, c.object, c.attributed_to):
                if a is not None:
                    prev = actors.get(a.id)
                    actors[a.id] = a if prev is None else Actor(a.id, prev.label, prev.type, tuple(dict.fromkeys(prev.aliases + a.aliases)))
            doc_triples.extend(_claim_triples(doc, node, c))
        doc_triples.extend((node, _nn(str(KG.mentions)), actor_node(i)) for i in sorted(actors))

        known = self.gazetteer_ids(sorted(actors))
        typed = self._typed_actors(sorted(set(actors) - known)) - stale_actors
        default_triples: list[tuple] = []
        for a in actors.values():
            if a.id in known:
                continue
            n = actor_node(a.id)
            if a.id not in typed:
                default_triples.append((n, _RDF_TYPE, _nn(str(KG[a.type]))))
                default_triples.append((n, _LABEL, _lit(a.label)))
            default_triples.extend((n, _ALT, _lit(alias)) for alias in a.aliases if alias != a.label)
        for s, r, o in sorted(new_direct):
            default_triples.append((actor_node(s), _nn(str(REL[r])), actor_node(o)))

        ops = []
        if stale:
            ops.append("DELETE DATA {\n" + _ntriples((actor_node(s), _nn(str(REL[r])), actor_node(o)) for s, r, o in sorted(stale)) + "} ;\n")
        for a in sorted(stale_actors):
            ops.append(f"DELETE WHERE {{ {actor_node(a)} ?p ?o }} ;\n")
        ops.append(f"DROP SILENT GRAPH {node} ;\n")
        ops.append(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} {_nn(str(KG.generation))} ?g }} }} ;\n")
        ops.append("INSERT DATA {\n" + _ntriples(default_triples)
                   + f"GRAPH {node} {{\n" + _ntriples(doc_triples) + "}\n"
                   + f"GRAPH {META_GRAPH} {{ {_STORE_NODE} {_nn(str(KG.generation))} {_lit(uuid.uuid4().hex)} . }}\n}}")
        self._ox.update("".join(ops))
        return "replaced" if old_hash else "added"

    def remove_document(self, doc: Document) -> bool:
        """Remove a document and its claims; True if it was there."""
        if self.document_status(doc) is None:
            return False
        self.write_document(doc, [], force=True)
        self._ox.update(f"DROP SILENT GRAPH {document_node(doc)}")
        return True

    def _extractor_of(self, node: ox.NamedNode) -> str | None:
        for q in self._ox.quads_for_pattern(node, _nn(str(KG.extractor)), None, node):
            return q.object.value
        return None

    def _typed_actors(self, ids: Sequence[str]) -> set[str]:
        return {i for i in ids if any(True for _ in self._ox.quads_for_pattern(actor_node(i), _RDF_TYPE, None, ox.DefaultGraph()))}

    def _unsupported_direct_triples(self, node: ox.NamedNode, keep: set) -> set[tuple[str, str, str]]:
        """Direct triples the old version of this document supports and nothing else will."""
        truthy = " ".join(f"mod:{m}" for m, v in modalities().items() if v.truthy)
        old = self.rows(f"""
            SELECT DISTINCT ?st ?s ?r ?o WHERE {{ GRAPH {node} {{
              ?c kg:statement ?st ; kg:subject ?s ; kg:relation ?r ; kg:object ?o ; kg:modality ?m .
              VALUES ?m {{ {truthy} }} }} }}""")
        if not old:
            return set()
        values = " ".join(f"<{st}>" for st, *_ in old)
        still = {r[0] for r in self.rows(f"""
            SELECT DISTINCT ?st WHERE {{ VALUES ?st {{ {values} }} VALUES ?m {{ {truthy} }}
              GRAPH ?g {{ ?c kg:statement ?st ; kg:modality ?m }} FILTER(?g != {node}) }}""")}
        out = set()
        for st, s, r, o in old:
            t = _canonical(s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1])
            if st not in still and t not in keep:
                out.add(t)
        return out

    def _orphan_actors(self, node: ox.NamedNode) -> set[str]:
        """Non-gazetteer actors that only the old version of this document mentions."""
        rows = self.rows(f"""
            SELECT DISTINCT ?a WHERE {{ GRAPH {node} {{ {node} kg:mentions ?a }}
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?d kg:mentions ?a }} FILTER(?g != {node}) }} }}""")
        return {r[0].rsplit("/", 1)[-1] for r in rows}

    # ------------------------------------------------------------------ inspection
    def stats(self) -> dict:
        """Counts of documents, claims, actors and triples, and claims by relation and modality."""
        def one(q: str) -> int:
            return int(self.rows(q)[0][0])
        out = {
            "location": self.location,
            "documents": one("SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"),
            "claims": one("SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim }"),
            "actors_mentioned": one("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?d kg:mentions ?a }"),
            "gazetteer_actors": one(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH {GAZETTEER_GRAPH} {{ ?a a ?t . ?t rdfs:subClassOf* kg:Actor }} }}"),
            "direct_triples": one("SELECT (COUNT(*) AS ?n) WHERE { ?s ?r ?o . ?r skos:notation ?id . ?r a owl:ObjectProperty }"),
            "triples": len(self._ox),
        }
        out["by_relation"] = {r.rsplit("/", 1)[-1]: int(n) for r, n in self.rows(
            "SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; kg:relation ?r } GROUP BY ?r ORDER BY DESC(?n)")}
        out["by_modality"] = {m.rsplit("/", 1)[-1]: int(n) for m, n in self.rows(
            "SELECT ?m (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; kg:modality ?m } GROUP BY ?m ORDER BY DESC(?n)")}
        return out

    def documents(self) -> list[dict]:
        """The stored documents with their file name, title, date, URL and claim count."""
        rows = self.rows("""
            SELECT ?d ?name ?title ?date ?url (COUNT(?c) AS ?claims) WHERE {
              GRAPH ?d { ?d a kg:Document ; kg:fileName ?name .
                OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:date ?date }
                OPTIONAL { ?d kg:url ?url } OPTIONAL { ?c kg:source ?d } } }
            GROUP BY ?d ?name ?title ?date ?url ORDER BY ?name""")
        return [dict(zip(("iri", "name", "title", "date", "url", "claims"), r)) for r in rows]

    def validate(self, document: str | None = None, *, limit: int = 50) -> tuple[bool, list[str]]:
        """Check the stored actors, claims and documents against ``ontology/shapes.ttl``.

        Parameters
        ----------
        document : str, optional
            Only this document (its file name or URL) and the actors it mentions.
        limit : int
            At most this many violation messages.

        Returns
        -------
        (conforms, messages) : one readable line per violation.
        """
        import pyshacl
        import rdflib

        if document is None:
            where = "{ ?s ?p ?o }"
        else:
            rows = self.rows("SELECT ?d ?key WHERE { ?d a kg:Document . { ?d kg:fileName ?k } UNION { ?d kg:url ?k } FILTER(STR(?k) = ?key) }",
                             {"key": document})
            if not rows:
                raise StoreError(f"no stored document named {document!r}")
            d = f"<{rows[0][0]}>"
            where = (f"{{ GRAPH {d} {{ ?s ?p ?o }} }} UNION {{ GRAPH {d} {{ {d} kg:mentions ?s }} ?s ?p ?o }}"
                     f" UNION {{ GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }} }}")
        data = rdflib.Graph()
        data.parse(data=_ntriples((t.subject, t.predicate, t.object) for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")),
                   format="nt")
        shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
        conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        nm = rdflib.Graph().namespace_manager
        for prefix, iri in _prefix_map().items():
            nm.bind(prefix, iri, replace=True)
        messages = []
        for r in sorted(results.subjects(rdflib.RDF.type, sh.ValidationResult), key=str):
            focus, path = results.value(r, sh.focusNode), results.value(r, sh.resultPath)
            msg = results.value(r, sh.resultMessage)
            where_ = focus.n3(nm) + (f" {path.n3(nm)}" if isinstance(path, rdflib.URIRef) else "")
            messages.append(f"{where_}: {msg}")
        return bool(conforms), sorted(set(messages))[:limit]

    def dump(self, out, fmt: str, *, include_reference: bool = False) -> None:
        """Serialise the claims (and, optionally, the ontology and gazetteer) as RDF.

        ``fmt`` is an RDF format name pyoxigraph knows: ``ttl``, ``nt``, ``nq``, ``trig``.
        Triple formats get the union of the graphs.
        """
        graphs = None if include_reference else [g for g in self._ox.named_graphs()
                                                 if g not in (ONTOLOGY_GRAPH, GAZETTEER_GRAPH, META_GRAPH)]
        rdf_format = ox.RdfFormat.from_extension(fmt)
        quads = []
        for g in ([ox.DefaultGraph()] + graphs) if graphs is not None else [None]:
            quads.extend(self._ox.quads_for_pattern(None, None, None, g))
        if rdf_format.supports_datasets:
            ox.serialize(quads, out, format=rdf_format, prefixes=_prefix_map())
        else:
            triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            ox.serialize(triples, out, format=rdf_format, prefixes=_prefix_map())


def _prefix_map() -> dict[str, str]:
    from .vocab import PREFIXES

    return dict(PREFIXES)


def _canonical(s: str, r: str, o: str) -> tuple[str, str, str]:
    if relations()[r].symmetric and o < s:
        s, o = o, s
    return s, r, o
