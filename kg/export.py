"""Exporting the store: RDF serialisations, network formats and a claims table.

Examples
--------
>>> import io, tempfile
>>> from kg.model import Actor, Claim, Document
>>> from kg.store import Store
>>> store = Store(tempfile.mkdtemp())
>>> az, ru = Actor("azerbaijan", "Azerbaijan", "State"), Actor("russia", "Russia", "State")
>>> _ = store.write_document(Document("Baku leans on Moscow.", "a.txt"),
...                          [Claim(az, "pressures", ru, evidence="Baku leans on Moscow.", document="a.txt")])
>>> out = io.BytesIO()
>>> export(store, "csv", out)
>>> out.getvalue().decode().splitlines()[1]
'azerbaijan,Azerbaijan,pressures,russia,Russia,asserted,,a.txt,,Baku leans on Moscow.'
"""
from __future__ import annotations

import csv
import io
from typing import BinaryIO

__all__ = ["export", "claims_table", "FORMATS"]

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")

CLAIMS_QUERY = """
SELECT ?s ?sl ?rid ?o ?ol ?mid ?att ?file ?date ?evidence WHERE {
  ?c a kg:Claim ; kg:subject ?s ; kg:relation ?r ; kg:object ?o ; kg:modality ?m ;
     kg:evidence ?evidence ; kg:source ?d .
  ?r skos:notation ?rid . ?m skos:notation ?mid . ?d kg:fileName ?file .
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL { ?c kg:attributedTo ?att } OPTIONAL { ?c kg:eventDate ?date }
} ORDER BY ?file ?s ?rid ?o"""


def claims_table(store) -> list[dict]:
    """Every stored claim as a flat row (actor ids and labels, relation, modality, source, evidence)."""
    keys = ("subject", "subject_label", "relation", "object", "object_label", "modality",
            "attributed_to", "document", "date", "evidence")
    rows, seen = [], set()
    for r in store.rows(CLAIMS_QUERY):
        row = dict(zip(keys, r))
        for k in ("subject", "object", "attributed_to"):
            if row[k]:
                row[k] = row[k].rsplit("/", 1)[-1]
        key = tuple(row.values())
        if key not in seen:  # an actor with two labels would repeat the row
            seen.add(key)
            rows.append(row)
    return rows


def export(store, fmt: str, out: BinaryIO, *, include_reference: bool = False) -> None:
    """Write the store to ``out`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt in ("ttl", "nt", "nq", "trig"):
        store.dump(out, fmt, include_reference=include_reference)
    elif fmt == "jsonld":
        import rdflib

        buf = io.BytesIO()
        store.dump(buf, "nq", include_reference=include_reference)
        ds = rdflib.Dataset()
        ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
        from .vocab import PREFIXES

        out.write(ds.serialize(format="json-ld", context=dict(PREFIXES), indent=1).encode("utf-8"))
    elif fmt == "csv":
        text = io.StringIO()
        rows = claims_table(store)
        writer = csv.DictWriter(text, fieldnames=list(rows[0]) if rows else ["subject"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        out.write(text.getvalue().encode("utf-8"))
    else:
        import networkx as nx

        from .graph import project

        g = _flat(project(store))
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, out)


def _flat(graph):
    """A copy whose attribute values are scalars, as GraphML and GEXF require."""
    g = graph.copy()
    for _, data in g.nodes(data=True):
        for k, v in list(data.items()):
            if isinstance(v, (list, tuple, set)):
                data[k] = "; ".join(map(str, v))
            elif v is None:
                del data[k]
    for *_, data in g.edges(keys=True, data=True):
        for k, v in list(data.items()):
            if k == "sources":  # (document, evidence) pairs
                data[k] = " | ".join(f"{doc}: {ev}" for doc, ev in v)
            elif isinstance(v, (list, tuple, set)):
                data[k] = "; ".join(map(str, v))
            elif v is None:
                del data[k]
    return g
