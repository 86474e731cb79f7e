"""Score extracted claims against gold relation annotations.

The score is the one defined in ``gold-format.md`` (section "Score"):

1. An output actor matches a gold actor when its label or one of its aliases
   equals one of the gold actor's names after :func:`normalise`. An
   unmatched actor stays itself, as ``"?" + normalise(label)``.
2. Per document, gold and output each become a set of (subject, relation,
   object) triples; symmetric relations are put in canonical order; optional
   gold triples are removed from both sets.
3. Three levels, micro-averaged over the gold documents: ``exact`` (the
   triples), ``state`` (both ends replaced by their gold ``rollup``, triples
   whose ends become equal dropped) and ``pair`` (unordered actor pairs).
4. ``modality``: as ``exact`` with the claim's modality added to the triple.

Which relations are symmetric is read from the ontology
(``owl:SymmetricProperty`` with a ``skos:notation`` in ``ontology/kg.ttl``).

Examples
--------
>>> import json, tempfile
>>> from pathlib import Path
>>> gold = {"document": "a.txt",
...         "actors": [{"id": "armenia", "type": "State", "names": ["Armenia", "Yerevan"],
...                     "rollup": "armenia"},
...                    {"id": "russia", "type": "State", "names": ["Russia", "Moscow"],
...                     "rollup": "russia"}],
...         "relations": [{"subject": "russia", "relation": "allies-with", "object": "armenia",
...                        "modality": "asserted", "attributed_to": None, "optional": False,
...                        "evidence": "Russia and Armenia are allies."}]}
>>> claim = {"document": "corpus/a.txt", "relation": "allies-with", "modality": "asserted",
...          "subject": {"label": "Yerevan"}, "object": {"label": "the Russia's"}}
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "a.json").write_text(json.dumps(gold))
...     result = score(tmp, [claim])
>>> result["exact"]["f1"], result["documents"]
(1.0, 1)
>>> print(format_report(result))
exact     P=1.000 R=1.000 F1=1.000 (tp=1 predicted=1 gold=1)
state     P=1.000 R=1.000 F1=1.000 (tp=1 predicted=1 gold=1)
pair      P=1.000 R=1.000 F1=1.000 (tp=1 predicted=1 gold=1)
modality  P=1.000 R=1.000 F1=1.000 (tp=1 predicted=1 gold=1)
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from kg.vocab import relations

LEVELS = ("exact", "state", "pair", "modality")
"""The four score levels, in report order."""

Triple = tuple[str, str, str]


@lru_cache(maxsize=1)
def symmetric_relations() -> frozenset[str]:
    """Return the ids of the symmetric relations of the ontology.

    Returns
    -------
    frozenset of str
        The ids (``skos:notation``) of the ``owl:SymmetricProperty``
        relations, as :func:`kg.vocab.relations` reads them.

    Examples
    --------
    >>> sorted(symmetric_relations())[:3]
    ['agrees-with', 'allies-with', 'clashes-with']
    >>> "supports" in symmetric_relations()
    False
    """
    return frozenset(r.id for r in relations().values() if r.symmetric)


def normalise(name: str) -> str:
    """Normalise an actor name for matching.

    Case-folds, removes accents, maps the typographic apostrophe to ``'``,
    collapses white space, and drops one leading ``"the "`` and one trailing
    ``"'s"``.

    Parameters
    ----------
    name : str
        A surface form or label.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise("  The   Kremlin’s ")
    'kremlin'
    >>> normalise("Türkiye")
    'turkiye'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().replace("\u2019", "'").split())
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text


def canonical_triple(subject: str, relation: str, obj: str) -> Triple:
    """Build a triple, ordering the ends of a symmetric relation canonically.

    Parameters
    ----------
    subject, relation, obj : str
        Actor ids and a relation id.

    Returns
    -------
    tuple of str
        ``(subject, relation, object)``, ends swapped when the relation is
        symmetric and ``obj`` sorts before ``subject``.

    Examples
    --------
    >>> canonical_triple("russia", "consults", "armenia")
    ('armenia', 'consults', 'russia')
    >>> canonical_triple("russia", "supports", "armenia")
    ('russia', 'supports', 'armenia')
    """
    if relation in symmetric_relations() and obj < subject:
        subject, obj = obj, subject
    return subject, relation, obj


@dataclass
class GoldDocument:
    """The gold annotation of one document, prepared for scoring.

    Attributes
    ----------
    document : str
        The document's file name.
    rollup : dict
        Actor id to rollup id.
    by_name : dict
        Normalised name to actor id.
    required, optional : set of tuple
        Required and optional canonical triples (no triple is in both).
    modal : set of tuple
        ``(subject, relation, object, modality)`` of the non-optional rows.
    """

    document: str
    rollup: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    required: set[Triple] = field(default_factory=set)
    optional: set[Triple] = field(default_factory=set)
    modal: set[tuple[str, str, str, str]] = field(default_factory=set)

    @classmethod
    def from_json(cls, data: dict) -> GoldDocument:
        """Build from a gold JSON object (see ``gold-format.md``).

        Examples
        --------
        >>> g = GoldDocument.from_json({"document": "d.txt", "actors": [
        ...     {"id": "iran", "type": "State", "names": ["Iran", "Tehran"], "rollup": "iran"}],
        ...     "relations": []})
        >>> g.by_name
        {'iran': 'iran', 'tehran': 'iran'}
        """
        gold = cls(data["document"])
        for actor in data["actors"]:
            gold.rollup[actor["id"]] = actor.get("rollup") or actor["id"]
            for name in actor["names"]:
                gold.by_name[normalise(name)] = actor["id"]
        for rel in data["relations"]:
            t = canonical_triple(rel["subject"], rel["relation"], rel["object"])
            if rel.get("optional"):
                gold.optional.add(t)
            else:
                gold.required.add(t)
                gold.modal.add(t + (rel.get("modality", "asserted"),))
        gold.required -= gold.optional
        return gold

    def resolve(self, actor: dict) -> str:
        """Map an output actor to a gold actor id.

        Parameters
        ----------
        actor : dict
            An output actor with ``label`` and optional ``aliases``.

        Returns
        -------
        str
            The gold id of the first of label and aliases that matches a gold
            name, else ``"?"`` followed by the normalised label.

        Examples
        --------
        >>> g = GoldDocument("d.txt", by_name={"iran": "iran"})
        >>> g.resolve({"label": "Islamic Republic", "aliases": ["Iran"]})
        'iran'
        >>> g.resolve({"label": "The IRGC"})
        '?irgc'
        """
        for name in [actor.get("label", "")] + list(actor.get("aliases") or []):
            hit = self.by_name.get(normalise(name))
            if hit:
                return hit
        return "?" + normalise(actor.get("label", ""))

    def up(self, actor_id: str) -> str:
        """Return the rollup of an actor id (an unknown id is its own)."""
        return self.rollup.get(actor_id, actor_id)


def load_gold(gold_dir: str | Path) -> dict[str, GoldDocument]:
    """Load every ``*.json`` gold file of a directory.

    Parameters
    ----------
    gold_dir : str or Path
        The directory; other files (such as a README) are ignored.

    Returns
    -------
    dict
        Document file name to :class:`GoldDocument`, in file-name order.

    Raises
    ------
    FileNotFoundError
        If the directory holds no gold file.
    """
    golds = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = GoldDocument.from_json(json.loads(path.read_text(encoding="utf-8")))
        golds[gold.document] = gold
    if not golds:
        raise FileNotFoundError(f"no gold *.json files in {gold_dir}")
    return golds


def claim_dict(claim: Any) -> dict:
    """Return a claim as its gold-format JSON object.

    Parameters
    ----------
    claim : dict or object
        A JSON Lines claim, or an object whose ``to_json()`` returns one,
        such as :class:`kg.model.Claim`.

    Returns
    -------
    dict

    Examples
    --------
    >>> class C:
    ...     def to_json(self):
    ...         return {"document": "d.txt"}
    >>> claim_dict(C())
    {'document': 'd.txt'}
    """
    return claim if isinstance(claim, dict) else claim.to_json()


def read_jsonl(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Yield the claims of JSON Lines files, skipping blank lines.

    Parameters
    ----------
    paths : iterable of str or Path
        Extraction output files.

    Yields
    ------
    dict
    """
    for path in paths:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _levels(gold: GoldDocument, claims: list[dict]) -> dict[str, tuple[set, set]]:
    """Return ``{level: (gold set, output set)}`` for one document."""
    out_exact, out_modal = set(), set()
    for claim in claims:
        t = canonical_triple(gold.resolve(claim["subject"]), claim["relation"],
                             gold.resolve(claim["object"]))
        if t in gold.optional:
            continue
        out_exact.add(t)
        out_modal.add(t + (claim.get("modality", "asserted"),))

    def state(triples: set[Triple]) -> set[Triple]:
        ups = (canonical_triple(gold.up(s), r, gold.up(o)) for s, r, o in triples)
        return {t for t in ups if t[0] != t[2]}

    def pair(triples: set[Triple]) -> set[tuple[str, str]]:
        return {tuple(sorted((s, o))) for s, _, o in triples if s != o}

    return {
        "exact": (gold.required, out_exact),
        "state": (state(gold.required), state(out_exact)),
        "pair": (pair(gold.required), pair(out_exact)),
        "modality": (gold.modal, out_modal),
    }


def prf(tp: int, predicted: int, gold: int) -> dict:
    """Precision, recall and F1, rounded to four places, with the counts.

    Examples
    --------
    >>> prf(3, 4, 6)
    {'precision': 0.75, 'recall': 0.5, 'f1': 0.6, 'tp': 3, 'predicted': 4, 'gold': 6}
    """
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": predicted, "gold": gold}


def score(gold_dir: str | Path, claims: Iterable[Any], per_doc: bool = False) -> dict:
    """Score claims against the gold files of a directory.

    Parameters
    ----------
    gold_dir : str or Path
        Directory of gold JSON files, one per document.
    claims : iterable of dict or object with ``to_json()``
        Extraction output. A claim's ``document`` is matched by file name;
        claims of documents without a gold file are ignored.
    per_doc : bool
        Add ``per_document``: per document, the four levels and the exact
        triples ``missed`` and ``spurious``.

    Returns
    -------
    dict
        ``{"exact": prf, "state": prf, "pair": prf, "modality": prf,
        "documents": n}`` (and ``"per_document"``), each ``prf`` as
        returned by :func:`prf`.
    """
    golds = load_gold(gold_dir)
    by_doc = defaultdict(list)
    for claim in map(claim_dict, claims):
        by_doc[Path(claim["document"]).name].append(claim)
    totals = {level: [0, 0, 0] for level in LEVELS}
    docs = {}
    for name, gold in golds.items():
        docs[name] = {}
        for level, (gold_set, out_set) in _levels(gold, by_doc.get(name, [])).items():
            tp = len(gold_set & out_set)
            totals[level][0] += tp
            totals[level][1] += len(out_set)
            totals[level][2] += len(gold_set)
            docs[name][level] = prf(tp, len(out_set), len(gold_set))
            if level == "exact":
                docs[name]["missed"] = sorted(map(list, gold_set - out_set))
                docs[name]["spurious"] = sorted(map(list, out_set - gold_set))
    result: dict[str, Any] = {level: prf(*totals[level]) for level in LEVELS}
    result["documents"] = len(golds)
    if per_doc:
        result["per_document"] = docs
    return result


def format_report(result: dict, verbose: bool = False) -> str:
    """Render a score as text.

    Parameters
    ----------
    result : dict
        As returned by :func:`score`.
    verbose : bool
        After the four level lines, list per document the missed and
        spurious exact triples (needs a result scored with ``per_doc=True``).

    Returns
    -------
    str
        One line per level, ``"exact     P=0.750 R=0.500 F1=0.600 (tp=3
        predicted=4 gold=6)"``, as printed by the reference scorer.
    """
    lines = []
    for level in LEVELS:
        m = result[level]
        lines.append(f"{level:9} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
                     f"(tp={m['tp']} predicted={m['predicted']} gold={m['gold']})")
    if verbose:
        for name, doc in result.get("per_document", {}).items():
            m = doc["exact"]
            lines.append("")
            lines.append(f"{name}: exact P={m['precision']:.3f} R={m['recall']:.3f} "
                         f"F1={m['f1']:.3f}")
            lines.extend("  missed    " + " ".join(t) for t in doc["missed"])
            lines.extend("  spurious  " + " ".join(t) for t in doc["spurious"])
    return "\n".join(lines)
