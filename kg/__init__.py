"""kg: a geopolitical actor-relationship knowledge graph.

News articles in, typed claims out (subject, relation, object, with modality,
attribution, evidence and dates), stored as RDF, queried with SPARQL, walked as
a network and drawn as an interactive page.

The public API is importable from here; heavy modules load on first use.
"""
from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "Document": "kg.model", "Actor": "kg.model", "Claim": "kg.model",
    "Store": "kg.store", "StoreError": "kg.store",
    "read_documents": "kg.ingest", "ingest": "kg.ingest", "InputError": "kg.ingest",
    "relations": "kg.vocab", "modalities": "kg.vocab",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
