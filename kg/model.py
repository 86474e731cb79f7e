"""The three objects everything else passes around: Document, Actor, Claim.

A :class:`Claim` serialises to the JSON Lines shape of the gold format
(``to_json``) and back (``Claim.from_json``).

Examples
--------
>>> azerbaijan = Actor("azerbaijan", "Azerbaijan", "State", ("Baku",))
>>> russia = Actor("russia", "Russia", "State")
>>> c = Claim(azerbaijan, "pressures", russia, evidence="Baku leans on Moscow.",
...           document="a.txt", char_start=0, char_end=21)
>>> c.to_json()["subject"]
{'id': 'azerbaijan', 'label': 'Azerbaijan', 'type': 'State', 'aliases': ['Baku']}
>>> Claim.from_json(c.to_json()) == c
True
>>> slug("Dmitriy Peskov")
'dmitriy-peskov'
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

__all__ = ["Document", "Actor", "Claim", "slug"]


def slug(text: str) -> str:
    """Kebab-case id of a name: accents folded, punctuation dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


@dataclass
class Document:
    """A source article.

    Its identity (``key``) is its URL when it has one, else its file name:
    ingesting the same key again replaces the earlier version.
    """

    text: str
    name: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None

    @property
    def key(self) -> str:
        return self.url or self.name

    @property
    def id(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:20]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """An actor as one document names it: a stable id, a label, a type and the surface forms."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()

    def to_json(self, aliases: bool = True) -> dict:
        out = {"id": self.id, "label": self.label, "type": self.type}
        if aliases:
            out["aliases"] = list(self.aliases)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Actor":
        label = data.get("label") or data.get("id") or ""
        return cls(data.get("id") or slug(label), label, data.get("type") or "Group",
                   tuple(data.get("aliases") or ()))


@dataclass(frozen=True)
class Claim:
    """One subject-relation-object statement read from one sentence of one document."""

    subject: Actor
    relation: str
    object: Actor
    modality: str = "asserted"
    attributed_to: Actor | None = None
    evidence: str = ""
    document: str = ""
    char_start: int = 0
    char_end: int = 0
    date: str | None = None  # event date (ISO), else the document date
    pattern: str | None = None
    confidence: float = 1.0
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict:
        """The JSON Lines shape of ``spec/gold-format.md``."""
        return {
            "document": self.document,
            "subject": self.subject.to_json(),
            "relation": self.relation,
            "object": self.object.to_json(),
            "modality": self.modality,
            "attributed_to": self.attributed_to.id if self.attributed_to else None,
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "date": self.date,
            "pattern": self.pattern,
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Claim":
        attributed = data.get("attributed_to")
        if isinstance(attributed, str):
            attributed = Actor(attributed, attributed, "Group")
        elif isinstance(attributed, dict):
            attributed = Actor.from_json(attributed)
        return cls(
            subject=Actor.from_json(data["subject"]), relation=data["relation"],
            object=Actor.from_json(data["object"]), modality=data.get("modality") or "asserted",
            attributed_to=attributed, evidence=data.get("evidence") or "",
            document=data.get("document") or "", char_start=int(data.get("char_start") or 0),
            char_end=int(data.get("char_end") or 0), date=data.get("date"),
            pattern=data.get("pattern"), confidence=float(data.get("confidence", 1.0)),
        )

    def with_(self, **changes) -> "Claim":
        """A copy with some fields changed."""
        return replace(self, **changes)
