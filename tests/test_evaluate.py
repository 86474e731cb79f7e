"""Tests of kg.evaluate against the reference scorer, and of the challenge set.

The reference scorer is ``../shared/tools/score_relations.py`` beside the
repository; tests that need it are skipped when it is absent.
"""
from __future__ import annotations

import doctest
import importlib.util
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

import kg.evaluate as ev
from kg.model import Claim
from kg.vocab import modalities, relations

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "tools" / "score_relations.py"
SEED_GOLD = REPO / "seeds" / "gold"
CHALLENGE = REPO / "tests" / "data" / "challenge"
GOLD_DIRS = [SEED_GOLD, CHALLENGE]
DATE_LINE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}$")


@pytest.fixture(scope="module")
def ref():
    """The reference scorer module, loaded from ../shared."""
    if not REFERENCE.exists():
        pytest.skip(f"reference scorer not found at {REFERENCE} (clone ../shared beside the repo)")
    spec = importlib.util.spec_from_file_location("score_relations", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_files(gold_dir: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def actor(gold_actor: dict, label: str | None = None) -> dict:
    names = gold_actor["names"]
    return {"id": gold_actor["id"], "label": label or names[0], "type": gold_actor["type"],
            "aliases": [n for n in names if n != (label or names[0])]}


def claim(doc: str, subject: dict, relation: str, obj: dict, modality: str = "asserted") -> dict:
    return {"document": doc, "subject": subject, "relation": relation, "object": obj,
            "modality": modality, "attributed_to": None, "evidence": ""}


def gold_as_claims(gold_dir: Path, with_optional: bool = False) -> list[dict]:
    """The gold relations as extraction output, labelled with each actor's first name."""
    out = []
    for gold in gold_files(gold_dir):
        actors = {a["id"]: a for a in gold["actors"]}
        for rel in gold["relations"]:
            if rel["optional"] and not with_optional:
                continue
            out.append(claim(gold["document"], actor(actors[rel["subject"]]), rel["relation"],
                             actor(actors[rel["object"]]), rel["modality"]))
    return out


def variant(name: str, rng: random.Random) -> str:
    """A surface variant of a name that normalises to the same string."""
    variants = [name, name.upper(), f"  {name}  ", name.replace(" ", "   ")]
    if not name.lower().startswith("the "):
        variants.append(f"The {name}")
    if not name.endswith(("'s", "\u2019s")):
        variants += [f"{name}'s", f"{name}\u2019s"]
    return rng.choice(variants)


def perturbed_claims(gold_dir: Path, seed: int) -> list[dict]:
    """Gold output damaged in every way the score must handle, deterministically."""
    rng = random.Random(seed)
    relation_ids, modality_ids = sorted(relations()), sorted(modalities())
    out = []
    for gold in gold_files(gold_dir):
        doc = gold["document"]
        actors = {a["id"]: a for a in gold["actors"]}

        def some_actor(actor_id: str) -> dict:
            a = actors[actor_id]
            if rng.random() < 0.15:  # matched through an alias only
                return {"label": "Unlisted Name", "aliases": [variant(rng.choice(a["names"]), rng)]}
            return {"label": variant(rng.choice(a["names"]), rng), "type": a["type"]}

        for rel in gold["relations"]:
            if rng.random() < 0.2:
                continue  # missed
            s, r, o, m = rel["subject"], rel["relation"], rel["object"], rel["modality"]
            if r in ev.symmetric_relations() and rng.random() < 0.5:
                s, o = o, s
            if rng.random() < 0.15:
                m = rng.choice(modality_ids)
            c = claim(rng.choice([doc, f"corpus/{doc}", f"/abs/path/{doc}"]),
                      some_actor(s), r, some_actor(o), m)
            if m == "asserted" and rng.random() < 0.3:
                del c["modality"]
            out.append(c)
        ids = sorted(actors)
        for _ in range(8):  # spurious triples between gold actors
            out.append(claim(doc, some_actor(rng.choice(ids)), rng.choice(relation_ids),
                             some_actor(rng.choice(ids)), rng.choice(modality_ids)))
        out.append(claim(doc, {"label": "Nobody In Gold"}, "attacks", some_actor(rng.choice(ids))))
        out.append(claim(doc, some_actor(rng.choice(ids)), "supports", {"label": "the Unknown's"}))
    out.append(claim("no_gold_for_this.txt", {"label": "A"}, "attacks", {"label": "B"}))
    rng.shuffle(out)
    return out


def reference_score(ref, gold_dir: Path, claims: list[dict], tmp_path: Path) -> dict:
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims),
                    encoding="utf-8")
    return ref.score(gold_dir, path, per_doc=True)


# ------------------------------------------------------------------ library


def test_doctests():
    failures, tried = doctest.testmod(ev)
    assert tried > 0 and failures == 0


def test_symmetric_relations_match_reference(ref):
    assert ev.symmetric_relations() == ref.SYMMETRIC


def test_variants_normalise_to_the_name():
    rng = random.Random(0)
    for gold in gold_files(SEED_GOLD) + challenge_golds():
        for a in gold["actors"]:
            for name in a["names"]:
                assert ev.normalise(variant(name, rng)) == ev.normalise(name)


def test_normalise_matches_reference(ref):
    for name in ["The Kremlin", "Azerbaijan\u2019s", "  Türkiye  ", "THE  Élysée Palace's",
                 "the", "'s", "", "Cavuşoğlu", "theatre"]:
        assert ev.normalise(name) == ref.normalise(name)


@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: p.name)
def test_gold_fed_back_scores_one(ref, gold_dir, tmp_path):
    claims = gold_as_claims(gold_dir)
    ours = ev.score(gold_dir, claims, per_doc=True)
    assert ours == reference_score(ref, gold_dir, claims, tmp_path)
    for level in ev.LEVELS:
        assert ours[level]["precision"] == ours[level]["recall"] == ours[level]["f1"] == 1.0


@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: p.name)
def test_gold_with_optional_triples_scores_one(ref, gold_dir, tmp_path):
    claims = gold_as_claims(gold_dir, with_optional=True)
    ours = ev.score(gold_dir, claims, per_doc=True)
    assert ours == reference_score(ref, gold_dir, claims, tmp_path)
    assert all(ours[level]["f1"] == 1.0 for level in ev.LEVELS)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: p.name)
def test_perturbed_predictions_agree_with_reference(ref, gold_dir, seed, tmp_path):
    claims = perturbed_claims(gold_dir, seed)
    ours = ev.score(gold_dir, claims, per_doc=True)
    assert ours == reference_score(ref, gold_dir, claims, tmp_path)
    assert 0 < ours["exact"]["f1"] < 1


def test_empty_predictions_agree_with_reference(ref, tmp_path):
    ours = ev.score(SEED_GOLD, [], per_doc=True)
    assert ours == reference_score(ref, SEED_GOLD, [], tmp_path)
    assert ours["exact"]["tp"] == 0 and ours["exact"]["gold"] > 0


def test_claim_objects_with_to_json():
    claims = perturbed_claims(SEED_GOLD, 7)
    objects = [Claim.from_json(c) for c in claims]
    assert ev.score(SEED_GOLD, objects, per_doc=True) == ev.score(SEED_GOLD, claims, per_doc=True)


def test_without_per_doc_has_no_per_document():
    result = ev.score(SEED_GOLD, gold_as_claims(SEED_GOLD))
    assert "per_document" not in result and result["documents"] == 2


def test_missing_gold_dir_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        ev.score(tmp_path, [])


def test_read_jsonl_skips_blank_lines(tmp_path):
    claims = gold_as_claims(SEED_GOLD)[:3]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in claims) + "\n\n", encoding="utf-8")
    assert list(ev.read_jsonl([path])) == claims


def test_format_report_matches_reference_output(ref, tmp_path, capsys):
    claims = perturbed_claims(SEED_GOLD, 3)
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    ref.main([str(SEED_GOLD), str(path)])
    printed = capsys.readouterr().out
    assert ev.format_report(ev.score(SEED_GOLD, claims)) + "\n" == printed


def test_format_report_verbose_lists_misses_and_spurious():
    result = ev.score(SEED_GOLD, perturbed_claims(SEED_GOLD, 1), per_doc=True)
    report = ev.format_report(result, verbose=True)
    doc = result["per_document"]["000_53b4e9787c337a0a.txt"]
    assert "000_53b4e9787c337a0a.txt: exact" in report
    assert "  missed    " + " ".join(doc["missed"][0]) in report
    assert "  spurious  " + " ".join(doc["spurious"][0]) in report
    assert report.splitlines()[:4] == ev.format_report(result).splitlines()


# ------------------------------------------------------------ challenge set


def challenge_golds() -> list[dict]:
    return gold_files(CHALLENGE)


def test_challenge_files_pair_up():
    texts = {p.name for p in CHALLENGE.glob("*.txt")}
    documents = {g["document"] for g in challenge_golds()}
    assert texts == documents and len(documents) >= 8
    for path in CHALLENGE.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["document"] == path.stem + ".txt"


@pytest.mark.parametrize("gold", challenge_golds(), ids=lambda g: g["document"])
def test_challenge_gold_integrity(gold):
    text = (CHALLENGE / gold["document"]).read_text(encoding="utf-8")
    assert DATE_LINE.match(text.splitlines()[0])
    ids = [a["id"] for a in gold["actors"]]
    assert len(ids) == len(set(ids))
    owner = {}
    for a in gold["actors"]:
        assert a["rollup"] in ids
        for name in a["names"]:
            assert name in text, f"name {name!r} of {a['id']} not in text"
            assert owner.setdefault(ev.normalise(name), a["id"]) == a["id"], \
                f"{name!r} names both {owner[ev.normalise(name)]} and {a['id']}"
    required, optional = set(), set()
    for rel in gold["relations"]:
        assert rel["relation"] in relations() and rel["modality"] in modalities()
        assert rel["subject"] in ids and rel["object"] in ids
        assert rel["attributed_to"] is None or rel["attributed_to"] in ids
        assert rel["evidence"] in text, f"evidence not verbatim: {rel['evidence']!r}"
        t = ev.canonical_triple(rel["subject"], rel["relation"], rel["object"])
        (optional if rel["optional"] else required).add(t)
    assert not required & optional


def test_challenge_gold_fed_back_to_reference_scores_one(ref, tmp_path):
    result = reference_score(ref, CHALLENGE, gold_as_claims(CHALLENGE), tmp_path)
    for level in ev.LEVELS:
        assert result[level]["precision"] == result[level]["recall"] == 1.0, level


def test_challenge_covers_every_relation_and_modality():
    rows = [r for g in challenge_golds() for r in g["relations"] if not r["optional"]]
    by_relation = Counter(r["relation"] for r in rows)
    assert {r: n for r, n in by_relation.items() if n < 3} == {}
    assert set(by_relation) == set(relations())
    assert set(Counter(r["modality"] for r in rows)) == set(modalities())
    denials = [r for r in rows if r["modality"] == "denied"]
    denies = {(g["document"], r["subject"]) for g in challenge_golds()
              for r in g["relations"] if r["relation"] == "denies"}
    for g in challenge_golds():
        for r in g["relations"]:
            if r in denials:
                assert (g["document"], r["attributed_to"]) in denies, r
