"""The claim store: RDF in an embedded Oxigraph database, or in a SPARQL 1.1 server.

Layout of the dataset
---------------------
Every triple lives in exactly one *named* graph (no engine-specific default
graph is needed, so the same data and the same updates work on Oxigraph,
Virtuoso and Fuseki):

* ``<graph/ontology>`` and ``<graph/gazetteer>``: the ontology and the reference
  actor gazetteer, reloaded whenever their files change;
* one named graph per document, named by the document's IRI, holding the
  document's metadata, its claims, the actors it mentions and each claim's
  actor months (``kg:monthClaim``);
* ``<graph/direct>``: the direct ("truthy") triples of asserted and reported
  claims, and the names and types of actors the gazetteer does not know;
* ``<graph/meta>``: content hashes of the reference data, the store's
  generation token and the per-relation counts (``kg:Tally``);
* store-maintained counts that saved queries read instead of counting claims:
  ``<graph/summary/RELATION>`` (``kg:Summary``: the claims of one statement and
  modality, counted, with documents and date span), ``<graph/contested>``
  (``kg:ContestedStatement``), ``<graph/timeline>`` (``kg:ActorMonth``: an
  actor's claims in one month, counted) and ``<graph/summary-bins>``
  (``kg:SummaryBin``: how many of a relation's summaries count the same number
  of claims, for rankings of a whole relation). The update that writes documents
  updates them in the same transaction: a new document's counts are added, the
  statements and months a replaced document touches are counted again.

Queries see the union of all graphs. Every triple lives in exactly one graph, so
the union never repeats a row.

Backends
--------
``Store(location)`` picks the backend from the location:

* a directory path: the embedded Oxigraph store (RocksDB), the default;
* ``sparql+http://[user:password@]HOST:PORT[/PATH][?query=...&update=...&timeout=S]``
  (or ``sparql+https://``): a SPARQL 1.1 server, read through the SPARQL 1.1
  Protocol and written through SPARQL 1.1 Update. The endpoints follow the
  engine's conventions from the path:

  ===========================================  ===================  ==========================
  location                                     query endpoint       update endpoint
  ===========================================  ===================  ==========================
  ``sparql+http://127.0.0.1:7878/``            ``/query``           ``/update`` (Oxigraph Server)
  ``sparql+http://127.0.0.1:3030/kg``          ``/kg/query``        ``/kg/update`` (Fuseki)
  ``sparql+http://dba:dba@127.0.0.1:8890/sparql``  ``/sparql``     ``/sparql-auth`` (Virtuoso; digest
                                                                    auth with the URL's credentials)
  ``sparql+http://127.0.0.1:8890/sparql``      ``/sparql``          ``/sparql`` (Virtuoso with
                                                                    ``SPARQL_UPDATE`` granted)
  ===========================================  ===================  ==========================

  ``?query=/path&update=/path`` overrides either endpoint; ``timeout`` is the
  HTTP timeout in seconds (default 120). Credentials may also come from
  ``$KG_SPARQL_USER`` and ``$KG_SPARQL_PASSWORD``; HTTP basic and digest
  authentication are both answered. The server must evaluate queries over the
  union of its graphs (Oxigraph Server: ``--union-default-graph``; Virtuoso does
  so by default; Fuseki: ``tdb2:unionDefaultGraph true``).

Writing a document is one SPARQL update (several documents are batched into one
request by :meth:`Store.write_documents`), which Oxigraph (embedded or server)
applies as one transaction: re-ingesting replaces the document's claims, and a
crash mid-write leaves the store as it was.

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
>>> parse_location("sparql+http://dba:dba@127.0.0.1:8890/sparql").update
'http://127.0.0.1:8890/sparql-auth'
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .model import Actor, Claim, Document
from .vocab import ACTOR, BASE, CLAIM, DOC, GRAPH, KG, MOD, REL, STATEMENT, SUMMARY, modalities, ontology_dir, relations, sparql_prefixes

__all__ = ["Store", "StoreError", "default_location", "parse_location", "is_remote", "Endpoint", "EXTRACTOR",
           "DIRECT_GRAPH", "values_clause"]

EXTRACTOR = f"kg {__version__}"
ONTOLOGY_GRAPH = ox.NamedNode(str(GRAPH["ontology"]))
GAZETTEER_GRAPH = ox.NamedNode(str(GRAPH["gazetteer"]))
META_GRAPH = ox.NamedNode(str(GRAPH["meta"]))
DIRECT_GRAPH = ox.NamedNode(str(GRAPH["direct"]))
_STORE_NODE = ox.NamedNode(str(KG["store"]))
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_OURS = f'STRSTARTS(STR(?g), "{BASE}")'  # our graphs, not a server's system graphs


class StoreError(Exception):
    """A store problem to report in one line (locked, unreadable, bad location, server unreachable)."""


def default_location() -> str:
    """``$KG_STORE`` if set, else ``store`` in the user's data directory."""
    if os.environ.get("KG_STORE"):
        return os.environ["KG_STORE"]
    import platformdirs

    return str(Path(platformdirs.user_data_dir("kg")) / "store")


# ---------------------------------------------------------------------------- locations

@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server answers: query and update URLs, credentials, HTTP timeout."""

    query: str
    update: str
    user: str | None = None
    password: str | None = None
    timeout: float = 120.0

    def __str__(self) -> str:  # never shows the password
        return self.query


def is_remote(location: str | Path | None) -> bool:
    """True for a ``sparql+http(s)://`` location."""
    return str(location or "").lower().startswith(("sparql+http://", "sparql+https://"))


def parse_location(location: str) -> Endpoint:
    """The endpoints of a ``sparql+http(s)://`` location (see the module docstring); ``StoreError`` if malformed."""
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        u = urlsplit(location)
        port = u.port
    except ValueError as exc:
        raise StoreError(f"bad store URL {location!r}: {exc}") from None
    scheme = u.scheme.lower().removeprefix("sparql+")
    if scheme not in ("http", "https") or not u.hostname:
        raise StoreError(f"bad store URL {location!r}: use sparql+http://HOST:PORT/[PATH]")
    host = u.hostname if ":" not in u.hostname else f"[{u.hostname}]"
    root = f"{scheme}://{host}" + (f":{port}" if port else "")
    params = {k: v[-1] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
    unknown = set(params) - {"query", "update", "timeout"}
    if unknown:
        raise StoreError(f"bad store URL {location!r}: unknown parameter {sorted(unknown)[0]!r} (use query, update, timeout)")
    path = u.path.rstrip("/")
    user = unquote(u.username) if u.username else os.environ.get("KG_SPARQL_USER")
    password = unquote(u.password) if u.password else os.environ.get("KG_SPARQL_PASSWORD")
    if path.rsplit("/", 1)[-1] == "sparql":  # Virtuoso (or any single-endpoint server)
        query, update = path, (path + "-auth" if user else path)
    else:  # Oxigraph Server at the root, Fuseki under /DATASET
        query, update = path + "/query", path + "/update"

    def absolute(p: str) -> str:
        return p if re.match(r"https?://", p) else root + "/" + p.lstrip("/")

    try:
        timeout = float(params.get("timeout", 120))
    except ValueError:
        raise StoreError(f"bad store URL {location!r}: timeout must be a number of seconds") from None
    return Endpoint(absolute(params.get("query", query)), absolute(params.get("update", update)), user, password, timeout)


# ---------------------------------------------------------------------------- terms

def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))
    return ox.Literal(str(value))


def _term(value):
    """A binding value as an RDF term: pyoxigraph terms as they are, anything else as a plain literal."""
    return value if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)) else ox.Literal(str(value))


def actor_node(actor_id: str) -> ox.NamedNode:
    return _nn(str(ACTOR[actor_id]))


def document_node(doc: Document) -> ox.NamedNode:
    return _nn(str(DOC[doc.id]))


def statement_key(subject: str, relation: str, obj: str) -> str:
    """Identity of a direct triple; symmetric relations are ordered canonically."""
    if relations()[relation].symmetric and obj < subject:
        subject, obj = obj, subject
    return hashlib.sha1(f"{subject}|{relation}|{obj}".encode()).hexdigest()[:20]


def _claim_node(doc: Document, claim: Claim) -> ox.NamedNode:
    """The claim's IRI: the same claim of the same document always gets the same node."""
    return _nn(str(CLAIM[hashlib.sha1(
        f"{doc.key}|{claim.subject.id}|{claim.relation}|{claim.object.id}|{claim.modality}|"
        f"{claim.attributed_to.id if claim.attributed_to else ''}|{claim.char_start}".encode()
    ).hexdigest()[:24]]))


def _claim_triples(doc: Document, node: ox.NamedNode, claim: Claim) -> list[tuple]:
    c = _claim_node(doc, claim)
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
    t.extend((actor_month_node(a, month), _nn(str(KG.monthClaim)), c) for a, month in claim_months(doc, claim))
    return t


def claim_months(doc: Document, claim: Claim) -> set[tuple[str, str]]:
    """The (actor id, ``YYYY-MM``) months the claim counts in: its subject's and its object's, at its
    event date, else its document's date; none if undated."""
    day = claim.date or (doc.date.isoformat() if doc.date else None)
    return {(claim.subject.id, day[:7]), (claim.object.id, day[:7])} if day else set()


def actor_month_node(actor_id: str, month: str) -> ox.NamedNode:
    """The kg:ActorMonth of one actor and month."""
    return _nn(f"{ACTOR_MONTH}{actor_id}/{month}")


# ---------------------------------------------------------------------------- tallies

TALLY_VERSION = "3"  # 2: with the statement summaries; 3: with their count bins


def tally_node(relation: str, modality: str) -> ox.NamedNode:
    """The kg:Tally of one relation and modality (in ``graph/meta``)."""
    return _nn(f"{BASE}tally/{relation}/{modality}")


def _tally_update(deltas: dict) -> str:
    """A SPARQL update adding ``{(relation, modality): (claims, documents)}`` to the stored tallies."""
    rows = " ".join(f"({tally_node(r, m)} {_nn(str(REL[r]))} {_nn(str(MOD[m]))} {dn} {dk})"
                    for (r, m), (dn, dk) in sorted(deltas.items()) if dn or dk)
    if not rows:
        return ""
    k = {name: _nn(str(KG[name])) for name in ("Tally", "countsRelation", "countsModality", "claimCount", "documentCount")}
    return (f"DELETE {{ GRAPH {META_GRAPH} {{ ?t {k['claimCount']} ?n . ?t {k['documentCount']} ?k }} }}\n"
            f"INSERT {{ GRAPH {META_GRAPH} {{ ?t a {k['Tally']} ; {k['countsRelation']} ?r ; {k['countsModality']} ?m ; "
            f"{k['claimCount']} ?n2 ; {k['documentCount']} ?k2 }} }}\n"
            f"WHERE {{ VALUES (?t ?r ?m ?dn ?dk) {{ {rows} }}\n"
            f"  OPTIONAL {{ GRAPH {META_GRAPH} {{ ?t {k['claimCount']} ?n ; {k['documentCount']} ?k }} }}\n"
            f"  BIND(COALESCE(?n, 0) + ?dn AS ?n2) BIND(COALESCE(?k, 0) + ?dk AS ?k2) }} ;\n")


SUMMARY_GRAPH = GRAPH["summary/"]  # + relation id: one graph per relation
CONTESTED_GRAPH = ox.NamedNode(str(GRAPH["contested"]))
TIMELINE_GRAPH = ox.NamedNode(str(GRAPH["timeline"]))
BIN_GRAPH = ox.NamedNode(str(GRAPH["summary-bins"]))
ACTOR_MONTH = f"{BASE}actor-month/"
SUMMARY_BIN = f"{BASE}summary-bin/"


def summary_graph(relation: str) -> ox.NamedNode:
    """The named graph holding the kg:Summary nodes of one relation's statements."""
    return _nn(f"{SUMMARY_GRAPH}{relation}")


def summary_triples(key: str, subject: str, relation: str, obj: str, modality: str, claims: int, documents: int,
                    first: str | None, last: str | None) -> list[tuple]:
    """The triples of one kg:Summary (for its graph, :func:`summary_graph`), as :func:`_summary_update` writes them.

    For writers that count the claims themselves (:class:`ClaimCounts`: new documents,
    bulk loaders); ``subject`` and ``obj`` in the statement's order (:func:`statement_key`).
    """
    n = _nn(f"{SUMMARY}{key}/{modality}")
    k = {name: _nn(str(KG[name])) for name in ("countsStatement", "countsSubject", "countsRelation", "countsObject",
                                                "countsModality", "claimCount", "documentCount", "firstDate", "lastDate")}
    t = [(n, _RDF_TYPE, _nn(str(KG.Summary))), (n, k["countsStatement"], _nn(str(STATEMENT[key]))),
         (n, k["countsSubject"], actor_node(subject)), (n, k["countsRelation"], _nn(str(REL[relation]))),
         (n, k["countsObject"], actor_node(obj)), (n, k["countsModality"], _nn(str(MOD[modality]))),
         (n, k["claimCount"], _lit(claims, "integer")), (n, k["documentCount"], _lit(documents, "integer"))]
    if first:
        t += [(n, k["firstDate"], _lit(first, "date")), (n, k["lastDate"], _lit(last, "date"))]
    return t


def contested_triples(key: str, subject: str, relation: str, obj: str, supporting: int, disputing: int,
                      documents: int) -> list[tuple]:
    """The triples of one kg:ContestedStatement (for ``CONTESTED_GRAPH``), as :func:`_summary_update` writes them."""
    st = _nn(str(STATEMENT[key]))
    return [(st, _RDF_TYPE, _nn(str(KG.ContestedStatement))), (st, _nn(str(KG.countsSubject)), actor_node(subject)),
            (st, _nn(str(KG.countsRelation)), _nn(str(REL[relation]))), (st, _nn(str(KG.countsObject)), actor_node(obj)),
            (st, _nn(str(KG.supportingClaims)), _lit(supporting, "integer")),
            (st, _nn(str(KG.disputingClaims)), _lit(disputing, "integer")),
            (st, _nn(str(KG.documentCount)), _lit(documents, "integer"))]


class ClaimCounts:
    """What a set of documents adds to the store's counts, counted from their claims.

    ``groups``: (statement IRI, modality) -> [claims, documents, first date, last date];
    ``statements``: statement IRI -> [(subject, relation, object) in the statement's
    order, supporting claims, disputing claims, documents]; ``months``: kg:ActorMonth
    node -> claims. A claim stated twice in a document is one claim node, so it counts once.
    Used by :meth:`Store.write_documents` for new documents and by bulk loaders
    (``bench/synthetic_store.py``) for everything they load.
    """

    def __init__(self):
        self.groups: dict = {}
        self.statements: dict = {}
        self.months: Counter = Counter()
        self._mods = modalities()

    def add(self, doc: Document, claims: Sequence[Claim]) -> None:
        nodes, groups, statements = set(), set(), set()
        for c in claims:
            cn = _claim_node(doc, c)
            if cn in nodes:
                continue
            nodes.add(cn)
            st = str(STATEMENT[statement_key(c.subject.id, c.relation, c.object.id)])
            self.months.update(actor_month_node(a, m) for a, m in claim_months(doc, c))
            g = self.groups.setdefault((st, c.modality), [0, 0, None, None])
            g[0] += 1
            if (st, c.modality) not in groups:
                groups.add((st, c.modality))
                g[1] += 1
            if c.date:
                g[2] = c.date if g[2] is None or c.date < g[2] else g[2]
                g[3] = c.date if g[3] is None or c.date > g[3] else g[3]
            s = self.statements.setdefault(st, [_canonical(c.subject.id, c.relation, c.object.id), 0, 0, 0])
            s[1] += self._mods[c.modality].truthy
            s[2] += self._mods[c.modality].disputing
            if st not in statements:
                statements.add(st)
                s[3] += 1


def actor_month_triples(actor_id: str, month: str, claims: int) -> list[tuple]:
    """The triples of one kg:ActorMonth (for ``TIMELINE_GRAPH``), as :func:`_month_update` writes them."""
    b = actor_month_node(actor_id, month)
    return [(b, _RDF_TYPE, _nn(str(KG.ActorMonth))), (b, _nn(str(KG.monthActor)), actor_node(actor_id)),
            (b, _nn(str(KG.month)), _lit(month)), (b, _nn(str(KG.claimCount)), _lit(claims, "integer"))]


def _month_update(months: Iterable[ox.NamedNode] | None) -> str:
    """A SPARQL update recounting these kg:ActorMonth nodes (``None``: all of them) from the kg:monthClaim
    links in the documents' graphs; a month with no claim left is removed. Uses ``sparql_prefixes()``."""
    if months is None:
        values, drop = "", f"DROP SILENT GRAPH {TIMELINE_GRAPH} ;\n"
    else:
        values = " ".join(str(b) for b in sorted(set(months), key=str))
        if not values:
            return ""
        values = f"VALUES ?b {{ {values} }}"
        drop = f"DELETE {{ GRAPH {TIMELINE_GRAPH} {{ ?b ?p ?v }} }} WHERE {{ {values} GRAPH {TIMELINE_GRAPH} {{ ?b ?p ?v }} }} ;\n"
    return drop + f"""INSERT {{ GRAPH {TIMELINE_GRAPH} {{ ?b a kg:ActorMonth ; kg:monthActor ?a ; kg:month ?month ; kg:claimCount ?n }} }}
    WHERE {{
      {{ SELECT ?b (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {values} GRAPH ?d {{ ?b kg:monthClaim ?c }} }} GROUP BY ?b }}
      BIND(STRAFTER(STR(?b), "{ACTOR_MONTH}") AS ?key)
      BIND(IRI(CONCAT("{ACTOR}", STRBEFORE(?key, "/"))) AS ?a)
      BIND(STRAFTER(?key, "/") AS ?month)
    }} ;
"""


def _summary_update(statements: Iterable[str] | None = None, relation: str | None = None) -> str:
    """A SPARQL update rewriting the summaries (kg:Summary, kg:ContestedStatement) of these statement IRIs
    from their stored claims; with ``statements=None``, of every statement of ``relation``.

    A summary counts the claims of one statement and modality, so each output row
    of an actor's aggregate query is one node found by one index range scan of
    its relation's graph, not a group of claims each looked up. This counts again
    from the claims, for what a replaced or removed document touches (a removal
    cannot be subtracted from a date span) and for :meth:`Store.rebuild_tallies`;
    new documents' counts are added instead (:meth:`Store._counts_update`).
    It uses the ontology's prefixes (``sparql_prefixes()``), which must open the request.
    """
    if statements is None:
        values = f"?c kg:relation rel:{relation} ."
        drop = (f"DROP SILENT GRAPH {summary_graph(relation)} ;\n"
                f"DELETE WHERE {{ GRAPH {CONTESTED_GRAPH} {{ ?st kg:countsRelation rel:{relation} ; ?p ?v }} }} ;\n")
    else:
        values = " ".join(f"<{st}>" for st in sorted(set(statements)))
        if not values:
            return ""
        values = f"VALUES ?st {{ {values} }}"
        drop = (f"DELETE {{ GRAPH ?g {{ ?n ?p ?v }} }} WHERE {{ {values} GRAPH ?g {{ ?n kg:countsStatement ?st ; ?p ?v }} }} ;\n"
                f"DELETE {{ GRAPH {CONTESTED_GRAPH} {{ ?st ?p ?v }} }} WHERE {{ {values} GRAPH {CONTESTED_GRAPH} {{ ?st ?p ?v }} }} ;\n")
    mods = modalities()
    truthy = ", ".join(f"<{m.iri}>" for m in mods.values() if m.truthy)
    disputing = ", ".join(f"<{m.iri}>" for m in mods.values() if m.disputing)
    symmetric = " ".join(f"rel:{r}" for r, v in relations().items() if v.symmetric)
    # each claim's ends in the statement's order (a symmetric relation's in IRI order, as statement_key orders
    # them), the same for all the statement's claims, so SAMPLE is exact; read in the claims' group (after the
    # grouping they would be joined by hash, scanning every claim). An update's WHERE reads the default graph
    # alone, so every pattern names its graph.
    claims = f"""GRAPH ?d {{ {values} ?c kg:statement ?st ; kg:modality ?m ; kg:subject ?s0 ; kg:relation ?r0 ; kg:object ?o0
            OPTIONAL {{ ?c kg:eventDate ?date }} }}
          BIND(?r0 IN ({", ".join(symmetric.split())}) && STR(?o0) < STR(?s0) AS ?swap)
          BIND(IF(?swap, ?o0, ?s0) AS ?s1) BIND(IF(?swap, ?s0, ?o0) AS ?o1)"""
    ends = "(SAMPLE(?s1) AS ?s) (SAMPLE(?r0) AS ?r) (SAMPLE(?o1) AS ?o)"
    return drop + f"""INSERT {{ GRAPH ?g {{ ?n a kg:Summary ; kg:countsStatement ?st ; kg:countsSubject ?s ;
        kg:countsRelation ?r ; kg:countsObject ?o ; kg:countsModality ?m ; kg:claimCount ?claims ;
        kg:documentCount ?documents ; kg:firstDate ?first ; kg:lastDate ?last }} }}
    WHERE {{
      {{ SELECT ?st ?m (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?d) AS ?documents) (MIN(?date) AS ?first)
               (MAX(?date) AS ?last) {ends}
         WHERE {{ {claims} }}
         GROUP BY ?st ?m }}
      BIND(IRI(CONCAT("{SUMMARY_GRAPH}", STRAFTER(STR(?r), "{REL}"))) AS ?g)
      BIND(IRI(CONCAT("{SUMMARY}", STRAFTER(STR(?st), "{STATEMENT}"), "/", STRAFTER(STR(?m), "{MOD}"))) AS ?n)
    }} ;
    INSERT {{ GRAPH {CONTESTED_GRAPH} {{ ?st a kg:ContestedStatement ; kg:countsSubject ?s ; kg:countsRelation ?r ;
        kg:countsObject ?o ; kg:supportingClaims ?supporting ; kg:disputingClaims ?disputing ; kg:documentCount ?documents }} }}
    WHERE {{
      {{ SELECT ?st (SUM(IF(?m IN ({truthy}), 1, 0)) AS ?supporting) (SUM(IF(?m IN ({disputing}), 1, 0)) AS ?disputing)
               (COUNT(DISTINCT ?d) AS ?documents) {ends}
         WHERE {{ {claims} }}
         GROUP BY ?st }}
      FILTER(?supporting > 0 && ?disputing > 0)
    }} ;
"""


def bin_node(relation: str, claims: int) -> ox.NamedNode:
    """The kg:SummaryBin of one relation's summaries that count ``claims`` claims."""
    return _nn(f"{SUMMARY_BIN}{relation}/{claims}")


def bin_triples(relation: str, claims: int, summaries: int) -> list[tuple]:
    """The triples of one kg:SummaryBin (for ``BIN_GRAPH``), as :func:`_bin_update` writes them."""
    b = bin_node(relation, claims)
    return [(b, _RDF_TYPE, _nn(str(KG.SummaryBin))), (b, _nn(str(KG.countsRelation)), _nn(str(REL[relation]))),
            (b, _nn(str(KG.claimCount)), _lit(claims, "integer")), (b, _nn(str(KG.summaryCount)), _lit(summaries, "integer"))]


def _bin_update(statements: Iterable[str] | None = None, *, subtract: bool = False) -> str:
    """A SPARQL update adding the stored summaries of these statement IRIs to the kg:SummaryBin counts
    (``subtract``: taking them out); ``None``: the bins counted again from every summary.

    A bin is the number of one relation's summaries with one claim count, so a
    whole-store ranking reads the few bins to find the claim count at which its
    ``limit`` is reached, then only the summaries at or above it (an index seek
    per count), not every summary. Summaries recounted in SPARQL leave their bins
    before and come back after; adding removes the bins left empty (new
    documents' changes are counted in Python: :meth:`Store._counts_update`).
    Uses the ontology's prefixes (``sparql_prefixes()``).
    """
    bin_iri = f'BIND(IRI(CONCAT("{SUMMARY_BIN}", STRAFTER(STR(?r), "{REL}"), "/", STR(?c))) AS ?b)'
    if statements is None:
        rows = " ".join(f"({summary_graph(r)} rel:{r})" for r in sorted(relations()))
        return f"""DROP SILENT GRAPH {BIN_GRAPH} ;
    INSERT {{ GRAPH {BIN_GRAPH} {{ ?b a kg:SummaryBin ; kg:countsRelation ?r ; kg:claimCount ?c ; kg:summaryCount ?k }} }}
    WHERE {{ {{ SELECT ?r ?c (COUNT(?n) AS ?k) WHERE {{ VALUES (?g ?r) {{ {rows} }} GRAPH ?g {{ ?n kg:claimCount ?c }} }} GROUP BY ?r ?c }}
      {bin_iri} }} ;
"""
    values = " ".join(f"<{st}>" for st in sorted(set(statements)))
    if not values:
        return ""
    return f"""DELETE {{ GRAPH {BIN_GRAPH} {{ ?b kg:summaryCount ?k }} }}
    INSERT {{ GRAPH {BIN_GRAPH} {{ ?b a kg:SummaryBin ; kg:countsRelation ?r ; kg:claimCount ?c ; kg:summaryCount ?k2 }} }}
    WHERE {{ {{ SELECT ?r ?c (COUNT(?n) AS ?dk) WHERE {{ VALUES ?st {{ {values} }}
                GRAPH ?g {{ ?n kg:countsStatement ?st ; kg:countsRelation ?r ; kg:claimCount ?c }} }} GROUP BY ?r ?c }}
      {bin_iri}
      OPTIONAL {{ GRAPH {BIN_GRAPH} {{ ?b kg:summaryCount ?k }} }}
      BIND(COALESCE(?k, 0) {"-" if subtract else "+"} ?dk AS ?k2) }} ;
""" + ("" if subtract else f"DELETE WHERE {{ GRAPH {BIN_GRAPH} {{ ?b kg:summaryCount 0 ; ?p ?v }} }} ;\n")


def _replace_data(changes: Iterable[tuple[ox.NamedNode, list, list]]) -> str:
    """The DELETE DATA / INSERT DATA that turns stored counts' triples into new ones: ``changes`` are
    ``(graph, was, now)``, the triples of one node before and after; only the triples that differ are written."""
    old: dict = {}
    new: dict = {}
    for g, was, now in changes:
        old.setdefault(g, []).extend(t for t in was if t not in now)
        new.setdefault(g, []).extend(t for t in now if t not in was)

    def data(op, graphs):
        body = "".join(_graph_block(g, ts) for g, ts in graphs.items())
        return f"{op} {{\n{body}}} ;\n" if body else ""
    return data("DELETE DATA", old) + data("INSERT DATA", new)


def _ntriples(triples: Iterable[tuple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


# ---------------------------------------------------------------------------- VALUES for remote bindings

_SKIP = re.compile(r'''<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*''')
_TOKEN = re.compile(r"[{}]|\bWHERE\b", re.I)


def values_clause(bindings: dict) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for bindings; terms are written in N-Triples syntax (pyoxigraph's ``str``)."""
    names = list(bindings)
    terms = [str(_term(bindings[n])) for n in names]
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(terms) + ") }"


def sparql_tokens(text: str, pattern):
    """The matches of ``pattern`` in a query, in order, outside its strings, IRIs and comments."""
    pos, n = 0, len(text)
    while pos < n:
        m = _SKIP.match(text, pos)
        if m:
            pos = m.end()
            continue
        t = pattern.match(text, pos)
        if t is None:
            pos += 1
            continue
        yield t
        pos = t.end()


def inject_values(sparql: str, bindings: dict) -> str:
    """The query with a VALUES block for ``bindings`` at the start of its WHERE group.

    A remote server cannot take pre-bound variables as a protocol parameter, so
    bindings travel as data: each value is serialised as an RDF term (IRIs,
    literals with escapes, language tags and datatypes, as pyoxigraph writes
    N-Triples), never spliced in as text. A VALUES block at the start of the
    top-level group binds the variable for the whole group, its FILTERs and its
    subqueries' joins, as the embedded engine's substitutions do.

    >>> inject_values('SELECT ?x WHERE { ?x ?p ?key FILTER(?x != <urn:a>) }', {"key": 'say "hi"'})
    'SELECT ?x WHERE { VALUES (?key) { ("say \\\\"hi\\\\"") } ?x ?p ?key FILTER(?x != <urn:a>) }'
    """
    if not bindings:
        return sparql
    depth, where_at, first_at = 0, None, None
    for t in sparql_tokens(sparql, _TOKEN):
        tok, pos = t.group(0), t.start()
        if tok == "{":
            if depth == 0 and first_at is None:
                first_at = pos
            if depth == 0 and where_at is not None:
                first_at = pos
                break
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            where_at = pos
    if first_at is None:
        raise StoreError("cannot bind variables: the query has no WHERE group")
    return sparql[:first_at + 1] + " " + values_clause(bindings) + sparql[first_at + 1:]


# ---------------------------------------------------------------------------- backends

class _Embedded:
    """pyoxigraph's RocksDB store in this process."""

    remote = False

    def __init__(self, location: str, read_only: bool):
        path = Path(location)
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no store at {location} (ingest something first)")
                self.ox = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(path))
        except OSError as exc:
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in msg.lower():
                raise StoreError(f"store {location} is in use by another kg process (one writer at a time)") from None
            raise StoreError(f"cannot open store {location}: {msg}") from None
        self.read_only = read_only

    def query(self, text: str, bindings: dict | None):
        subs = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        try:
            return self.ox.query(text, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None

    def update(self, text: str) -> None:
        self.ox.update(text)

    def triple_count(self) -> int:
        return len(self.ox)

    def replace_graph(self, graph, triples, meta) -> None:
        """Replace a reference graph with the bulk loader (2-3x faster than a transaction for 60k triples).

        The bulk loader is not transactional, so the graph's content hash is
        removed first and written last: a crash in between leaves no hash,
        and the next open loads the graph again.
        """
        for q in list(self.ox.quads_for_pattern(meta[0], meta[1], None, META_GRAPH)):
            self.ox.remove(q)
        self.ox.clear_graph(graph)
        self.ox.bulk_extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
        self.ox.add(ox.Quad(*meta, META_GRAPH))

    def close(self) -> None:
        if not self.read_only:
            self.ox.flush()
        self.ox = None


class _Remote:
    """A SPARQL 1.1 server: SPARQL Protocol for queries, SPARQL 1.1 Update for writes."""

    remote = True

    def __init__(self, location: str, read_only: bool):
        import urllib.request

        self.location = location
        self.endpoint = parse_location(location)
        self.read_only = read_only
        handlers = []
        if self.endpoint.user is not None:
            pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.endpoint.query, self.endpoint.update):
                pm.add_password(None, url, self.endpoint.user, self.endpoint.password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(pm), urllib.request.HTTPBasicAuthHandler(pm)]
        self._opener = urllib.request.build_opener(*handlers)
        self.query("ASK { }", None)  # reachable, and speaks SPARQL

    def _post(self, url: str, field: str, text: str, accept: str) -> bytes:
        import http.client
        import urllib.error
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept,
            "User-Agent": f"kg/{__version__}"})
        try:
            with self._opener.open(req, timeout=self.endpoint.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            lines = [ln.strip() for ln in detail.splitlines() if ln.strip()]
            first = next((ln for ln in lines if "error" in ln.lower()), lines[0] if lines else exc.reason)
            if field == "update" and (exc.code in (401, 403) or "permission" in first.lower()):
                first += " (the update endpoint needs credentials: sparql+http://USER:PASSWORD@HOST/...)"
            raise StoreError(f"SPARQL server {url} answered {exc.code}: {str(first)[:300]}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise StoreError(f"cannot reach SPARQL server {url}: {reason}") from None

    def query(self, text: str, bindings: dict | None):
        if bindings:
            text = inject_values(text, bindings)
        form = _query_form(text)
        if form == "CONSTRUCT" or form == "DESCRIBE":
            data = self._post(self.endpoint.query, "query", text, "application/n-triples")
            try:
                return _Triples(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
            except SyntaxError as exc:
                raise StoreError(f"SPARQL server {self.endpoint.query} sent unreadable N-Triples: {exc}") from None
        data = self._post(self.endpoint.query, "query", text, "application/sparql-results+json")
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"SPARQL server {self.endpoint.query} sent unreadable results: {str(exc)[:200]}") from None

    def update(self, text: str) -> None:
        self._post(self.endpoint.update, "update", text, "*/*")

    def triple_count(self) -> int:
        res = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS}) }}", None)
        return int(next(iter(res))["n"].value)

    def replace_graph(self, graph, triples, meta, chunk: int = 10000) -> None:
        """Replace a reference graph with SPARQL updates of ``chunk`` triples (servers cap a request's size)."""
        self.update(f"DROP SILENT GRAPH {graph} ;\n"
                    f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {meta[0]} {meta[1]} ?h }} }}")
        for i in range(0, len(triples), chunk):
            self.update(f"INSERT DATA {{ {_graph_block(graph, triples[i:i + chunk])}}}")
        self.update(f"INSERT DATA {{ GRAPH {META_GRAPH} {{ {meta[0]} {meta[1]} {meta[2]} }} }}")  # last: marks it complete

    def close(self) -> None:
        self._opener = None


class _Triples(list):
    """CONSTRUCT results from a server: a list of triples, serialisable like pyoxigraph's QueryTriples."""

    def serialize(self, output=None, format=None):
        return ox.serialize(self, output, format=format or ox.RdfFormat.N_TRIPLES)


def _query_form(text: str) -> str:
    stripped = _SKIP.sub(" ", text)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", stripped, re.I)
    return m.group(1).upper() if m else "SELECT"


# ---------------------------------------------------------------------------- the store

class Store:
    """A persistent claim store.

    Parameters
    ----------
    location : str or Path, optional
        A directory for the embedded store (created if missing), or a
        ``sparql+http://`` URL of a SPARQL 1.1 server (see the module
        docstring). Defaults to :func:`default_location`.
    read_only : bool
        Open without taking the writer's lock (several readers may share a
        store; only one process may write it). Writes raise ``StoreError``.
    """

    def __init__(self, location: str | Path | None = None, *, read_only: bool = False):
        self.location = str(location or default_location())
        self.read_only = read_only
        if is_remote(self.location):
            self._backend = _Remote(self.location, read_only)
            self.location = _public(self.location)
        else:
            self._backend = _Embedded(self.location, read_only)
        if not read_only:
            self._load_reference_data()
            self._ensure_tallies()

    @property
    def remote(self) -> bool:
        """True when the graph lives in a SPARQL server."""
        return self._backend.remote

    # ------------------------------------------------------------------ basics
    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if getattr(self, "_backend", None) is not None:
            self._backend.close()
            self._backend = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sparql: str, bindings: dict | None = None, *, prefixes: bool = True):
        """Run a SPARQL 1.1 query over the union of all graphs.

        ``bindings`` maps variable names to pyoxigraph terms (or plain strings,
        taken as literals); they are substituted by the embedded engine, or sent
        to a server as a VALUES block of serialised RDF terms
        (:func:`inject_values`), never spliced into the text. Returns
        pyoxigraph's solutions, boolean or triples (for a server: the same
        types, parsed from its SPARQL JSON results or N-Triples).
        """
        text = sparql_prefixes() + sparql if prefixes else sparql
        return self._backend.query(text, bindings)

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update as one request (one transaction on Oxigraph)."""
        if self.read_only:
            raise StoreError("store opened read-only")
        self._backend.update(sparql_prefixes() + sparql)

    def rows(self, sparql: str, bindings: dict | None = None) -> list[tuple]:
        """A SELECT query's rows as tuples of Python values (``str`` for IRIs and literals, ``None`` for unbound)."""
        res = self.query(sparql, bindings)
        names = [v.value for v in res.variables]
        return [tuple(None if s[n] is None else s[n].value for n in names) for s in res]

    @property
    def generation(self) -> str:
        """A token that changes whenever the store's content changes (for caches)."""
        rows = self.rows(f"SELECT ?g WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} kg:generation ?g }} }} LIMIT 1")
        return rows[0][0] if rows else "empty"

    # ------------------------------------------------------------------ reference data
    def _load_reference_data(self) -> None:
        """(Re)load the ontology and gazetteer graphs when their files changed."""
        stored = {g: h for g, h in self.rows(
            f"SELECT ?g ?h WHERE {{ GRAPH {META_GRAPH} {{ ?g kg:contentHash ?h }} }}")}
        for graph, files in ((ONTOLOGY_GRAPH, [ontology_dir() / "kg.ttl"]),
                             (GAZETTEER_GRAPH, sorted((ontology_dir() / "actors").glob("*.ttl")))):
            digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
            if stored.get(graph.value) == digest:
                continue
            triples = []
            for f in files:
                triples.extend(_skolemise(t, digest) for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
            self._backend.replace_graph(graph, triples, (graph, _nn(str(KG.contentHash)), _lit(digest)))

    # ------------------------------------------------------------------ tallies
    def _ensure_tallies(self) -> None:
        """Compute the tallies of a store written before they existed (or by a bulk loader that marked them stale)."""
        version = {r[0] for r in self.rows(f"SELECT ?v WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} kg:tallyVersion ?v }} }}")}
        if TALLY_VERSION not in version:
            self.rebuild_tallies(summaries=version != {"2"})  # version 2 has the summaries, not their bins

    def rebuild_tallies(self, *, summaries: bool = True) -> None:
        """Recompute every kg:Tally, kg:Summary, kg:SummaryBin, kg:ContestedStatement and kg:ActorMonth
        from the stored claims.

        :meth:`write_documents` keeps them current; this is for data loaded around it
        (``bench/synthetic_store.py``'s bulk loader) and for stores written before they existed.
        The summaries are rewritten one relation per update, the tallies, the
        summaries' bins (kg:SummaryBin) and the version mark that says they are
        complete in a last one. ``summaries=False`` keeps the stored summaries and
        months: for a bulk loader that wrote them itself (:func:`summary_triples`,
        :func:`actor_month_triples`) and for stores that have them but not their bins.
        """
        if self.read_only:
            raise StoreError("store opened read-only")
        self._backend.update(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} {_nn(str(KG.tallyVersion))} ?v }} }}")
        for relation in sorted(relations()) if summaries else ():
            self._backend.update(sparql_prefixes() + _summary_update(relation=relation).rstrip().rstrip(";"))
        if summaries:  # each claim's months (kg:monthClaim, in its document's graph), then their counts
            self._backend.update(sparql_prefixes() + f"""
                DELETE WHERE {{ GRAPH ?d {{ ?b kg:monthClaim ?c }} }} ;
                INSERT {{ GRAPH ?d {{ ?b kg:monthClaim ?c }} }} WHERE {{
                  GRAPH ?d {{ ?c a kg:Claim ; kg:subject|kg:object ?a OPTIONAL {{ ?c kg:eventDate ?e }} OPTIONAL {{ ?d dcterms:date ?dd }} }}
                  BIND(SUBSTR(STR(COALESCE(?e, ?dd)), 1, 7) AS ?month) FILTER(BOUND(?month))
                  BIND(IRI(CONCAT("{ACTOR_MONTH}", STRAFTER(STR(?a), "{ACTOR}"), "/", ?month)) AS ?b) }} ;
                """ + _month_update(None).rstrip().rstrip(";"))
        self._backend.update(sparql_prefixes() + f"""
            DELETE WHERE {{ GRAPH {META_GRAPH} {{ ?t a kg:Tally ; ?p ?o }} }} ;
            DELETE WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} kg:tallyVersion ?v }} }} ;
            INSERT {{ GRAPH {META_GRAPH} {{ ?t a kg:Tally ; kg:countsRelation ?r ; kg:countsModality ?m ;
                                             kg:claimCount ?n ; kg:documentCount ?k }} }}
            WHERE {{
              {{ SELECT ?r ?m (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?d) AS ?k) WHERE {{
                  GRAPH ?d {{ ?c kg:relation ?r ; kg:modality ?m }} FILTER(STRSTARTS(STR(?d), "{DOC}")) }}
                GROUP BY ?r ?m }}
              BIND(IRI(CONCAT("{BASE}tally/", STRAFTER(STR(?r), "{REL}"), "/", STRAFTER(STR(?m), "{MOD}"))) AS ?t)
            }} ;
            {_bin_update(None)}
            INSERT DATA {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} kg:tallyVersion {_lit(TALLY_VERSION)} }} }}""")

    def _tallies_of(self, nodes: Sequence[ox.NamedNode]) -> dict:
        """``{(relation, modality): (claims, documents)}`` over these stored documents (what they add to the tallies)."""
        docs = " ".join(str(n) for n in nodes)
        rows = self.rows(f"""SELECT ?r ?m (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?d) AS ?k) WHERE {{
            VALUES ?d {{ {docs} }} GRAPH ?d {{ ?c kg:relation ?r ; kg:modality ?m }} }} GROUP BY ?r ?m""")
        return {(r.rsplit("/", 1)[-1], m.rsplit("/", 1)[-1]): (int(n), int(k)) for r, m, n, k in rows}

    def gazetteer_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these actor ids the gazetteer knows."""
        return self._ids_with_type(ids, GAZETTEER_GRAPH)

    def _ids_with_type(self, ids: Sequence[str], graph: ox.NamedNode) -> set[str]:
        if not ids:
            return set()
        values = " ".join(str(actor_node(i)) for i in ids)
        rows = self.rows(f"SELECT DISTINCT ?a WHERE {{ VALUES ?a {{ {values} }} GRAPH {graph} {{ ?a a ?t }} }}")
        return {r[0].rsplit("/", 1)[-1] for r in rows}

    # ------------------------------------------------------------------ documents
    def _versions(self, nodes: Sequence[ox.NamedNode]) -> dict[str, tuple[str, str | None]]:
        """Stored (content hash, extractor) of these document nodes, by IRI."""
        if not nodes:
            return {}
        values = " ".join(str(n) for n in dict.fromkeys(nodes))
        rows = self.rows(f"""SELECT ?d ?h ?x WHERE {{ VALUES ?d {{ {values} }}
            GRAPH ?d {{ ?d kg:contentHash ?h OPTIONAL {{ ?d kg:extractor ?x }} }} }}""")
        return {d: (h, x) for d, h, x in rows}

    def document_status(self, doc: Document) -> str | None:
        """The stored content hash of this document's key, or None if absent."""
        v = self._versions([document_node(doc)]).get(document_node(doc).value)
        return v[0] if v else None

    def is_current(self, doc: Document) -> bool:
        """True if this exact text was stored by this extractor version (re-ingest would change nothing)."""
        return self._versions([document_node(doc)]).get(document_node(doc).value) == (doc.content_hash, EXTRACTOR)

    def are_current(self, docs: Sequence[Document]) -> list[bool]:
        """:meth:`is_current` for several documents in one query."""
        versions = self._versions([document_node(d) for d in docs])
        return [versions.get(document_node(d).value) == (d.content_hash, EXTRACTOR) for d in docs]

    def write_document(self, doc: Document, claims: Sequence[Claim], *, force: bool = False) -> str:
        """Store a document and its claims atomically, replacing any earlier version.

        Returns ``"added"``, ``"replaced"`` or ``"unchanged"`` (same text, same
        extractor: nothing written unless ``force``).
        """
        return self.write_documents([(doc, claims)], force=force)[0]

    def write_documents(self, items: Sequence[tuple[Document, Sequence[Claim]]], *, force: bool = False) -> list[str]:
        """Store several documents in one update request (one transaction on Oxigraph).

        The result is the same as writing them one after the other with
        :meth:`write_document`; a document key given twice is written in two
        requests, in order. Returns each document's outcome.
        """
        if self.read_only:
            raise StoreError("store opened read-only")
        items = list(items)
        seen: set[str] = set()
        for i, (doc, _) in enumerate(items):
            if doc.key in seen:
                return self.write_documents(items[:i], force=force) + self.write_documents(items[i:], force=force)
            seen.add(doc.key)
        if not items:
            return []
        truthy = {m for m, v in modalities().items() if v.truthy}
        versions = self._versions([document_node(d) for d, _ in items])
        outcomes: list[str] = []
        todo: list[tuple[Document, Sequence[Claim], ox.NamedNode]] = []
        for doc, claims in items:
            node = document_node(doc)
            old = versions.get(node.value)
            if not force and old == (doc.content_hash, EXTRACTOR):
                outcomes.append("unchanged")
                continue
            outcomes.append("replaced" if old else "added")
            todo.append((doc, claims, node))
        if not todo:
            return outcomes

        new_direct = {_canonical(c.subject.id, c.relation, c.object.id)
                      for _, claims, _ in todo for c in claims if c.modality in truthy}
        mentioned = {a.id for _, claims, _ in todo for c in claims
                     for a in (c.subject, c.object, c.attributed_to) if a is not None}
        replaced = [node for _, _, node in todo if node.value in versions]
        old_statements = self._statements_of(replaced) if replaced else {}
        stale = self._unsupported_direct_triples(replaced, old_statements, keep=new_direct) if replaced else set()
        stale_actors = self._orphan_actors(replaced) if replaced else set()  # re-added below if still mentioned
        counts = self._counts_update(todo, replaced, set(old_statements))
        # the tallies: what the new versions add, minus what the old ones added
        deltas: dict = {}
        for doc, claims, _ in todo:
            kinds = {_claim_node(doc, c).value: (c.relation, c.modality) for c in claims}  # a claim stated twice is one node
            for key, n in Counter(kinds.values()).items():
                dn, dk = deltas.get(key, (0, 0))
                deltas[key] = (dn + n, dk + 1)
        for key, (n, k) in (self._tallies_of(replaced) if replaced else {}).items():
            dn, dk = deltas.get(key, (0, 0))
            deltas[key] = (dn - n, dk - k)

        ops = []
        if stale:
            ops.append(f"DELETE DATA {{ GRAPH {DIRECT_GRAPH} {{\n"
                       + _ntriples((actor_node(s), _nn(str(REL[r])), actor_node(o)) for s, r, o in sorted(stale)) + "} } ;\n")
        for a in sorted(stale_actors):
            ops.append(f"DELETE WHERE {{ GRAPH {DIRECT_GRAPH} {{ {actor_node(a)} ?p ?o }} }} ;\n")
        for _, _, node in todo:
            ops.append(f"DROP SILENT GRAPH {node} ;\n")
        ops.append(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {_STORE_NODE} {_nn(str(KG.generation))} ?g }} }} ;\n")
        ops.append(_tally_update(deltas))

        known = self.gazetteer_ids(sorted(mentioned))
        typed = self._ids_with_type(sorted(mentioned - known), DIRECT_GRAPH) - stale_actors
        default_triples: list[tuple] = []
        graphs: list[str] = []
        for doc, claims, node in todo:
            graphs.append(_graph_block(node, self._document_triples(doc, claims, node, known, typed, default_triples)))
        for s, r, o in sorted(new_direct):
            default_triples.append((actor_node(s), _nn(str(REL[r])), actor_node(o)))
        ops.append("INSERT DATA {\n" + _graph_block(DIRECT_GRAPH, dict.fromkeys(default_triples))
                   + "".join(graphs)
                   + f"GRAPH {META_GRAPH} {{ {_STORE_NODE} {_nn(str(KG.generation))} {_lit(uuid.uuid4().hex)} . }}\n}} ;\n")
        ops.append(counts)
        self._backend.update(sparql_prefixes() + "".join(ops).rstrip().rstrip(";"))
        return outcomes

    @staticmethod
    def _document_triples(doc: Document, claims: Sequence[Claim], node: ox.NamedNode, known: set[str],
                          typed: set[str], default_triples: list) -> list[tuple]:
        """The triples of the document's graph; names and types of new actors go to ``default_triples``
        (and into ``typed``, so that a later document of the batch keeps the first label, as a later write would)."""
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
        for a in actors.values():
            if a.id in known:
                continue
            n = actor_node(a.id)
            if a.id not in typed:
                default_triples.append((n, _RDF_TYPE, _nn(str(KG[a.type]))))
                default_triples.append((n, _LABEL, _lit(a.label)))
                typed.add(a.id)
            default_triples.extend((n, _ALT, _lit(alias)) for alias in a.aliases if alias != a.label)
        return doc_triples

    def remove_document(self, doc: Document) -> bool:
        """Remove a document and its claims; True if it was there."""
        if self.document_status(doc) is None:
            return False
        self.write_document(doc, [], force=True)
        self._backend.update(f"DROP SILENT GRAPH {document_node(doc)}")
        return True

    def _unsupported_direct_triples(self, nodes: Sequence[ox.NamedNode], statements: dict,
                                    keep: set) -> set[tuple[str, str, str]]:
        """Direct triples the old versions of these documents support (``statements``: :meth:`_statements_of`)
        and nothing else will."""
        supported = {st: t for st, (t, truthy) in statements.items() if truthy}
        if not supported:
            return set()
        truthy = " ".join(f"mod:{m}" for m, v in modalities().items() if v.truthy)
        values = " ".join(f"<{st}>" for st in supported)
        others = ", ".join(str(n) for n in nodes)
        still = {r[0] for r in self.rows(f"""
            SELECT DISTINCT ?st WHERE {{ VALUES ?st {{ {values} }} VALUES ?m {{ {truthy} }}
              GRAPH ?g {{ ?c kg:statement ?st ; kg:modality ?m }} FILTER(?g NOT IN ({others})) }}""")}
        return {t for st, t in supported.items() if st not in still and t not in keep}

    def _counts_update(self, todo: list, replaced: list, old_statements: set) -> str:
        """The update that brings the summaries, their bins, contested statements and actor months up to
        date with a write; ``old_statements``: those the replaced documents' stored versions have claims about.

        What only new documents touch is added to the stored counts (a new document
        shares no document with the stored ones, so claims, documents and dates
        add up exactly); what a replaced document touches, and a statement that
        becomes contested, is counted again from the claims (:func:`_summary_update`,
        :func:`_bin_update`, :func:`_month_update`), as a removal cannot be
        subtracted from a date span.
        """
        mods = modalities()
        recount = set(old_statements)
        recount_months = self._months_of(replaced) if replaced else set()
        added = ClaimCounts()
        replacing = {n.value for n in replaced}
        for doc, claims, node in todo:
            if node.value in replacing:  # its old and new claims' statements and months are counted again
                recount |= {str(STATEMENT[statement_key(c.subject.id, c.relation, c.object.id)]) for c in claims}
                recount_months |= {actor_month_node(a, m) for c in claims for a, m in claim_months(doc, c)}
            else:
                added.add(doc, claims)
        groups, stmts, months = added.groups, added.statements, added.months
        for key in [k for k in groups if k[0] in recount]:
            del groups[key]
        for st in [st for st in stmts if st in recount]:
            del stmts[st]
        for b in recount_months:
            months.pop(b, None)
        ops = []
        if stmts:
            values = " ".join(f"<{st}>" for st in sorted(stmts))
            stored = {(st, m): (int(n), int(k), f, last) for st, m, n, k, f, last in self.rows(f"""
                SELECT ?st ?m ?n ?k ?f ?l WHERE {{ VALUES ?st {{ {values} }} GRAPH ?g {{ ?x kg:countsStatement ?st }}
                  OPTIONAL {{ ?x kg:countsModality ?m }} OPTIONAL {{ ?x kg:claimCount ?n }} OPTIONAL {{ ?x kg:documentCount ?k }}
                  OPTIONAL {{ ?x kg:firstDate ?f }} OPTIONAL {{ ?x kg:lastDate ?l }} }}""")}
            contested = {st: (int(a), int(b), int(k)) for st, a, b, k in self.rows(f"""
                SELECT ?st ?a ?b ?k WHERE {{ VALUES ?st {{ {values} }} GRAPH {CONTESTED_GRAPH} {{
                  ?st kg:supportingClaims ?a ; kg:disputingClaims ?b ; kg:documentCount ?k }} }}""")}
            supported = {}
            for (st, m), (n, k, f, last) in stored.items():
                sup, dis = supported.get(st, (0, 0))
                mod = mods[m.rsplit("/", 1)[-1]]
                supported[st] = (sup + n * mod.truthy, dis + n * mod.disputing)
            for st, ((s, r, o), dsup, ddis, dk) in stmts.items():
                sup, dis = supported.get(st, (0, 0))
                if st in contested:
                    a, b, k = contested[st]
                    ops.append(f"DELETE WHERE {{ GRAPH {CONTESTED_GRAPH} {{ <{st}> ?p ?v }} }} ;\n")
                    ops.append(f"INSERT DATA {{ GRAPH {CONTESTED_GRAPH} {{\n" + _ntriples(contested_triples(
                        st.rsplit("/", 1)[-1], s, r, o, a + dsup, b + ddis, k + dk)) + "} } ;\n")
                elif (sup + dsup) and (dis + ddis):  # newly contested: its documents over all modalities are counted
                    recount.add(st)
            changes = []  # a stored summary changes its counts and dates only
            bins: Counter = Counter()
            for (st, m), (dn, dk, f, last) in groups.items():
                if st in recount:
                    continue
                key, (s, r, o) = st.rsplit("/", 1)[-1], stmts[st][0]
                n, k, f0, l0 = stored.get((st, str(MOD[m])), (0, 0, None, None))
                if n:  # the summary moves from its bin to the bin of its new count
                    bins[(r, n)] -= 1
                bins[(r, n + dn)] += 1
                first = min(x for x in (f0, f) if x) if (f0 or f) else None
                lastd = max(x for x in (l0, last) if x) if (l0 or last) else None
                changes.append((summary_graph(r), summary_triples(key, s, r, o, m, n, k, f0, l0) if n else [],
                                summary_triples(key, s, r, o, m, n + dn, k + dk, first, lastd)))
            ops.append(_replace_data(changes))
            ops.append(self._bins_change(bins))
        if months:
            values = " ".join(str(b) for b in sorted(months, key=str))
            stored_months = {b: int(n) for b, n in self.rows(f"""SELECT ?b ?n WHERE {{ VALUES ?b {{ {values} }}
                GRAPH {TIMELINE_GRAPH} {{ ?b kg:claimCount ?n }} }}""")}
            changes = []
            for b, dn in months.items():
                actor, month = b.value[len(ACTOR_MONTH):].rsplit("/", 1)
                n = stored_months.get(b.value, 0)
                changes.append((TIMELINE_GRAPH, actor_month_triples(actor, month, n) if n else [],
                                actor_month_triples(actor, month, n + dn)))
            ops.append(_replace_data(changes))
        # the recounted summaries leave their bins before, and come back changed after (once the added counts,
        # computed from what was stored before the request, are written)
        return ("".join(ops) + _bin_update(recount, subtract=True) + _summary_update(recount) + _bin_update(recount)
                + _month_update(recount_months))

    def _bins_change(self, deltas: Counter) -> str:
        """The DELETE DATA / INSERT DATA that adds ``{(relation, claims): summaries}`` to the stored bins."""
        deltas = {key: d for key, d in deltas.items() if d}
        if not deltas:
            return ""
        values = " ".join(str(bin_node(r, c)) for r, c in deltas)
        stored = {b: int(k) for b, k in self.rows(f"SELECT ?b ?k WHERE {{ VALUES ?b {{ {values} }} GRAPH {BIN_GRAPH} {{ ?b kg:summaryCount ?k }} }}")}
        changes = []
        for (r, c), d in deltas.items():
            k = stored.get(bin_node(r, c).value, 0)
            changes.append((BIN_GRAPH, bin_triples(r, c, k) if k else [], bin_triples(r, c, k + d) if k + d else []))
        return _replace_data(changes)

    def _statements_of(self, nodes: Sequence[ox.NamedNode]) -> dict[str, tuple[tuple[str, str, str], bool]]:
        """The statements (IRIs) the stored versions of these documents have claims about: each one's
        (subject, relation, object) ids in the statement's order, and whether a truthy claim supports it."""
        docs = " ".join(str(n) for n in nodes)
        truthy = {str(MOD[m]) for m, v in modalities().items() if v.truthy}
        out: dict = {}
        for st, s, r, o, m in self.rows(f"""SELECT DISTINCT ?st ?s ?r ?o ?m WHERE {{ VALUES ?d {{ {docs} }} GRAPH ?d {{
                ?c kg:statement ?st ; kg:subject ?s ; kg:relation ?r ; kg:object ?o ; kg:modality ?m }} }}"""):
            t = _canonical(s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1])
            out[st] = (t, out.get(st, (t, False))[1] or m in truthy)
        return out

    def _months_of(self, nodes: Sequence[ox.NamedNode]) -> set[ox.NamedNode]:
        """The kg:ActorMonth nodes the stored versions of these documents have claims in."""
        docs = " ".join(str(n) for n in nodes)
        return {_nn(r[0]) for r in self.rows(f"SELECT DISTINCT ?b WHERE {{ VALUES ?d {{ {docs} }} GRAPH ?d {{ ?b kg:monthClaim ?c }} }}")}

    def _orphan_actors(self, nodes: Sequence[ox.NamedNode]) -> set[str]:
        """Non-gazetteer actors that only the old versions of these documents mention."""
        docs = " ".join(str(n) for n in nodes)
        others = ", ".join(str(n) for n in nodes)
        rows = self.rows(f"""
            SELECT DISTINCT ?a WHERE {{ VALUES ?d {{ {docs} }} GRAPH ?d {{ ?d kg:mentions ?a }}
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?e kg:mentions ?a }} FILTER(?g NOT IN ({others})) }} }}""")
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
            "gazetteer_actors": one(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH {GAZETTEER_GRAPH} {{ ?a a ?t }} "
                                    f"GRAPH {ONTOLOGY_GRAPH} {{ ?t rdfs:subClassOf* kg:Actor }} }}"),
            "direct_triples": one(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {DIRECT_GRAPH} {{ ?s ?r ?o }} "
                                  f"GRAPH {ONTOLOGY_GRAPH} {{ ?r skos:notation ?id . ?r a owl:ObjectProperty }} }}"),
            "triples": self._backend.triple_count(),
        }
        out["by_relation"] = {r.rsplit("/", 1)[-1]: int(n) for r, n in self.rows(
            "SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; kg:relation ?r } GROUP BY ?r ORDER BY DESC(?n) ?r")}
        out["by_modality"] = {m.rsplit("/", 1)[-1]: int(n) for m, n in self.rows(
            "SELECT ?m (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; kg:modality ?m } GROUP BY ?m ORDER BY DESC(?n) ?m")}
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
            where = f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS}) }}"
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

    def quads(self, *, include_reference: bool = False) -> list[ox.Quad]:
        """Every quad of the store (without the ontology, the gazetteer and the store-maintained counts
        (graph/meta, the summaries) unless ``include_reference``)."""
        skip = "" if include_reference else (f" FILTER(?g NOT IN ({ONTOLOGY_GRAPH}, {GAZETTEER_GRAPH}, {META_GRAPH}, "
                                             f'{CONTESTED_GRAPH}, {TIMELINE_GRAPH}, {BIN_GRAPH}) && !STRSTARTS(STR(?g), "{SUMMARY_GRAPH}"))')
        res = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS}){skip} }}", prefixes=False)
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in res]

    def dump(self, out, fmt: str, *, include_reference: bool = False) -> None:
        """Serialise the claims (and, optionally, the ontology and gazetteer) as RDF.

        ``fmt`` is an RDF format name pyoxigraph knows: ``ttl``, ``nt``, ``nq``, ``trig``.
        Triple formats get the union of the graphs. The output is sorted, so two
        stores with the same content dump the same bytes (``ingestedAt`` aside).
        """
        rdf_format = ox.RdfFormat.from_extension(fmt)
        quads = sorted(self.quads(include_reference=include_reference), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        if rdf_format.supports_datasets:
            ox.serialize(quads, out, format=rdf_format, prefixes=_prefix_map())
        else:
            triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            ox.serialize(triples, out, format=rdf_format, prefixes=_prefix_map())


def _skolemise(t, salt: str) -> tuple:
    """A triple with blank nodes replaced by well-known IRIs (RDF 1.1 skolemisation): INSERT DATA and
    chunked loads then work on every engine (Virtuoso refuses blank nodes in INSERT DATA)."""
    def sk(term):
        if isinstance(term, ox.BlankNode):
            return _nn(f"{BASE}.well-known/genid/{hashlib.sha1((salt + term.value).encode()).hexdigest()[:20]}")
        return term
    return sk(t.subject), t.predicate, sk(t.object)


def _graph_block(graph: ox.NamedNode, triples: Iterable[tuple], size: int = 2000) -> str:
    """``GRAPH <g> { ... }`` blocks of at most ``size`` triples, or nothing for no triples
    (Virtuoso refuses an empty block, and its parser runs out of stack near 5,000 triples in one block)."""
    triples = list(triples)
    return "".join(f"GRAPH {graph} {{\n{_ntriples(triples[i:i + size])}}}\n" for i in range(0, len(triples), size))


def _public(location: str) -> str:
    """The location without its password, for messages and stats."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", location)


def _prefix_map() -> dict[str, str]:
    from .vocab import PREFIXES

    return dict(PREFIXES)


def _canonical(s: str, r: str, o: str) -> tuple[str, str, str]:
    if relations()[r].symmetric and o < s:
        s, o = o, s
    return s, r, o
