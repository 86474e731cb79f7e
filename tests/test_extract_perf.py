"""The extractor's speed-ups keep its behaviour: large input, NER gating, the fast attribute ruler."""
from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from kg import extract
from kg.extract import pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    try:
        return extract.load_pipeline()
    except extract.ModelNotFound as exc:
        pytest.skip(str(exc))


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "challenge").glob("*.txt"))]
    return [p.strip() for t in texts for p in re.split(r"\n\s*\n", t) if len(p.split()) > 8]


def test_large_input_completes_whole_and_yields_claims(nlp):
    paras = _paragraphs()
    rng = random.Random(3)
    parts, n = [], 0
    while n < 2_000_000:
        p = rng.choice(paras)
        parts.append(p)
        n += len(p) + 2
    text = "\n\n".join(parts)
    assert len(text) >= 2_000_000
    start = time.perf_counter()
    claims = extract.extract_text(text, name="large.txt")
    elapsed = time.perf_counter() - start
    assert len(claims) > 100
    # the whole text is analysed (no truncation), with valid offsets throughout
    assert max(c.char_end for c in claims) > len(text) * 0.9
    for c in claims[:: max(1, len(claims) // 50)]:
        assert c.evidence == text[c.char_start:c.char_end]
    assert elapsed < 600, f"2 MB took {elapsed:.0f} s"


def test_max_chars_still_caps_when_set(monkeypatch, nlp):
    para = "Chile praised Peru for the help that it gave to the region.\n\n"
    monkeypatch.setattr(pipeline, "MAX_CHARS", 600)
    claims = extract.extract_text(para * 100)
    assert claims and max(c.char_end for c in claims) <= 600


def test_ner_gating_keeps_people_unknown_to_the_gazetteer(nlp):
    # sentences whose only capitalised word is a name no gazetteer knows, also first in the sentence
    text = ("Zorbulat Kemenchev met Ilham Aliyev in Baku on Monday.\n\n"
            "Kemenchev praised Armenia.\n\n"
            "Analyst Virena Moskotova, of the Dastani Institute, criticized Russia.")
    claims = extract.extract_text(text)
    people = {a.label for c in claims for a in (c.subject, c.object) if a.type == "Person"}
    assert "Zorbulat Kemenchev" in people
    assert "Virena Moskotova" in people
    doc = nlp(pipeline.prepare_text(text))
    assert {"Zorbulat Kemenchev", "Virena Moskotova"} <= {e.text for e in doc.ents if e.label_ == "PERSON"}


def test_ner_gating_skips_only_sentences_without_unknown_names(nlp):
    doc = nlp("Russia and Armenia held talks.\n\nThe talks ended on Monday.\n\nMr. Zorbulat Kemenchev left.")
    sents = list(doc.sents)
    runs = pipeline._ner_runs(doc, doc.user_data["kg_gazetteer"])
    covered = {i for s, e in runs for i in range(s, e)}
    assert not any(t.i in covered for t in sents[0])      # gazetteer names only
    assert not any(t.i in covered for t in sents[1])      # no capitalised word but the first and a day
    assert all(t.i in covered for t in sents[2])


def test_ner_gating_matches_full_ner_on_the_seeds(monkeypatch, nlp):
    """Gating changes NER output only on tokens the gazetteer names (persons excepted)."""
    texts = [pipeline.prepare_text(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    monkeypatch.setattr(pipeline, "FULL_NER", True)
    full = list(nlp.pipe(texts))
    monkeypatch.setattr(pipeline, "FULL_NER", False)
    gated = list(nlp.pipe(texts))
    w = extract.pipeline.world()
    for a, b in zip(full, gated):
        names = {i for s, e, aid, _k in a.user_data["kg_gazetteer"] if w.type(aid) != "Person" for i in range(s, e)}
        people_a = {(e.start, e.end) for e in a.ents if e.label_ in ("PERSON", "ORG") and not set(range(e.start, e.end)) <= names}
        people_b = {(e.start, e.end) for e in b.ents if e.label_ in ("PERSON", "ORG")}
        assert len(people_a - people_b) <= max(1, len(people_a) // 20)


def test_fast_attribute_ruler_is_identical(nlp):
    plain = pipeline.load_model()
    plain.add_pipe("kg_line_breaks", before="parser")
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append("Y'all gonna see, ain't nothin' gets done. Let's go: there's a cat, and they got it.")
    for a, b in zip(nlp.pipe(texts), plain.pipe(texts)):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in a] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in b]


def test_many_documents_keep_order_and_a_failure_is_isolated(monkeypatch, nlp):
    from kg.model import Document

    docs = [Document(f"Chile praised Peru number {i}.\n\n" * (1 + i % 3), f"d{i}.txt") for i in range(40)]
    out = list(extract.extract_documents(docs, batch_size=4))
    assert [d.name for d, _c in out] == [d.name for d in docs]
    assert all(c for _d, c in out)

    real = pipeline._DocPass.finish

    def broken(self):
        if self.document.name == "d5.txt":
            raise RuntimeError("boom")
        return real(self)

    monkeypatch.setattr(pipeline._DocPass, "finish", broken)
    out = list(extract.extract_documents(docs[:10], batch_size=3))
    assert [d.name for d, _c in out] == [d.name for d in docs[:10]]
    assert out[5][1] == [] and all(c for i, (_d, c) in enumerate(out) if i != 5)
