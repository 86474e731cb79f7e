"""The extractor's data files (``kg/extract/patterns/*.json``), loaded once per process.

Examples
--------
>>> lex = lexicon()
>>> "say" in lex.reporting_verbs and "deny" in lex.denial_verbs
True
>>> lex.organ("Armed Forces")
'armed forces'
>>> lex.organ("peacekeepers")
'peacekeeping mission'
>>> lex.title_kind("defense minister"), lex.title_kind("President"), lex.title_kind("analyst")
('official', 'leader', 'affiliation')
>>> patterns()[0].id
'v-consult'
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Lexicon", "Pattern", "lexicon", "patterns", "light_verbs", "DATA_DIR"]

DATA_DIR = Path(__file__).parent / "patterns"


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


class Lexicon:
    """Word lists as sets, plus the multi-word lookups (organs, titles, groups)."""

    def __init__(self, data: dict):
        self.data = data
        for key, value in data.items():
            if isinstance(value, list):
                setattr(self, key, frozenset(v.lower() for v in value))
        self.group_numbers = {w.lower(): n for w, n in data["group_numbers"].items()}
        self.anaphors = {kind: frozenset(w.lower() for w in words) for kind, words in data["anaphors"].items()}
        self._organ = {form.lower(): canon for canon, forms in data["organ_nouns"].items() for form in forms}
        self._public = {form.lower(): canon for canon, forms in data["public_nouns"].items() for form in forms}
        self._titles = {}
        for kind in ("affiliation", "official", "leader"):
            for t in data[f"{kind}_titles"]:
                self._titles[t.lower()] = kind
        self.max_title_words = max(len(t.split()) for t in self._titles)
        self.max_organ_words = max(len(t.split()) for t in self._organ)
        self._agent_group = {form.lower(): (typ, form.lower()) for typ, forms in data["agent_group_nouns"].items()
                             for form in forms}

    def agent_group(self, phrase: str):
        """(actor type, noun) of an unnamed group that acts ("gunmen", "criminal groups"), if any."""
        return self._agent_group.get(" ".join(phrase.lower().split()))

    def organ(self, phrase: str) -> str | None:
        """Canonical organ ('armed forces', 'defense ministry' ...) a phrase names, if any."""
        return self._organ.get(" ".join(phrase.lower().split()))

    def public(self, phrase: str) -> str | None:
        """Canonical public group ('society', 'media', 'sources' ...) a phrase names, if any."""
        return self._public.get(" ".join(phrase.lower().split()))

    def title_kind(self, phrase: str) -> str | None:
        """'leader', 'official' or 'affiliation' for a title, else None."""
        return self._titles.get(" ".join(phrase.lower().split()))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(_load("lexicon.json"))


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern: trigger lemmas of a part of speech, where to find the subject and object."""

    id: str
    relation: str
    pos: str
    lemmas: frozenset
    subject: tuple
    object: tuple
    spec: dict = field(compare=False, hash=False, repr=False)

    def get(self, key, default=None):
        return self.spec.get(key, default)


@lru_cache(maxsize=1)
def _relations_file() -> dict:
    return _load("relations.json")


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """All relation patterns, checked against the relation inventory of the ontology."""
    from ..vocab import relations

    known = relations()
    out = []
    for spec in _relations_file()["patterns"]:
        if spec["relation"] not in known:
            raise ValueError(f"pattern {spec['id']}: unknown relation {spec['relation']!r}")
        out.append(Pattern(spec["id"], spec["relation"], spec["pos"],
                           frozenset(x.lower() for x in spec["lemmas"]),
                           tuple(spec.get("subject", ())), tuple(spec.get("object", ())), spec))
    return tuple(out)


@lru_cache(maxsize=1)
def light_verbs() -> frozenset:
    return frozenset(_relations_file()["light_verbs"])
