"""Actors: finding and resolving the mentions of actors in a parsed sentence.

Two sources of mentions. The gazetteer (``kg.gazetteer``) supplies names,
alternate spellings, demonyms, national nouns, capitals and other seats of power
of known actors, and dated roles of officials. spaCy's NER supplies people and
organisations the gazetteer does not know; they are typed from their context
("the newspaper X", "an analyst at X", "X's agency Y").

Resolution, per noun phrase:

* metonymy: a capital or seat of power names its state ("Moscow", "the Kremlin");
* a demonym or a state's possessive with a collective noun is the state
  ("Russian officials", "the Armenian side"), with an organ noun an organ of the
  state ("the Turkish armed forces", "Azerbaijan's Defense Ministry": part-of),
  with a public noun a group ("Azerbaijani media");
* titles before a name and appositions give roles: leader-of, official-of,
  affiliated-with, part-of, based-in ("Azerbaijani President Ilham Aliyev",
  "Putin spokesman Dmitriy Peskov", "the Russian newspaper Kommersant");
* a title without a name is the holder of that office on the article's date,
  when the gazetteer knows it ("Ankara's defense minister"), else a new person;
  "his Russian counterpart" is the holder of the same office in that state;
* surnames, "he"/"she", "the former"/"the latter", "the two countries" and
  "it" refer back to actors named earlier.

New actors get ``slug(label)`` as id.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Actor, slug
from .lexicon import lexicon

__all__ = ["World", "world", "Entity", "Mention", "DocActors", "find_mentions", "membership_linked"]

log = logging.getLogger(__name__)

STATE_TYPES = {"State", "Territory"}
ORG_TYPES = {"Organization", "GovernmentBody", "MediaOutlet", "ThinkTank", "Company", "ArmedGroup"}
_TYPE_ALIASES = {"state": "State", "country": "State", "territory": "Territory", "organization": "Organization",
                 "organisation": "Organization", "igo": "Organization", "person": "Person",
                 "governmentbody": "GovernmentBody", "mediaoutlet": "MediaOutlet", "thinktank": "ThinkTank",
                 "company": "Company", "armedgroup": "ArmedGroup", "group": "Group"}


def _norm_type(t) -> str:
    t = str(t or "Group").split("#")[-1].split("/")[-1]
    return _TYPE_ALIASES.get(t.lower().replace("-", "").replace("_", ""), t if t[:1].isupper() else "Group")


# ---------------------------------------------------------------- the world (gazetteer adapter)

class World:
    """What the extractor needs from the gazetteer, tolerant of its absence.

    Without ``kg.gazetteer`` the extractor still runs on NER alone (people,
    organisations, and place names as states), with a warning.
    """

    def __init__(self, gaz=None):
        self.gaz = gaz
        self.surfaces: list[tuple[str, str, str]] = []
        self.info: dict[str, tuple[str, str]] = {}
        if gaz is None:
            return
        for aid, a in gaz.actors.items():
            self.info[aid] = (getattr(a, "label", aid), _norm_type(getattr(a, "type", "Group")))
        for surface, aid, kind in gaz.surface_forms():
            if surface and aid in self.info:
                self.surfaces.append((surface, aid, str(kind or "name").lower()))

    def known(self, aid: str) -> bool:
        return aid in self.info

    def label(self, aid: str) -> str:
        return self.info.get(aid, (aid, ""))[0]

    def type(self, aid: str) -> str | None:
        return self.info[aid][1] if aid in self.info else None

    def _safe(self, name, *args, **kw):
        fn = getattr(self.gaz, name, None) if self.gaz is not None else None
        if fn is None:
            return []
        try:
            return fn(*args, **kw) or []
        except Exception as exc:  # a gazetteer bug must not stop extraction
            log.debug("gazetteer.%s failed: %s", name, exc)
            return []

    @staticmethod
    def _id(x) -> str | None:
        if x is None:
            return None
        if isinstance(x, str):
            return x
        for attr in ("id", "actor", "actor_id"):
            v = getattr(x, attr, None)
            if isinstance(v, str):
                return v
            if v is not None and isinstance(getattr(v, "id", None), str):
                return v.id
        return None

    def lookup(self, surface: str) -> list[str]:
        return [i for i in (self._id(a) for a in self._safe("lookup", surface)) if i]

    def demonym(self, word: str) -> str | None:
        for name in ("by_demonym", "by_national_noun"):
            res = self._safe(name, word)
            res = res if isinstance(res, list) else [res]
            ids = [self._id(a) for a in res if self._id(a)]
            states = [i for i in ids if self.type(i) in STATE_TYPES]
            if states or ids:
                return (states or ids)[0]
        return None

    def roles(self, person: str, on: dt.date | None) -> list[tuple[str, str, str]]:
        """(relation, of-actor id, office) of a person on a date."""
        out = []
        for r in self._safe("roles", person, on=_iso(on)):
            rel = getattr(r, "relation", None) or (r.get("relation") if isinstance(r, dict) else None)
            of = getattr(r, "of", None) or (r.get("of") if isinstance(r, dict) else None)
            office = getattr(r, "office", None) or getattr(r, "title", None) or (
                r.get("office") if isinstance(r, dict) else None) or ""
            of = self._id(of)
            if rel and of:
                out.append((str(rel), of, str(office)))
        return out

    def holders(self, of: str, office: str, on: dt.date | None) -> list[str]:
        return [i for i in (self._id(h) for h in self._safe("holders", of, office, on=_iso(on))) if i]

    def links(self, aid: str, on: dt.date | None) -> list[tuple[str, str]]:
        """(relation, target) structural links of a non-state actor on a date: part-of, based-in."""
        out = []
        for k in self._safe("links", aid, on=_iso(on)):
            rel, target = getattr(k, "relation", None), getattr(k, "target", None)
            if rel in ("part-of", "based-in") and target:
                out.append((str(rel), str(target)))
        return out

    def state_of_link(self, aid: str, on: dt.date | None, depth: int = 0) -> tuple[str, str] | None:
        """(relation, state) of the first link that reaches a state, following part-of chains
        (Quds Force -> IRGC -> Iran gives part-of Iran)."""
        for rel, target in self.links(aid, on):
            if self.type(target) in STATE_TYPES:
                return rel, target
            if rel == "part-of" and depth < 3:
                up = self.state_of_link(target, on, depth + 1)
                if up:
                    return "part-of", up[1]
        return None

    def link_to(self, aid: str, state: str, on: dt.date | None) -> str | None:
        """The relation (part-of, based-in) the gazetteer gives between an actor and a state, if any."""
        found = self.state_of_link(aid, on)
        return found[0] if found and found[1] == state else None

    def memberships(self, aid: str, on: dt.date | None) -> list[str]:
        out = []
        for m in self._safe("memberships", aid, on=_iso(on)):
            org = getattr(m, "organization", None)
            if org and str(getattr(m, "status", "member")) in ("member", "permanent-member", "co-chair"):
                out.append(org)
        return out


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else d


@lru_cache(maxsize=1)
def world() -> World:
    """The process-wide world model from ``kg.gazetteer.load()`` (empty if unavailable)."""
    try:
        from .. import gazetteer  # noqa: PLC0415
    except ImportError:
        log.warning("kg.gazetteer is not available: actors come from NER only")
        return World()
    try:
        return World(gazetteer.load())
    except Exception as exc:
        log.warning("the gazetteer failed to load (%s): actors come from NER only", exc)
        return World()


# ---------------------------------------------------------------- document-level actors

@dataclass
class Entity:
    """An actor as this document knows it."""

    id: str
    label: str
    type: str
    aliases: set = field(default_factory=set)
    state: str | None = None      # the state it belongs to or acts for
    title: str | None = None      # a person's office ("president", "defense minister"), or an organ's kind
    known: bool = False           # from the gazetteer

    def actor(self) -> Actor:
        aliases = sorted(a for a in self.aliases if a and a != self.label)
        return Actor(self.id, self.label, self.type, tuple(aliases))


@dataclass
class Mention:
    """A span of a sentence naming an entity; ``kind`` is 'np' (a noun phrase naming it),
    'mod' (a modifier such as a demonym inside another noun phrase) or 'pron'."""

    start: int
    end: int
    id: str
    kind: str = "np"
    head: int = -1
    alt: str | None = None   # the public group a national noun may name instead ("Azerbaijanis")
    person: str | None = None  # the speaker a quoted "we" may stand for ("we discussed it")


@dataclass
class Struct:
    """A structural relation read from a title or an apposition."""

    subject: str
    relation: str
    object: str
    pattern: str
    token: int


class DocActors:
    """The actors of one document and the memory for coreference."""

    def __init__(self, w: World, date: dt.date | None):
        self.w = w
        self.date = date
        self.entities: dict[str, Entity] = {}
        self.recent: list[str] = []           # most recent last
        self.last_person: str | None = None    # the person "he"/"she" refers to
        self.any_person: str | None = None
        self.last_subject: str | None = None   # the actor at the subject of the last sentence
        self.conflict_pair: tuple[str, str] | None = None  # the two sides of the last fight
        self.state_counts: dict[str, int] = {}
        self.last_pair: tuple[str, str] | None = None
        self.groups: dict[int, tuple[str, ...]] = {}  # n -> the last n states named together
        self.home_state: str | None = None  # the state of the story's dateline
        self.structs: dict[tuple, tuple] = {}  # (s, rel, o) -> (pattern, sentence index)
        self.sent_key = 0                      # the sentence being analysed
        self.conflicts: dict[tuple, int] = {}  # unordered pairs of states fighting -> mentions
        self.member_cues: dict = {}            # sentence -> actors it says are members ("members", "allies", "joined")
        # events already extracted, for later references to them ("these shipments",
        # "the missiles were delivered ..."): dicts with relation, subject, object, lemmas, themes, key
        self.events: list[dict] = []

    # registry
    def add(self, aid: str, label: str, type_: str, surface: str | None = None, *, state=None, title=None,
            known=False) -> Entity:
        e = self.entities.get(aid)
        if e is None:
            if self.w.known(aid):
                label, type_, known = self.w.label(aid), self.w.type(aid) or type_, True
            e = self.entities[aid] = Entity(aid, label, type_, known=known)
            if type_ in STATE_TYPES:
                e.state = aid
        if surface:
            surface = " ".join(surface.split())
            if surface.lower() not in {"he", "she", "it", "they", "his", "her", "its", "their", "him", "them"}:
                e.aliases.add(surface)
                low = surface.lower()
                if low.startswith(("the ", "a ", "an ")):
                    e.aliases.add(surface.split(" ", 1)[1])
        if state and not e.state and state != aid:
            e.state = state
        if title and not e.title:
            e.title = title
        return e

    def seen(self, aid: str) -> None:
        e = self.entities.get(aid)
        if e is not None and e.type == "State":
            self.state_counts[aid] = self.state_counts.get(aid, 0) + 1
        if aid in self.recent:
            self.recent.remove(aid)
        self.recent.append(aid)
        del self.recent[:-12]
        if self.entities.get(aid) and self.entities[aid].type == "Person":
            self.any_person = aid

    def state_of(self, aid: str | None) -> str | None:
        if aid is None:
            return None
        e = self.entities.get(aid)
        if e is None:
            return aid if self.w.type(aid) in STATE_TYPES else None
        if e.state:
            return e.state
        if e.type == "Person" and e.known:
            for rel, of, _ in self.w.roles(aid, self.date):
                if rel in ("leader-of", "official-of") and self.w.type(of) in STATE_TYPES:
                    e.state = of
                    return of
        return None

    def fight(self, a: str, b: str) -> None:
        """Record that two actors fight (an attack or a clash between them)."""
        if a and b and a != b:
            k = tuple(sorted((a, b)))
            self.conflicts[k] = self.conflicts.get(k, 0) + 1
            self.conflict_pair = (a, b)

    def main_conflict(self) -> tuple[str, str] | None:
        """The two sides of the article's main conflict so far: the pair of states most often
        named fighting (states before territories), else the last fighting pair."""
        if not self.conflicts:
            return self.conflict_pair
        def rank(k):
            states = sum(1 for a in k if (self.entities.get(a) and self.entities[a].type == "State"))
            return (states, self.conflicts[k])
        return max(self.conflicts, key=rank)

    def other_side(self, aid: str) -> str | None:
        """The adversary of an actor in the article's conflicts (by its state)."""
        st = self.state_of(aid) or aid
        best = None
        for k, n in sorted(self.conflicts.items(), key=lambda kv: -kv[1]):
            # a person on one side stands for their state ("the U.S. killed Soleimani": Iran's adversary)
            sides = [self.state_of(x) or x if self.entities.get(x) and self.entities[x].type == "Person" else x
                     for x in k]
            if st in sides and sides[0] != sides[1]:
                other = k[1] if sides[0] == st else k[0]
                if self.entities.get(other) and self.entities[other].type == "Person":
                    other = self.state_of(other) or other
                if self.entities.get(other) and self.entities[other].type == "State":
                    return other
                best = best or other
        return best

    def struct(self, s: str, rel: str, o: str, pattern: str, token: int, sent_key) -> None:
        if s and o and s != o and (s, rel, o) not in self.structs:
            self.structs[(s, rel, o)] = (pattern, sent_key, token)

    def person_by_surname(self, text: str) -> str | None:
        """The person named earlier whose surname this is: the last word of a name, else (family
        name first: "Xi" for Xi Jinping, "Kim" for Kim Jong Un) the first word of the label."""
        low = text.lower()
        recent = set(self.recent)   # (a set: this runs for every unknown proper noun)
        people = [self.entities[a] for a in reversed(self.recent + [e for e in self.entities if e not in recent])
                  if self.entities[a].type == "Person"]
        for e in people:
            if any(a.split()[-1].lower() == low for a in e.aliases | {e.label}):
                return e.id
        first = [e.id for e in people if len(e.label.split()) > 1 and e.label.split()[0].lower() == low]
        return first[0] if len(set(first)) == 1 else None


# ---------------------------------------------------------------- mention finding

_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "mr.", "mrs.", "ms.", "dr."}


def _text(toks) -> str:
    return "".join(t.text_with_ws for t in toks).strip()


def _np_span(head):
    """The base noun phrase of a head noun: its left modifiers (det, amod, compound, poss ...)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "advmod", "npadvmod", "case", "punct", "predet", "nn", "prep") \
                and child.dep_ != "prep":
            start = min(start, child.left_edge.i)
    return head.doc[start: head.i + 1]


class SentenceMentions:
    """Mentions found in one sentence, indexed by token."""

    def __init__(self):
        self.by_token: dict[int, Mention] = {}
        self.mentions: list[Mention] = []
        self.da = None
        self.key = 0

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        for i in range(m.start, m.end):
            if m.kind != "mod" or i not in self.by_token:
                self.by_token[i] = m

    def at(self, i: int) -> Mention | None:
        return self.by_token.get(i)


def _gaz_kind(kind: str) -> str:
    if "demonym" in kind or kind in ("adjective", "adj"):
        return "demonym"
    if "national" in kind or kind == "people":
        return "national"
    return "name"


def find_mentions(sent, gaz_spans, da: DocActors, sent_key, ents=None) -> SentenceMentions:
    """All actor mentions in one sentence; registers entities and structural relations in ``da``.

    ``ents``: the sentence's entities when the caller has them (``sent.ents`` scans the whole Doc)."""
    lex = lexicon()
    sm = SentenceMentions()
    sm.da, sm.key = da, sent_key
    doc = sent.doc
    da.sent_key = sent_key
    # 1. gazetteer spans and NER entities, token-indexed
    g_at: dict[int, tuple] = {}
    for (start, end, aid, kind) in gaz_spans:
        if start >= sent.start and end <= sent.end:
            for i in range(start, end):
                g_at[i] = (start, end, aid, _gaz_kind(kind))
    ent_at = {}
    for ent in (sent.ents if ents is None else ents):
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            for i in range(ent.start, ent.end):
                ent_at[i] = ent
    _titled_people(sent, g_at, ent_at, da, lex)
    from spacy.tokens import Span

    for tok in sent:
        # a surname alone that NER missed ("Xi held talks with ..."): the person named before
        if tok.pos_ == "PROPN" and tok.i not in ent_at and tok.i not in g_at and tok.text[:1].isupper() \
                and tok.dep_ != "compound" and not (tok.i > sent.start and doc[tok.i - 1].pos_ == "PROPN") \
                and da.person_by_surname(tok.text):
            ent_at[tok.i] = Span(doc, tok.i, tok.i + 1, label="PERSON")

    done: set[int] = set()

    def resolve_name(start: int, end: int):
        """Entity id of the name at [start, end): gazetteer, then NER; registers it."""
        g = g_at.get(start)
        if g and g[1] >= end and g[3] == "name":
            aid = g[2]
            e = da.add(aid, da.w.label(aid), da.w.type(aid) or "Group", doc[g[0]:g[1]].text, known=True)
            return e.id, g[3]
        ent = ent_at.get(start)
        if ent is None:
            return None, None
        text = ent.text
        if text.lower().startswith("the "):
            text = text[4:]
        text = re.sub(r"\s*(?:'s|’s|'|’)$", "", text)   # NER keeps a possessive's "'s"
        if text.lower() in lex.stop_names or not any(c.isupper() for c in text):
            return None, None
        if ent.label_ == "PERSON":
            toks = [t for t in ent if t.lower_ not in _HONORIFICS and t.dep_ != "case" and t.text not in ("'s", "’s")]
            name = _text(toks) if toks else text
            if not name:
                return None, None
            ids = [i for i in da.w.lookup(name) if da.w.type(i) == "Person"]
            aid = None
            if len(name.split()) == 1:
                aid = da.person_by_surname(name)
            if aid is None and ids:
                aid = next((i for i in ids if i in da.entities), ids[0])
            if aid is None:
                aid = slug(name)
            e = da.add(aid, name, "Person", name)
            return e.id, "person"
        if ent.label_ in ("ORG", "FAC", "GPE", "NORP", "LOC") and ent.end - ent.start <= 2:
            # a surname NER takes for a place or an organisation ("Museveni", "Scholz"): the person
            # named before, or a person the gazetteer knows by that name
            pid = da.person_by_surname(text) if text[:1].isupper() else None
            pids = [i for i in da.w.lookup(text) if da.w.type(i) == "Person"] if pid is None else []
            if pid is None and pids and not [i for i in da.w.lookup(text) if da.w.type(i) != "Person"]:
                pid = da.add(pids[0], da.w.label(pids[0]), "Person", text, known=True).id
            if pid is not None:
                da.add(pid, da.entities[pid].label, "Person", text)
                return pid, "person"
        if ent.label_ in ("ORG", "FAC"):
            ids = da.w.lookup(text)
            if ids:
                e = da.add(ids[0], da.w.label(ids[0]), da.w.type(ids[0]) or "Organization", text, known=True)
                return e.id, "name"
            return ("?org", text), "org"
        if ent.label_ in ("GPE", "LOC"):
            ids = da.w.lookup(text)
            if ids:
                e = da.add(ids[0], da.w.label(ids[0]), da.w.type(ids[0]) or "State", text, known=True)
                return e.id, "name"
            if da.w.gaz is None and ent.label_ == "GPE":
                e = da.add(slug(text), text, "State", text)
                return e.id, "name"
        return None, None

    # 2. walk the noun phrases (heads = nouns/proper nouns/pronouns not inside another NP's modifiers)
    for tok in sent:
        if tok.i in done:
            continue
        if tok.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ", "NUM", "X") and tok.i not in g_at and tok.i not in ent_at:
            continue
        if tok.dep_ in ("compound", "amod", "nmod", "poss") and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.i < sent.end and not (tok.head.i in ent_at and tok.i not in ent_at and False):
            continue  # a modifier: handled with its head
        if tok.pos_ == "ADJ" and tok.i not in g_at:
            continue
        ent = ent_at.get(tok.i)
        if ent is not None and tok.i not in g_at and tok.pos_ in ("ADP", "CCONJ") and tok.dep_ in ("prep", "cc"):
            continue  # a function word inside a name ("for" in "State Committee for National Security")
        _analyse_np(tok, sent, sm, da, g_at, ent_at, resolve_name, done, sent_key)

    # 3. modifiers not covered: demonyms and state names inside other noun phrases
    for i, (start, end, aid, kind) in sorted(g_at.items()):
        if i != start or any(j in sm.by_token for j in range(start, end)):
            continue
        if kind == "national" or doc[end - 1].dep_ not in ("amod", "compound", "poss", "nmod") or doc[end - 1].head.i == end - 1:
            if kind == "demonym" and doc[end - 1].dep_ not in ("amod", "compound", "nmod"):
                continue
        e = da.add(aid, da.w.label(aid), da.w.type(aid) or "State",
                   doc[start:end].text if kind == "name" else None, known=True)
        m = Mention(start, end, e.id, "mod" if kind == "demonym" or doc[end - 1].dep_ in ("amod", "compound", "poss", "nmod") else "np",
                    head=doc[end - 1].head.i if kind == "demonym" else end - 1)
        sm.add(m)
    subj_person, subj_actor = None, None
    for m in sorted(sm.mentions, key=lambda m: m.start):
        if m.kind == "np":
            da.seen(m.id)
        if m.kind in ("np", "pron", "mod") and 0 <= m.head < len(doc):
            h = doc[m.head] if m.kind != "mod" else doc[m.start]
            subjlike = h.dep_ in ("nsubj", "nsubjpass") or (h.dep_ == "poss" and h.head.dep_ in ("nsubj", "nsubjpass"))
            if subjlike and subj_actor is None:
                subj_actor = m.id
            if subjlike and subj_person is None and da.entities.get(m.id) and da.entities[m.id].type == "Person":
                subj_person = m.id
    da.last_person = subj_person or da.any_person or da.last_person
    if subj_actor:
        da.last_subject = subj_actor
    return sm


def _prep_objects(tok, preps=None) -> list:
    """The objects of the token's prepositions (only of ``preps`` when given)."""
    return [o for p in tok.children if p.dep_ == "prep" and (preps is None or p.lower_ in preps)
            for o in p.children if o.dep_ == "pobj"]


def membership_linked(sent, sm, pair=()) -> set:
    """Actors a sentence says are members (or allies) of something: named in the phrase of a
    membership word ("CSTO members Armenia and Russia"), in apposition to it ("Estonia and Latvia,
    both members of NATO"), its copula subject ("Armenia is a member of ..."), or the subject of
    "join" ("NATO, which Finland joined in 2023": Finland, not every state in the sentence)."""
    lex = lexicon()
    anchors = []
    for t in sent:
        if t.lower_ == "led" and t.i - 2 >= sent.start and t.doc[t.i - 1].text in ("-", "\u2011"):
            anchors.append(t.doc[t.i - 2])    # "the Russia-led bloc": its leading state belongs to it
            continue
        if t.lower_ not in lex.membership_cues and (t.lemma_ or "").lower() not in lex.membership_cues:
            continue
        n = t.head if t.pos_ == "ADJ" and t.dep_ == "amod" else t
        if n.pos_ in ("VERB", "AUX"):
            if n.dep_ == "xcomp" or any(c.dep_ in ("aux", "neg") and c.lower_ in lex.intent_modals | lex.negators | {"to"}
                                        for c in n.children):
                continue   # "would join", "plans to join", "did not join": no membership stated
            subj = [c for c in n.children if c.dep_ in ("nsubj", "nsubjpass")]
            h = n
            while not subj and h.dep_ in ("xcomp", "conj") and h.head.i != h.i:
                h = h.head
                subj = [c for c in h.children if c.dep_ == "nsubj"]
            anchors += subj
            if n.dep_ == "relcl" and (any(c.tag_ in ("WDT", "WP") for c in n.children if c.dep_ == "nsubj")
                                      or any(o.tag_ in ("WDT", "WP") for o in _prep_objects(n))):
                anchors.append(n.head)    # "NATO, which Finland joined", "the CSTO, to which both belong"
            continue
        if n.pos_ not in ("NOUN", "PROPN"):
            continue
        anchors += [x for x in n.subtree if x.i != n.i]
        if n.dep_ == "appos":
            anchors.append(n.head)
            if n.head.dep_ == "conj":
                h = n.head
                while h.dep_ == "conj" and h.head.i != h.i:
                    h = h.head
                anchors.append(h)
        elif n.dep_ in ("attr", "oprd") and n.head.pos_ in ("AUX", "VERB"):
            for c in n.head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    anchors.append(n.head.head if c.tag_ in ("WDT", "WP") and n.head.dep_ == "relcl" else c)
    out = set()
    seen = set()
    stack = list(anchors)
    while stack:
        a = stack.pop()
        if a.i in seen:
            continue
        seen.add(a.i)
        m = sm.at(a.i)
        if m is not None and m.end - m.start > 1:
            # the narrowest mention of the token ("Russia" in "the Russia-led trade bloc")
            m = min((x for x in sm.mentions if x.start <= a.i < x.end), key=lambda x: x.end - x.start)
        if m is not None and m.id != "?":
            out.add(m.id)
        elif m is not None and m.kind == "pair":
            out.update(pair)     # "the two countries are treaty allies"
        elif m is not None and m.kind == "group" and sm.da is not None:
            out.update(sm.da.groups.get(int(m.alt), ()))    # "the three countries are members of"
        if m is not None and m.kind == "pair":
            out.update(x.id for x in sm.mentions if x.kind == "pair" and x.start == m.start and x.id != "?")
        stack += [c for c in a.children if c.dep_ in ("conj", "appos")]
    return out


@lru_cache(maxsize=4)
def _title_ends(lex) -> frozenset:
    """The last words of the leaders' and officials' titles."""
    return frozenset(t.split()[-1] for t, kind in lex._titles.items() if kind in ("leader", "official"))


def _titled_people(sent, g_at, ent_at, da, lex) -> None:
    """Names right after a leader's or official's title are people, whatever NER says: in
    "Ugandan President Yoweri Museveni" NER may call the name a nationality or an organisation, or
    miss it. ``ent_at`` gets a PERSON span for such a name (unless the title is part of the same
    entity, as in "the General Assembly")."""
    from spacy.tokens import Span

    doc = sent.doc
    i = sent.start
    while i < sent.end:
        nxt = doc[i + 1] if i + 1 < sent.end else None
        if nxt is None or nxt.pos_ != "PROPN" or not nxt.text[:1].isupper() or doc[i].lower_ not in _title_ends(lex):
            i += 1
            continue
        best = 0
        for k in range(min(lex.max_title_words, i - sent.start + 1), 0, -1):
            kind = lex.title_kind(" ".join(t.lower_ for t in doc[i - k + 1:i + 1]))
            if kind in ("leader", "official"):
                best = k
                break
        if not best or i + 1 >= sent.end:
            i += 1
            continue
        j = i + 1
        while j < sent.end and j - i <= 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and lex.title_kind(doc[j].lower_) is None \
                and lex.organ(doc[j].lower_) is None \
                and not (j in g_at and da.w.type(g_at[j][2]) not in (None, "Person")):
            j += 1
        if j == i + 1 or j - i > 4:
            i += 1
            continue
        first = ent_at.get(i + 1)
        if first is not None and first.label_ == "PERSON" and first.start == i + 1 and first.end < j \
                and not any(x in ent_at for x in range(first.end, j)):
            first = None     # NER took only the first name ("President Kais Saied": "Kais")
        if first is not None and (first.label_ == "PERSON" or first.start <= i):
            i = j     # NER has the person already, or takes the title and the name as one entity
            continue
        if any(ent_at.get(x) is not None and ent_at[x].end > j for x in range(i + 1, j)):
            i = j
            continue
        span = Span(doc, i + 1, j, label="PERSON")
        for x in range(i + 1, j):
            ent_at[x] = span
        i = j
    # a given name NER left out of a person's span: "Abdiweli Mohamed Ali" found as "Mohamed Ali"
    for ent in {id(e): e for e in ent_at.values() if e.label_ == "PERSON"}.values():
        b = ent.start - 1
        if b >= sent.start and b not in ent_at and b not in g_at and doc[b].pos_ == "PROPN" \
                and doc[b].dep_ == "compound" and ent.start <= doc[b].head.i < ent.end \
                and doc[b].text[:1].isupper() and doc[b].text.isalpha() and lex.title_kind(doc[b].lower_) is None \
                and lex.organ(doc[b].lower_) is None:
            span = Span(doc, b, ent.end, label="PERSON")
            for x in range(b, ent.end):
                ent_at[x] = span
    # a surname of a person named before, left without an entity ("Meloni praised Saied")
    surnames = None
    for tok in sent:
        if tok.pos_ == "PROPN" and tok.i not in ent_at and tok.i not in g_at and tok.text[:1].isupper() \
                and tok.text.isalpha() and tok.dep_ != "compound" and len(tok.text) > 2:
            if surnames is None:
                surnames = {a.split()[-1].lower() for e in da.entities.values() if e.type == "Person"
                            for a in e.aliases | {e.label} if a.split()}
            if tok.lower_ not in surnames:
                continue
            ent_at[tok.i] = Span(doc, tok.i, tok.i + 1, label="PERSON")


def _possessor_actor(tok, sm: SentenceMentions, da: DocActors, g_at):
    """The actor a modifier token (demonym, possessive state, name) denotes, if any."""
    m = sm.at(tok.i)
    if m:
        return m.id
    g = g_at.get(tok.i)
    if g:
        aid = g[2]
        if g[3] in ("name", "demonym", "national"):
            da.add(aid, da.w.label(aid), da.w.type(aid) or "State", tok.doc[g[0]:g[1]].text if g[3] == "name" else None,
                   known=True)
            return aid
    if tok.lower_ in lexicon().pronouns_person:
        return _clause_person(tok, sm, da) or da.last_person
    if tok.lower_ in ("its", "their") and tok.dep_ == "poss":
        # "its chief", "its embassy in Tehran": the state or organisation at the subject of a clause
        # above, else the nearest one named before it in the sentence
        # inside a prepositional phrase ("sanctions imposed on Russia over its invasion of Ukraine"),
        # the nearest one comes first
        kinds = STATE_TYPES | ORG_TYPES
        near = [m for m in sm.mentions if m.end <= tok.i and m.kind in ("np", "pron")
                and da.entities.get(m.id) and da.entities[m.id].type in kinds]
        nearest = max(near, key=lambda m: m.end).id if near else None
        if tok.head.dep_ == "pobj":
            return nearest or _clause_person(tok, sm, da, kinds)
        return _clause_person(tok, sm, da, kinds) or nearest
    return None


def _unknown_org(da, text: str, words_text: str = "") -> str:
    """An organisation NER found and the gazetteer does not know, typed from the words before it."""
    label = text[4:] if text.lower().startswith("the ") else text
    ids = da.w.lookup(label)
    if ids:
        return da.add(ids[0], da.w.label(ids[0]), da.w.type(ids[0]) or "Organization", label, known=True).id
    typ, _ = _org_type(words_text, [], lexicon())
    return da.add(slug(label), label, typ, label).id


def _clause_person(tok, sm, da, kinds=("Person",)) -> str | None:
    """The actor a pronoun refers to within its sentence: the subject of the nearest clause above
    it that has one of the given types ("Aliyev said that his side ...": Aliyev)."""
    h, n = tok, 0
    while h.head.i != h.i and n < 8:
        h, n = h.head, n + 1
        if h.pos_ not in ("VERB", "AUX"):
            continue
        for c in h.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i and c.i != tok.i:
                m = sm.at(c.i)
                if m is not None and da.entities.get(m.id) and da.entities[m.id].type in kinds:
                    return m.id
    return None


def _in_other_clause(tok, pron) -> bool:
    """Whether a token sits in a relative or adverbial clause that does not contain the pronoun
    ("where the Iskanders were on display, he said": not "he")."""
    anc = {a.i for a in pron.ancestors} | {pron.i}
    h, n = tok, 0
    while h.head.i != h.i and n < 10:
        if h.dep_ in ("relcl", "acl", "advcl") and h.i not in anc:
            return True
        h, n = h.head, n + 1
    return False


_STATE_RUN = {"state-run", "state-owned", "state-controlled", "government-run", "government-owned",
              "state-funded", "government-funded", "state-backed", "state-affiliated"}
def _state_run(span) -> bool:
    text = " " + span.text.lower().replace(" - ", "-").replace("‑", "-") + " "
    return any(f" {w} " in text for w in _STATE_RUN)


#: verbs addressing both parties of a dispute: "urged them", "called on them to ..."
_ADDRESS_VERBS = {"urge", "call", "ask", "press", "implore", "exhort", "encourage", "invite", "appeal"}

def _descriptive_modifiers(mods, g_at) -> bool:
    """Whether the words between "the" and "rebels"/"enclave" only describe it: "the pro-Russian
    enclave", "the Tutsi-led rebels", "the breakaway region" (a state's name only after "pro-" or
    before "-led")."""
    for i, t in enumerate(mods):
        if t.i in g_at:
            prev = mods[i - 1].lower_ if i > 0 else ""
            nxt = mods[i + 1].text if i + 1 < len(mods) else ""
            if prev not in ("-", "pro", "pro-") and nxt not in ("-", "‑") and not t.lower_.startswith("pro-"):
                return False
        elif t.pos_ not in ("ADJ", "PUNCT", "VERB", "ADV", "X") and t.lower_ not in ("pro", "breakaway", "rebel"):
            return False
    return True


def _last_named(sm, da, before: int, types, mention_kinds=None) -> str | None:
    """The actor of these types named last: in the sentence before token ``before``, else before it."""
    here = [m.id for m in sorted(sm.mentions, key=lambda m: m.start)
            if m.start < before and (mention_kinds is None or m.kind in mention_kinds)]
    return next((a for a in reversed(here) if da.entities.get(a) and da.entities[a].type in types), None) \
        or next((a for a in reversed(da.recent) if da.entities[a].type in types), None)


def _anaphor_modifiers_ok(mods, g_at, da) -> bool:
    """Whether the words between "the" and "alliance"/"bloc" describe it without naming an
    organisation: "the Moscow-led alliance", "the 27-member bloc", "the military alliance"."""
    for i, t in enumerate(mods):
        g = g_at.get(t.i)
        if g is not None:
            nxt = mods[i + 1] if i + 1 < len(mods) else None
            if da.w.type(g[2]) not in STATE_TYPES or nxt is None or nxt.text not in ("-", "‑"):
                return False
        elif t.pos_ not in ("ADJ", "NUM", "PUNCT", "VERB", "NOUN") or t.ent_type_ in ("ORG",):
            return False
    return True
_EXPLETIVE_VERBS = {"appear", "seem", "be", "look", "remain", "become", "turn", "happen", "matter", "follow",
                    "take", "hurt", "help", "make", "mean"}


def _expletive(tok) -> bool:
    """ "It" that stands for a clause: "it doesn't appear that ...", "it is clear that ...",
    "it was Russia's intervention that ..." (a cleft), "it's worth noting"."""
    v = tok.head
    if tok.dep_ != "nsubj" or v.pos_ not in ("VERB", "AUX") or (v.lemma_ or "").lower() not in _EXPLETIVE_VERBS:
        return False
    deps = {c.dep_ for c in v.children}
    if deps & {"ccomp", "csubj"} or any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in v.children):
        return True
    if any(c.dep_ == "acomp" and any(g.dep_ in ("ccomp", "xcomp") for g in c.children) for c in v.children):
        return True
    if any(c.dep_ == "attr" and any(g.dep_ == "relcl" and any(x.lower_ == "that" for x in g.children) for g in c.children)
           for c in v.children):
        return True
    return False


def _analyse_np(head, sent, sm, da, g_at, ent_at, resolve_name, done, sent_key):
    lex = lexicon()
    doc = head.doc
    span = _np_span(head)
    start = max(span.start, sent.start)
    g = g_at.get(start - 1)
    if g is not None and g[1] == start and g[0] >= sent.start and da.w.type(g[2]) in STATE_TYPES \
            and any(lex.title_kind(" ".join(t.lower_ for t in doc[start:start + n])) for n in (1, 2, 3)):
        # "Solomon Islands Prime Minister X": a state name the parse hung elsewhere belongs to the title
        start = g[0]
    toks = list(doc[start: head.i + 1])
    for t in toks:
        done.add(t.i)
    low = head.lower_

    # "urged them", "called on them", "mediated between them": the two sides named last (resolved
    # when the relation is read, like "both sides")
    if low == "them" and (head.dep_ == "dobj" and (head.head.lemma_ or "").lower() in _ADDRESS_VERBS
                          or head.dep_ == "pobj" and head.head.lower_ in ("on", "upon", "between")
                          and (head.head.head.lemma_ or "").lower() in _ADDRESS_VERBS | {"mediate", "broker"}):
        # resolved when the relation is read (kind 'plural'): see relations._actors
        sm.add(Mention(head.i, head.i + 1, "?", "plural", head.i))
        return
    # pronouns
    if head.pos_ == "PRON" or low in lex.pronouns_person or low in lex.pronouns_thing:
        aid = None
        if low in lex.pronouns_person:
            # the subject of a clause above it, a person at the subject earlier in this sentence,
            # else the last sentence's
            aid = _clause_person(head, sm, da)
            for m in ([] if aid else sm.mentions):
                if _in_other_clause(doc[m.head] if m.kind == "np" and m.head >= 0 else doc[m.start], head):
                    continue
                if m.kind in ("np", "mod") and da.entities.get(m.id) and da.entities[m.id].type == "Person" and m.start < head.i:
                    h = doc[m.head] if m.kind == "np" else doc[m.start]
                    if h.dep_ in ("nsubj", "nsubjpass") or (h.dep_ == "poss" and h.head.dep_ in ("nsubj", "nsubjpass")):
                        aid = m.id
                        break
            aid = aid or da.last_person
        elif low in ("it", "its") and head.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj"):
            if _expletive(head):
                return
            # a state or organisation at the subject of a clause above ("X denied that it had ...")
            kinds = STATE_TYPES | {"Organization", "GovernmentBody", "MediaOutlet"}
            aid = _clause_person(head, sm, da, kinds)
            if aid is None:
                # the nearest state or organisation named before it in the sentence
                near = [m for m in sm.mentions if m.end <= head.i and da.entities.get(m.id)
                        and da.entities[m.id].type in kinds
                        and (m.kind == "np" or m.kind == "mod" and doc[m.start].pos_ == "PROPN")]
                aid = max(near, key=lambda m: m.end).id if near else None
            if aid:
                sm.add(Mention(head.i, head.i + 1, aid, "pron", head.i))
                return
            ls = da.entities.get(da.last_subject) if da.last_subject else None
            if ls is not None and ls.type != "Person" and ls.type != "Group":
                aid = ls.id
            for cand in ([] if aid else reversed(da.recent[-3:])):
                if da.entities[cand].type in STATE_TYPES | {"Organization", "MediaOutlet", "GovernmentBody"}:
                    aid = cand
                    break
        if aid:
            sm.add(Mention(head.i, head.i + 1, aid, "pron", head.i))
        return

    # "the former" / "the latter"
    if low in ("former", "latter") and head.pos_ in ("NOUN", "ADJ", "PRON") and da.last_pair and any(t.lower_ == "the" for t in toks):
        aid = da.last_pair[0 if low == "former" else 1]
        sm.add(Mention(start, head.i + 1, aid, "pron", head.i))
        return

    # "the three countries", "the four juntas": the last group of that many states named together
    # (resolved when the relation is read, kind 'group')
    n = next((lex.group_numbers[t.lower_] for t in toks if t.lower_ in lex.group_numbers), None)
    if n and low in lex.two_nouns and toks[0].lower_ == "the":
        sm.add(Mention(start, head.i + 1, "?", "group", head.i, alt=str(n)))
        return
    # "the two countries / sides": the two states just named; "sides" of a fight: its belligerents
    if low in lex.two_nouns and any(t.lower_ in ("two", "both") for t in toks) \
            or low in ("sides", "parties") and any(t.lower_ == "all" for t in toks):
        here = []
        for m in sorted(sm.mentions, key=lambda m: m.start):
            if m.start < head.i and da.entities.get(m.id) and da.entities[m.id].type in STATE_TYPES and m.id not in here:
                here.append(m.id)
        # the pair named in this sentence; else the pair named together last, known only once the
        # sentences before this one are read: resolved when the relation is read (relations._actors)
        pair = tuple(here[-2:]) if len(here) >= 2 else None
        if low in ("sides", "parties") and not (pair and any(t.lower_ == "two" for t in toks)):
            # the belligerents of the article's conflict, known only once the claims before this
            # sentence are in: resolved when the relation is read (kind 'conflict')
            sm.add(Mention(start, head.i + 1, pair[0] if pair else "?", "conflict", head.i,
                           alt="|".join(pair) if pair else None))
            return
        if pair:
            sm.add(Mention(start, head.i + 1, pair[0], "pair", head.i))
            sm.add(Mention(start, head.i + 1, pair[1], "pair", head.i))
        else:
            # "the two leaders" are the two people named together last, "the two countries" their states
            sm.add(Mention(start, head.i + 1, "?", "pair", head.i,
                           alt="people" if low in ("leaders", "presidents") else None))
        return

    # "his country", "its government": the state of the possessor
    if low in ("country", "nation", "homeland", "government") and len(toks) == 2 and toks[0].dep_ == "poss" \
            and toks[0].lower_ in lex.pronouns_person | {"its", "their"}:
        ref = _possessor_actor(toks[0], sm, da, g_at) if toks[0].lower_ in lex.pronouns_person else \
            _clause_person(head, sm, da, STATE_TYPES | {"Person"})
        st = da.state_of(ref) if ref else None
        if st:
            da.add(st, da.entities[st].label if st in da.entities else da.w.label(st), "State", _text(toks))
            sm.add(Mention(start, head.i + 1, st, "np", head.i))
        return
    # "the country", "the emirate", "the island nation": the state last named (in this sentence before
    # the mention, else before it)
    if low in lex.anaphors["State"] and toks[0].lower_ == "the" and head.tag_ in ("NN", "NNP") \
            and _anaphor_modifiers_ok(toks[1:-1], g_at, da):
        ref = _last_named(sm, da, head.i, {"State"}, ("np", "mod"))
        if ref:
            da.add(ref, da.entities[ref].label, "State", _text(toks))
            sm.add(Mention(start, head.i + 1, ref, "np", head.i))
            return
    # "the alliance", "the bloc": the organisation last named
    if low in lex.anaphors["Organization"] and toks[0].lower_ == "the" and _anaphor_modifiers_ok(toks[1:-1], g_at, da):
        org = _last_named(sm, da, head.i, {"Organization"})
        if org:
            da.add(org, da.entities[org].label, "Organization", _text(toks))
            sm.add(Mention(start, head.i + 1, org, "np", head.i))
        return
    # "the rebels", "the militia": the armed group last named; "the enclave", "the breakaway region":
    # the territory last named (only when there is one; else read on)
    for kind in ("ArmedGroup", "Territory"):
        words = lex.anaphors[kind]
        if low in words and toks[0].lower_ == "the" and _descriptive_modifiers(toks[1:-1], g_at):
            ref = _last_named(sm, da, head.i, {kind})
            if ref is None and kind == "Territory" and (low in lex.anaphors["breakaway"] or any(
                    t.lower_ in ("breakaway", "separatist", "self-declared", "self-proclaimed", "pro-russian")
                    or t.lower_.startswith("pro") for t in toks[1:-1])):
                # "the enclave", "the breakaway region": a de facto state the gazetteer lists as a state
                ref = next((a for a in reversed(da.recent) if da.entities[a].type in STATE_TYPES
                            and not da.w.memberships(a, da.date)), None)
            if ref:
                da.add(ref, da.entities[ref].label, da.entities[ref].type, _text(toks))
                sm.add(Mention(start, head.i + 1, ref, "np", head.i))
                return
    # "the government", "the authorities" with no nationality: the state the article is about
    if low in ("government", "authorities", "regime", "junta") and da.state_counts and (
            [t.lower_ for t in toks] == ["the", low] or len(toks) == 3 and toks[0].lower_ == "the"
            and toks[1].lower_ in ("federal", "central", "national", "military", "interim", "transitional")):
        top = da.home_state if da.home_state in da.state_counts else max(da.state_counts, key=da.state_counts.get)
        da.add(top, da.entities[top].label, "State", _text(toks))
        sm.add(Mention(start, head.i + 1, top, "np", head.i))
        return

    # a collective named without a state: "the West", "Western governments", "the Baltic states"
    phrase_all = " ".join(t.lower_ for t in toks)
    bloc = _bloc_group(toks, head, lex) if phrase_all not in lex.named_groups else (0, len(toks))
    if bloc is not None:
        label = _text(toks[bloc[0]:bloc[1]])
        label = label[4:] if phrase_all in lex.named_groups and label.lower().startswith("the ") else label
        label = label[0].upper() + label[1:]
        gid = slug(label)
        e = da.add(gid, label, "Group", _text(toks))
        e.aliases.add(_text(toks[bloc[0]:]))
        sm.add(Mention(start, head.i + 1, gid, "np", head.i))
        return

    # a name at the head: person, organisation, state
    name_start = head.i
    if head.i in g_at:
        name_start = g_at[head.i][0]
    elif head.i in ent_at:
        name_start = ent_at[head.i].start
    name_start = max(name_start, start)
    if head.i in g_at and g_at[head.i][3] == "national":
        g = g_at[head.i]
        e = da.add(g[2], da.w.label(g[2]), da.w.type(g[2]) or "State", _text(doc[start:head.i + 1]), known=True)
        # "Azerbaijanis objected": as the author of an opinion, the nationals are the public
        alt = None
        if e.type in STATE_TYPES:
            label = f"{_demonym_label(da, e.id)} society"
            ge = da.add(slug(label), label, "Group", _text(doc[start:head.i + 1]), state=e.id)
            ge.aliases.add(_text(doc[g[0]:g[1]]))
            alt = ge.id
        sm.add(Mention(start, head.i + 1, e.id, "np", head.i, alt=alt))
        return
    if head.i in g_at and g_at[head.i][3] == "demonym" and head.pos_ in ("PROPN", "NOUN"):
        # "the Russians" style plural demonym used as a noun
        if head.tag_ in ("NNPS", "NNS") or head.text.endswith("s"):
            g = g_at[head.i]
            e = da.add(g[2], da.w.label(g[2]), da.w.type(g[2]) or "State", _text(doc[start:head.i + 1]), known=True)
            sm.add(Mention(start, head.i + 1, e.id, "np", head.i))
        return
    aid, kind = (None, None)
    if head.i in g_at or head.i in ent_at:
        end = g_at[head.i][1] if head.i in g_at else ent_at[head.i].end
        aid, kind = resolve_name(name_start, end)
        if aid is None and head.i in ent_at and name_start != ent_at[head.i].start:
            aid, kind = resolve_name(ent_at[head.i].start, ent_at[head.i].end)
    inner_state = None
    if isinstance(aid, tuple) and head.i in ent_at:
        ent = ent_at[head.i]
        j = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        g = g_at.get(j)
        if g is not None and g[0] == j and g[1] <= head.i and da.w.type(g[2]) in STATE_TYPES \
                and lex.organ(_text(doc[g[1]:head.i + 1])):
            inner_state = (g[2], j)
            aid = ("?org", _text(doc[g[1]:head.i + 1]))
    # words inside a title ("Secretary of State", "Minister of Foreign Affairs") name no actor
    pre = [t for t in toks if t.i < name_start and not _in_title(t, lex)]
    titled = _title_tokens(pre, lex)
    for t in pre:
        if t.i in ent_at and ent_at[t.i].label_ in ("PERSON", "ORG") and t.i == ent_at[t.i].end - 1 and not sm.at(t.i) \
                and t.i not in g_at \
                and not titled & set(range(ent_at[t.i].start, t.i + 1)):
            # not a gazetteer demonym NER took for an organisation ("Abkhaz President X"), nor a name
            # NER ran into a title ("[Solomon Islands Prime] Minister X")
            pid, _k = resolve_name(ent_at[t.i].start, ent_at[t.i].end)
            if isinstance(pid, tuple) and t.dep_ == "poss":
                # an unknown organisation as a possessor: "the Palestinian Authority's foreign minister"
                pid = _unknown_org(da, pid[1])
            if pid and not isinstance(pid, tuple):
                sm.add(Mention(ent_at[t.i].start, t.i + 1, pid, "mod", head.i))
    # modifiers before the head: actors (demonym/possessive/name) and words
    mod_actor = None
    mod_start = None
    for t in pre:
        a = _possessor_actor(t, sm, da, g_at)
        if a and (da.entities.get(a) is None or da.entities[a].type != "Person" or t.dep_ == "poss" or t.i + 1 < name_start):
            mod_actor, mod_start = a, t.i
    if inner_state is not None:
        mod_actor, mod_start = inner_state
        da.add(mod_actor, da.w.label(mod_actor), da.w.type(mod_actor) or "State", known=True)
    words = [t for t in pre if t.i > (mod_start if mod_start is not None else -1) and t.dep_ not in ("case", "punct", "det")
             and t.text not in ("'s", "’s")]
    words_text = " ".join(t.lower_ for t in words)

    if isinstance(aid, tuple) and lex.organ(aid[1]) and mod_actor and da.entities.get(mod_actor) \
            and da.entities[mod_actor].type in STATE_TYPES:
        canon = lex.organ(aid[1])
        if canon == "embassy":   # an embassy is its state
            e = da.add(mod_actor, da.w.label(mod_actor), "State", _text(doc[start:head.i + 1]), known=True)
            sm.add(Mention(start, head.i + 1, mod_actor, "np", head.i))
            return
        label = f"{_demonym_label(da, mod_actor)} {canon}"
        e = da.add(slug(label), label, "GovernmentBody", _text(doc[start:head.i + 1]), state=mod_actor, title=canon)
        e.aliases.add(aid[1])
        da.struct(e.id, "part-of", mod_actor, "np-organ", head.i, sent_key)
        sm.add(Mention(start, head.i + 1, e.id, "np", head.i))
        return
    if isinstance(aid, tuple):  # an unknown organisation: type it from the words before it
        label = aid[1]
        typ, rel_to_state = _org_type(words_text, pre, lex)
        if typ == "Organization" or typ == "ThinkTank" and not words_text:
            typ = _named_body_type(label, lex) or typ
        e = da.add(slug(label), label, typ, label)
        e2 = da.add(e.id, label, typ, _text(doc[start:head.i + 1]))
        aid = e.id
        if mod_actor and da.entities.get(mod_actor) and da.entities[mod_actor].type in STATE_TYPES:
            rel = "part-of" if (typ == "GovernmentBody" or any(w in lex.state_control_words for w in words_text.split())) and typ != "Company" else "based-in"
            if typ == "MediaOutlet" and not any(w in ("state", "state-run", "state-owned", "official") for w in words_text.split()):
                rel = "based-in"
            e2.state = mod_actor
            da.struct(aid, rel, mod_actor, "np-org-modifier", head.i, sent_key)
        elif typ in ("GovernmentBody",) and mod_actor:
            da.struct(aid, "part-of", mod_actor, "np-org-modifier", head.i, sent_key)
        elif mod_actor is None and _state_run(doc[start:head.i + 1]) and da.state_counts:
            # "the state-run think tank X" with no state named: the state the article is about
            top = max(da.state_counts, key=da.state_counts.get)
            e2.state = top
            da.struct(aid, "part-of", top, "np-org-modifier", head.i, sent_key)
        sm.add(Mention(name_start, head.i + 1, aid, "np", head.i))
        _appositions(head, aid, sm, da, g_at, ent_at, resolve_name, done, sent_key)
        return

    if aid is not None and not isinstance(aid, tuple) and da.entities[aid].type == "Organization" \
            and mod_actor and mod_actor != aid and da.entities.get(mod_actor) \
            and da.entities[mod_actor].type in STATE_TYPES and lex.organ(_text(doc[name_start:head.i + 1])):
        canon = lex.organ(_text(doc[name_start:head.i + 1]))
        e0 = da.entities[aid]
        e0.aliases.discard(_text(doc[name_start:head.i + 1]))
        label = f"{_demonym_label(da, mod_actor)} {canon}"
        e = da.add(slug(label), label, "GovernmentBody", _text(doc[start:head.i + 1]), state=mod_actor, title=canon)
        da.struct(e.id, "part-of", mod_actor, "np-organ", head.i, sent_key)
        sm.add(Mention(start, head.i + 1, e.id, "np", head.i))
        return
    if aid is not None:
        e = da.entities[aid]
        if e.type == "Person":
            # titles before the name: "Azerbaijani President Ilham Aliyev", "Putin spokesman Dmitriy Peskov"
            title = _title_in(words, lex)
            if title:
                kind_t, title_text = title
                org = mod_actor
                if org and da.entities.get(org) and da.entities[org].type == "Person":
                    org = da.state_of(org)
                elif org and kind_t == "official" and da.entities.get(org) \
                        and da.entities[org].type == "GovernmentBody":
                    # "State Department spokesman Matthew Miller": an official of the state; the
                    # department is part of it
                    oe = da.entities[org]
                    if oe.known and mod_start is not None:
                        _gazetteer_link(da, oe, _text(doc[mod_start:mod_start + 1]), doc[start:name_start],
                                        head.i, sent_key)
                    org = oe.state or org
                if org and kind_t in ("leader", "official"):
                    rel = "leader-of" if kind_t == "leader" else "official-of"
                    da.struct(aid, rel, org, "np-title-name", head.i, sent_key)
                    e.state = e.state or da.state_of(org) or org
                    e.title = e.title or title_text
                elif org and kind_t == "affiliation" and da.entities.get(org) and da.entities[org].type not in STATE_TYPES:
                    da.struct(aid, "affiliated-with", org, "np-title-name", head.i, sent_key)
                elif kind_t == "official" and _national_office(words_text) and (
                        _sentence_state(sm, da) or _dominant_state(da)):
                    # "Foreign Minister X" with no state named: the one state named in the sentence so
                    # far, else the state the article is about
                    st = _sentence_state(sm, da) or _dominant_state(da)
                    da.struct(aid, "official-of", st, "np-title-article-state", head.i, sent_key)
                    e.state = e.state or st
                    e.title = e.title or title_text
                elif kind_t in ("leader", "official") and not da.w.roles(aid, da.date) and (
                        (reported := _reported_state(head, sm, da, g_at))
                        or da.home_state and _national_office(words_text, True) and "former" not in words_text):
                    # "Foreign Minister X said Quito would ...": else the state the holder speaks of, else
                    # the state of the dateline ("PARIS - ... Prime Minister Gabriel Attal")
                    st = reported or da.home_state
                    da.struct(aid, "leader-of" if kind_t == "leader" else "official-of", st,
                              "np-title-reported-state", head.i, sent_key)
                    e.state = e.state or st
                    e.title = e.title or title_text
                elif kind_t in ("leader", "official"):
                    e.title = e.title or title_text
                da.add(aid, e.label, e.type, _text(doc[start:head.i + 1]))
        elif e.type in ORG_TYPES and mod_actor and mod_actor != aid and da.entities.get(mod_actor) \
                and da.entities[mod_actor].type in STATE_TYPES and (words or da.w.link_to(aid, mod_actor, da.date)):
            typ, _ = _org_type(words_text, pre, lex)
            rel = "based-in" if typ in ("MediaOutlet", "Company") else "part-of"
            if set(words_text.split()) & set(lex.state_control_words) - {"public", "national"}:
                rel = "part-of"    # "Moscow's state arms exporter Rosoboronexport"
            rel = da.w.link_to(aid, mod_actor, da.date) or rel
            if e.type not in ("Organization",):
                # "Russia's Wagner Group": the possessive states the link the gazetteer has
                da.struct(aid, rel, mod_actor, "np-org-modifier" if words else "gazetteer-link", head.i, sent_key)
                da.add(aid, e.label, e.type, _text(doc[start:head.i + 1]))
                e.state = e.state or mod_actor
        elif e.type in ORG_TYPES - {"Organization"} and e.known and not (mod_actor and mod_actor != aid):
            _gazetteer_link(da, e, _text(doc[name_start:head.i + 1]), doc[start:head.i + 1], head.i, sent_key)
        sm.add(Mention(name_start if e.type != "Person" else start if title_ok(words, lex) else name_start,
                       head.i + 1, aid, "np", head.i))
        if mod_actor and mod_start is not None and mod_actor != aid and not sm.at(mod_start):
            sm.add(Mention(mod_start, mod_start + 1, mod_actor, "mod", head.i))
        _appositions(head, aid, sm, da, g_at, ent_at, resolve_name, done, sent_key)
        return

    # a common-noun head: collective, organ, public group, untitled office, counterpart
    if head.pos_ not in ("NOUN", "PROPN"):
        return
    if _title_with_person(head, words, mod_actor, start, sm, da, g_at, ent_at, resolve_name, done, sent_key):
        return
    phrase = " ".join(t.lower_ for t in words) if words else low
    surface = _text(doc[start:head.i + 1])
    nxt = head.i + 1
    compound = surface.lower().replace(" - ", "-").rsplit(" ", 1)[-1]    # "think-tank"
    kind_noun = (low in lex.media_nouns or low in lex.think_tank_nouns or low in lex.government_body_nouns
                 or low in lex.company_nouns or phrase in lex.media_nouns or phrase in lex.think_tank_nouns
                 or compound in lex.think_tank_nouns)
    ent = None
    if kind_noun and nxt < sent.end and nxt in ent_at and ent_at[nxt].start == nxt and ent_at[nxt].label_ == "ORG":
        ent = ent_at[nxt]
    elif kind_noun and nxt < sent.end and nxt in g_at and g_at[nxt][0] == nxt and g_at[nxt][3] == "name" \
            and da.w.type(g_at[nxt][2]) in ORG_TYPES:
        ent = doc[nxt:g_at[nxt][1]]   # a known outlet, think tank, company or agency the NER was not asked about
    if ent is not None:
        label = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        ids = da.w.lookup(label)
        typ, _ = _org_type(" ".join(t.lower_ for t in words + [head]), pre, lex)
        aid2 = ids[0] if ids else slug(label)
        if ids:
            typ = da.w.type(aid2) or typ
            label = da.w.label(aid2)
        e = da.add(aid2, label, typ, ent.text)
        da.add(aid2, label, typ, _text(doc[start:ent.end]))
        if mod_start is not None:
            e.aliases.add(_text(doc[mod_start:ent.end]))
        done.update(range(ent.start, ent.end))
        if mod_actor and da.entities.get(mod_actor) and da.entities[mod_actor].type in STATE_TYPES:
            ws = set(" ".join(t.lower_ for t in words).split())
            rel = "part-of" if typ == "GovernmentBody" or (ws & {"state", "state-run", "state-owned", "state-controlled", "government", "official"}) else "based-in"
            rel = da.w.link_to(aid2, mod_actor, da.date) or rel   # the gazetteer knows which, when it knows the actor
            e.state = mod_actor
            da.struct(aid2, rel, mod_actor, "np-kind-name", head.i, sent_key)
        elif mod_actor is None and da.w.state_of_link(aid2, da.date):
            # "the think tank X", "the news agency X": the apposition supports the link the gazetteer has
            rel, st = da.w.state_of_link(aid2, da.date)
            e.state = st
            da.add(st, da.w.label(st), da.w.type(st) or "State", known=True)
            da.struct(aid2, rel, st, "np-kind-name", head.i, sent_key)
        elif mod_actor is None and _state_run(doc[start:head.i + 1]) and da.state_counts:
            # "the state-run think tank X" with no state named: the state the article is about
            top = max(da.state_counts, key=da.state_counts.get)
            e.state = top
            da.struct(aid2, "part-of", top, "np-kind-name", head.i, sent_key)
        sm.add(Mention(start, ent.end, aid2, "np", head.i))
        return
    # the members of a known non-state actor acting as it: "Hamas fighters", "Houthi militants",
    # "NATO troops", "EU diplomats", "Wagner mercenaries"
    grp = _match_tail(words + [head], lex.agent_group, 2)
    me0 = da.entities.get(mod_actor) if mod_actor else None
    if me0 is not None and me0.type in ORG_TYPES and head.tag_ in ("NNS", "NNPS") and (
            (grp and grp[0][0] == "ArmedGroup") or low in lex.unit_nouns or low in lex.collective_state_nouns) \
            and not any(t.i not in range(mod_start, mod_start + 1) and t.pos_ in ("PROPN",) and t.i in g_at
                        for t in words):
        e = da.add(mod_actor, me0.label, me0.type, _text(doc[mod_start:head.i + 1]) if mod_start is not None else None)
        sm.add(Mention(start, head.i + 1, mod_actor, "np", head.i))
        return
    # unnamed armed or civil groups acting: "gunmen", "criminal groups", "Serb militants", "protesters"
    if grp and head.tag_ in ("NNS", "NNPS") or grp and head.lower_ in lex.agent_group_plural_ok:
        (gtype, _canon), n = grp
        gstate = None
        if mod_actor:
            me = da.entities.get(mod_actor)
            gstate = mod_actor if me is None or me.type in STATE_TYPES else None
        first = mod_start if gstate is not None and mod_start is not None else head.i - n + 1
        label = _text(doc[first:head.i + 1])
        label = label[0].upper() + label[1:] if gstate else label.lower() if not label.isupper() else label
        gid = slug(label)
        e = da.add(gid, label, gtype, surface, state=gstate)
        e.aliases.add(_text(doc[first:head.i + 1]))
        if head.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and any(c.dep_ == "acl" for c in head.children):
            e.aliases.add(_text(doc[start:head.right_edge.i + 1]))   # "criminal groups engaged in the arms trade"
        sm.add(Mention(start, head.i + 1, gid, "np", head.i))
        return
    if mod_actor is None:
        # "his counterpart(s)"
        return
    me = da.entities.get(mod_actor)
    mstate = mod_actor if me is None or me.type in STATE_TYPES else da.state_of(mod_actor)
    # ships, jets, drones acting: their owner ("Chinese coast guard ships blocked ...")
    if (low in lex.vehicle_nouns or head.lemma_.lower() in lex.vehicle_nouns) and _subjectlike(head):
        owner = mod_actor
        organ = _match_tail(words, lex.organ, lex.max_organ_words) if words else None
        if organ and mstate and organ[0] != "embassy":
            canon, n = organ
            label = f"{_demonym_label(da, mstate)} {canon}"
            e = da.add(slug(label), label, lex.data["organ_group_types"].get(canon, "GovernmentBody"),
                       _text(doc[mod_start if mod_start is not None else head.i - n: head.i]), state=mstate, title=canon)
            e.aliases.add(_text(doc[head.i - n: head.i]) if mod_start is None else _text(doc[mod_start: head.i]))
            da.struct(e.id, "part-of", mstate, "np-organ", head.i, sent_key)
            owner = e.id
        sm.add(Mention(start, head.i + 1, owner, "np", head.i))
        return
    # the counterpart: "his Russian counterpart", "their Russian counterparts", "his counterpart from Australia"
    named_after = None
    if low in ("counterpart", "counterparts") and head.i + 2 < sent.end and doc[head.i + 1].lower_ in ("from", "in"):
        # read off the surface (the parse hangs the phrase on the verb): "his counterpart from
        # Australia, Richard Marles"
        at = head.i + 3 if doc[head.i + 2].lower_ == "the" else head.i + 2
        g = g_at.get(at)
        if g is not None and g[0] == at and da.w.type(g[2]) in STATE_TYPES:
            mstate = g[2]
            da.add(mstate, da.w.label(mstate), da.w.type(mstate) or "State", doc[g[0]:g[1]].text, known=True)
            sm.add(Mention(g[0], g[1], mstate, "mod", head.i))
            done.update(range(g[0], g[1]))
            if g[1] + 1 < sent.end and doc[g[1]].text == "," and g[1] + 1 in ent_at \
                    and ent_at[g[1] + 1].label_ == "PERSON" and ent_at[g[1] + 1].start == g[1] + 1:
                named_after = ent_at[g[1] + 1]
    if low in ("counterpart", "counterparts") and mstate:
        poss = next((t for t in pre if t.dep_ == "poss" and t.lower_ in lex.pronouns_person | lex.pronouns_plural), None)
        ref = None
        if poss is not None and poss.lower_ in lex.pronouns_person:
            ref = _sentence_subject_person(sm, da, doc, head.i) or da.last_person
        elif poss is not None:
            ref = next((a for a in reversed(da.recent) if da.entities[a].type in ("GovernmentBody", "Group")), None)
        if ref and da.entities[ref].type == "Person":
            holder = _holder(da, mstate, da.entities[ref].title)
            appo = _appos_person(head, ent_at) or named_after
            if appo is None and not holder and da.entities[ref].title:
                # no known holder: the office itself, as a person ("his Turkish counterpart")
                ttl = da.entities[ref].title
                label = f"{_demonym_label(da, mstate)} {ttl}"
                holder = slug(label)
                da.add(holder, label, "Person", surface, state=mstate, title=ttl)
            if appo is None and holder:
                hid = holder
                da.add(hid, da.w.label(hid), "Person", surface, known=True)
                da.add(hid, da.w.label(hid), "Person", _text(doc[start:head.i + 1]).split(" ", 1)[-1])
                _role_struct(da, hid, mstate, da.entities[ref].title, head.i, sent_key)
                sm.add(Mention(start, head.i + 1, hid, "np", head.i))
                return
            if appo is not None:
                done.update(range(appo.start, appo.end))
                pid, _ = resolve_name(appo.start, appo.end)
                if pid and not isinstance(pid, tuple):
                    da.add(pid, da.entities[pid].label, "Person", surface)
                    da.add(pid, da.entities[pid].label, "Person", surface.split(" ", 1)[-1] if surface.lower().startswith("his ") or surface.lower().startswith("her ") else None)
                    _role_struct(da, pid, mstate, da.entities[ref].title, head.i, sent_key)
                    sm.add(Mention(start, appo.end, pid, "np", head.i))
                    return
        elif ref and da.entities[ref].title:
            kind = da.entities[ref].title
            oid = slug(f"{_demonym_label(da, mstate)} {kind}")
            e = da.add(oid, f"{_demonym_label(da, mstate)} {kind}", "GovernmentBody", surface, state=mstate, title=kind)
            e.aliases.add(surface.split(" ", 1)[-1] if surface.lower().startswith(("their ", "its ")) else surface)
            da.struct(oid, "part-of", mstate, "np-counterpart", head.i, sent_key)
            sm.add(Mention(start, head.i + 1, oid, "np", head.i))
            return
    # organs: "the Turkish armed forces", "Azerbaijan's Defense Ministry"
    organ = _match_tail(words + [head], lex.organ, lex.max_organ_words)
    if organ and mstate:
        canon, n = organ
        if canon == "embassy":   # an embassy is its state ("the French embassy", "its embassy in Tehran")
            e = da.add(mstate, da.w.label(mstate) if da.w.known(mstate) else mstate, "State", surface)
            sm.add(Mention(start, head.i + 1, mstate, "np", head.i))
            return
        typ = lex.data["organ_group_types"].get(canon, "GovernmentBody")
        label = f"{_demonym_label(da, mstate)} {canon}"
        oid = slug(label)
        e = da.add(oid, label, typ, surface, state=mstate, title=canon)
        tail = _text(doc[head.i - n + 1: head.i + 1])
        if mod_start is not None:
            e.aliases.add(_text(doc[mod_start: head.i + 1]))
        da.struct(oid, "part-of", mstate, "np-organ", head.i, sent_key)
        sm.add(Mention(start, head.i + 1, oid, "np", head.i))
        _appositions(head, oid, sm, da, g_at, ent_at, resolve_name, done, sent_key)
        return
    # collectives: "Russian officials", "the Armenian side", "a Turkish military delegation"
    if low in lex.collective_state_nouns and mstate:
        e = da.add(mstate, da.w.label(mstate) if da.w.known(mstate) else mstate, "State", surface)
        if mod_start is not None:
            e.aliases.add(_text(doc[mod_start: head.i + 1]))
        sm.add(Mention(start, head.i + 1, mstate, "np", head.i))
        return
    # public groups: "Azerbaijani media", "Armenian sources", "Azerbaijani society"
    pub = lex.public(low) or lex.public(phrase)
    if pub and mstate and (me is None or me.type in STATE_TYPES):
        label = f"{_demonym_label(da, mstate)} {pub}"
        gid = slug(label)
        e = da.add(gid, label, "Group", surface, state=mstate)
        if mod_start is not None:
            e.aliases.add(_text(doc[mod_start: head.i + 1]))
        sm.add(Mention(start, head.i + 1, gid, "np", head.i))
        return
    # an office without a name: "Ankara's defense minister", "the Azerbaijani president"
    title = _title_in(words + [head], lex)
    if title and head.dep_ == "appos" and sm.at(head.head.i) is not None \
            and (da.entities.get(sm.at(head.head.i).id) or Entity("", "", "")).type == "Person":
        # "Antony Blinken, the US secretary of state": the apposition is the named person's office
        return
    owner = mod_actor if me is not None and me.type in ORG_TYPES else mstate
    appo = _appos_person(head, ent_at) if title and title[0] in ("leader", "official") and owner else None
    if appo is not None:
        # "China's foreign minister Wang Yi", "India's external affairs minister, S. Jaishankar,":
        # the office is the named person's, whoever the gazetteer says holds it
        pid, _k = resolve_name(appo.start, appo.end)
        if pid and not isinstance(pid, tuple) and da.entities[pid].type == "Person":
            done.update(range(appo.start, appo.end))
            da.add(pid, da.entities[pid].label, "Person", surface)
            da.add(pid, da.entities[pid].label, "Person", _text(doc[start:appo.end]))
            _role_struct(da, pid, owner, title[1], head.i, sent_key)
            sm.add(Mention(start, appo.end, pid, "np", head.i))
            return
    if title and title[0] in ("leader", "official") and mstate and _title_in([head], lex, tail_only=True):
        holder = _holder(da, mstate, title[1])
        if holder:
            da.add(holder, da.w.label(holder), "Person", surface, known=True)
        else:
            label = f"{_demonym_label(da, mstate)} {title[1]}"
            holder = slug(label)
            da.add(holder, label, "Person", surface, state=mstate, title=title[1])
        _role_struct(da, holder, mstate, title[1], head.i, sent_key)
        sm.add(Mention(start, head.i + 1, holder, "np", head.i))
        return
    # otherwise the actor is a modifier of a non-actor noun phrase ("Moscow's arms sales")
    if mod_start is not None:
        sm.add(Mention(mod_start, mod_start + 1, mod_actor, "mod", head.i))


def _names_state(da: DocActors, surface: str, state: str) -> bool:
    """Whether a surface form names a state by one of its names, acronyms or demonyms
    ("U.S. Treasury", "China Coast Guard", "Russian Foreign Ministry")."""
    g = da.w.gaz.actors.get(state) if da.w.gaz is not None else None
    if g is None:
        return False
    words = " " + " ".join(re.findall(r"[\w.'-]+", surface)) + " "
    for form in tuple(g.names) + tuple(g.demonyms) + tuple(getattr(g, "metonyms", ()) or ()):
        if form and len(form) >= 2 and f" {form} " in words:
            return True
    return False


def _gazetteer_link(da: DocActors, e: Entity, name: str, span, tok: int, sent_key) -> None:
    """A known non-state actor's structural link (part-of, based-in), emitted when its noun phrase
    states or implies it: a government body always belongs to its state ("the Pentagon", "the U.S.
    Treasury"); any other actor when its name contains the state's name or demonym ("China Daily")
    or a state-control word precedes it ("the state-run RIA Novosti"). Never when the text says
    nothing ("Hamas", "Reuters")."""
    found = da.w.state_of_link(e.id, da.date)
    if not found:
        return
    rel, st = found
    if not (e.type == "GovernmentBody" and rel == "part-of" or _names_state(da, name, st)
            or rel == "part-of" and _state_run(span)):
        return
    da.add(st, da.w.label(st), da.w.type(st) or "State", known=True)
    e.state = e.state or st
    da.struct(e.id, rel, st, "gazetteer-link", tok, sent_key)


def _bloc_group(toks, head, lex):
    """(start, end) in ``toks`` of a collective named by a bloc word: "Western governments",
    "the Baltic states", "Arab foreign ministers" (not "European Union officials")."""
    words = [t.lower_ for t in toks]
    if len(words) >= 2 and " ".join(words[-2:]) in lex.bloc_nouns:
        n = 2
    elif words and words[-1] in lex.bloc_nouns:
        n = 1
    else:
        return None
    for i in range(len(toks) - n):
        for k in (2, 1):
            if i + k <= len(toks) - n and " ".join(words[i:i + k]) in lex.bloc_adjectives:
                if any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE") for t in toks[i + k:len(toks) - n]):
                    return None
                return (i, len(toks))
    return None


def _subjectlike(tok) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")


def title_ok(words, lex) -> bool:
    return _title_in(words, lex) is not None


_NATIONAL_OFFICE_WORDS = ("minister", "ministry", "secretary of state", "state secretary")


def _national_office(words_text: str, heads: bool = False) -> bool:
    """Whether a title is a national government's office ("Foreign Minister", "Foreign Ministry
    spokesperson"), which an article names without its state when the state is the article's own;
    with ``heads``, also a head of state or government ("Prime Minister", "President")."""
    if heads and words_text.split()[-2:] in (["prime", "minister"], ["chancellor"], ["premier"]):
        return True
    return any(w in words_text for w in _NATIONAL_OFFICE_WORDS) and "prime" not in words_text


def _reported_state(person, sm, da, g_at) -> str | None:
    """The state an untitled-by-state office holder speaks of as the subject of what they say:
    "Foreign Minister X said Quito would file a complaint" (Ecuador), "Prime Minister Y said that
    Pakistan ..."; None unless the person is the speaker and one state is such a subject."""
    verb = person.head
    if person.dep_ != "nsubj" or (verb.lemma_ or "").lower() not in lexicon().reporting_verbs:
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    clauses += [d for c in clauses for d in c.children if d.dep_ == "conj"]
    states = set()
    for c in clauses:
        for subj in c.children:
            if subj.dep_ in ("nsubj", "nsubjpass"):
                a = _possessor_actor(subj, sm, da, g_at)
                if a and da.entities.get(a) and da.entities[a].type == "State":
                    states.add(a)
    return states.pop() if len(states) == 1 else None


def _sentence_state(sm, da) -> str | None:
    """The one state named in the sentence so far, if exactly one is."""
    states = {m.id for m in sm.mentions if da.entities.get(m.id) and da.entities[m.id].type == "State"}
    return states.pop() if len(states) == 1 else None


def _dominant_state(da) -> str | None:
    """The state an article is about so far: named at least twice, and twice as often as any other."""
    if not da.state_counts:
        return None
    ranked = sorted(da.state_counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if n >= 2 and n >= 2 * second else None


def _in_title(tok, lex) -> bool:
    """Whether a token ends the of-phrase of a title: "State" in "Secretary of State"."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.i >= tok.i:
        return False
    return lex.title_kind(" ".join(t.lower_ for t in tok.doc[tok.head.head.i:tok.i + 1])) is not None


def _title_in(words, lex, tail_only: bool = False):
    """The longest title among the words (ending at the last word when ``tail_only``)."""
    low = [w.lower_ if hasattr(w, "lower_") else str(w).lower() for w in words]
    best = None
    for i in range(len(low)):
        for j in range(len(low), i, -1):
            if tail_only and j != len(low):
                continue
            if j - i > lex.max_title_words:
                continue
            k = lex.title_kind(" ".join(low[i:j]))
            if k and (best is None or j - i > best[2]):
                best = (k, " ".join(low[i:j]), j - i)
    return best[:2] if best else None


def _title_tokens(words, lex) -> set[int]:
    """Indices of the tokens that are part of a title among consecutive words ("Prime Minister")."""
    out: set[int] = set()
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + lex.max_title_words) + 1):
            if words[j - 1].i - words[i].i == j - 1 - i and lex.title_kind(" ".join(w.lower_ for w in words[i:j])):
                out.update(w.i for w in words[i:j])
    return out


def _match_tail(words, fn, max_words):
    low = [w.lower_ for w in words]
    for n in range(min(max_words, len(low)), 0, -1):
        hit = fn(" ".join(low[-n:]))
        if hit:
            return hit, n
    return None


def _named_body_type(name: str, lex) -> str | None:
    """"GovernmentBody" for a name that says it governs: "Presidential Leadership Council", "State
    Committee for National Security", "Supreme Political Council" (lexicon government_body_adjectives
    with a government body noun or a governing council's noun)."""
    words = set(name.lower().replace("-", " ").split())
    nouns = lex.government_body_nouns | lex.governing_council_nouns
    return "GovernmentBody" if words & lex.government_body_adjectives and words & nouns else None


def _org_type(words_text: str, pre, lex) -> tuple[str, str | None]:
    words_text = words_text.replace(" - ", "-")    # "think - tank": the tokens of "think-tank"
    ws = words_text.split()
    text = " " + words_text + " "
    for noun in sorted(lex.think_tank_nouns, key=len, reverse=True):
        if f" {noun} " in text and noun in ("think tank", "think-tank", "research center", "research centre", "policy institute"):
            return "ThinkTank", None
    for noun in sorted(lex.media_nouns, key=len, reverse=True):
        if f" {noun} " in text and noun not in ("agency", "service"):
            return "MediaOutlet", None
    if "news agency" in text:
        return "MediaOutlet", None
    if any(w in lex.government_body_nouns for w in ws):
        return "GovernmentBody", None
    if any(w in lex.think_tank_nouns for w in ws):
        return "ThinkTank", None
    if any(w in lex.company_nouns for w in ws):
        return "Company", None
    if any(w in lex.armed_group_nouns for w in ws):
        return "ArmedGroup", None
    return "Organization", None


def _demonym_label(da: DocActors, state: str) -> str:
    """An adjective for a state when one appeared in the text, else the state's label."""
    e = da.entities.get(state)
    label = da.w.label(state) if da.w.known(state) else (e.label if e else state)
    if state in _DEMONYMS:
        return _DEMONYMS[state]
    g = da.w.gaz.actors.get(state) if da.w.gaz is not None else None
    dems = [d for d in (getattr(g, "demonyms", ()) or ()) if d[:1].isupper()]
    if dems:
        # the regular adjective of the name if there is one ("Azerbaijani" over "Azeri")
        best = max(dems, key=lambda d: (d.lower().startswith(label.lower()[:4]), len(d)))
        return best
    return label


_DEMONYMS: dict[str, str] = {}


def remember_demonym(state: str, word: str) -> None:
    if word[:1].isupper() and state not in _DEMONYMS:
        _DEMONYMS[state] = word


_GENERIC_OFFICE_WORDS = {"minister", "secretary", "chief", "head", "deputy", "general", "state", "of", "the",
                         "affairs", "first", "senior", "top", "official", "spokesman", "spokeswoman", "spokesperson"}
#: offices a state has one holder of, found by their last word ("the Azerbaijani president")
_UNIQUE_OFFICES = {"president", "premier", "chancellor", "king", "queen", "emir", "sultan", "monarch", "taoiseach",
                   "pope", "shah", "leader"}
_OFFICE_SYNONYMS = {"defense": ("defence", "defense"), "defence": ("defence", "defense")}


def _holder(da: DocActors, state: str, title: str | None) -> str | None:
    """The one holder of an office of a state on the article's date, trying the title, its
    distinctive words ("foreign" of "foreign minister", matching "Minister of Foreign Affairs"),
    then its last word."""
    if not title:
        return None
    words = title.lower().split()
    cands = [title]
    distinctive = [w for w in words if w not in _GENERIC_OFFICE_WORDS]
    for w in distinctive:
        cands += list(_OFFICE_SYNONYMS.get(w, (w,)))
    if not distinctive and words[-1] in _UNIQUE_OFFICES:
        cands.append(words[-1])
    for cand in cands:
        hs = da.w.holders(state, cand, da.date)
        if cand != title and len(words) > 1:
            # "foreign" must be a minister's office, not "foreign intelligence service director"
            hs = [h for h in hs if any(words[-1] in o.lower() for _r, of, o in da.w.roles(h, da.date) if of == state)]
        if len(hs) == 1:
            return hs[0]
        if len(hs) > 1:
            return None
    return None


def _sentence_subject_person(sm, da, doc, before: int) -> str | None:
    """A person named at a subject earlier in the sentence ("Lavrov held talks with his ...")."""
    for m in sorted(sm.mentions, key=lambda m: m.start):
        if m.start >= before or m.kind not in ("np", "mod"):
            continue
        e = da.entities.get(m.id)
        if e is None or e.type != "Person":
            continue
        h = doc[m.head] if m.kind == "np" and m.head >= 0 else doc[m.start]
        if h.dep_ in ("nsubj", "nsubjpass") or (h.dep_ == "poss" and h.head.dep_ in ("nsubj", "nsubjpass")):
            return m.id
    return None


def _role_struct(da, person, state, title, tok, sent_key):
    kind = lexicon().title_kind(title or "") or "official"
    if kind in ("leader", "official"):
        da.struct(person, "leader-of" if kind == "leader" else "official-of", state, "np-office", tok, sent_key)
        e = da.entities.get(person)
        if e:
            e.state = e.state or state
            e.title = e.title or title


def _appos_person(head, ent_at):
    for child in head.rights:
        if child.dep_ == "appos" and child.i in ent_at and ent_at[child.i].label_ == "PERSON":
            return ent_at[child.i]
    nxt = head.i + 1
    if nxt < len(head.doc) and nxt in ent_at and ent_at[nxt].label_ == "PERSON" and ent_at[nxt].start == nxt:
        return ent_at[nxt]
    return None


def _appositions(head, aid, sm, da, g_at, ent_at, resolve_name, done, sent_key):
    """"X, an analyst at Y", "Armenia (a current EAEU member)", "the EAEU, the Russia-led trade bloc"."""
    lex = lexicon()
    e = da.entities[aid]
    apps = [c for c in head.rights if c.dep_ == "appos"]
    # "X, general secretary of the party and president of the state": each title in turn
    apps += [c for a in apps for c in a.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    for child in apps:
        a_words = [t for t in child.subtree]
        # member: "Armenia (a current EAEU member)"
        if child.lemma_.lower() in ("member", "member state") or child.lower_ in ("member", "members"):
            org = next((sm.at(t.i).id for t in child.lefts if sm.at(t.i)), None)
            if org is None:
                for t in child.subtree:
                    g = g_at.get(t.i)
                    if g and da.w.type(g[2]) == "Organization":
                        org = g[2]
                        da.add(org, da.w.label(org), "Organization", t.doc[g[0]:g[1]].text, known=True)
            if org is None:
                for p in child.children:
                    if p.dep_ == "prep" and p.lower_ == "of":
                        for o in p.children:
                            if o.dep_ == "pobj" and sm.at(o.i) is None:
                                _analyse_np(o, o.sent, sm, da, g_at, ent_at, resolve_name, done, sent_key)
                            mm = sm.at(o.i)
                            if mm:
                                org = mm.id
            if org and org != aid and e.type == "Person":
                # a person is a member of a state body as its official ("a member of Bosnia's
                # presidency"), of anything else as an affiliate
                oe = da.entities.get(org)
                if oe is not None and (oe.type in STATE_TYPES or oe.type == "GovernmentBody" and oe.state):
                    da.struct(aid, "official-of", oe.state or org, "appos-member", child.i, sent_key)
                    e.state = e.state or oe.state or org
                elif oe is not None:
                    da.struct(aid, "affiliated-with", org, "appos-member", child.i, sent_key)
            elif org and org != aid:
                da.struct(aid, "member-of", org, "appos-member", child.i, sent_key)
            continue
        # the title's words: "the European Union's foreign policy chief" ("foreign" hangs on "policy")
        title = _title_in([t for t in child.subtree if t.i < child.i and t.dep_ not in ("det", "case")] + [child], lex,
                          tail_only=True)
        if e.type == "Person" and title:
            kind, ttext = title
            # "an analyst at the think tank X", "the spokesman for the ministry"
            org = None
            for p in child.children:
                if p.dep_ == "prep" and p.lower_ in ("at", "of", "for", "with", "in", "to"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            _analyse_np(o, o.sent, sm, da, g_at, ent_at, resolve_name, done, sent_key)
                            m = sm.at(o.i)
                            if m:
                                org = m.id
            for t in child.lefts:
                if t.dep_ == "poss" and t.pos_ == "NOUN" and t.is_lower and sm.at(t.i) is None \
                        and t.i not in g_at and t.i not in ent_at:
                    # "the group's spokesman", "the country's envoy": an anaphor as the possessor
                    _analyse_np(t, t.sent, sm, da, g_at, ent_at, resolve_name, done, sent_key)
                a = _possessor_actor(t, sm, da, g_at)
                if a is None and t.dep_ == "poss" and t.i in ent_at and ent_at[t.i].label_ == "ORG":
                    # "Riyad al-Maliki, the Palestinian Authority's foreign minister"
                    pid, _k = resolve_name(ent_at[t.i].start, ent_at[t.i].end)
                    a = _unknown_org(da, pid[1]) if isinstance(pid, tuple) else pid
                    if a:
                        sm.add(Mention(ent_at[t.i].start, ent_at[t.i].end, a, "mod", child.i))
                if a:
                    org = org or a
            if org and org != aid:
                oe = da.entities.get(org)
                if kind == "affiliation" or (oe and oe.type in ("ThinkTank", "MediaOutlet", "Company")):
                    if oe and oe.type not in STATE_TYPES:
                        da.struct(aid, "affiliated-with", org, "appos-title", child.i, sent_key)
                else:
                    if oe is not None and (oe.type == "Person" or oe.type == "GovernmentBody" and oe.state):
                        # "an adviser to Abiy", "the secretary of Russia's Security Council": the state's
                        org = da.state_of(org) or org
                    da.struct(aid, "leader-of" if kind == "leader" else "official-of", org, "appos-title", child.i, sent_key)
                    e.state = e.state or da.state_of(org)
            e.title = e.title or (ttext if kind != "affiliation" else None)
            continue
        # an organisation's apposition: "the EAEU, the Russia-led trade bloc"
        if e.type in ORG_TYPES:
            da.add(aid, e.label, e.type, _text(child.subtree) if len(a_words) <= 6 else None)
            _org_apposition(child, aid, sm, da, g_at, sent_key)


def _title_with_person(head, words, mod_actor, start, sm, da, g_at, ent_at, resolve_name, done, sent_key) -> bool:
    """A title with the holder in apposition: "the president of Honduras, Xiomara Castro", "the head
    of the Mexican mission, Roberto Canseco", "Mali's junta leader, General Assimi Goita". The title
    names the person; the office is of the of-phrase's actor (a state body's: its state), else of
    the actor before the title."""
    lex = lexicon()
    title = _title_in(words + [head], lex, tail_only=True)
    app = next((c for c in head.rights if c.dep_ == "appos" and c.i in ent_at and ent_at[c.i].label_ == "PERSON"
                and c.doc[c.left_edge.i - 1].text == ","), None)
    if not title or title[0] not in ("leader", "official") or app is None or head.pos_ != "NOUN":
        return False
    pid, _k = resolve_name(ent_at[app.i].start, ent_at[app.i].end)
    if not pid or isinstance(pid, tuple) or da.entities[pid].type != "Person":
        return False
    kind = title[0]
    org = None
    for o in _prep_objects(head, ("of", "for", "at")):
        if sm.at(o.i) is None:
            _analyse_np(o, o.sent, sm, da, g_at, ent_at, resolve_name, done, sent_key)
        m = sm.at(o.i)
        org = m.id if m else None
        if org is None:
            # "the head of the Mexican mission": a body of the state, whose head is the state's official
            org = next((a for t in o.lefts for a in [_possessor_actor(t, sm, da, g_at)] if a), None)
            kind = "official" if org else kind
    org = org or mod_actor
    oe = da.entities.get(org) if org else None
    if oe is not None and oe.type in ("GovernmentBody", "Person") and kind == "official":
        org = da.state_of(org) or org
    if org and org != pid:
        da.struct(pid, "leader-of" if kind == "leader" else "official-of", org, "title-appos-name", head.i, sent_key)
        da.entities[pid].state = da.entities[pid].state or da.state_of(org)
    da.entities[pid].title = da.entities[pid].title or title[1]
    sm.add(Mention(start, head.i + 1, pid, "np", head.i))
    return True


def _org_apposition(child, aid, sm, da, g_at, sent_key) -> None:
    """What an organisation's apposition says of its state or parent: "Al-Shabaab, the Somali militant
    group" (based in Somalia), "Dawn, Pakistan's leading newspaper", "the WFP, a United Nations agency"
    (part of the UN), "the PKK, a Kurdish militant group based in northern Iraq"."""
    lex = lexicon()
    e = da.entities[aid]
    words = [t for t in child.lefts if t.dep_ not in ("det", "punct")] + [child]
    typ, _ = _org_type(" ".join(t.lower_ for t in words), words, lex)
    if typ == "Organization" and child.lemma_.lower() not in lex.org_nouns | lex.government_body_nouns:
        return   # "X, the party's candidate": not a description of an organisation
    # where it is based: "based in northern Iraq"
    places = [o for a in child.children if a.dep_ == "acl" and a.lower_ == "based" for o in _prep_objects(a, ("in",))]
    state = parent = None
    for t in [t for w in words[:-1] for t in w.subtree] + [t for o in places for t in o.subtree]:
        a = _possessor_actor(t, sm, da, g_at)
        ae = da.entities.get(a) if a else None
        if ae is None or a == aid:
            continue
        if ae.type in STATE_TYPES and state is None:
            state = a
        elif ae.type == "Organization" and parent is None:
            parent = a
    controlled = bool({t.lower_ for t in words} & (lex.state_control_words - {"public", "national"}))
    if parent and (typ == "GovernmentBody" or child.lemma_.lower() in lex.government_body_nouns):
        da.struct(aid, "part-of", parent, "appos-org", child.i, sent_key)
    elif state:
        rel = da.w.link_to(aid, state, da.date) or (
            "part-of" if controlled or e.type == "GovernmentBody" or typ == "GovernmentBody" else "based-in")
        da.struct(aid, rel, state, "appos-org", child.i, sent_key)
        e.state = e.state or state


def gazetteer_roles(da: DocActors, first_sentence: dict):
    """(person, leader-of/official-of, of, sentence) for known people named in the text who got no
    role from the text itself; of several roles on the date, the one in an actor the article names
    (Macron is President of France, not co-prince of Andorra, in an article about France)."""
    have = {s for (s, rel, _o) in da.structs if rel in ("leader-of", "official-of")}
    out = []
    for aid, e in list(da.entities.items()):
        if e.type != "Person" or not e.known or aid not in first_sentence or aid in have:
            continue
        roles = [(rel, of) for rel, of, _office in sorted(
                     da.w.roles(aid, da.date), key=lambda r: lexicon().title_kind(r[2]) is None)
                 if rel in ("leader-of", "official-of") and da.w.known(of) and da.w.type(of) in STATE_TYPES | {"Organization"}]
        if not roles:
            continue
        named = [r for r in roles if r[1] in da.entities]
        rel, of = (named or roles)[0] if len(named) <= 1 or not e.state else \
            next((r for r in named if r[1] == e.state), named[0])
        da.add(of, da.w.label(of), da.w.type(of) or "State")
        out.append((aid, rel, of, first_sentence[aid]))
    return out


def gazetteer_memberships(da: DocActors, mentioned_together: list[set[str]]):
    """member-of edges the gazetteer knows for actors named in the same sentence, when the sentence
    speaks of membership or alliance ("CSTO members Armenia and Russia", "treaty allies"); a state and
    an organisation merely named together ("Egypt urged the African Union ...") are no evidence."""
    out = []
    for i, ids in enumerate(mentioned_together):
        linked = da.member_cues.get(i)
        if not linked:
            continue
        orgs = {a for a in ids if da.entities.get(a) and da.entities[a].type == "Organization"}
        if not orgs:
            continue
        for a in ids:
            if a in orgs or a not in linked or da.entities.get(a) is None or da.entities[a].type not in STATE_TYPES:
                continue
            for org in da.w.memberships(a, da.date):
                if org in orgs:
                    out.append((a, org, i))
    return out


_WS = re.compile(r"\s+")
