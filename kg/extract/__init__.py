"""The extractor: English news text to typed claims with evidence, modality and attribution.

Public API
----------
extract_documents(docs, *, model=None, batch_size=32)
    ``(document, claims)`` pairs, lazily; used by ``kg ingest``.
extract_text(text, *, name="text", date=None, model=None)
    Claims of one text.
load_pipeline(model=None)
    The spaCy pipeline (cached per process); raises :class:`ModelNotFound`
    with the exact install instructions.

The linguistic knowledge is data: trigger patterns in
``kg/extract/patterns/relations.json`` and word lists in
``kg/extract/patterns/lexicon.json``. Every claim records the id of the pattern
that produced it (``Claim.pattern``).

Examples
--------
>>> from kg.extract import ModelNotFound, INSTALL_HINT
>>> "requirements/spacy-model.txt" in INSTALL_HINT
True
"""
from .pipeline import INSTALL_HINT, ModelNotFound, extract_documents, extract_text, load_pipeline

__all__ = ["extract_documents", "extract_text", "load_pipeline", "ModelNotFound", "INSTALL_HINT", "claims_jsonl"]


def claims_jsonl(claims) -> str:
    """Claims as JSON Lines (the gold-format shape), one per line.

    >>> from kg.model import Actor, Claim
    >>> a, b = Actor("a", "A", "State"), Actor("b", "B", "State")
    >>> claims_jsonl([Claim(a, "consults", b, document="x.txt")]).count("\\n")
    1
    """
    import json

    return "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in claims)
