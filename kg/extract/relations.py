"""Relations and modality: dependency patterns from trigger words to typed claims.

Patterns live in ``patterns/relations.json``; each maps trigger lemmas (verbs or
nouns) to a relation id and says where the subject and object are found in the
parse (see the file's ``_doc``). Coordination is expanded on both ends; passives
swap roles; a noun trigger finds its agent as a possessor ("Moscow's arms
sales"), an actor modifier ("Russian arms supplies"), a from/by phrase, or the
subject of the verb that governs it ("X held talks with Y", "X is an ally of Y").

Modality, in order of precedence: denied (under a denial verb, or negated in a
source's own words), negated, intended (future/conditional modals, plans,
offers, purpose clauses), alleged (hedges, "reports that", speculative modals,
accusations of conflict acts made by a source), reported (complement of a
reporting verb, "according to", or inside a quotation attributed to a
speaker), else asserted.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..vocab import relations as relation_inventory
from .actors import STATE_TYPES, DocActors, SentenceMentions
from .lexicon import lexicon, light_verbs, patterns

__all__ = ["RawClaim", "sentence_claims", "continue_quotes", "attack_target", "denials"]

CONTESTED = {"attacks", "supplies-arms-to", "deploys-forces-in", "clashes-with", "sanctions", "threatens"}
ACCUSABLE = {"attacks", "supplies-arms-to"}


@dataclass
class RawClaim:
    subject: str
    relation: str
    object: str
    modality: str
    attributed_to: str | None
    pattern: str
    token: int
    confidence: float = 0.8


@lru_cache(maxsize=1)
def _index():
    verbs, nouns = {}, {}
    for p in patterns():
        target = verbs if p.pos == "verb" else nouns
        for lemma in p.lemmas:
            target.setdefault(lemma, []).append(p)
    return verbs, nouns


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


# ---------------------------------------------------------------- roles

def _subject_tokens(v, depth=0):
    subj = [c for c in v.children if c.dep_ in ("nsubj", "csubj", "expl")]
    if subj:
        subj = [s for s in subj if s.dep_ != "expl"]
        if subj and subj[0].pos_ == "PROPN" and subj[0].i >= 2:
            # headline coordination by a comma: "Venezuela, Guyana agree to ..." (the first name
            # hangs on the verb, a comma before the subject)
            s0 = subj[0]
            first = s0.left_edge.i
            doc = v.doc
            if first >= 2 and doc[first - 1].text == "," and doc[first - 2].pos_ == "PROPN":
                c = doc[first - 2]
                while c.head.i != c.i and c.head.i < first - 1 and c.dep_ == "compound":
                    c = c.head
                top = c
                while top.head.i != top.i and top.head.i < first - 1:
                    top = top.head
                if top.head.i == v.i and top.dep_ in ("npadvmod", "nsubj", "dep", "appos", "nmod") \
                        and top.left_edge.i == top.sent.start:
                    subj = [top] + subj
        return subj
    if depth > 4:
        return []
    if v.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp", "pcomp") and v.head.i != v.i:
        h = v.head
        if v.dep_ == "conj" and v.tag_ == "VBD" and h.dep_ == "ccomp" and h.head.tag_ == "VBD" \
                and _lemma(h.head) in lexicon().reporting_verbs \
                and (_lemma(h) == "be" or (_lemma(v) in _SPEAKER_VERBS and v.i >= 2
                                           and v.doc[v.i - 1].lower_ == "and" and v.doc[v.i - 2].text == ",")):
            # "X said the attack was unacceptable and blamed Y", "X said troops had crossed the border,
            # and urged Y to ...": the parse hangs the speaker's second act on the reported clause
            return _subject_tokens(h.head, depth + 1)
        if v.dep_ == "conj" and v.tag_ == "VBG" and h.dep_ == "ccomp" and h.head.tag_ == "VBG" \
                and _lemma(h.head) in lexicon().reporting_verbs and _lemma(v) in _SPEAKER_VERBS:
            # "..., saying X could not be granted asylum and accusing Mexico of ...": the speaker's act
            return _subject_tokens(h.head, depth + 1)
        if v.dep_ == "conj" or v.dep_ == "xcomp":
            # an object-control verb ("convinced Azerbaijan to stop") gives its object
            if v.dep_ == "xcomp":
                objs = [c for c in v.head.children if c.dep_ in ("dobj", "nsubjpass")]
                # "called on Serbia to withdraw", "leans on Armenia to take"; a passive's subject:
                # "X is expected to travel", "X was forced to withdraw"
                objs = objs or [o for c in v.head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                                for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return objs
            return _subject_tokens(v.head, depth + 1)
        if v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN"):
            if v.head.dep_ == "xcomp" and v.head.head.i != v.head.i and v.i > v.head.i \
                    and v.doc[v.left_edge.i - 1].text == ",":
                # "ordered X to leave, accusing Y of ...": the one who ordered accuses, not X
                return _subject_tokens(v.head.head, depth + 1)
            return _subject_tokens(v.head, depth + 1)
        if v.dep_ == "advcl" and v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            # "leans on Armenia to take ...", "sent troops to secure ...": the object, else the subject
            objs = [o for c in v.head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for o in c.children if o.dep_ == "pobj"] or \
                   [c for c in v.head.children if c.dep_ == "dobj" and c.pos_ == "PROPN"]
            return objs or _subject_tokens(v.head, depth + 1)
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.lower_ in ("after", "before", "while", "upon", "during", "since") \
            and v.head.head.pos_ in ("VERB", "AUX"):
        # "said after meeting Saitoti": who said it met him
        return _subject_tokens(v.head.head, depth + 1)
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.lower_ in ("of", "for") and v.head.head.pos_ == "VERB":
        # "accused Kyiv of attacking", "mocked X for making": the object of the accusation
        objs = [c for c in v.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if objs:
            return objs
    if v.dep_ == "relcl":
        return []
    if v.dep_ == "acl" and v.tag_ == "VBG":
        if v.head.pos_ == "NOUN" and _lemma(v.head) in _TEXT_NOUNS:
            # "adopted a resolution calling on X": the text speaks for whoever adopted or issued it
            return _children(v.head, "poss") or _role(v.head, "host", False) or [v.head]
        return [v.head]
    if v.dep_ == "acl" and v.tag_ == "VB" and v.head.pos_ == "NOUN":
        # "Finland's decision to join the alliance", "Russia's attempt to seize Kyiv"; "Norway has no
        # plans to close it": the subject of the verb that has the plans
        return _children(v.head, "poss") or [c for c in v.head.lefts if c.dep_ in ("amod", "compound")] or (
            _subject_tokens(v.head.head, depth + 1)
            if v.head.dep_ in ("dobj", "attr") and v.head.head.pos_ in ("VERB", "AUX") else [])
    return []


#: acts a speaker performs by speaking, second after "said ..., and"
_SPEAKER_VERBS = {"urge", "call", "demand", "accuse", "blame", "warn", "vow", "pledge", "announce", "reject", "deny",
                  "condemn", "criticize", "criticise", "praise", "threaten", "ask", "appeal", "insist", "dismiss"}

#: texts that speak for their author: "a resolution calling on X", "a statement accusing Y"
_TEXT_NOUNS = {"resolution", "statement", "declaration", "communique", "communiqué", "letter", "report", "motion",
               "decree", "document", "note", "memo", "proposal", "draft", "bill", "ruling", "verdict"}

#: relations a speaker performs by speaking
_SPEECH_ACTS = {"accuses", "criticizes", "demands", "threatens", "supports", "rejects", "denies"}

#: verbs whose subject hosts the forces or base named by their object
_HOST_VERBS = {"host", "house", "accommodate", "welcome", "allow", "accept", "receive"}
#: verbs by which a force lists the contingents it is made of
_INCLUDE_VERBS = {"include", "comprise", "consist", "involve", "contain", "number", "draw"}

#: verbs whose subject undergoes the act named by their object: "faced criticism from X"
_UNDERGO_VERBS = {"face", "draw", "receive", "attract", "suffer", "endure", "weather", "meet", "incur", "get"}


def _children(tok, dep):
    return [c for c in tok.children if c.dep_ == dep]


def _pobj(tok, prep_word):
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ == prep_word:
            out += [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
    return out


def _measure_head(tok):
    """The head of a quantity phrase a noun sits in ("12 planeloads of aid", "$4.5 billion in assistance"),
    which stands where the noun would as the verb's object; else the noun itself."""
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and tok.head.head.pos_ in ("NOUN", "NUM", "SYM"):
        h = tok.head.head
        if h.lower_ in lexicon().measure_nouns or h.like_num or h.tag_ == "$" \
                or any(c.dep_ in ("nummod", "quantmod") for c in h.children):
            return h
    return tok


def _places_of_people(toks):
    """Population nouns replaced by the place they are of: "two million people in Sudan" -> Sudan;
    parts of a state's territory by the state: "Mozambique's Cabo Delgado province" -> Mozambique."""
    lex = lexicon()
    out = []
    for t in toks:
        if t.lower_ in _QUANTITY_NOUNS:   # "thousands of families in Haiti"
            t = next(iter(_pobj(t, "of")), t)
        owners = [c for c in t.children if c.dep_ == "poss"] if t.lower_ in lex.place_nouns else []
        places = [c for c in owners if c.pos_ == "PROPN"]
        if not owners and t.lower_ in lex.population_nouns:
            places = _places_of_people([o for w in ("in", "of", "from") for o in _pobj(t, w)])
        elif not owners and t.lower_ in lex.place_nouns:
            # "villages in Ukraine"; not "the village of Moura" (the place itself)
            places = _places_of_people(_pobj(t, "in"))
        out += places or [t]
    return out


def _role(tok, role: str, passive: bool):
    if role == "nsubj":
        return [] if passive else _subject_tokens(tok)
    if role == "agent":  # with two by-phrases ("backed by X and Y by Z", gapping) only the first is this verb's
        found = [o for a in _children(tok, "agent")[:1] for o in a.children if o.dep_ == "pobj"]
        if not found and tok.tag_ == "VBN":
            # coordinated participles share the by-phrase: "armed and trained by Iran"
            peers = [c for c in tok.children if c.dep_ == "conj" and c.tag_ == "VBN"]
            if tok.dep_ == "conj" and tok.head.tag_ == "VBN":
                peers.append(tok.head)
            found = [o for v in peers for a in _children(v, "agent")[:1] for o in a.children if o.dep_ == "pobj"]
        return found
    if role == "dobj":
        # "shelled villages in Ukraine": a place or population object stands for its state
        return _places_of_people(_children(tok, "nsubjpass") if passive else _children(tok, "dobj"))
    if role == "nsubjpass":
        return _children(tok, "nsubjpass")
    if role == "dative":
        return _children(tok, "dative") + [o for d in _children(tok, "dative") for o in d.children if o.dep_ == "pobj"]
    if role.startswith("of>") or role.startswith("in>"):
        # a phrase on the of-object: "the purchase of S-400 systems from Russia"; on the in-object:
        # "an intermediary in talks between Iran and the U.S."
        return [x for o in _pobj(tok, role[:2]) for x in _role(o, role[3:], False)]
    if role.startswith("place:"):
        # "struck targets in Syria's Homs province": a state's province, port or people as the place
        return [x for o in _pobj(tok, role[6:]) for x in _places_of_people([o]) if x is not o]
    if role.startswith("prep:"):
        found = _pobj(tok, role[5:])
        if not found and tok.pos_ == "NOUN":
            # a participle on the noun carries the phrase: "sanctions imposed on Russia", "aid sent to Gaza"
            found = [o for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN" for o in _pobj(c, role[5:])]
        m = _measure_head(tok) if tok.pos_ == "NOUN" else tok
        if not found and m is not tok:   # "$4.5 billion in assistance to Ukraine"
            found = _pobj(m, role[5:])
        if not found and tok.pos_ in ("NOUN", "PROPN") and m.dep_ in ("dobj", "attr", "nsubjpass") \
                and m.head.pos_ in ("VERB", "AUX") and _lemma(m.head) in light_verbs():
            # "launched airstrikes on Gaza", "took the opposite side from X": the phrase hangs on the light verb
            found = [o for o in _pobj(m.head, role[5:]) if o.i > tok.i]
        return _places_of_people(found)
    if role == "poss":
        return _children(tok, "poss")
    if role == "mod":  # actor modifiers, also of a compound ("Russian arms deliveries")
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
        return mods + [g for c in mods for g in c.lefts if g.dep_ in ("amod", "compound", "nmod")]
    if role == "dative_of_host":  # "sent aid to Sudan", "sent 12 planeloads of aid to Sudan": on the verb
        m = tok
        while m.dep_ == "conj" and m.head.pos_ in ("NOUN", "PROPN"):   # "delivered vaccines and aid to X"
            m = m.head
        m = _measure_head(m)
        if m.dep_ in ("dobj", "nsubjpass") and m.head.pos_ == "VERB":
            return _places_of_people([o for d in _children(m.head, "dative") for o in d.children if o.dep_ == "pobj"]
                                     or _pobj(m.head, "to"))
        return []
    if role == "compound":
        return [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    if role == "clause_subject":
        h = tok
        for _ in range(4):
            if h.head.i == h.i:
                return []
            h = h.head
            if h.pos_ in ("VERB", "AUX"):
                return _subject_tokens(h)
        return []
    if role == "poss_of_dobj":
        return [p for d in (_children(tok, "nsubjpass") if passive else _children(tok, "dobj")) for p in _children(d, "poss")]
    if role.startswith("dobj>prep:"):
        # a phrase on the object: "recalled its ambassador from Addis Ababa"
        return _places_of_people([o for d in (_children(tok, "nsubjpass") if passive else _children(tok, "dobj"))
                                  for o in _pobj(d, role[10:])])
    if role == "undergoer":
        # "came under criticism from X", "faced pressure from X", "drew condemnation from X": the
        # subject of the verb suffers the act
        v = None
        if tok.dep_ == "pobj" and tok.head.lower_ == "under" and tok.head.head.pos_ in ("VERB", "AUX"):
            v = tok.head.head
        elif tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in _UNDERGO_VERBS:
            v = tok.head
        return _subject_tokens(v) if v is not None and tok.dep_ != "nsubjpass" else []
    if role == "host":
        h = tok
        while h.dep_ == "conj" and h.head.pos_ in ("NOUN", "PROPN") and h.head.i < h.i:   # "sent food and aid"
            h = h.head
        if h.dep_ == "dobj" and _lemma(h.head) in _UNDERGO_VERBS and (_pobj(h, "from") or _pobj(h, "by")):
            return []   # "received criticism from X": the receiver is the target, not the author
        if h.dep_ == "pobj" and h.head.lower_ == "as" and h.head.head.pos_ in ("NOUN", "PROPN"):
            return _children(h.head.head, "poss") or [c for c in h.head.head.lefts if c.dep_ in ("amod", "compound")]
        if h.dep_ == "pobj" and h.head.lower_ == "as" and h.head.head.pos_ in ("VERB", "AUX") \
                and _lemma(h.head.head) in light_verbs():
            return _subject_tokens(h.head.head)    # "Oman acted as an intermediary", "served as a mediator"
        if h.dep_ == "pobj" and h.head.dep_ == "prep":   # "a show of support"
            h = h.head.head
            if h.pos_ == "AUX" and _lemma(h) == "be" and tok.head.lower_ in ("in", "under"):
                return _subject_tokens(h)   # "they were in contact with French authorities"
        if h.dep_ in ("dobj", "attr", "oprd", "nsubjpass") or (h.dep_ == "pobj" and h.head.dep_ == "prep"):
            v = h.head if h.dep_ != "pobj" else h.head.head
            if v.pos_ in ("VERB", "AUX") and (_lemma(v) in light_verbs() or h.dep_ == "attr"):
                return _subject_tokens(v)
        if h.dep_ == "appos":
            return [h.head]
        return []
    if role == "dobj_name":   # "sells Baku drones" (a double object parsed as a compound): the name
        objs = _children(tok, "nsubjpass") if passive else _children(tok, "dobj")
        return [c for d in objs for c in d.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ != "PRODUCT"]
    if role == "ccomp_consequence":   # "warned that Washington would pay a heavy price"
        return [x for c in tok.children if c.dep_ == "ccomp" and _lemma(c) in lexicon().consequence_verbs
                for x in _children(c, "nsubj")]
    if role == "host_subject":
        # "Djibouti hosts a Chinese base", "Kenya has agreed to host U.S. troops", "Qatar hosts Al-Udeid,
        # the largest US air base": the host's subject
        if tok.dep_ == "appos":
            tok = tok.head
        v = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if v is not None and _lemma(v) in _HOST_VERBS:
            return _role(v, "nsubj", tok.dep_ == "nsubjpass") if tok.dep_ == "dobj" else []
        return []
    if role == "where":
        # "Armenia, where Moscow keeps a base": the place a "where" clause hangs on
        v = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else None
        if v is not None and v.dep_ == "relcl" and any(c.lower_ == "where" for c in v.children if c.dep_ == "advmod"):
            return [v.head]
        return []
    if role == "ccomp_nsubj":   # "helped Ukraine rebuild its grid": the subject of the bare clause
        return [s for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB"
                and not any(a.dep_ == "aux" for a in c.children) for s in _children(c, "nsubj")]
    if role == "temporal_subject":   # "drew criticism after a trip to Moscow", "during his visit to Hanoi"
        if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "during", "before", "on", "following", "since") \
                and tok.head.head.pos_ in ("VERB", "AUX"):
            return _subject_tokens(tok.head.head)
        return []
    if role == "that_subject":   # "Pakistan's accusation that India was behind the killings"
        return [x for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for x in _subject_tokens(c)]
    if role == "ccomp_subject":
        return [s for c in tok.children if c.dep_ in ("ccomp", "xcomp") for s in _subject_tokens(c)]
    return []


_QUANTITY_NOUNS = {"thousands", "hundreds", "dozens", "tens", "millions", "scores", "group", "groups", "crowd",
                   "crowds", "some", "many", "most", "several", "all", "none", "one", "two", "number", "handful",
                   "band", "unit", "team"}

#: relations whose author, when named by a national noun ("Azerbaijanis objected"), is the public
PUBLIC_RELS = {"criticizes", "accuses", "supports", "protests-against", "demands"}


def _actors(tokens, sm: SentenceMentions, expand=True, public=False):
    """Entity ids named by argument tokens, following coordination."""
    out = []
    seen = set()
    seen_units = set()
    stack = list(tokens)
    while stack:
        t = stack.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        m = sm.at(t.i)
        if m is not None and m.kind == "np" and t.pos_ == "NOUN" and _lemma(t) in lexicon().unit_nouns \
                and any(sm.at(o.i) for o in _pobj(t, "from")):
            # "U.N. peacekeepers from Ghana and Nepal": the states the troops come from act
            stack += _pobj(t, "from")
            continue
        if m is not None:
            # 'pair' mentions: "the two countries" names both
            if m.kind == "pair" and m.id == "?":
                out += _named_pair(sm.da, people=m.alt == "people")
            elif m.kind == "pair":
                out += [x.id for x in sm.mentions if x.kind == "pair" and x.start == m.start]
            elif m.kind == "group":
                out += list(sm.da.groups.get(int(m.alt), ())) if sm.da is not None else []
            elif m.kind == "plural":
                # "thanked Scholz and Biden but urged them": the actors named before it in the
                # sentence other than its subjects; else as "both sides"
                group = _plural_group(t, sm)
                pair = _side_states(sm.da.main_conflict(), sm.da) if sm.da is not None and len(group) < 2 else None
                out += group if len(group) >= 2 else list(pair) if pair else _last_pair_states(sm.da)
            elif m.kind == "conflict":
                # "both sides", "all parties", "urged them": the two sides of the article's fight,
                # else the two states (or the states of the two leaders) named together last
                pair = _side_states(sm.da.main_conflict(), sm.da) if sm.da is not None else None
                out += list(pair) if pair else (m.alt.split("|") if m.alt else _last_pair_states(sm.da))
            else:
                out.append(m.alt if public and m.alt else m.id)
        elif _antecedent(t) is not None:
            # "Israel, which sells drones to Baku", "France, whose troops left Mali"
            stack.append(_antecedent(t))
            continue
        elif t.lower_ in _QUANTITY_NOUNS or t.pos_ == "NUM" or (
                t.pos_ == "NOUN" and _lemma(t) in lexicon().unit_nouns and t.i not in seen_units and t.dep_ != "appos"):
            # "thousands of protesters", "members of the alliance", "troops from Belarus"
            seen_units.add(t.i)
            stack += [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                      for o in c.children if o.dep_ == "pobj"]
        if expand:
            stack += [c for c in t.children if c.dep_ == "conj" and not any(x.dep_ in ("prep", "agent") and x.lower_ == "by" for x in c.children)]
            stack += [c for c in t.children if c.dep_ == "appos"]
            # "a delegation including the defense minister": the members named act too
            stack += [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("including", "among")
                      and t.pos_ in ("NOUN", "PROPN") for o in c.children if o.dep_ == "pobj"]
    res = []
    for a in out:
        if a not in res:
            res.append(a)
    return res


def _side_states(pair, da):
    """The two sides of a conflict with a person as one side ("the U.S. killed Soleimani ... urged all
    sides"): the person's state stands for that side, unless it is the other side's."""
    if not pair:
        return pair
    out = []
    for a in pair:
        e = da.entities.get(a)
        st = da.state_of(a) if e is not None and e.type == "Person" else None
        out.append(st if st and st not in pair else a)
    return tuple(out) if out[0] != out[1] else pair


def _plural_group(tok, sm) -> list[str]:
    """Actors (states, organisations, people) named before ``tok`` in its sentence, not as a subject."""
    da, doc = sm.da, tok.doc
    group = []
    for m in sorted(sm.mentions, key=lambda m: m.start):
        if m.start >= tok.i or m.kind not in ("np", "mod") or m.kind == "mod" and doc[m.start].pos_ != "PROPN":
            continue
        h = doc[m.head] if m.kind == "np" and m.head >= 0 else doc[m.end - 1]
        e = da.entities.get(m.id) if da is not None else None
        if h.dep_ in ("nsubj", "nsubjpass") or m.id in group or e is None:
            continue
        group.append(m.id)
    # "U.S. President Joe Biden": the person, not also the state
    people_states = {da.state_of(g) for g in group if da.entities[g].type == "Person"}
    return [g for g in group if not (da.entities[g].type in STATE_TYPES and g in people_states)]


_DISPUTE_RELS = {"rejects", "criticizes", "accuses", "threatens", "sanctions", "attacks", "clashes-with",
                 "denies", "protests-against", "pressures"}


_DIPLOMAT_TITLES = ("ambassador", "envoy", "charge d'affaires", "chargé d'affaires", "charge", "diplomat", "consul")


def _diplomat_state(aid, da):
    """The state a diplomat represents ("the Japanese ambassador": Japan), else the actor itself. An
    unnamed office-holder that only stands for its state keeps no role edge of its own."""
    e = da.entities.get(aid)
    if e is None or e.type != "Person" or not e.title or not any(t in e.title.lower() for t in _DIPLOMAT_TITLES):
        return aid
    st = da.state_of(aid)
    if not st:
        return aid
    if not e.known and e.label.lower().endswith(e.title.lower()):
        da.structs.pop((aid, "official-of", st), None)
    return st


#: reactions whose object may be an earlier act named by a general noun ("condemned the decision")
_EVENT_REACTIONS = {"criticizes", "rejects", "supports"}
#: relations of acts a later "the decision", "the move" may refer to
_DECISION_RELS = {"sanctions", "attacks", "threatens", "supplies-arms-to", "deploys-forces-in", "withdraws-from",
                  "rejects", "demands", "agrees-with", "aids", "concedes-to", "pressures", "accuses", "member-of",
                  "supports"}


#: support that is a decision (recognition), not words of praise
_DECISION_SUPPORT = {"v-recognize"}

_WORDS_RELS = {"demands", "accuses", "pressures", "threatens", "rejects", "supports"}


def _event_anaphor_actor(tokens, reactors, da, window=4) -> list[str]:
    """The author of the earlier act a general noun refers back to ("the decision", "this move", "the
    measures"): of the acts extracted in the last few sentences, the latest against the reacting side,
    else the latest by another side."""
    lex = lexicon()
    nouns = [t for t in tokens if t.pos_ == "NOUN" and (_lemma(t) in lex.event_anaphors or t.lower_ in lex.event_anaphors)
             and any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVE | {"the"} for c in t.children)]
    if not nouns or not reactors:
        return []
    mine = {da.state_of(r) or r for r in reactors}
    against, other = None, None
    # a decision is an act (arms, sanctions, troops ...) before it is words (demands, accusations)
    events = [e for e in da.events if e["relation"] in _WORDS_RELS] + \
        [e for e in da.events if e["relation"] not in _WORDS_RELS]   # read backwards: acts first
    for ev in reversed(events):
        if ev["key"] < da.sent_key - window or ev["key"] >= da.sent_key or ev["relation"] not in _DECISION_RELS \
                or not ev["subject"] or (ev["relation"] == "supports" and ev.get("pattern") not in _DECISION_SUPPORT):
            continue
        subj = ev["subject"]
        if (da.state_of(subj) or subj) in mine or ev.get("modality") in ("negated", "denied"):
            continue
        if ev["object"] and (da.state_of(ev["object"]) or ev["object"]) in mine \
                and ev["relation"] in _DISPUTE_RELS | {"demands", "withdraws-from"}:
            against = against or subj
            break
        other = other or subj
    found = against or other
    if found is None:
        # further back, the story's own decision: the act of its headline or lead
        for ev in events:
            if ev["key"] <= 2 and ev["relation"] in _DECISION_RELS and ev["subject"] \
                    and (ev["relation"] != "supports" or ev.get("pattern") in _DECISION_SUPPORT) \
                    and (da.state_of(ev["subject"]) or ev["subject"]) not in mine \
                    and ev.get("modality") not in ("negated", "denied"):
                found = ev["subject"]
                break
    if found and da.entities.get(found) and da.entities[found].type == "Person" and da.state_of(found):
        found = da.state_of(found)   # a leader's decision is the state's: "condemned the decision" (of Medvedev)
    return [found] if found else []


def _is_leader(aid, da) -> bool:
    """Whether a person leads a state: by the title the text gives, else by the gazetteer's roles."""
    e = da.entities.get(aid)
    if e is None or e.type != "Person":
        return False
    if e.title:
        return lexicon().title_kind(e.title) == "leader"
    return any(rel == "leader-of" for rel, _of, _o in da.w.roles(aid, da.date))


def _reciprocal(t) -> bool:
    """"each other", "one another"."""
    return (t.lower_ == "other" and t.i > 0 and t.doc[t.i - 1].lower_ == "each") or \
        (t.lower_ == "another" and t.i > 0 and t.doc[t.i - 1].lower_ == "one") or \
        (t.lower_ == "one" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "another")


def _named_pair(da, people=False) -> list[str]:
    """The two actors named together last ("Serbia and Kosovo held talks ... the two countries"):
    states, or people as their states; the people themselves for "the two leaders"."""
    if da is None or not da.last_pair:
        return []
    out = []
    for a in da.last_pair:
        e = da.entities.get(a)
        if e is not None and e.type == "Person" and not people:
            a = da.state_of(a) or a
        elif e is not None and e.type != "Person" and people:
            # "Japarov and Rahmon signed ... both leaders": the leaders of the two states named last
            a = next((s for (s, rel, o) in reversed(list(da.structs)) if rel == "leader-of" and o == a), a)
        out.append(a)
    return out if len(set(out)) == 2 else []


def _last_pair_states(da) -> list[str]:
    """The two actors named together last, people as their states ("Maduro and Ali met ... urged both
    sides"): [] if there is none or both are one state."""
    if da is None:
        return []
    # the latest pair of states at odds (a rejection, accusation, threat ...), else the pair named last
    pair = None
    for ev in reversed(da.events[-30:]):
        if ev["relation"] in _DISPUTE_RELS and ev["object"]:
            a, b = da.state_of(ev["subject"]) or ev["subject"], da.state_of(ev["object"]) or ev["object"]
            if a != b and all(da.entities.get(x) and da.entities[x].type in STATE_TYPES for x in (a, b)):
                pair = (a, b)
                break
    pair = pair or da.last_pair
    if not pair:
        return []
    out = []
    for a in pair:
        e = da.entities.get(a)
        st = da.state_of(a) if e is not None and e.type == "Person" else a
        out.append(st or a)
    return out if len(set(out)) == 2 else []


_REL_PRONOUNS = {"which", "who", "whom", "that"}


def _antecedent(t):
    """The noun a relative pronoun stands for ("X, which ...", "X, who ..."), or that a noun
    with "whose" belongs to ("X, whose troops ..."); None for any other token."""
    if t.lower_ in _REL_PRONOUNS and t.tag_ in ("WDT", "WP"):
        clause = t.head
    elif t.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" and c.lower_ == "whose" for c in t.children):
        clause = t.head
    else:
        return None
    for _ in range(3):
        if clause.dep_ == "relcl":
            return clause.head if clause.head.i != clause.i else None
        if clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _known_themes(da, rel) -> set:
    """The theme words of the document's earlier events of a relation (``da.events`` is
    append-only: indexed incrementally, so a long document is not quadratic)."""
    if da is None:
        return set()
    idx = da.__dict__.setdefault("_themes_by_relation", [0, {}])
    events = da.events
    for ev in events[idx[0]:]:
        idx[1].setdefault(ev["relation"], set()).update(ev["themes"])
    idx[0] = len(events)
    return idx[1].get(rel, set())


def _norm_theme(tok) -> str:
    w = _lemma(tok).split("-")[0]
    return w[:-1] if len(w) > 3 and w.endswith("s") else w


def _theme_tokens(tok, p, passive):
    """The tokens of a pattern's theme role (before the word check)."""
    theme = p.get("theme")
    out = []
    for role in theme["roles"]:
        if role == "mod_word":
            cands = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        elif role == "nsubjpass":
            cands = _children(tok, "nsubjpass")
        else:
            cands = _role(tok, role, passive if role != "dobj" else False)
            if role == "dobj" and passive:
                cands = _children(tok, "nsubjpass")
        out += cands
    return out


def _theme_ok(tok, p, passive, da=None):
    """Whether the pattern's theme is present: a listed word, a product name, or the theme of an
    event of the same relation met earlier in the document ("the Patriots were used")."""
    theme = p.get("theme")
    if not theme:
        return True
    if _lemma(tok) in set(p.get("theme_optional_lemmas", [])):
        return True
    words = theme["words"]
    words = getattr(lexicon(), words) if isinstance(words, str) else set(w.lower() for w in words)
    known = _known_themes(da, p.relation)
    for c in _theme_tokens(tok, p, passive):
        pool = [c] + [x for x in c.lefts if x.dep_ in ("compound", "amod", "nmod")] + \
               [o for x in c.children if x.dep_ == "prep" and x.lower_ == "of" for o in x.children]
        for x in pool:
            if x.lower_ in words or _lemma(x) in words or x.lower_.split("-")[0] in words:
                return True
            if x.ent_type_ == "PRODUCT" or (x.pos_ == "PROPN" and x.dep_ == "compound" and "system" in words):
                return True
            if _norm_theme(x) in known:
                return True
    return False


def _themes_of(tok, p, passive) -> set:
    """Normalised lemmas naming an event's theme and its proper-name modifiers ("Iskander missiles")."""
    out = set()
    if not p.get("theme"):
        return out
    for c in _theme_tokens(tok, p, passive):
        out.add(_norm_theme(c))
        for x in c.lefts:
            if x.dep_ in ("compound", "nmod") and x.pos_ == "PROPN":
                out.add(_norm_theme(x))
    return out


_DEMONSTRATIVE = {"this", "these", "that", "those", "such"}


def _event_back(rel, lemmas, themes, key, da, objects=(), window=12, any_event=False, prefer_asserted=False):
    """The latest earlier event this one refers back to: same relation and a shared trigger or
    theme word ("these shipments", "the weapons were delivered"), preferring one with the same object."""
    best = None
    unsure = None
    for ev in reversed(da.events):
        if ev["key"] < key - window:
            break
        if rel and ev["relation"] != rel:
            continue
        if not (any_event or lemmas & ev["lemmas"] or themes & ev["themes"]):
            continue
        if (any_event or prefer_asserted) and ev.get("modality") not in ("asserted", None):
            # "condemned the attack": an act that happened, before one only alleged, planned or denied
            unsure = unsure or ev
            continue
        if objects and ev["object"] not in objects:
            best = best or ev
            continue
        return ev
    return best or unsure


_ARMED_TYPES = {"ArmedGroup", "GovernmentBody", "Group"}


def _hostile(sent, subjects, da) -> bool:
    """Whether a sentence is about force: an armed or collective actor acts, or a weapon or an
    attack is named ("the gunman killed", "drones hit the port"; not "the sanctions hit Russia")."""
    if any(da.entities.get(s) and da.entities[s].type in _ARMED_TYPES for s in subjects):
        return True
    words = lexicon().weapon_words | lexicon().attack_words
    return any(t.lower_ in words or _lemma(t) in words for t in sent)


_FORCE_TITLES = {"armed forces", "navy", "air force", "peacekeeping mission", "coast guard", "national guard",
                 "border guards"}


def _forces(tokens, sm, da) -> bool:
    """Whether an argument names a military force: an armed-forces organ, an armed group, or a
    unit noun ("troops from Belarus", "Russian paratroopers")."""
    for t in tokens:
        m = sm.at(t.i)
        e = da.entities.get(m.id) if m else None
        if e is not None and (e.title in _FORCE_TITLES or e.type == "ArmedGroup"):
            return True
        if m is None and _lemma(t) in lexicon().unit_nouns - {"official", "officials", "diplomat", "diplomats",
                                                            "envoy", "envoys", "delegation", "member", "members"}:
            return True
    return False


def _past(tok) -> bool:
    """A completed act: simple past or a perfect ("joined", "has joined")."""
    return tok.tag_ == "VBD" or (tok.tag_ == "VBN" and any(c.dep_ == "aux" and _lemma(c) == "have" for c in tok.children))


def _has_mod(tok, words):
    return any(c.lower_ in words or _lemma(c) in words for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod"))


# ---------------------------------------------------------------- modality

def _modality(tok, sent, sm, da, quote_speaker, rel=None):
    """(modality, attributed_to entity id or None) for a trigger token."""
    lex = lexicon()
    negated = False
    intended = False
    alleged = False
    speaker = None
    reporting = None
    denier = None
    # the trigger's own clause
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
            negated = True
        if c.dep_ == "dobj" and tok.pos_ in ("VERB", "AUX") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            negated = True   # "imposed no sanctions", "sent no troops"
        if c.dep_ == "aux" and c.lower_ in lex.intent_modals:
            intended = True
        if c.dep_ == "aux" and c.lower_ in lex.speculative_modals:
            alleged = True
        if c.dep_ in ("advmod", "amod") and c.lower_ in lex.hedge_words:
            alleged = True
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        intended = True   # a headline's "Russia to send troops", "for Kyiv to receive jets"
    # walk up to the root
    cur, depth = tok, 0
    presupposed = False   # above a relative clause: its content is taken for granted
    while cur.head.i != cur.i and depth < 8:
        dep, head = cur.dep_, cur.head
        if dep == "relcl":
            presupposed, intended_here = True, intended
        hl = _lemma(head)
        if dep in ("ccomp", "xcomp", "advcl", "conj", "dobj", "pcomp", "acl", "relcl", "pobj", "prep", "nsubj", "nsubjpass", "attr", "appos", "compound", "amod"):
            if dep == "xcomp" and (hl in lex.intent_verbs) and head.pos_ in ("VERB", "NOUN", "AUX"):
                intended = True
            if dep in ("acl", "xcomp", "advcl") and tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children) \
                    and dep != "xcomp":
                intended = True
            if dep in ("ccomp", "dobj", "xcomp", "conj", "advcl", "pobj", "pcomp") and head.pos_ in ("VERB", "AUX"):
                if hl in lex.denial_verbs and denier is None and dep in ("ccomp", "dobj", "pcomp", "xcomp"):
                    denier = _first_actor(_subject_tokens(head), sm)
                    if denier is None and not any(c.dep_ == "nsubj" for c in head.children):
                        denier = "?"
                elif hl in lex.reporting_verbs and dep in ("ccomp", "xcomp", "conj") and reporting is None:
                    if dep != "conj" or False:
                        reporting = head
                elif hl in lex.reporting_verbs and dep == "advcl" and reporting is None and head.i > cur.i \
                        and any(t.text == "," for t in cur.doc[cur.right_edge.i:head.i]):
                    reporting = head   # "X to send troops, Kremlin warns" (a headline's source parsed as advcl)
                for c in head.children:
                    if c.dep_ == "aux" and c.lower_ in lex.intent_modals and dep in ("xcomp",):
                        intended = True
            if head.pos_ in ("NOUN", "PROPN") and dep in ("acl", "relcl", "pobj", "prep", "ccomp", "appos", "compound", "amod"):
                if hl in lex.hedging_nouns or head.lower_ in lex.hedging_nouns:
                    alleged = True
                    src = _noun_source(head, sm)
                    speaker = speaker or src
                elif hl in lex.intent_nouns and dep in ("acl", "prep", "pobj", "relcl", "ccomp") \
                        and not (dep == "prep" and cur.lower_ == "of" and hl not in ("case", "event", "prospect", "possibility")):
                    intended = True
                    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children) or head.dep_ in ("dobj", "attr") \
                            and any(c.dep_ == "neg" for c in head.head.children):
                        negated = True   # "had no plans to close it", "does not have any intention of leaving"
            if head.lower_ in ("about", "around", "on") and head.head.pos_ == "NOUN" and _lemma(head.head) in lex.intent_nouns:
                intended = True
            if head.pos_ == "NOUN" and _lemma(head) in _EVIDENCE_NOUNS and dep in ("acl", "ccomp", "relcl") and (
                    any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)
                    or head.dep_ in ("dobj", "attr") and any(c.dep_ == "neg" for c in head.head.children)):
                # "had no evidence that the missiles had been fired"
                negated = True
        if cur.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in cur.children):
            intended = True
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "so" for c in cur.children) \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in cur.children):
            intended = True   # a purpose: "so that Russia in turn leans on Armenia"
        if dep == "pcomp" and head.lower_ in ("of", "for") and head.head.pos_ == "VERB" \
                and _lemma(head.head) in _CHARGE_VERBS and speaker is None:
            # "X accused Y of attacking Z": the attack is X's allegation
            speaker = _first_actor(_subject_tokens(head.head) + _role(head.head, "agent", False), sm)
            reporting = reporting or head.head
            if _lemma(head.head) in _ALLEGING_CHARGE_VERBS:
                alleged = True
        if head.pos_ in ("VERB", "AUX") and dep in ("dobj", "nsubjpass", "prep", "pobj", "attr") \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) \
                and any(c.dep_ == "nsubj" for c in head.children):
            intended = True   # "Russia to send troops": the headline's plan
        if depth == 0 and head.pos_ in ("VERB", "AUX") and dep in ("dobj", "nsubjpass") \
                and any(c.dep_ == "aux" and c.lower_ in lex.intent_modals for c in head.children):
            intended = True   # "will sign an agreement", "would impose sanctions"
        cur = head
        depth += 1
        if any(c.dep_ == "neg" for c in cur.children) and cur.pos_ in ("VERB", "AUX") and _lemma(cur) in lex.intent_verbs \
                and depth == 1:
            negated = True
    if reporting is not None:
        subj = _first_actor(_subject_tokens(reporting) + _role(reporting, "agent", False), sm)
        speaker = speaker or subj
        if _lemma(reporting) in lex.hedging_reporting_verbs:
            alleged = True
        for c in reporting.children:
            if c.dep_ in ("advmod",) and c.lower_ in lex.hedge_words:
                alleged = True
    # "according to X"
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor().lower_ == "to":
            src = _first_actor([o for o in t.nbor().children if o.dep_ == "pobj"], sm)
            if src:
                speaker = speaker or src
                reporting = reporting or t
    if reporting is None and quote_speaker and _in_quote(tok, quote_speaker[0]):
        speaker = speaker or quote_speaker[1]
        reporting = reporting or tok
    low = sent.text.lower()
    if any(ph in low for ph in lex.hedge_phrases):
        alleged = True
    if presupposed:
        intended = intended_here
    # the act a negated verb takes as its object did not happen: "has not imposed any sanctions on Israel"
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.head.children):
        negated = True   # also what something is not: "Saudi Arabia is not a formal ally of Washington"
    # a blocked act did not happen: "blocked EU aid to Ukraine", "vetoed the sanctions"
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in _BLOCK_VERBS:
        negated = True
    # an offer, promise or plan of the act: "offered help", "pledged support"
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in _INTENT_HOSTS:
        intended = True
    if denier:
        return "denied", denier if denier != "?" else None
    if negated:
        # a source saying a contested act did not happen denies it; a stated refusal or a
        # negated intention ("X said it would not negotiate") is negated
        if reporting is not None and speaker and not intended and (rel is None or rel in CONTESTED | ACCUSABLE):
            return "denied", speaker
        return "negated", speaker
    if intended:
        return "intended", speaker
    if alleged:
        return "alleged", speaker
    if reporting is not None:
        return "reported", speaker
    return "asserted", None


#: verbs whose "of/for + gerund" states what the object is charged with
_CHARGE_VERBS = {"accuse", "blame", "charge", "suspect", "criticize", "criticise", "condemn", "denounce", "fault",
                 "slam", "rebuke", "mock", "praise", "thank", "commend", "punish", "sanction", "sue", "indict"}
_ALLEGING_CHARGE_VERBS = {"accuse", "blame", "charge", "suspect", "indict", "sue"}
_EVIDENCE_NOUNS = {"evidence", "proof", "sign", "indication", "information", "confirmation", "basis"}
_BLOCK_VERBS = {"block", "veto", "halt", "cancel", "stop", "freeze", "thwart", "prevent", "obstruct", "scrap"}
_INTENT_HOSTS = {"offer", "promise", "pledge", "propose", "plan", "announce", "vow", "prepare", "consider", "seek"}


def _in_quote(tok, spans):
    return any(a <= tok.idx < b for a, b in spans)


def _first_actor(tokens, sm):
    for t in tokens:
        m = sm.at(t.i)
        if m:
            return m.id
    return None


def _noun_source(noun, sm):
    """The source of a report noun: its possessor, 'in X', 'from X', 'by X'."""
    cands = _children(noun, "poss") + _pobj(noun, "in") + _pobj(noun, "from") + _pobj(noun, "by")
    cands += [c for c in noun.lefts if c.dep_ in ("compound", "amod")]
    for c in cands:
        m = sm.at(c.i)
        if m:
            return m.id
        for sub in c.subtree:
            m = sm.at(sub.i)
            if m and m.kind == "np":
                return m.id
    h = noun
    if noun.dep_ in ("dobj", "pobj"):
        v = noun.head if noun.dep_ == "dobj" else noun.head.head
        if v.pos_ == "VERB":
            return _first_actor(_subject_tokens(v), sm)
    return None


# ---------------------------------------------------------------- quotations

def continue_quotes(spans, speakers: dict, text: str, gap: int = 250) -> None:
    """A quotation without its own speaker that follows a speaker's quotation in the same paragraph
    continues it (“...,” X said. “More words.”); one that precedes a speaker's quotation in the same
    paragraph opens it. Fills ``speakers`` (span -> speaker) in place."""
    ordered = sorted(spans)
    for _ in range(2):
        for a, b in zip(ordered, ordered[1:]):
            between = text[a[1]:b[0]]
            if "\n" in between or len(between) > gap:
                continue
            if a in speakers and b not in speakers:
                speakers[b] = speakers[a]
            elif b in speakers and a not in speakers:
                speakers[a] = speakers[b]


# ---------------------------------------------------------------- claims of one sentence

#: relations whose target may be named by the owner of a non-actor noun: "condemned Russia's
#: attacks" (Russia), "sanctions on Russian banks" (Russia), "struck targets in Lebanon" (Lebanon)
OWNER_TARGETS = {"attacks", "sanctions", "criticizes", "threatens", "rejects", "supports", "protests-against",
                 "accuses", "pressures", "denies"}
#: relations whose participants may be carried over from an earlier mention of the same event
EVENT_BACK = {"supplies-arms-to", "attacks", "deploys-forces-in", "sanctions", "aids", "withdraws-from"}
_OWNER_DEPS = ("poss",)
_MOD_DEPS = ("amod", "compound", "nmod")


def _owner_actors(tokens, sm, da, rel, nouns, depth=0):
    """Actors behind non-actor nouns in an argument: possessor, actor modifier, from/by phrase,
    a place for an attack's target, the agent of an event mentioned before ("these shipments"),
    and the same through an of-phrase ("the scale of these shipments")."""
    out = []
    for t in tokens:
        if t.pos_ not in ("NOUN", "PROPN") or sm.at(t.i) is not None:
            continue
        found = [sm.at(c.i).id for c in t.children if c.dep_ in _OWNER_DEPS and sm.at(c.i)]
        if not found and t.pos_ == "NOUN":
            mods = [c for c in t.lefts if c.dep_ in _MOD_DEPS]
            mods += [g for c in mods for g in c.lefts if g.dep_ in _MOD_DEPS]   # "the U.S.-Japan drills"
            found = [sm.at(c.i).id for c in mods if sm.at(c.i)]
        if not found:
            found = [sm.at(o.i).id for o in _pobj(t, "from") + _pobj(t, "by") if sm.at(o.i)]
        if not found and _lemma(t) in lexicon().act_nouns:
            found = [sm.at(o.i).id for o in _pobj(t, "of") if sm.at(o.i)]   # "the war drills of the U.S."
        if not found and rel == "attacks":
            found = [sm.at(o.i).id for o in _pobj(t, "in") + _pobj(t, "near") if sm.at(o.i)
                     and da.entities.get(sm.at(o.i).id) and da.entities[sm.at(o.i).id].type in STATE_TYPES]
        if not found and rel != "attacks" and _lemma(t) in nouns \
                and any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVE | {"the"} for c in t.children):
            ev = None
            for rel2 in {q.relation for q in nouns.get(_lemma(t), ())} - {"consults", "visits"}:
                # the act named by the same word ("the raid" after "raided"), else the latest of its kind
                cand = _event_back(rel2, {_lemma(t), t.lower_}, set(), da.sent_key, da, window=6, prefer_asserted=True) \
                    or _event_back(rel2, set(), set(), da.sent_key, da, any_event=True)
                if cand and (ev is None or cand["key"] > ev["key"]):
                    ev = cand
            if ev and ev["subject"]:
                # every author of that act ("the US and Britain struck ... condemned the strikes")
                found = [e["subject"] for e in da.events if e["relation"] == ev["relation"] and e["subject"] and (
                             e["key"] == ev["key"] and e["lemmas"] == ev["lemmas"]
                             or e["object"] == ev["object"] and e["lemmas"] & ev["lemmas"]
                             and abs(e["key"] - ev["key"]) <= 2
                             and e.get("modality") not in ("negated", "denied", "intended"))]
                found = [f for i, f in enumerate(found) if f not in found[:i]]
        if not found and depth < 2:
            inner = _pobj(t, "of") + [c for c in t.children if c.dep_ == "conj"]
            # "a camp of the militant group X": the actor itself, else the owner behind the inner noun
            found = _actors([o for o in _pobj(t, "of") if sm.at(o.i)], sm) if rel == "attacks" else []
            found = found or _owner_actors(inner, sm, da, rel, nouns, depth + 1)
        out += [f for f in found if f not in out]
    return out


def attack_target(attacker, modality, attributed, da):
    """The target of an attack the sentence leaves implicit: the attacker's adversary in the article's
    conflict, else the side of the source that reports it ("X says that Armenia fired rockets")."""
    other = da.other_side(attacker)
    if other:
        return other
    if attributed and modality not in ("denied",):
        st = da.state_of(attributed)
        if st and st != attacker and st != da.state_of(attacker):
            return st
    return None


#: relations an organisation may author as a noun modifier ("EU aid", "NATO troops", "UN sanctions")
_ORG_MOD_OK = {"aids", "sanctions", "supports", "deploys-forces-in", "criticizes", "demands"}
_HOSTING_VERBS = {"host", "broker", "mediate", "facilitate", "organize", "organise", "sponsor", "arrange",
                  "convene", "chair", "oversee", "moderate"}
_BROKER_VERBS = {"broker", "mediate", "facilitate", "sponsor", "negotiate", "host", "arrange"}
_AGREEMENT_NOUNS = {"agreement", "deal", "treaty", "accord", "pact", "ceasefire", "truce", "talks", "deal",
                    "memorandum", "arrangement", "understanding", "negotiations"}


def _brokers(tok, sm):
    """Mediators of an agreement or talks named by a participle on the agreement noun:
    "the deal, brokered by Qatar, was signed by ...", "agreed ... in a deal brokered by China"."""
    nouns = [t for t in tok.subtree if t.pos_ == "NOUN"] + [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    out = []
    for n in nouns:
        if _lemma(n) not in _AGREEMENT_NOUNS and n.lower_ not in _AGREEMENT_NOUNS:
            continue
        m = _measure_head(n)   # "Turkey hosted (a round of) talks between A and B"
        if m.dep_ == "dobj" and _lemma(m.head) in _BROKER_VERBS:
            out += [a for a in _actors(_subject_tokens(m.head), sm) if a not in out]
        # (the parse may hang the participle on the last party: "talks between X and Y, brokered by Z")
        parties = [o for o in _pobj(n, "between")]
        parties += [c for o in parties for c in o.children if c.dep_ == "conj"]
        for c in [c for h in [n] + parties for c in h.children]:
            if c.dep_ in ("acl", "relcl") and _lemma(c) in _BROKER_VERBS:
                out += [a for a in _actors(_role(c, "agent", True), sm) if a not in out]
            elif c.dep_ in ("amod", "compound") and c.i < n.i:
                out += [a for a in _hyphen_broker(c, sm) if a not in out]
    return out


def _hyphen_broker(tok, sm) -> list[str]:
    """The mediator a hyphenated participle names: "a U.S.-brokered ceasefire", "the Qatari-mediated talks"."""
    participles = ("brokered", "mediated", "facilitated", "sponsored")
    if tok.lower_ in participles:   # tokenised apart: "Saudi - brokered"
        mods = [c for c in tok.lefts if c.dep_ in ("npadvmod", "compound", "nmod", "amod")]
        found = _actors(mods, sm)
        if found or not mods:
            return found
        head = mods[0].text
    else:
        head, _, participle = tok.text.rpartition("-")
        if not head or participle.lower() not in participles:
            return []
        m = sm.at(tok.i)
        if m is not None:
            return [m.id]
    da = sm.da
    ids = da.w.lookup(head) or ([da.w.demonym(head)] if da.w.demonym(head) else [])
    if len(ids) != 1:
        return []
    return [da.add(ids[0], da.w.label(ids[0]), da.w.type(ids[0]) or "State", head, known=True).id]


_TALK_NOUNS = {"talks", "negotiations", "meeting", "summit", "consultations", "meetings"}


def _talks_behind(tok) -> bool:
    """Whether an agreement verb is reached "after talks", "at a summit", "during negotiations"
    (the parties met to agree)."""
    for c in tok.children:
        for p in ([c] if c.dep_ == "prep" else []) + [g for g in c.children if c.dep_ == "xcomp" and g.dep_ == "prep"]:
            if p.lower_ in ("after", "following", "at", "during", "in"):
                if any(o.dep_ == "pobj" and o.lower_ in _TALK_NOUNS for o in p.children):
                    return True
    return False


def _verb_ancestor(tok):
    h, n = tok, 0
    while h.head.i != h.i and n < 5:
        h, n = h.head, n + 1
        if h.pos_ in ("VERB", "AUX"):
            return h
    return None


def _joint_participants(tok, sm):
    """The two sides of a joint activity with one side left implicit: the clause's subject and the
    object (host, destination) of the verbs above it ("X visited Y to observe joint exercises")."""
    v = _verb_ancestor(tok)
    subjects, objects = [], []
    n = 0
    while v is not None and n < 3:
        if not subjects:
            subjects = _actors(_subject_tokens(v), sm)
        objects += [a for a in _actors(_children(v, "dobj") + _pobj(v, "to") + _pobj(v, "in") + _pobj(v, "with"), sm)
                    if a not in objects]
        if v.dep_ not in ("xcomp", "advcl", "conj", "ccomp") or v.head.i == v.i:
            break
        v, n = v.head, n + 1
    objects = [o for o in objects if o not in subjects]
    return subjects, objects


def _meeting_visits(tok, pairs, modality, attributed, sm, da, pid) -> list[RawClaim]:
    """Whoever meets or holds talks in another state's capital or territory visits it: "Ruto met
    Abiy in Addis Ababa" (Ruto visits Ethiopia; Abiy is at home)."""
    places = _pobj(tok, "in") + [o for d in _children(tok, "dobj") + _pobj(tok, "with") for o in _pobj(d, "in")]
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        places += _pobj(tok.head, "in")
    out = []
    for pl in places:
        m = sm.at(pl.i)
        e = da.entities.get(m.id) if m is not None and m.kind == "np" else None
        if e is None or e.type not in STATE_TYPES:
            continue
        for x in sorted({a for pr in pairs for a in pr if a is not None}):
            st = da.state_of(x)
            if st and st != e.id:
                out.append(RawClaim(x, "visits", e.id, modality, attributed, f"{pid}-place", tok.i, 0.6))
    return out


def sentence_claims(sent, sm: SentenceMentions, da: DocActors, quote_speaker=None) -> list[RawClaim]:
    verbs, nouns = _index()
    out: list[RawClaim] = []
    lex = lexicon()
    da.sent_key = sm.key
    has_reciprocal = any(t.lower_ in ("other", "another") for t in sent)
    for tok in sent:
        lemma = _lemma(tok)
        cands = []
        if tok.pos_ in ("VERB", "AUX"):
            cands = verbs.get(lemma, [])
            prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
            if prt:
                cands = cands + verbs.get(f"{lemma} {prt}", [])
        elif tok.pos_ in ("NOUN", "PROPN"):
            cands = list(nouns.get(lemma, [])) + list(nouns.get(tok.lower_, [])) if lemma != tok.lower_ else list(nouns.get(lemma, []))
            comp = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
            for c in comp:
                cands += nouns.get(f"{c.lower_} {tok.lower_}", []) + nouns.get(f"{_lemma(c)} {lemma}", [])
        if not cands:
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        fired = set()
        for p in cands:
            if p.id in fired:
                continue
            rel = p.relation
            if p.get("requires_no_child_dep") and any(c.dep_ in p.get("requires_no_child_dep") for c in tok.children):
                continue
            if p.get("requires_no_prep") and any(c.dep_ == "prep" and c.lower_ in p.get("requires_no_prep") for c in tok.children):
                continue
            if p.get("requires_modifier") and not _has_mod(tok, set(p.get("requires_modifier"))):
                continue
            if p.get("requires_xcomp") and not any(c.dep_ in ("xcomp", "ccomp") and _lemma(c) in set(p.get("requires_xcomp"))
                                                   for c in tok.children):
                continue
            if p.get("military_only") and lemma in ("base", "bases", "mission", "presence", "deployment", "facility", "intervention", "contingent") \
                    and not _has_mod(tok, {"military", "peacekeeping", "naval", "air", "army", "troop", "second"}) \
                    and not any(c.dep_ == "amod" and sm.at(c.i) for c in tok.lefts) \
                    and lemma not in ("intervention",):
                continue
            if p.get("via_prep"):
                # "participate in the reconstruction of X": the trigger needs its activity noun
                via = [o for o in _pobj(tok, p.get("via_prep")) if _lemma(o) in set(p.get("via_words", []))]
                if not via:
                    continue
            theme_missing = not _theme_ok(tok, p, passive, da)
            if theme_missing and lemma not in set(p.get("theme_optional_if_object", ())):
                continue
            reciprocal = False
            subj_roles = list(p.subject)
            obj_roles = list(p.object)
            if passive and p.pos == "verb":
                subj_roles = ["agent" if r == "nsubj" else r for r in subj_roles]
            subjects, objects = [], []
            gapped = len(_children(tok, "agent")) > 1
            for r in subj_roles:
                if r == "hyph":
                    continue
                subjects = _actors(_role(tok, r, passive), sm, expand=not (gapped and r == "agent"),
                                   public=rel in PUBLIC_RELS)
                if r == "mod" and rel not in _ORG_MOD_OK:
                    subjects = [a for a in subjects if not (da.entities.get(a) and da.entities[a].type == "Organization" and rel != "member-of")]
                if subjects:
                    break
            if p.get("via_prep"):
                obj_src = [o for v in _pobj(tok, p.get("via_prep")) for o in [v]]
                objects = [a for v in obj_src for a in _actors(_pobj(v, "of"), sm) + _owner_actors(_pobj(v, "of"), sm, da, "supports", nouns)
                           if a not in subjects]
            else:
                reciprocal = has_reciprocal and any(_reciprocal(t) for r in obj_roles if not r.startswith("owner:")
                                                    for t in _role(tok, r, passive))
                for r in ([] if reciprocal else obj_roles):
                    obj_role = r
                    if r.startswith("owner:"):
                        objects = [a for a in _owner_actors(_role(tok, r[6:], passive), sm, da, rel, nouns) if a not in subjects]
                    else:
                        objects = [a for a in _actors(_role(tok, r, passive), sm) if a not in subjects]
                    if objects:
                        break
            if not objects and tok.dep_ == "relcl" and rel in ("demands", "rejects", "supports", "criticizes") \
                    and sm.at(tok.head.i) is None \
                    and all(c.tag_ in ("WDT", "WP") for c in tok.children if c.dep_ == "dobj"):
                # "the steps that Azerbaijan has been demanding": whoever is to take the steps
                v = _verb_ancestor(tok.head)
                if v is not None:
                    objects = [a for a in _actors(_subject_tokens(v), sm) if a not in subjects]
            between = []
            if p.get("coord_subjects") and "prep:between" in obj_roles:
                between = _actors(_role(tok, "prep:between", passive), sm)
            if not objects and rel in OWNER_TARGETS:
                for r in obj_roles:
                    objects = [a for a in _owner_actors(_role(tok, r, passive), sm, da, rel, nouns) if a not in subjects]
                    if objects:
                        break
            if not objects and rel in _EVENT_REACTIONS and p.pos == "verb":
                for r in obj_roles:
                    r = r[6:] if r.startswith("owner:") else r
                    objects = _event_anaphor_actor(_role(tok, r, passive), subjects, da)
                    if objects:
                        break
            if "hyph" in p.subject and p.pos == "noun":
                mods = []
                for c in tok.lefts:
                    if c.dep_ in ("compound", "amod", "nmod"):
                        for sub in c.subtree:
                            m = sm.at(sub.i)
                            if m and m.id not in mods:
                                mods.append(m.id)
                if len(mods) >= 2:
                    subjects = mods
                    objects = []
            if p.get("coord_subjects") and p.pos == "noun" and len(subjects) < 2 and not objects \
                    and _has_mod(tok, {"joint", "combined", "bilateral", "mutual"}):
                js, jo = _joint_participants(tok, sm)
                subjects = subjects or js
                objects = [o for o in jo if o not in subjects]
            lemmas = {lemma, tok.lower_}
            themes = _themes_of(tok, p, passive)
            back = None
            if rel in EVENT_BACK and (not subjects or (not objects and rel != "attacks")):
                # an event mentioned before: "these shipments", "the missiles were delivered to X"
                refers = tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVE for c in tok.children)
                theme_toks = _theme_tokens(tok, p, passive) if p.get("theme") else []
                refers = refers or any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVE | {"the"} for t in theme_toks for c in t.children)
                refers = refers or bool(themes & _known_themes(da, rel) - set(lex.weapon_words))
                if refers:
                    back = _event_back(rel, lemmas if tok.pos_ == "NOUN" else set(), themes, da.sent_key, da, objects)
                    if back is not None:
                        if not subjects and back["subject"] and back["subject"] not in objects:
                            subjects = [back["subject"]]
                        if not objects and back["object"] and back["object"] not in subjects:
                            objects = [back["object"]]
            if rel in ("consults", "agrees-with") and any(da.entities.get(o) and da.entities[o].type == "Person" for o in objects):
                # a leader's quoted "we" talking with another person is the leader
                swap = {m.id: m.person for m in sm.mentions if m.kind == "pron" and m.person}
                subjects = [swap.get(x, x) for x in subjects]
            mediators = []
            if len(between) >= 2:
                # "talks between X and Y" are X's with Y; whoever hosts or brokers them mediates
                host = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
                if subjects and host is not None and _lemma(host) in _HOSTING_VERBS:
                    mediators = [x for x in subjects if x not in between]
                subjects, objects = between, []
            if rel == "rejects" and lemma in lexicon().denial_verbs and (
                    _lemma(tok.head) in DENIED_OBJECTS and tok.dep_ in ("relcl", "acl")
                    or any(_lemma(c) in DENIED_OBJECTS for c in tok.children if c.dep_ == "dobj")):
                continue   # rejecting a charge or claim is denying it (see denials)
            if p.get("forces_subject") and not _forces(_role(tok, "nsubj", passive), sm, da):
                continue   # troops arriving deploy; a minister arriving visits
            if p.get("diplomat_only"):
                # "ordered the ambassador to leave": an envoy (or the state itself), not troops or citizens
                objects = [o for o in objects if _diplomat_state(o, da) != o
                           or (da.entities.get(o) and da.entities[o].type == "State")]
            if p.get("diplomat_as_state"):
                objects = [_diplomat_state(o, da) for o in objects]
                objects = [o for i, o in enumerate(objects) if o not in objects[:i] and o not in subjects]
            if p.get("leader_as_state"):
                # "Sandu has applied to join the EU": a leader joining an organisation by its name joins
                # it for the state; "joined NATO leaders at the summit" is no membership
                named = all(t.pos_ == "PROPN" for r in obj_roles if not r.startswith("owner:")
                            for t in _role(tok, r, passive))
                subjects = [(da.state_of(s) or s) if named and _is_leader(s, da) else s for s in subjects]
                for s_ in subjects:
                    if s_ not in da.entities and da.w.known(s_):
                        da.add(s_, da.w.label(s_), da.w.type(s_) or "State", known=True)
            if p.get("subject_types"):
                subjects = [s for s in subjects if da.entities.get(s) and da.entities[s].type in p.get("subject_types")]
            if p.get("object_types"):
                objects = [o for o in objects if da.entities.get(o) and da.entities[o].type in p.get("object_types")]
            if theme_missing and not objects:
                continue   # "fired on the crowd" needs no weapon named; "fired" alone is no attack
            if lemma in set(p.get("hostile_context", ())) and not _hostile(sent, subjects, da):
                continue   # "hit", "target", "kill" attack only among forces, armed groups or weapons
            pairs = []
            if reciprocal and len(subjects) >= 2 and not objects:
                # "Both sides blamed each other": every one of them acts on every other
                pairs = [(a, b) for a in subjects for b in subjects if a != b]
            elif objects and subjects:
                pairs = [(s, o) for s in subjects for o in objects if s != o]
            elif p.get("coord_subjects") and len(subjects) >= 2 and not objects:
                pairs = [(subjects[i], subjects[j]) for i in range(len(subjects)) for j in range(i + 1, len(subjects))]
            elif p.get("object_optional") and subjects and not objects:
                pairs = [(s, None) for s in subjects]
            if rel == "sanctions":
                # sanctions on a state's agency or ministry sanction the state too
                for s, o in list(pairs):
                    oe = da.entities.get(o) if o else None
                    st = oe.state if oe is not None and oe.type == "GovernmentBody" else None
                    if st and st != s and st != da.state_of(s) and (s, st) not in pairs:
                        pairs.append((s, st))
            if not pairs:
                continue
            fired.add(p.id)
            modality, attributed = _modality(tok, sent, sm, da, quote_speaker, rel)
            if rel == "attacks":
                pairs = [(s, o if o is not None else attack_target(s, modality, attributed, da)) for s, o in pairs]
            if rel in ("clashes-with", "attacks"):
                for s, o in pairs:
                    if o is not None and modality not in ("negated", "denied", "intended"):
                        da.fight(s, o)
            if modality == "reported" and rel in CONTESTED \
                    and not (attributed and any((da.state_of(x) or x) == (da.state_of(attributed) or attributed)
                                                for x, _ in pairs)):
                modality = "alleged"  # a source's account of a hostile act is an allegation (not of its own act)
            if modality == "reported" and rel in _SPEECH_ACTS and attributed and all(x == attributed for x, _ in pairs):
                modality, attributed = "asserted", None   # "X said ... and blamed Y": X's own words are the act
            if p.get("modality") and modality == "asserted" and not (p.get("past_asserted") and _past(tok)):
                modality = p.get("modality")
            if rel in ("consults", "agrees-with"):
                mediators += [m for m in _brokers(tok, sm) if m not in mediators]
            parties = {x for pr in pairs for x in pr if x is not None}
            for m in mediators:
                # mediation between leaders is between their states too
                states = {da.state_of(x) for x in parties if da.entities.get(x) and da.entities[x].type == "Person"}
                for x in sorted((parties | states) - {m, None}):
                    out.append(RawClaim(m, "mediates", x, modality, attributed, p.id, tok.i, 0.6))
            if rel == "consults":
                out += _meeting_visits(tok, pairs, modality, attributed, sm, da, p.id)
            if rel == "agrees-with" and p.pos == "verb" and modality in ("asserted", "reported") and _talks_behind(tok):
                for s, o in pairs:
                    if o is not None:
                        out.append(RawClaim(s, "consults", o, modality, attributed, "agreement-after-talks", tok.i, 0.6))
            for s, o in pairs:
                out.append(RawClaim(s, rel, o, modality, attributed, p.id, tok.i,
                                    0.75 if p.pos == "verb" else 0.65))
                da.events.append({"relation": rel, "subject": s, "object": o, "lemmas": lemmas, "pattern": p.id,
                                  "modality": modality, "attributed": attributed,
                                  "themes": themes | (back["themes"] if back else set()), "key": da.sent_key})
            break
    out += _force_contributors(sent, sm, da, quote_speaker)
    out += _characterisations(sent, sm, da, quote_speaker, nouns)
    out += _rebuttals(sent, sm)
    out += _gerund_denials(sent, sm, da)
    out += _vowed_retaliation(sent, sm, da, quote_speaker)
    return out


#: what a threat of retaliation names: "vowed revenge", "promised a crushing response"
_RETALIATION_NOUNS = {"revenge", "retaliation", "retribution", "response", "reprisal", "reprisals", "punishment",
                      "vengeance", "consequences", "counterattack", "counter-attack"}
_RETALIATION_VERBS = {"retaliate", "respond", "avenge", "punish", "hit", "strike", "react"}
_VOW_VERBS = {"vow", "promise", "pledge", "threaten", "warn", "swear"}


def _vowed_retaliation(sent, sm, da, quote_speaker) -> list[RawClaim]:
    """A vow of revenge threatens: "vowed severe revenge against ...", "vowed to respond", "vowed to
    make Iran pay a price". The target is the one named (against/on X, punish X, make X pay), else
    the vower's adversary in the article's conflict."""
    lex = lexicon()
    out = []
    for v in sent:
        if v.pos_ != "VERB" or _lemma(v) not in _VOW_VERBS or any(c.dep_ == "neg" for c in v.children):
            continue
        heads, targets = [], []
        for c in v.children:
            if c.dep_ == "dobj" and _lemma(c) in _RETALIATION_NOUNS:
                heads.append(c)
            elif c.dep_ == "xcomp" and _lemma(c) in _RETALIATION_VERBS:
                heads.append(c)
                targets += _children(c, "dobj")
            elif c.dep_ == "xcomp" and _lemma(c) == "make":
                pays = [x for x in c.children if x.dep_ in ("ccomp", "xcomp") and _lemma(x) in lex.consequence_verbs]
                if pays:
                    heads.append(c)
                    targets += [s for x in pays for s in _children(x, "nsubj")] + _children(c, "dobj")
        if not heads:
            continue
        subjects = _actors(_subject_tokens(v), sm)
        if not subjects:
            continue
        for h in heads + [v]:
            targets += [o for prep in ("against", "on") for o in _pobj(h, prep)]
        # "the criminals behind the attack": whoever is behind it, not a group of that name
        targets = [t for t in targets if not _pobj(t, "behind")]
        own = {da.state_of(x) or x for x in subjects}
        objects = [a for a in _actors(targets, sm) if a not in subjects]
        objects = objects or [a for a in _owner_actors(targets, sm, da, "threatens", _index()[1]) if a not in subjects]
        objects = [a for a in objects if (da.state_of(a) or a) not in own]
        if not objects:
            other = {da.other_side(s) for s in subjects} - {None} - set(subjects)
            objects = sorted(other)
        if not objects:
            continue
        modality, attributed = _modality(v, sent, sm, da, quote_speaker, "threatens")
        if modality == "intended":
            modality = "asserted"   # the vow itself is the threat
        elif modality == "reported" and attributed in subjects:
            modality, attributed = "asserted", None
        for s in subjects:
            for o in objects:
                if s != o:
                    out.append(RawClaim(s, "threatens", o, modality, attributed, "vowed-retaliation", v.i, 0.6))
    return out


def _force_contributors(sent, sm, da, quote_speaker) -> list[RawClaim]:
    """The states whose soldiers make up a force deploy where it deploys: "the force, which includes
    troops from Kenya, Burundi and Uganda, was deployed in eastern Congo", "the mission includes
    soldiers from Uganda and Ethiopia" (the place from the sentence, else from the force's deployment
    met in the last few sentences)."""
    lex = lexicon()
    out = []
    for v in sent:
        if v.pos_ not in ("VERB", "AUX") or _lemma(v) not in _INCLUDE_VERBS:
            continue
        force = v.head if v.dep_ in ("relcl", "acl") else next(iter(_children(v, "nsubj")), None)
        if force is None or _lemma(force) not in lex.force_nouns:
            continue
        parts = _children(v, "dobj") + _pobj(v, "of") + _pobj(v, "from")
        if not any(_lemma(t) in lex.unit_nouns or sm.at(t.i) for t in parts):
            continue
        contributors = _actors(parts, sm)
        contributors = [c for c in contributors if da.entities.get(c) is not None
                        and da.entities[c].type in STATE_TYPES | {"GovernmentBody", "Organization"}]
        if not contributors:
            continue
        # the place: an in/to phrase on the force or on the verb it is the subject of
        places = _pobj(force, "in") + _pobj(force, "to")
        gov = force.head if force.dep_ in ("nsubj", "nsubjpass") else None
        if gov is not None and gov.i != v.i:
            places += _pobj(gov, "in") + _pobj(gov, "to") + _pobj(gov, "into")
        locs = [a for a in _actors(places, sm) if da.entities.get(a) is not None and da.entities[a].type in STATE_TYPES]
        if not locs:
            owners = set(_actors([c for c in force.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")], sm))
            ev = None
            for e in reversed(da.events):
                if e["key"] < da.sent_key - 5:
                    break
                if e["relation"] == "deploys-forces-in" and e["object"] and e["key"] <= da.sent_key \
                        and e.get("modality") not in ("negated", "denied"):
                    if not owners or e["subject"] in owners:
                        ev = e
                        break
                    ev = ev or e
            locs = [ev["object"]] if ev else []
        if not locs:
            continue
        modality, attributed = _modality(v, sent, sm, da, quote_speaker, "deploys-forces-in")
        if modality == "reported":
            modality, attributed = "asserted", None   # what a force is made of is stated as fact
        for c in contributors:
            for loc in locs:
                if c != loc and da.state_of(c) != loc:
                    out.append(RawClaim(c, "deploys-forces-in", loc, modality, attributed, "force-contributors", v.i, 0.6))
    return out


_GERUND_DENIAL_VERBS = {"deny", "refute"}


def _gerund_denials(sent, sm, da) -> list[RawClaim]:
    """"X denied supporting the rebels", "X denies that it armed them": X denies whoever accused it in
    the last few sentences (an accusation of X, or an allegation about X attributed to a source)."""
    out = []
    for v in sent:
        if v.pos_ != "VERB" or _lemma(v) not in _GERUND_DENIAL_VERBS or any(c.dep_ == "neg" for c in v.children):
            continue
        if not any(c.dep_ in ("xcomp", "ccomp", "pcomp") and c.pos_ in ("VERB", "AUX") for c in v.children):
            continue
        for d in _actors(_subject_tokens(v), sm):
            mine = {d, da.state_of(d) or d}
            accuser = None
            for ev in reversed(da.events):
                if ev["key"] >= da.sent_key:
                    continue
                if ev["key"] < da.sent_key - 5:
                    break
                if ev["relation"] == "accuses" and ev["object"] in mine and ev["subject"] not in mine:
                    accuser = ev["subject"]
                elif ev.get("modality") == "alleged" and ev.get("attributed") and ev["subject"] in mine \
                        and ev["attributed"] not in mine:
                    accuser = ev["attributed"]
                if accuser:
                    break
            if accuser:
                out.append(RawClaim(d, "denies", accuser, "asserted", None, "gerund-denial", v.i, 0.6))
    return out


def _negative(tokens) -> bool:
    neg = lexicon().negative_evaluations
    return any(t.lower_ in neg or _lemma(t) in neg for tok in tokens for t in tok.subtree)


def _characterisations(sent, sm, da, quote_speaker, nouns) -> list[RawClaim]:
    """A speaker who calls an actor, its act or its words something bad criticises the actor:
    "dismissed Blinken's remarks as offensive", "called the decision a violation", "said the U.S.
    military activities were a provocation", "described the protesters as terrorists"."""
    lex = lexicon()
    out = []
    for v in sent:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        lemma = _lemma(v)
        critics, things = [], []
        if lemma in lex.characterising_verbs:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
            preds = _pobj(v, "as") + [c for c in v.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ != "VERB"]
            if preds and _negative(preds):
                things = _children(v, "nsubjpass") if passive else _children(v, "dobj")
                critics = _actors(_role(v, "agent", True) if passive else _subject_tokens(v), sm)
        elif lemma == "be" and v.dep_ == "ccomp" and _lemma(v.head) in lex.reporting_verbs:
            preds = [c for c in v.children if c.dep_ in ("attr", "acomp")]
            if preds and _negative(preds):
                things = _children(v, "nsubj")
                critics = _actors(_subject_tokens(v.head), sm)
        if not critics or not things:
            continue
        targets = [a for a in _actors(things, sm) if a not in critics]
        targets = targets or [a for a in _owner_actors(things, sm, da, "criticizes", nouns) if a not in critics]
        targets = targets or _event_anaphor_actor(things, critics, da)
        if not targets:
            continue
        modality, attributed = _modality(v, sent, sm, da, quote_speaker, "criticizes")
        if modality == "reported" and attributed in critics:
            modality, attributed = "asserted", None   # the critic's own words are the act of criticism
        for c in critics:
            for t in targets:
                if c != t:
                    out.append(RawClaim(c, "criticizes", t, modality, attributed, "characterisation", v.i, 0.6))
    return out


#: nouns a denial can take as its object: what it denies is a claim made elsewhere
DENIED_OBJECTS = {"it", "this", "that", "them", "claim", "claims", "report", "reports", "accusation",
                  "accusations", "allegation", "allegations", "charge", "charges", "story", "rumors", "rumours",
                  "suggestion", "suggestions", "assertion", "assertions", "speculation", "role", "involvement",
                  "responsibility", "link", "links", "wrongdoing", "complicity"}


_CHARGE_NOUNS = {"charge", "charges", "accusation", "accusations", "allegation", "allegations", "claim", "claims"}


def _rebuttals(sent, sm) -> list[RawClaim]:
    """"X accused Y of ..., a charge Y denies": the denier denies the accuser of the same sentence."""
    lex = lexicon()
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in lex.denial_verbs or any(c.dep_ == "neg" for c in tok.children):
            continue
        if tok.dep_ in ("relcl", "acl") and _lemma(tok.head) in DENIED_OBJECTS:
            deniers = _actors(_children(tok, "nsubj"), sm)
        else:
            # the parse often fails on "..., a charge Pakistan denies": read it off the surface
            j = tok.i - 1
            while j > sent.start and tok.doc[j].pos_ == "ADV":
                j -= 1
            m = sm.at(j)
            if m is None or m.start - 1 <= sent.start or tok.doc[m.start - 1].lower_ not in _CHARGE_NOUNS:
                continue
            deniers = [m.id]
        accusers = []
        for v in sent:
            if v.pos_ == "VERB" and _lemma(v) in _ALLEGING_CHARGE_VERBS:
                passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
                accusers += _actors(_role(v, "agent", True) if passive else _subject_tokens(v), sm)
        for d in deniers:
            for a in accusers:
                if a != d:
                    out.append(RawClaim(d, "denies", a, "asserted", None, "rebuttal", tok.i, 0.7))
    return out


def denials(sent, sm) -> list[str]:
    """Deniers of a claim made elsewhere: "X denied it", "X has denied the reports", "X rejected
    suggestions that ...", "an allegation X rejects" (the claims denied are the allegations just made)."""
    lex = lexicon()
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in lex.denial_verbs or any(c.dep_ == "neg" for c in tok.children):
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        subj = []
        if objs and all(o.lower_ in DENIED_OBJECTS for o in objs):
            subj = _children(tok, "nsubj")
            if not subj and tok.dep_ in ("pcomp", "advcl"):
                # "After previously denying it, X now says ...": the main clause's subject
                v = tok.head.head if tok.dep_ == "pcomp" else tok.head
                subj = _children(v, "nsubj")
        elif not objs and tok.dep_ in ("relcl", "acl") and _lemma(tok.head) in DENIED_OBJECTS:
            subj = _children(tok, "nsubj")    # "an allegation the Malian authorities reject"
        m = sm.at(subj[0].i) if subj else None
        if m is not None:
            out.append(m.id)
    return out
