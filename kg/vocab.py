"""Namespaces and the vocabulary of the ontology.

The ontology (``ontology/kg.ttl``) is the single source of truth for relation
ids, their symmetry, PLOVER/CAMEO alignment, modalities and actor types. This
module reads it once per process; nothing here repeats what it says.

Examples
--------
>>> from kg.vocab import relations, modalities, REL
>>> relations()["supplies-arms-to"].quad_class
'material-cooperation'
>>> relations()["consults"].symmetric
True
>>> str(REL["accuses"])
'https://w3id.org/geokg/relation/accuses'
>>> sorted(modalities())[:3]
['alleged', 'asserted', 'denied']
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/geokg/"
KG = Namespace(BASE + "ontology#")
REL = Namespace(BASE + "relation/")
MOD = Namespace(BASE + "modality/")
ACTOR = Namespace(BASE + "actor/")
CLAIM = Namespace(BASE + "claim/")
DOC = Namespace(BASE + "document/")
STATEMENT = Namespace(BASE + "statement/")
SUMMARY = Namespace(BASE + "summary/")
GRAPH = Namespace(BASE + "graph/")

#: Prefixes preloaded for SPARQL queries and used when serialising.
PREFIXES: dict[str, str] = {
    "kg": str(KG), "rel": str(REL), "mod": str(MOD), "actor": str(ACTOR),
    "claim": str(CLAIM), "doc": str(DOC), "stmt": str(STATEMENT), "summary": str(SUMMARY),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "skos": str(SKOS),
    "xsd": str(XSD), "prov": str(PROV), "dcterms": str(DCTERMS),
}

__all__ = [
    "KG", "REL", "MOD", "ACTOR", "CLAIM", "DOC", "STATEMENT", "SUMMARY", "GRAPH", "PREFIXES",
    "Relation", "Modality", "ontology_dir", "ontology", "relations", "relation",
    "modalities", "actor_types", "sparql_prefixes",
]


def ontology_dir() -> Path:
    """Directory holding the ontology: ``kg/ontology`` in a wheel, else the repo's ``ontology/``."""
    packaged = Path(__file__).parent / "ontology"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class Relation:
    """One typed, directed relation of the inventory (an ``owl:ObjectProperty``)."""

    id: str
    iri: str
    label: str
    definition: str
    symmetric: bool
    standing: bool
    quad_class: str  # structural, verbal-cooperation, material-cooperation, verbal-conflict, material-conflict
    cameo: str | None
    plover: str | None


@dataclass(frozen=True)
class Modality:
    """How a text presents a claim (a SKOS concept of the modality scheme)."""

    id: str
    iri: str
    definition: str
    truthy: bool  # a claim of this modality also states the direct triple
    disputing: bool = False  # a claim of this modality disputes it (with a truthy one: contested)


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The core ontology (``ontology/kg.ttl``) as an rdflib graph."""
    g = Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    return g


def _kebab(local: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


@lru_cache(maxsize=1)
def relations() -> dict[str, Relation]:
    """The relation inventory, keyed by public id (``skos:notation``)."""
    g = ontology()
    out: dict[str, Relation] = {}
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        notation = g.value(prop, SKOS.notation)
        if notation is None or not str(prop).startswith(str(REL)):
            continue
        quad = g.value(prop, KG.quadClass)
        cameo, plover = g.value(prop, KG.cameoCode), g.value(prop, KG.ploverCategory)
        out[str(notation)] = Relation(
            id=str(notation), iri=str(prop), label=str(g.value(prop, RDFS.label)),
            definition=str(g.value(prop, SKOS.definition)),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
            standing=g.value(prop, KG.relationClass) == KG.StandingRelation,
            quad_class=_kebab(str(quad).split("#")[-1]) if quad else "structural",
            cameo=str(cameo) if cameo else None, plover=str(plover) if plover else None,
        )
    return dict(sorted(out.items()))


def relation(rid: str) -> Relation:
    """Look up a relation by id; an unknown id raises ``ValueError`` naming the closest ones.

    >>> relation("accuse")
    Traceback (most recent call last):
    ...
    ValueError: unknown relation 'accuse' (did you mean: accuses?)
    """
    rels = relations()
    if rid in rels:
        return rels[rid]
    close = difflib.get_close_matches(rid, rels, n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ValueError(f"unknown relation {rid!r}{hint}")


@lru_cache(maxsize=1)
def modalities() -> dict[str, Modality]:
    """The modality scheme, keyed by id."""
    g = ontology()
    out = {}
    for concept in g.subjects(SKOS.inScheme, MOD.scheme):
        mid = str(g.value(concept, SKOS.notation))
        out[mid] = Modality(mid, str(concept), str(g.value(concept, SKOS.definition)),
                            bool(g.value(concept, KG.truthyModality)), bool(g.value(concept, KG.disputingModality)))
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def actor_types() -> dict[str, str]:
    """Actor classes (subclasses of ``kg:Actor``), local name to IRI."""
    g = ontology()
    return {str(c).split("#")[-1]: str(c) for c in sorted(g.subjects(RDFS.subClassOf, KG.Actor))}


def sparql_prefixes() -> str:
    """The ontology's prefixes as SPARQL ``PREFIX`` lines."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
