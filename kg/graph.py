"""The graph layer: the store's claims as a network of actors.

Everything here works from one compact, cached table of the store's claims (a
:class:`Topology`): integer arrays of subject, object, relation, modality, date
and source per claim, plus the actor table and a name index. It is built once
per store generation (:attr:`kg.store.Store.generation`) and kept on disk beside
the store (``<store>/kg-cache/<generation>/``, or under the user cache directory
when the store directory is not writable), so a path query on a large store
loads a few memory-mapped arrays instead of re-reading a million claims.

Functions
---------
:func:`project`     the networkx projection (the contract the renderer and exports use)
:func:`resolve`     an actor named as a user types it ("Aliyev", "Moscow", "the CSTO") to its id
:func:`paths`       shortest and alternative paths between two actors, with evidence per hop
:func:`neighbors`   an actor's direct relations
:func:`profile`     an actor's profile: type, roles, memberships, relations by type
:func:`rank`        degree, PageRank or betweenness centrality

Examples
--------
>>> import tempfile
>>> from kg.model import Actor, Claim, Document
>>> from kg.store import Store
>>> store = Store(tempfile.mkdtemp() + "/store")
>>> az = Actor("azerbaijan", "Azerbaijan", "State", ("Baku",))
>>> ru = Actor("russia", "Russia", "State", ("Moscow", "the Kremlin"))
>>> am = Actor("armenia", "Armenia", "State")
>>> aliyev = Actor("ilham-aliyev", "Ilham Aliyev", "Person", ("Aliyev",))
>>> text = "Aliyev complained to Moscow about Russian arms shipments to Armenia."
>>> doc = Document(text, "a.txt")
>>> _ = store.write_document(doc, [
...     Claim(aliyev, "leader-of", az, evidence=text, document="a.txt", date="2020-08-13"),
...     Claim(aliyev, "criticizes", ru, evidence=text, document="a.txt", date="2020-08-13"),
...     Claim(ru, "supplies-arms-to", am, modality="reported", evidence=text, document="a.txt",
...           date="2020-08-13")])
>>> g = project(store)
>>> sorted(g.nodes)
['armenia', 'azerbaijan', 'ilham-aliyev', 'russia']
>>> g.edges["ilham-aliyev", "russia", "criticizes|asserted"]["support"]
1
>>> resolve(store, "the Kremlin")
'russia'
>>> [h.relation for h in paths(store, "Aliyev", "Armenia")[0].hops]
['criticizes', 'supplies-arms-to']
>>> rank(store, "degree")[:2]
[('ilham-aliyev', 2.0), ('russia', 2.0)]
>>> store.close()
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import pickle
import re
import shutil
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "project", "load_topology", "Topology", "resolve", "ActorError", "paths", "Path_", "Hop",
    "neighbors", "profile", "rank", "fold", "CACHE_VERSION",
]

CACHE_VERSION = 1
_ACTOR = "https://w3id.org/geokg/actor/"
_REL = "https://w3id.org/geokg/relation/"
_MOD = "https://w3id.org/geokg/modality/"
_CLAIM = "https://w3id.org/geokg/claim/"
_NO_DATE = np.iinfo(np.int32).min
_EPOCH = dt.date(1970, 1, 1)
_MAX_SUBGRAPH_EDGES = 50_000

# Name tiers for resolution: 0 id/label/altLabel/acronym, 1 metonym, 2 demonym/hidden, 3 derived (a person's surname).
_NAME_TIERS = {
    "http://www.w3.org/2000/01/rdf-schema#label": 0,
    "http://www.w3.org/2004/02/skos/core#prefLabel": 0,
    "http://www.w3.org/2004/02/skos/core#altLabel": 0,
    "https://w3id.org/geokg/ontology#acronym": 0,
    "https://w3id.org/geokg/ontology#metonym": 1,
    "https://w3id.org/geokg/ontology#capital": 1,
    "https://w3id.org/geokg/ontology#demonym": 2,
    "http://www.w3.org/2004/02/skos/core#hiddenLabel": 2,
}


# ---------------------------------------------------------------------------- names

def fold(name: str) -> str:
    """A name folded for matching: accents, case, punctuation and a leading "the" dropped.

    >>> fold("  The CSTO ")
    'csto'
    >>> fold("Aliyev’s")
    'aliyevs'
    >>> fold("Ilham ALİYEV")
    'ilham aliyev'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "").replace("'", "")
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return text


def _day(iso: str | None) -> int:
    if not iso:
        return _NO_DATE
    try:
        return (dt.date.fromisoformat(str(iso)[:10]) - _EPOCH).days
    except ValueError:
        return _NO_DATE


def _bound(value) -> int:
    """A date bound (ISO date, or a year) as days since 1970; anything else is a ``ValueError``."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    try:
        return (dt.date.fromisoformat(text[:10]) - _EPOCH).days
    except ValueError:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _iso(day: int) -> str | None:
    return None if day == _NO_DATE else (_EPOCH + dt.timedelta(days=int(day))).isoformat()


def _local(iri: str, prefix: str) -> str:
    return iri[len(prefix):] if iri.startswith(prefix) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ---------------------------------------------------------------------------- the cached table

@dataclass
class Topology:
    """The store's claims as parallel arrays (one row per claim) and its actor table.

    Attributes
    ----------
    generation : str
        The store generation this table was built from.
    actor_ids, labels, types : list of str
        One entry per actor; arrays below index into them.
    aliases : list of list of str
    names : dict
        Folded name -> list of ``(tier, actor index)``.
    relations, modalities : list of str
        Relation and modality ids; ``rel`` and ``mod`` index into them.
    symmetric : list of bool
        Per relation id.
    src, dst, rel, mod, day, doc, att : numpy arrays
        Per claim: subject, object, relation, modality, date (days since
        1970-01-01, or the int32 minimum when undated), source document
        (index into ``documents``) and attribution (actor index or -1).
    claim : numpy bytes array
        Per claim: the claim IRI's local name.
    documents : list of str
        Source file names.
    """

    location: str
    generation: str
    actor_ids: list
    labels: list
    types: list
    aliases: list
    names: dict
    relations: list
    modalities: list
    symmetric: list
    quad_classes: list
    documents: list
    src: np.ndarray
    dst: np.ndarray
    rel: np.ndarray
    mod: np.ndarray
    day: np.ndarray
    doc: np.ndarray
    att: np.ndarray
    claim: np.ndarray
    directory: Path | None = None
    _evidence: list | None = None
    _index: dict | None = None

    def __post_init__(self):
        if self.aliases is not None:
            self._aliases = self.aliases
        else:
            self._aliases = None

    def all_aliases(self) -> list:
        """Per actor: its alternative names (loaded on first use)."""
        if self._aliases is None:
            with open(self.directory / "aliases.pkl", "rb") as f:
                self._aliases = pickle.load(f)
        return self._aliases

    @property
    def index(self) -> dict:
        """Actor id -> actor index."""
        if self._index is None:
            self._index = {a: i for i, a in enumerate(self.actor_ids.arr.tolist()
                                                      if isinstance(self.actor_ids, _StrArray) else self.actor_ids)}
        return self._index

    @property
    def evidence(self) -> list:
        """Per claim: the evidence sentence (loaded on first use; large stores keep it on disk)."""
        if self._evidence is None:
            with open(self.directory / "evidence.pkl", "rb") as f:
                sentences, idx = pickle.load(f)
            self._evidence = [sentences[i] for i in idx]
        return self._evidence

    def has_claims(self) -> np.ndarray:
        """Boolean per actor: appears as subject or object of a claim."""
        out = np.zeros(len(self.actor_ids), dtype=bool)
        out[self.src] = True
        out[self.dst] = True
        return out

    def mask(self, relations=None, exclude_relations=None, modalities=None,
             date_from=None, date_to=None) -> np.ndarray:
        """Boolean per claim: passes the relation, modality and date filters.

        Unknown relation or modality ids raise ``ValueError`` naming the closest ones.
        With a date bound, undated claims are left out.
        """
        from .vocab import modalities as all_modalities
        from .vocab import relation as check_relation

        m = np.ones(len(self.src), dtype=bool)
        rel_pos = {r: i for i, r in enumerate(self.relations)}
        if relations:
            for r in relations:
                check_relation(r)
            m &= np.isin(self.rel, [rel_pos[r] for r in relations if r in rel_pos])
        if exclude_relations:
            for r in exclude_relations:
                check_relation(r)
            m &= ~np.isin(self.rel, [rel_pos[r] for r in exclude_relations if r in rel_pos])
        if modalities:
            known = all_modalities()
            mod_pos = {x: i for i, x in enumerate(self.modalities)}
            for x in modalities:
                if x not in known:
                    close = difflib.get_close_matches(x, known, n=3, cutoff=0.6)
                    raise ValueError(f"unknown modality {x!r}" + (f" (did you mean: {', '.join(close)}?)" if close else
                                                                   f" (use {', '.join(known)})"))
            m &= np.isin(self.mod, [mod_pos[x] for x in modalities if x in mod_pos])
        if date_from:
            m &= (self.day != _NO_DATE) & (self.day >= _bound(date_from))
        if date_to:
            m &= (self.day != _NO_DATE) & (self.day <= _bound(date_to))
        return m

    def actor(self, i: int) -> dict:
        """``{"id", "label", "type"}`` of actor index ``i``."""
        return {"id": self.actor_ids[i], "label": self.labels[i], "type": self.types[i]}


class _NameIndex:
    """Folded name -> [(tier, actor index)], as three sorted arrays (memory-mapped from the cache)."""

    def __init__(self, keys, tiers, actors):
        self.keys, self.tiers, self.actors = keys, tiers, actors

    @classmethod
    def from_dict(cls, names: dict) -> "_NameIndex":
        rows = sorted((k, t, i) for k, hits in names.items() for t, i in hits)
        keys = np.array([r[0] for r in rows], dtype=str) if rows else np.zeros(0, dtype="U1")
        return cls(keys, np.array([r[1] for r in rows], dtype=np.int8), np.array([r[2] for r in rows], dtype=np.int32))

    def get(self, key: str, default=None) -> list:
        lo, hi = np.searchsorted(self.keys, key, "left"), np.searchsorted(self.keys, key, "right")
        return [(int(self.tiers[j]), int(self.actors[j])) for j in range(lo, hi)] or (default if default is not None else [])

    def __getitem__(self, key: str) -> list:
        return self.get(key)

    def __iter__(self):
        return iter(dict.fromkeys(str(k) for k in self.keys))


_MEMO: dict = {}


def cache_dir(store) -> Path:
    """Where a store's cached tables live: ``<store>/kg-cache`` if writable, else the user cache directory."""
    loc = Path(str(store.location))
    if loc.is_dir() and os.access(loc, os.W_OK):
        return loc / "kg-cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("kg")) / hashlib.sha1(str(store.location).encode()).hexdigest()[:16]


def load_topology(store, *, rebuild: bool = False) -> Topology:
    """The store's claim table: from memory, else from the disk cache, else built and cached.

    Parameters
    ----------
    store : kg.store.Store
    rebuild : bool
        Ignore any cached copy.
    """
    gen = store.generation
    key = (str(store.location), gen)
    if not rebuild and key in _MEMO:
        return _MEMO[key]
    root = cache_dir(store)
    safe_gen = re.sub(r"[^A-Za-z0-9_-]", "_", gen)[:64]
    directory = root / f"v{CACHE_VERSION}-{safe_gen}"
    topo = None
    if not rebuild and (directory / "meta.json").exists():
        try:
            topo = _read_cache(store, directory)
        except Exception:  # a damaged cache is rebuilt, never fatal
            topo = None
    if topo is None:
        topo, evidence = _build(store)
        try:
            _write_cache(topo, evidence, root, directory)
            topo = _read_cache(store, directory)
        except OSError:
            topo._evidence = evidence  # no writable cache: keep it in memory
    _MEMO.clear()
    _MEMO[key] = topo
    return topo


_ARRAYS = ("src", "dst", "rel", "mod", "day", "doc", "att", "claim")
_TABLES = ("actor_ids", "labels", "types", "documents")


def _write_cache(topo: Topology, evidence: tuple, root: Path, directory: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        for name in _ARRAYS:
            np.save(tmp / f"{name}.npy", getattr(topo, name))
        for name in _TABLES:
            values = list(getattr(topo, name))
            np.save(tmp / f"{name}.npy", np.array(values, dtype=str) if values else np.zeros(0, dtype="U1"))
        names = topo.names if isinstance(topo.names, _NameIndex) else _NameIndex.from_dict(topo.names)
        np.save(tmp / "name_keys.npy", names.keys)
        np.save(tmp / "name_tiers.npy", names.tiers)
        np.save(tmp / "name_actors.npy", names.actors)
        with open(tmp / "aliases.pkl", "wb") as f:
            pickle.dump(topo.aliases, f, protocol=pickle.HIGHEST_PROTOCOL)
        with open(tmp / "evidence.pkl", "wb") as f:
            pickle.dump(evidence, f, protocol=pickle.HIGHEST_PROTOCOL)
        meta = {"version": CACHE_VERSION, "generation": topo.generation, "relations": topo.relations,
                "modalities": topo.modalities, "symmetric": topo.symmetric, "quad_classes": topo.quad_classes,
                "claims": int(len(topo.src)), "actors": len(topo.actor_ids)}
        (tmp / "meta.json").write_text(json.dumps(meta))
        if directory.exists():
            shutil.rmtree(directory, ignore_errors=True)
        os.replace(tmp, directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    for old in root.iterdir():  # drop tables of earlier generations
        if old != directory and old.is_dir() and not old.name.startswith(".build-"):
            shutil.rmtree(old, ignore_errors=True)


def _read_cache(store, directory: Path) -> Topology:
    meta = json.loads((directory / "meta.json").read_text())
    if meta.get("version") != CACHE_VERSION or meta.get("generation") != store.generation:
        raise ValueError("stale cache")
    arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    ids, labels, types, documents = (np.load(directory / f"{name}.npy", mmap_mode="r") for name in _TABLES)
    names = _NameIndex(*(np.load(directory / f"name_{x}.npy", mmap_mode="r") for x in ("keys", "tiers", "actors")))
    return Topology(str(store.location), meta["generation"], _StrArray(ids), _StrArray(labels), _StrArray(types),
                    None, names, meta["relations"], meta["modalities"], meta["symmetric"], meta["quad_classes"],
                    _StrArray(documents), directory=directory, **arrays)


class _StrArray:
    """A read-only sequence of ``str`` over a numpy unicode array (indexing gives plain ``str``)."""

    def __init__(self, arr):
        self.arr = arr

    def __len__(self) -> int:
        return len(self.arr)

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            return str(self.arr[i])
        return [str(x) for x in self.arr[i]]

    def __iter__(self):
        return (str(x) for x in self.arr)

    def __contains__(self, x) -> bool:
        return x in set(self)


# One pass over the eight claim properties (an index range scan each), grouped by claim:
# no per-claim index lookups (a join of the eight patterns took 110 s at 1M claims, this 40-65 s).
# Each value is decoded once; claims without subject, relation, object, modality or source are
# dropped, as the join did.
_CLAIMS_Q = """
SELECT ?c (SAMPLE(?s_) AS ?s) (SAMPLE(?r_) AS ?r) (SAMPLE(?o_) AS ?o) (SAMPLE(?m_) AS ?m) (SAMPLE(?dt_) AS ?date)
       (SAMPLE(?d_) AS ?doc) (SAMPLE(?a_) AS ?att) (SAMPLE(?e_) AS ?ev) WHERE {
  VALUES ?p { kg:subject kg:relation kg:object kg:modality kg:source kg:eventDate kg:attributedTo kg:evidence }
  ?c ?p ?v .
  BIND(IF(?p = kg:subject, ?v, ?u) AS ?s_) BIND(IF(?p = kg:relation, ?v, ?u) AS ?r_)
  BIND(IF(?p = kg:object, ?v, ?u) AS ?o_) BIND(IF(?p = kg:modality, ?v, ?u) AS ?m_)
  BIND(IF(?p = kg:source, ?v, ?u) AS ?d_) BIND(IF(?p = kg:eventDate, ?v, ?u) AS ?dt_)
  BIND(IF(?p = kg:attributedTo, ?v, ?u) AS ?a_) BIND(IF(?p = kg:evidence, ?v, ?u) AS ?e_)
} GROUP BY ?c"""

_TSV_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_TSV_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")


def _tsv_value(cell: str):
    """The value (as ``Store.rows`` gives it) of one SPARQL TSV cell: IRI, literal's lexical form, or None."""
    if not cell:
        return None
    if cell[0] == "<":
        return cell[1:-1]
    if cell[0] == '"':
        end = cell.rfind('"')
        body = cell[1:end]
        if "\\" in body:
            body = _TSV_ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                                   else _TSV_ESCAPES.get(m.group(1), m.group(1)), body)
        return body
    return cell  # a bare number or boolean


def _fast_rows(store, sparql: str) -> list[tuple]:
    """``store.rows(sparql)``, read from the engine's TSV serialisation when the store is embedded
    (5-10x less Python work per row than building a solution object per row)."""
    import pyoxigraph as ox

    if getattr(store, "remote", False):
        return store.rows(sparql)
    res = store.query(sparql)
    data = res.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    lines = data.split("\n")
    width = len(lines[0].split("\t")) if lines and lines[0] else 0
    out = []
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != width:  # never expected: TSV escapes tabs and newlines inside literals
            return store.rows(sparql)
        out.append(tuple(_tsv_value(c) for c in cells))
    return out
_CLAIM_PROPS = ("subject", "relation", "object", "modality", "eventDate", "source", "attributedTo", "evidence")


def _claim_rows(store) -> list[tuple]:
    """Rows ``(claim, subject, relation, object, modality, date, source, attributedTo, evidence)`` of every claim.

    An embedded store answers one single-pattern query per claim property
    (``?c kg:subject ?v``: one index range scan), serialised as TSV by the engine
    (two at a time: pyoxigraph releases the GIL while it evaluates) and joined by
    claim in Python: 6-15 s per property at 1M claims, where the one-pass grouped
    query below took 140-170 s and ``quads_for_pattern`` 107 s (a Python object
    per quad). A server gets the grouped query. Claims without subject, relation,
    object, modality or source are dropped by the caller.
    """
    if not _embedded(store):
        return _fast_rows(store, _CLAIMS_Q)
    columns = _property_columns(store, [f"kg:{p}" for p in _CLAIM_PROPS])
    keys = set(columns[0]).intersection(columns[1], columns[2], columns[3], columns[5])
    gets = [c.get for c in columns]
    return [(c, *(_tsv_value(v) if v is not None else None for v in (g(c) for g in gets))) for c in keys]


def _embedded(store) -> bool:
    return not getattr(store, "remote", False) and getattr(getattr(store, "_backend", None), "ox", None) is not None


def _property_columns(store, predicates: Sequence[str]) -> list[dict]:
    """Per predicate, ``{subject: raw TSV cell of its value}``: one single-pattern query each, two at a
    time (pyoxigraph releases the GIL while it evaluates)."""
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    def tsv(predicate: str) -> bytes:
        return store.query(f"SELECT ?c ?v WHERE {{ ?c {predicate} ?v }}").serialize(format=ox.QueryResultsFormat.TSV)

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return [_tsv_column(data) for data in pool.map(tsv, predicates)]


def _document_rows(store) -> list[tuple]:
    """Rows ``(document, file name, date)``, in document IRI order; an embedded store reads each property
    on its own (the grouped query's OPTIONALs took 14 s at 50,000 documents, the three patterns 2.7 s)."""
    if not _embedded(store):
        return sorted(_fast_rows(store, _DOCS_Q))
    names, dates = _property_columns(store, ["kg:fileName", "dcterms:date"])
    docs = sorted(r[0] for r in _fast_rows(store, "SELECT ?d WHERE { ?d a kg:Document }"))
    return [(d, *(_tsv_value(c[d]) if d in c else None for c in (names, dates))) for d in docs]


def _tsv_column(data: bytes) -> dict:
    """``{claim: raw TSV cell}`` of a two-column TSV result."""
    lines = data.decode("utf-8").split("\n")
    col: dict = {}
    for line in lines[1:]:
        if line:
            c, v = line.split("\t", 1)
            col[_tsv_value(c)] = v
    return col


_DOCS_Q = "SELECT ?d ?name ?date WHERE { ?d a kg:Document . OPTIONAL { ?d kg:fileName ?name } OPTIONAL { ?d dcterms:date ?date } }"
_ACTORS_Q = """
SELECT ?a ?t WHERE { ?a a ?t . ?t rdfs:subClassOf kg:Actor . FILTER(STRSTARTS(STR(?a), "https://w3id.org/geokg/actor/")) }"""
_NAMES_Q = """
SELECT ?a ?p ?name WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel kg:acronym kg:metonym kg:capital kg:demonym skos:hiddenLabel }
  ?a ?p ?name . FILTER(STRSTARTS(STR(?a), "https://w3id.org/geokg/actor/")) }"""


def _build(store) -> tuple[Topology, tuple]:
    from .vocab import relations as rel_inventory

    inventory = rel_inventory()
    docs: dict[str, int] = {}
    doc_names: list[str] = []
    doc_dates: list[int] = []
    for d, name, date in _document_rows(store):
        docs[d] = len(doc_names)
        doc_names.append(name or d)
        doc_dates.append(_day(date))

    actor_idx: dict[str, int] = {}
    ids: list[str] = []

    def aidx(iri: str) -> int:
        i = actor_idx.get(iri)
        if i is None:
            i = actor_idx[iri] = len(ids)
            ids.append(_local(iri, _ACTOR))
        return i

    rel_idx: dict[str, int] = {}
    mod_idx: dict[str, int] = {}
    sent_idx: dict[str, int] = {}
    cols = {k: [] for k in ("src", "dst", "rel", "mod", "day", "doc", "att", "claim", "ev")}
    claims = _claim_rows(store)
    claims.sort(key=lambda row: row[0])  # claim IRI order: the same table whatever the engine's grouping order
    for c, s, r, o, m, date, d, att, ev in claims:
        if s is None or r is None or o is None or m is None or d is None:
            continue
        cols["src"].append(aidx(s))
        cols["dst"].append(aidx(o))
        rid = _local(r, _REL)
        cols["rel"].append(rel_idx.setdefault(rid, len(rel_idx)))
        cols["mod"].append(mod_idx.setdefault(_local(m, _MOD), len(mod_idx)))
        di = docs.get(d)
        if di is None:
            di = docs[d] = len(doc_names)
            doc_names.append(d)
            doc_dates.append(_NO_DATE)
        cols["doc"].append(di)
        day = _day(date)
        cols["day"].append(day if day != _NO_DATE else doc_dates[di])
        cols["att"].append(aidx(att) if att else -1)
        cols["claim"].append(_local(c, _CLAIM).encode())
        cols["ev"].append(sent_idx.setdefault(ev or "", len(sent_idx)))

    types: dict[int, str] = {}
    for a, t in _fast_rows(store, _ACTORS_Q):
        i = aidx(a)
        if i not in types:
            types[i] = t.rsplit("#", 1)[-1]
    labels: dict[int, str] = {}
    aliases: dict[int, list] = defaultdict(list)
    names: dict[str, list] = defaultdict(list)
    for a, p, name in _fast_rows(store, _NAMES_Q):
        i = aidx(a)
        tier = _NAME_TIERS.get(p, 2)
        if p.endswith("#label") and i not in labels:
            labels[i] = name
        elif tier <= 1 and name not in aliases[i]:
            aliases[i].append(name)
        key = fold(name)
        if key and (tier, i) not in names[key]:
            names[key].append((tier, i))
    n = len(ids)
    label_list = [labels.get(i) or ids[i] for i in range(n)]
    type_list = [types.get(i, "Actor") for i in range(n)]
    for i in range(n):
        for key, tier in ((fold(ids[i].replace("-", " ")), 0), (fold(label_list[i]), 0)):
            if key and not any(j == i for _, j in names[key]):
                names[key].append((tier, i))
        if type_list[i] == "Person":  # "Aliyev" for "Ilham Aliyev"
            parts = fold(label_list[i]).split()
            if len(parts) > 1 and not any(j == i for _, j in names[parts[-1]]):
                names[parts[-1]].append((3, i))
    for i in range(n):
        aliases[i] = [x for x in aliases[i] if x != label_list[i]]

    rels = sorted(rel_idx, key=rel_idx.get)
    mods = sorted(mod_idx, key=mod_idx.get)
    topo = Topology(
        location=str(store.location), generation=store.generation, actor_ids=ids, labels=label_list,
        types=type_list, aliases=[aliases[i] for i in range(n)], names=_NameIndex.from_dict(names),
        relations=rels, modalities=mods,
        symmetric=[bool(inventory[r].symmetric) if r in inventory else False for r in rels],
        quad_classes=[inventory[r].quad_class if r in inventory else None for r in rels],
        documents=doc_names,
        src=np.asarray(cols["src"], dtype=np.int32), dst=np.asarray(cols["dst"], dtype=np.int32),
        rel=np.asarray(cols["rel"], dtype=np.int16), mod=np.asarray(cols["mod"], dtype=np.int8),
        day=np.asarray(cols["day"], dtype=np.int32), doc=np.asarray(cols["doc"], dtype=np.int32),
        att=np.asarray(cols["att"], dtype=np.int32),
        claim=np.asarray(cols["claim"], dtype=bytes) if cols["claim"] else np.zeros(0, dtype="S24"),
    )
    sentences = sorted(sent_idx, key=sent_idx.get)
    evidence = (sentences, np.asarray(cols["ev"], dtype=np.int32))
    topo._evidence = [sentences[i] for i in cols["ev"]]
    return topo, evidence


# ---------------------------------------------------------------------------- projection

def project(store, *, relations=None, exclude_relations=None, modalities=None, date_from=None, date_to=None):
    """The store as a networkx ``MultiDiGraph`` of actors (the projection contract).

    Parameters
    ----------
    store : kg.store.Store
    relations, exclude_relations : iterable of str, optional
        Relation ids to keep, or to leave out.
    modalities : iterable of str, optional
        Modalities to keep (default: all).
    date_from, date_to : str or datetime.date, optional
        Keep claims dated within the range (inclusive); undated claims are then left out.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by actor id with ``label``, ``type``, ``aliases``; one edge per
        (subject, object, relation, modality), keyed ``"relation|modality"``, with
        ``relation``, ``modality``, ``quad_class``, ``symmetric``, ``support`` (claims),
        ``claims`` (claim IRIs), ``documents``, ``evidence``, ``sources`` (the distinct
        ``(document, evidence)`` pairs, so that each sentence keeps its document),
        ``dates``, ``attributed_to``.
        A symmetric relation's claims in either direction make one edge, stored in the
        canonical direction (the smaller id first).

    The claim table behind it is cached per store generation (see
    :func:`load_topology`); the projection is rebuilt from it on each call.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> a, b = Actor("armenia", "Armenia", "State"), Actor("azerbaijan", "Azerbaijan", "State")
    >>> _ = store.write_document(Document("They clashed.", "x.txt"), [
    ...     Claim(b, "clashes-with", a, evidence="They clashed.", document="x.txt", date="2020-09-27")])
    >>> g = project(store, modalities=["asserted"])
    >>> e = g.edges["armenia", "azerbaijan", "clashes-with|asserted"]
    >>> e["symmetric"], e["support"], e["documents"], e["dates"]
    (True, 1, ['x.txt'], ['2020-09-27'])
    >>> project(store, date_to="2019-12-31").number_of_edges()
    0
    >>> store.close()
    """
    import networkx as nx

    t = load_topology(store)
    m = t.mask(relations, exclude_relations, modalities, date_from, date_to)
    g = nx.MultiDiGraph()
    idx = np.nonzero(m)[0]
    src, dst, rel = t.src[idx].astype(np.int64), t.dst[idx].astype(np.int64), t.rel[idx].astype(np.int64)
    sym = np.asarray(t.symmetric + [False], dtype=bool)[rel]
    ids_arr = np.asarray(list(t.actor_ids), dtype=object)
    swap = sym & (ids_arr[dst] < ids_arr[src]) \
        if len(idx) else np.zeros(0, dtype=bool)
    s = np.where(swap, dst, src)
    o = np.where(swap, src, dst)
    n_act, n_rel, n_mod = len(t.actor_ids), max(len(t.relations), 1), max(len(t.modalities), 1)
    key = ((s * n_act + o) * n_rel + rel) * n_mod + t.mod[idx].astype(np.int64)
    order = np.argsort(key, kind="stable")
    used = np.unique(np.concatenate([s, o])) if len(idx) else []
    for i in used:
        g.add_node(t.actor_ids[i], label=t.labels[i], type=t.types[i], aliases=list(t.all_aliases()[i]))
    evidence = t.evidence
    bounds = np.flatnonzero(np.diff(key[order])) + 1
    for group in np.split(order, bounds) if len(order) else []:
        first = group[0]
        rows = idx[group]
        rid, mid = t.relations[rel[first]], t.modalities[t.mod[rows[0]]]
        days = sorted({int(d) for d in t.day[rows] if d != _NO_DATE})
        g.add_edge(
            t.actor_ids[s[first]], t.actor_ids[o[first]], key=f"{rid}|{mid}",
            relation=rid, modality=mid, quad_class=t.quad_classes[rel[first]], symmetric=bool(sym[first]),
            support=len(rows), claims=[_CLAIM + t.claim[r].decode() for r in rows],
            documents=list(dict.fromkeys(t.documents[t.doc[r]] for r in rows)),
            evidence=list(dict.fromkeys(evidence[r] for r in rows)),
            sources=list(dict.fromkeys((t.documents[t.doc[r]], evidence[r]) for r in rows)),
            dates=[_iso(d) for d in days],
            attributed_to=list(dict.fromkeys(t.actor_ids[t.att[r]] for r in rows if t.att[r] >= 0)),
        )
    return g


# ---------------------------------------------------------------------------- resolving names

class ActorError(ValueError):
    """An actor name that matches nothing or more than one actor; ``candidates`` lists the closest."""

    def __init__(self, message: str, candidates: Sequence[dict] = ()):
        super().__init__(message)
        self.candidates = list(candidates)


def _describe(t: Topology, i: int) -> str:
    return f"{t.labels[i]} ({t.actor_ids[i]}, {t.types[i]})"


def _resolve(t: Topology, name: str) -> int:
    raw = name.strip()
    for prefix in (_ACTOR, "actor:"):
        if raw.startswith(prefix) and raw[len(prefix):] in t.index:
            return t.index[raw[len(prefix):]]
    if raw.strip("<>").startswith(_ACTOR) and raw.strip("<>")[len(_ACTOR):] in t.index:
        return t.index[raw.strip("<>")[len(_ACTOR):]]
    if raw in t.index:
        return t.index[raw]
    key = fold(raw)
    hits = t.names.get(key, [])
    if hits:
        best = min(tier for tier, _ in hits)
        found = sorted({i for tier, i in hits if tier == best})
        if len(found) > 1 and best >= 3:
            active = t.has_claims()
            with_claims = [i for i in found if active[i]]
            if len(with_claims) == 1:
                return with_claims[0]
        if len(found) == 1:
            return found[0]
        cands = [t.actor(i) for i in found]
        raise ActorError(f"ambiguous actor {name!r}: could be " + "; ".join(_describe(t, i) for i in found[:8])
                         + " (give the full name or the id)", cands)
    cands = _candidates(t, key)
    hint = ("; closest: " + "; ".join(_describe(t, i) for i in cands)) if cands else ""
    raise ActorError(f"unknown actor {name!r}{hint}", [t.actor(i) for i in cands])


def _candidates(t: Topology, key: str, n: int = 5) -> list[int]:
    if not key:
        return []
    words = set(key.split())
    pool = [k for k in t.names if k[:1] == key[:1] or words & set(k.split()) or (len(key) > 3 and key in k)]
    close = difflib.get_close_matches(key, pool, n=n * 2, cutoff=0.6)
    close += [k for k in pool if key in k.split() or (len(key) > 3 and key in k)]
    out: list[int] = []
    for k in close:
        for _, i in sorted(t.names[k]):
            if i not in out:
                out.append(i)
    return out[:n]


def resolve(store, name: str) -> str:
    """The id of the actor a user means by ``name``.

    Names match the actor's id, label, alternative labels, acronyms, metonyms
    ("Moscow", "the Kremlin") and demonyms, from the store and the gazetteer, with
    case, accents, punctuation and a leading "the" folded; a person's surname alone
    matches too when it is unambiguous.

    Raises
    ------
    ActorError
        If the name matches no actor or several; the message names the closest.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> p = Actor("alexander-lukashenko", "Alexander Lukashenko", "Person")
    >>> by = Actor("belarus", "Belarus", "State", ("Minsk",))
    >>> _ = store.write_document(Document("x", "x.txt"), [Claim(p, "leader-of", by, evidence="x")])
    >>> resolve(store, "lukashénko"), resolve(store, "MINSK")
    ('alexander-lukashenko', 'belarus')
    >>> resolve(store, "Lukashonko")
    Traceback (most recent call last):
    ...
    kg.graph.ActorError: unknown actor 'Lukashonko'; closest: Alexander Lukashenko (alexander-lukashenko, Person)
    >>> store.close()
    """
    t = load_topology(store)
    return t.actor_ids[_resolve(t, name)]


# ---------------------------------------------------------------------------- paths

@dataclass
class Hop:
    """One step of a path: the claim's true subject and object, whichever way the path walks it."""

    subject: dict
    relation: str
    object: dict
    modality: str
    document: str
    evidence: str
    claim: str
    date: str | None = None
    support: int = 1
    reversed: bool = False  # the path walks this edge from object to subject

    def to_json(self) -> dict:
        return {"subject": self.subject, "relation": self.relation, "object": self.object,
                "modality": self.modality, "document": self.document, "evidence": self.evidence,
                "claim": self.claim, "date": self.date, "support": self.support, "reversed": self.reversed}


@dataclass
class Path_:
    """A path between two actors: the actors in walking order and one hop per step."""

    actors: list
    hops: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"length": len(self.hops), "actors": self.actors, "hops": [h.to_json() for h in self.hops]}


_MOD_RANK = {"asserted": 0, "reported": 1, "alleged": 2, "intended": 3, "denied": 4, "negated": 5}


def _hops(u: np.ndarray, v: np.ndarray, n: int, source: int, limit: int) -> np.ndarray:
    """Hops from ``source`` to each of the ``n`` actors along the edges ``u[i] -> v[i]`` (breadth first,
    a level per pass over the edges); ``inf`` where more than ``limit`` hops away or unreachable.

    >>> _hops(np.array([0, 1, 2]), np.array([1, 2, 0]), 4, 0, 5).tolist()
    [0.0, 1.0, 2.0, inf]
    """
    dist = np.full(n, np.inf)
    dist[source] = 0
    front = np.zeros(n, dtype=bool)
    front[source] = True
    for d in range(1, limit + 1):
        reached = v[front[u]]
        reached = reached[np.isinf(dist[reached])]
        if not len(reached):
            break
        dist[reached] = d
        front[:] = False
        front[reached] = True
    return dist


def _walkable(t: Topology, m: np.ndarray, directed: bool, unique: bool = False):
    """Walkable (u, v) pairs of the claims in mask ``m`` (distinct and sorted if ``unique``)."""
    idx = np.nonzero(m)[0]
    u, v = t.src[idx], t.dst[idx]
    if directed:
        sym = np.asarray(t.symmetric + [False], dtype=bool)[t.rel[idx]]
        u, v = np.concatenate([u, v[sym]]), np.concatenate([v, u[sym]])
    else:
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
    keep = u != v
    u, v = u[keep], v[keep]
    if unique:
        order = np.lexsort((v, u))
        u, v = u[order], v[order]
        first = np.ones(len(u), dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        u, v = u[first], v[first]
    return u, v


def _hop(t: Topology, m: np.ndarray, a: int, b: int, directed: bool, store) -> Hop:
    fwd = np.nonzero(m & (t.src == a) & (t.dst == b))[0]
    back = np.nonzero(m & (t.src == b) & (t.dst == a))[0]
    if directed:
        back = back[np.asarray(t.symmetric + [False], dtype=bool)[t.rel[back]]]
    groups: dict = defaultdict(list)
    for rows, rev in ((fwd, False), (back, True)):
        for r in rows:
            groups[(int(t.rel[r]), int(t.mod[r]), rev)].append(int(r))

    def score(item):
        (rel, mod, rev), rows = item
        return (_MOD_RANK.get(t.modalities[mod], 9), -len(rows), rev, t.relations[rel])

    (rel, mod, rev), rows = min(groups.items(), key=score)
    rows.sort(key=lambda r: (t.day[r] == _NO_DATE, t.day[r]))
    r = rows[0]
    iri = _CLAIM + t.claim[r].decode()
    evidence = _claim_evidence(store, t, r, iri)
    s, o = (b, a) if rev else (a, b)
    return Hop(t.actor(s), t.relations[rel], t.actor(o), t.modalities[mod], t.documents[t.doc[r]],
               evidence.strip(), iri, _iso(int(t.day[r])), len(rows), rev)


def _claim_evidence(store, t: Topology, row: int, iri: str) -> str:
    if t._evidence is not None:
        return t._evidence[row]
    import pyoxigraph as ox

    rows = store.rows("SELECT ?c ?e WHERE { ?c kg:evidence ?e }", {"c": ox.NamedNode(iri)})
    return rows[0][1] if rows else ""


def paths(store, source: str, target: str, *, k: int = 1, directed: bool = False, relations=None,
          exclude_relations=None, modalities=None, date_from=None, date_to=None, max_hops: int = 6) -> list[Path_]:
    """Shortest paths between two actors, each hop with its relation, modality, source and evidence.

    Parameters
    ----------
    store : kg.store.Store
    source, target : str
        Actor names as a user types them (see :func:`resolve`).
    k : int
        Up to this many paths, shortest first (simple paths, ties in a stable order).
    directed : bool
        Walk relations only from subject to object (symmetric relations either way);
        by default a path may walk a claim against its direction, and the hop says so.
    relations, exclude_relations, modalities, date_from, date_to
        Claim filters, as for :func:`project`.
    max_hops : int
        Longest path considered.

    Returns
    -------
    list of Path_
        Empty when no path of at most ``max_hops`` exists. Each hop reports the
        claim's true subject and object; where several claims link the two actors,
        the hop shows the best supported relation (asserted before reported, alleged
        and the rest, then by number of claims) and its earliest claim.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> a, b, c = (Actor(x, x.title(), "State") for x in ("armenia", "russia", "azerbaijan"))
    >>> _ = store.write_document(Document("t", "t.txt"), [
    ...     Claim(b, "supplies-arms-to", a, evidence="Russia arms Armenia.", document="t.txt"),
    ...     Claim(c, "criticizes", b, evidence="Baku rebukes Moscow.", document="t.txt")])
    >>> p = paths(store, "Armenia", "Azerbaijan")[0]
    >>> [(h.subject["id"], h.relation, h.object["id"], h.reversed) for h in p.hops]
    [('russia', 'supplies-arms-to', 'armenia', True), ('azerbaijan', 'criticizes', 'russia', True)]
    >>> paths(store, "Armenia", "Azerbaijan", directed=True)
    []
    >>> store.close()
    """
    t = load_topology(store)
    a, b = _resolve(t, source), _resolve(t, target)
    if a == b:
        raise ActorError(f"{source!r} and {target!r} are the same actor ({t.actor_ids[a]})")
    m = t.mask(relations, exclude_relations, modalities, date_from, date_to)
    u, v = _walkable(t, m, directed)
    n = len(t.actor_ids)
    da = _hops(u, v, n, a, max_hops)
    if not np.isfinite(da[b]):
        return []
    db = _hops(v, u, n, b, max_hops)  # hops from each actor to b
    shortest = int(da[b])
    cap = min(max_hops, shortest + (0 if k <= 1 else 2))
    while True:
        on = da[u] + 1 + db[v] <= cap
        if on.sum() <= _MAX_SUBGRAPH_EDGES or cap == shortest:
            break
        cap -= 1
    node_paths = _k_shortest(u[on], v[on], a, b, k, cap)
    out = []
    for nodes in node_paths:
        p = Path_([t.actor(i) for i in nodes])
        p.hops = [_hop(t, m, x, y, directed, store) for x, y in zip(nodes, nodes[1:])]
        out.append(p)
    return out


def _k_shortest(u: np.ndarray, v: np.ndarray, a: int, b: int, k: int, cap: int) -> list[list[int]]:
    """Up to k shortest simple paths from a to b over the (small) edge list, none longer than cap."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from(zip(u.tolist(), v.tolist()))
    if a not in g or b not in g:
        return []
    out = []
    try:
        for p in nx.shortest_simple_paths(g, a, b):
            if len(p) - 1 > cap or len(out) >= k:
                break
            out.append(p)
    except nx.NetworkXNoPath:
        pass
    return out


# ---------------------------------------------------------------------------- neighbors, profile, rank

def neighbors(store, name: str, *, direction: str = "both", relations=None, exclude_relations=None,
              modalities=None, date_from=None, date_to=None) -> list[dict]:
    """An actor's direct relations, one row per (counterpart, relation, modality, direction).

    Parameters
    ----------
    direction : {"both", "out", "in"}
        ``out``: claims with the actor as subject; ``in``: as object.

    Returns
    -------
    list of dict
        ``actor`` (id, label, type), ``relation``, ``modality``, ``direction``,
        ``support`` (claims), ``documents``, ``first`` and ``last`` dates; most
        supported first.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> a, b = Actor("armenia", "Armenia", "State"), Actor("russia", "Russia", "State")
    >>> _ = store.write_document(Document("t", "t.txt"), [Claim(b, "supplies-arms-to", a, evidence="e")])
    >>> [(n["actor"]["id"], n["relation"], n["direction"]) for n in neighbors(store, "Armenia")]
    [('russia', 'supplies-arms-to', 'in')]
    >>> store.close()
    """
    if direction not in ("both", "out", "in"):
        raise ValueError(f"direction must be both, out or in, not {direction!r}")
    t = load_topology(store)
    i = _resolve(t, name)
    m = t.mask(relations, exclude_relations, modalities, date_from, date_to)
    groups: dict = defaultdict(list)
    if direction in ("both", "out"):
        for r in np.nonzero(m & (t.src == i))[0]:
            groups[(int(t.dst[r]), int(t.rel[r]), int(t.mod[r]), "out")].append(int(r))
    if direction in ("both", "in"):
        for r in np.nonzero(m & (t.dst == i))[0]:
            groups[(int(t.src[r]), int(t.rel[r]), int(t.mod[r]), "in")].append(int(r))
    out = []
    for (j, rel, mod, d), rows in groups.items():
        days = [int(t.day[r]) for r in rows if t.day[r] != _NO_DATE]
        out.append({"actor": t.actor(j), "relation": t.relations[rel], "modality": t.modalities[mod],
                    "direction": d, "support": len(rows),
                    "documents": list(dict.fromkeys(t.documents[t.doc[r]] for r in rows)),
                    "first": _iso(min(days)) if days else None, "last": _iso(max(days)) if days else None})
    out.sort(key=lambda x: (-x["support"], x["relation"], x["actor"]["id"], x["direction"]))
    return out


_ROLES_Q = """
SELECT ?role ?office ?in ?inLabel ?rel ?from ?until ?actor WHERE {
  ?actor kg:holds ?role . OPTIONAL { ?role kg:office ?office }
  OPTIONAL { ?role kg:roleIn ?in OPTIONAL { ?in rdfs:label ?inLabel } }
  OPTIONAL { ?role kg:roleRelation ?rel } OPTIONAL { ?role kg:validFrom ?from } OPTIONAL { ?role kg:validUntil ?until }
} ORDER BY ?from"""
# A membership ends with the organization: a membership of a dissolved organization is a former one.
_MEMBERSHIPS_Q = """
SELECT ?ms ?org ?label ?status ?from ?until ?orgUntil ?actor WHERE {
  ?actor kg:hasMembership ?ms . ?ms kg:organization ?org .
  OPTIONAL { ?org rdfs:label ?label } OPTIONAL { ?org kg:validUntil ?orgUntil }
  OPTIONAL { ?ms kg:status ?status } OPTIONAL { ?ms kg:validFrom ?from } OPTIONAL { ?ms kg:validUntil ?until }
} ORDER BY ?from ?org"""
_MEMBERS_Q = """
SELECT ?ms ?member ?label ?status ?from ?until ?orgUntil ?actor WHERE {
  ?member kg:hasMembership ?ms . ?ms kg:organization ?actor .
  OPTIONAL { ?member rdfs:label ?label } OPTIONAL { ?actor kg:validUntil ?orgUntil }
  OPTIONAL { ?ms kg:status ?status } OPTIONAL { ?ms kg:validFrom ?from } OPTIONAL { ?ms kg:validUntil ?until }
} ORDER BY ?member ?from"""


def _spans(rows, key: str, as_of: str) -> list[dict]:
    """Membership rows as dicts; ``until`` is the earlier of the membership's and its organization's end, and
    ``current`` says whether the membership holds on ``as_of`` (ISO dates compare as strings)."""
    out = []
    for _, other, label, status, fr, until, org_until, _a in rows:
        until = min(x for x in (until, org_until) if x) if (until or org_until) else None
        out.append({key: _local(other, _ACTOR) if other.startswith(_ACTOR) else other, "label": label,
                    "status": status, "from": fr, "until": until,
                    "current": (fr is None or fr <= as_of) and (until is None or until > as_of)})
    return out


def profile(store, name: str, *, modalities=None, as_of: str | None = None) -> dict:
    """An actor's profile: identity, gazetteer roles and memberships, relations by type.

    Parameters
    ----------
    store : kg.store.Store
    name : str
        Actor name, alias, acronym or id (resolved as :func:`resolve` does).
    modalities : iterable of str, optional
        Count only claims of these modalities.
    as_of : str, optional
        ISO date on which memberships are ``current`` (default: today).

    Returns
    -------
    dict
        ``id``, ``label``, ``type``, ``aliases``; ``roles`` (office, in, in_label,
        from, until) and ``memberships`` (organization, label, status, from, until,
        current; a membership ends when its organization is dissolved) and, for
        an organization, ``members`` (member, label, ...), from the gazetteer;
        ``relations``: per relation id, ``out`` and ``in`` claim counts,
        ``counterparts`` (id -> claims), ``modalities``, ``documents`` and the date
        span ``first``/``last``; ``claims``, ``documents`` and date span over all
        its claims; ``labels``: id -> label of every counterpart.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> a, b = Actor("armenia", "Armenia", "State"), Actor("russia", "Russia", "State")
    >>> _ = store.write_document(Document("t", "t.txt"), [
    ...     Claim(b, "supplies-arms-to", a, evidence="e", document="t.txt", date="2020-08-01")])
    >>> p = profile(store, "Russia")
    >>> p["type"], p["relations"]["supplies-arms-to"]["out"], p["first"], p["labels"]["armenia"]
    ('State', 1, '2020-08-01', 'Armenia')
    >>> [m["label"] for m in profile(store, "Russia", as_of="2010-01-01")["memberships"]
    ...  if m["organization"] == "eaec" and m["current"]]
    ['Eurasian Economic Community']
    >>> [m["organization"] for m in p["memberships"] if m["organization"] == "eaec" and m["current"]]
    []
    >>> store.close()
    """
    import pyoxigraph as ox

    t = load_topology(store)
    i = _resolve(t, name)
    m = t.mask(modalities=modalities)
    iri = ox.NamedNode(_ACTOR + t.actor_ids[i])

    def local(x):
        return _local(x, _ACTOR) if x and x.startswith(_ACTOR) else x

    as_of = as_of or dt.date.today().isoformat()
    roles = [{"office": office, "in": local(org), "in_label": org_label,
              "relation": local(rel) and _local(rel, _REL), "from": fr, "until": un}
             for _, office, org, org_label, rel, fr, un, _a in store.rows(_ROLES_Q, {"actor": iri})]
    memberships = _spans(store.rows(_MEMBERSHIPS_Q, {"actor": iri}), "organization", as_of)
    members = _spans(store.rows(_MEMBERS_Q, {"actor": iri}), "member", as_of)
    rels: dict = {}
    labels: dict = {}
    all_rows = []
    for side, col, other in (("out", t.src, t.dst), ("in", t.dst, t.src)):
        for r in np.nonzero(m & (col == i))[0]:
            rid = t.relations[t.rel[r]]
            labels[t.actor_ids[other[r]]] = t.labels[other[r]]
            e = rels.setdefault(rid, {"out": 0, "in": 0, "counterparts": Counter(), "modalities": Counter(),
                                      "documents": [], "days": []})
            e[side] += 1
            e["counterparts"][t.actor_ids[other[r]]] += 1
            e["modalities"][t.modalities[t.mod[r]]] += 1
            d = t.documents[t.doc[r]]
            if d not in e["documents"]:
                e["documents"].append(d)
            if t.day[r] != _NO_DATE:
                e["days"].append(int(t.day[r]))
            all_rows.append(int(r))
    for e in rels.values():
        days = e.pop("days")
        e["first"], e["last"] = (_iso(min(days)), _iso(max(days))) if days else (None, None)
        e["counterparts"] = dict(e["counterparts"].most_common())
        e["modalities"] = dict(e["modalities"].most_common())
    all_rows = sorted(set(all_rows))
    days = [int(t.day[r]) for r in all_rows if t.day[r] != _NO_DATE]
    return {
        **t.actor(i), "aliases": list(t.all_aliases()[i]), "roles": roles, "memberships": memberships,
        "members": members,
        "labels": labels,
        "relations": dict(sorted(rels.items(), key=lambda kv: (-(kv[1]["out"] + kv[1]["in"]), kv[0]))),
        "claims": len(all_rows),
        "documents": sorted({t.documents[t.doc[r]] for r in all_rows}),
        "first": _iso(min(days)) if days else None, "last": _iso(max(days)) if days else None,
    }


def rank(store, measure: str = "degree", *, top: int | None = 20, relations=None, exclude_relations=None,
         modalities=None, date_from=None, date_to=None, sample: int | None = 500) -> list[tuple[str, float]]:
    """Actors ranked by a centrality measure over the chosen claims.

    Parameters
    ----------
    measure : {"degree", "pagerank", "betweenness"}
        ``degree``: number of distinct counterparts (either direction);
        ``pagerank``: PageRank (damping 0.85) along subject -> object, weighted by
        claims, symmetric relations both ways, so the most *targeted* actors rank high;
        ``betweenness``: over the undirected actor graph; exact up to ``sample``
        actors, else estimated from ``sample`` sources (seeded, reproducible).
    top : int or None
        How many to return (None: all actors with claims).

    Returns
    -------
    list of (actor id, score), best first, ties by id.

    Examples
    --------
    >>> import tempfile
    >>> from kg.model import Actor, Claim, Document
    >>> from kg.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> a, b, c = (Actor(x, x.title(), "State") for x in ("armenia", "russia", "azerbaijan"))
    >>> _ = store.write_document(Document("t", "t.txt"), [
    ...     Claim(b, "supplies-arms-to", a, evidence="e"), Claim(c, "criticizes", b, evidence="e")])
    >>> rank(store, "betweenness")
    [('russia', 1.0), ('armenia', 0.0), ('azerbaijan', 0.0)]
    >>> [x for x, _ in rank(store, "pagerank")]
    ['armenia', 'russia', 'azerbaijan']
    >>> store.close()
    """
    if measure not in ("degree", "pagerank", "betweenness"):
        raise ValueError(f"unknown measure {measure!r} (use degree, pagerank or betweenness)")
    t = load_topology(store)
    m = t.mask(relations, exclude_relations, modalities, date_from, date_to)
    n = len(t.actor_ids)
    idx = np.nonzero(m)[0]
    active = np.zeros(n, dtype=bool)
    active[t.src[idx]] = True
    active[t.dst[idx]] = True
    if measure == "degree":
        u, v = _walkable(t, m, directed=False, unique=True)
        score = np.bincount(u, minlength=n).astype(float)
    elif measure == "pagerank":
        score = _pagerank(t, idx, n)
    else:
        score = _betweenness(t, m, active, sample)
    order = sorted(np.nonzero(active)[0], key=lambda i: (-score[i], t.actor_ids[i]))
    if top is not None:
        order = order[:top]
    return [(t.actor_ids[i], round(float(score[i]), 6)) for i in order]


def _pagerank(t: Topology, idx: np.ndarray, n: int, alpha: float = 0.85, tol: float = 1e-10) -> np.ndarray:
    from scipy.sparse import csr_matrix

    u, v = t.src[idx], t.dst[idx]
    sym = np.asarray(t.symmetric + [False], dtype=bool)[t.rel[idx]]
    u, v = np.concatenate([u, v[sym]]), np.concatenate([v, u[sym]])
    w = csr_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    out_w = np.asarray(w.sum(axis=1)).ravel()
    nodes = np.zeros(n, dtype=bool)
    nodes[u] = nodes[v] = True
    k = max(int(nodes.sum()), 1)
    x = np.where(nodes, 1.0 / k, 0.0)
    tele = x.copy()
    inv = np.divide(1.0, out_w, out=np.zeros(n), where=out_w > 0)
    for _ in range(200):
        dangling = x[(out_w == 0) & nodes].sum()
        new = alpha * (w.T @ (x * inv)) + (alpha * dangling + 1 - alpha) * tele
        if np.abs(new - x).sum() < tol * k:
            x = new
            break
        x = new
    return x


def _betweenness(t: Topology, m: np.ndarray, active: np.ndarray, sample: int | None) -> np.ndarray:
    import networkx as nx

    u, v = _walkable(t, m, directed=False, unique=True)
    g = nx.Graph()
    g.add_nodes_from(np.nonzero(active)[0].tolist())
    g.add_edges_from(zip(u.tolist(), v.tolist()))
    kk = sample if sample and g.number_of_nodes() > sample else None
    bc = nx.betweenness_centrality(g, k=kk, normalized=True, seed=0)
    score = np.zeros(len(t.actor_ids))
    for i, x in bc.items():
        score[i] = x
    return score
