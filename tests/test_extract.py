"""The extractor: relations, modality, actors, dates, bad input, and `kg extract` / `kg eval`.

Sentences here are written for these tests, with actors from around the world;
none comes from the seed texts. The spaCy model is loaded once per session.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.vocab import modalities, relations

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score_relations.py"

extract = pytest.importorskip("kg.extract")


@pytest.fixture(scope="session")
def nlp():
    try:
        return extract.load_pipeline()
    except extract.ModelNotFound as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def run(nlp):
    def _run(text, date="2023-05-10"):
        return extract.extract_text(text, date=date)
    return _run


def triples(claims, with_modality=False):
    out = set()
    for c in claims:
        t = (c.subject.id, c.relation, c.object.id)
        out.add(t + (c.modality,) if with_modality else t)
    return out


# ---------------------------------------------------------------- relations

@pytest.mark.parametrize("text, expected", [
    ("Japanese Prime Minister Fumio Kishida criticized China on Tuesday.", ("fumio-kishida", "criticizes", "china")),
    ("Brazil condemned Venezuela over the border incident.", ("brazil", "criticizes", "venezuela")),
    ("India accused Pakistan of sheltering militants.", ("india", "accuses", "pakistan")),
    ("Germany supplied Ukraine with tanks last year.", ("germany", "supplies-arms-to", "ukraine")),
    ("Weapons were shipped from Iran to Yemen.", ("iran", "supplies-arms-to", "yemen")),
    ("Beijing's arms sales to Pakistan have grown.", ("china", "supplies-arms-to", "pakistan")),
    ("Russian arms deliveries to Syria continued.", ("russia", "supplies-arms-to", "syria")),
    ("Egypt sent humanitarian aid to Sudan.", ("egypt", "aids", "sudan")),
    ("The United States imposed sanctions on Iran.", ("united-states", "sanctions", "iran")),
    ("Israel struck Hezbollah targets in Lebanon.", ("israel", "attacks", "hezbollah")),
    ("Turkish jets struck targets inside Iraq.", ("turkey", "attacks", "iraq")),
    ("Azerbaijan attacked Armenia in September.", ("azerbaijan", "attacks", "armenia")),
    ("France urged Mali to hold elections.", ("france", "demands", "mali")),
    ("Turkey threatened Greece over the islands.", ("turkey", "threatens", "greece")),
    ("Kenya rejected Somalia's proposal.", ("kenya", "rejects", "somalia")),
    ("Chile praised Argentina for its help.", ("chile", "supports", "argentina")),
    ("Vietnam visited Laos.", ("vietnam", "visits", "laos")),
    ("Qatar mediated between Israel and Hamas.", ("qatar", "mediates", "hamas")),
])
def test_relation_patterns(run, text, expected):
    claims = run(text)
    assert expected in triples(claims), (text, triples(claims))


def test_symmetric_relations_from_coordinated_subjects(run):
    claims = run("Kazakhstan and Uzbekistan held talks in Tashkent.")
    got = {t for t in triples(claims) if t[1] == "consults"}
    assert got == {("kazakhstan", "consults", "uzbekistan")}


def test_hyphenated_pair_and_symmetric_once(run):
    claims = run("The India-Pakistan clashes started in May.")
    clashes = [c for c in claims if c.relation == "clashes-with"]
    assert len(clashes) == 1
    assert {clashes[0].subject.id, clashes[0].object.id} == {"india", "pakistan"}
    assert relations()["clashes-with"].symmetric


def test_passive_uses_the_agent(run):
    claims = run("Serbia was criticized by Croatia.")
    assert ("croatia", "criticizes", "serbia") in triples(claims)


def test_gapping_does_not_mix_up_pairs(run):
    claims = run("In theory, Serbia is backed by Russia and Kosovo by the United States.")
    assert ("united-states", "supports", "serbia") not in triples(claims)
    assert ("russia", "supports", "serbia") in triples(claims)


# ---------------------------------------------------------------- actors and structure

def test_title_gives_leader_of_and_aliases(run):
    claims = run("Kenyan President William Ruto criticized Uganda. Ruto later met Uganda's leaders.")
    assert ("william-ruto", "leader-of", "kenya") in triples(claims)
    ruto = next(c.subject for c in claims if c.subject.id == "william-ruto")
    assert "Ruto" in ruto.aliases or ruto.label == "Ruto"


def test_metonymy_capital_names_the_state(run):
    claims = run("Moscow criticized Washington over the decision.")
    assert ("russia", "criticizes", "united-states") in triples(claims)


def test_demonym_collective_is_the_state(run):
    claims = run("Chinese officials condemned Japan.")
    assert ("china", "criticizes", "japan") in triples(claims)


def test_organ_is_part_of_its_state(run):
    claims = run("The Turkish armed forces attacked Syria.")
    assert any(c.relation == "part-of" and c.object.id == "turkey" and c.subject.type == "GovernmentBody"
               for c in claims)


def test_outlet_is_based_in_its_state(run):
    claims = run("The Indian newspaper Hindustan Times reported the clash.")
    outlet = [c for c in claims if c.relation == "based-in"]
    assert outlet and outlet[0].object.id == "india" and outlet[0].subject.type == "MediaOutlet"


def test_appositive_membership(run):
    claims = run("Hungary (a NATO member) blocked Sweden's bid.")
    assert ("hungary", "member-of", "nato") in triples(claims)


def test_new_actors_get_slug_ids(run):
    claims = run("Analyst Maria Gonzalez accused Colombia of lying.")
    people = {c.subject.id: c.subject for c in claims if c.subject.type == "Person"}
    assert "maria-gonzalez" in people


def test_pronoun_refers_to_the_subject_person(run):
    claims = run("Colombian President Gustavo Petro spoke to reporters. He criticized Ecuador.")
    assert ("gustavo-petro", "criticizes", "ecuador") in triples(claims)


# ---------------------------------------------------------------- modality and attribution

def test_reported_speech_names_its_source(run):
    claims = run("Finnish President Sauli Niinisto said that Sweden had signed an agreement with Norway.")
    rel = [c for c in claims if c.relation == "agrees-with"]
    assert rel and rel[0].modality == "reported"
    assert rel[0].attributed_to is not None and rel[0].attributed_to.id == "sauli-niinisto"


def test_hedge_makes_it_alleged(run):
    claims = run("Iran reportedly supplied Russia with drones.")
    assert ("iran", "supplies-arms-to", "russia", "alleged") in triples(claims, True)


def test_negation(run):
    claims = run("Norway did not criticize Denmark.")
    assert ("norway", "criticizes", "denmark", "negated") in triples(claims, True)


def test_intent(run):
    claims = run("Poland will send tanks to Ukraine.")
    assert ("poland", "supplies-arms-to", "ukraine", "intended") in triples(claims, True)


def test_denial_of_an_earlier_allegation(run):
    text = ("Ukrainian officials said Belarus had supplied Russia with ammunition. "
            "Belarusian officials denied it.")
    claims = run(text)
    assert ("belarus", "supplies-arms-to", "russia", "denied") in triples(claims, True)
    assert any(c.relation == "denies" and c.subject.id == "belarus" for c in claims)


def test_allegation_by_a_source_is_an_accusation(run):
    claims = run("Armenian Prime Minister Nikol Pashinyan said that Azerbaijan attacked Armenia.")
    assert ("azerbaijan", "attacks", "armenia", "alleged") in triples(claims, True)
    assert ("nikol-pashinyan", "accuses", "azerbaijan") in triples(claims)


def test_every_modality_is_in_the_scheme(run):
    claims = run("Serbia reportedly attacked Kosovo. Croatia will aid Bosnia. Norway did not criticize Denmark.")
    assert claims and {c.modality for c in claims} <= set(modalities())


# ---------------------------------------------------------------- claims: evidence, dates, patterns

def test_evidence_offsets_and_patterns(run):
    text = "Fri, 12 May 2023\n\nPeru criticized Bolivia on April 3. Bolivia later visited Chile."
    claims = extract.extract_text(text, name="t.txt")
    assert claims
    from kg.extract.lexicon import patterns
    known = {p.id for p in patterns()}
    for c in claims:
        assert text[c.char_start:c.char_end] == c.evidence
        assert "\n" not in c.evidence
        assert c.pattern in known or c.pattern.startswith(("np-", "appos-", "gazetteer-", "derived-", "denial-"))
        assert 0.0 <= c.confidence <= 1.0
        assert c.document == "t.txt"
    crit = next(c for c in claims if c.relation == "criticizes")
    assert crit.date == "2023-04-03"
    visit = next(c for c in claims if c.relation == "visits")
    assert visit.date == "2023-05-12"


def test_extract_documents_fills_the_date_and_streams():
    from kg.model import Document

    docs = iter([Document("Sun, 20 Sep 2020\n\nChile praised Peru.", "a.txt"),
                 Document("Peru thanked Chile.", "b.txt")])
    out = extract.extract_documents(docs)
    first_doc, first_claims = next(out)
    assert first_doc.name == "a.txt" and str(first_doc.date) == "2020-09-20"
    assert [d.name for d, _ in out] == ["b.txt"]


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("text", ["", "   \n\n ", "\x00\x01\x02 control \x07 chars",
                                  "Der Bundeskanzler traf sich am Montag mit dem französischen Präsidenten.",
                                  "<html><body><p>Chile <b>praised</b> Peru.</p><script>var x=1;</script></body></html>",
                                  "!!!! ???? ---- 1234 5678"])
def test_bad_input_is_graceful(run, text):
    claims = run(text)
    assert isinstance(claims, list)
    for c in claims:
        assert c.evidence == text[c.char_start:c.char_end]


@pytest.mark.parametrize("sentence", [
    "El Gobierno de Chile acusó a Perú de violar su espacio aéreo durante las maniobras militares de la semana. ",
    "Le gouvernement du Mali a accusé la France de soutenir des groupes armés dans le nord du pays. ",
    "Die Regierung in Berlin hat die Sanktionen gegen Russland am Montag um sechs Monate verlängert. "])
def test_an_article_in_another_language_is_skipped_with_a_warning(run, sentence, caplog):
    with caplog.at_level("WARNING"):
        claims = run(sentence * 8)
    assert claims == [] and "no English text found" in caplog.text


def test_html_markup_is_not_evidence_noise(run):
    claims = run("<p>Chile <b>praised</b> Peru.</p>")
    assert ("chile", "supports", "peru") in triples(claims)


def test_long_text_is_chunked_and_capped(monkeypatch, nlp):
    from kg.extract import pipeline

    para = "Chile praised Peru for the help that it gave to the region. " * 20 + "\n\n"
    pieces = list(pipeline.chunks(para * 200, size=5000))
    assert all(len(c) <= 5000 for _, c in pieces)
    assert "".join(c for _, c in pieces) == para * 200
    monkeypatch.setattr(pipeline, "MAX_CHARS", 3000)
    claims = extract.extract_text(para * 200)
    assert claims and max(c.char_end for c in claims) <= 3000


def test_missing_model_says_how_to_install():
    with pytest.raises(extract.ModelNotFound) as err:
        extract.load_pipeline("no_such_model_xyz")
    assert "requirements/spacy-model.txt" in str(err.value)


# ---------------------------------------------------------------- commands

def test_kg_extract_jsonl_shape(nlp, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    f = tmp_path / "a.txt"
    f.write_text("Sun, 20 Sep 2020\n\nKenyan President William Ruto criticized Uganda.", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(f), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
    assert rows
    for r in rows:
        assert r["document"] == "a.txt"
        assert {"label", "type", "aliases"} <= set(r["subject"]) and {"label", "type", "aliases"} <= set(r["object"])
        assert r["relation"] in relations() and r["modality"] in modalities()


def test_kg_extract_missing_file_is_one_line(nlp, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    res = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code != 0
    assert "Traceback" not in res.output


@pytest.mark.skipif(not SCORER.exists(), reason="reference scorer not available")
def test_kg_eval_agrees_with_the_reference_scorer(nlp, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    runner = CliRunner()
    res = runner.invoke(app, ["extract", *map(str, seeds), "--format", "jsonl"])
    assert res.exit_code == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(res.output, encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SCORER), str(ROOT / "seeds" / "gold"), str(pred)],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    ours_jsonl = runner.invoke(app, ["eval", str(ROOT / "seeds" / "gold"), str(pred)]).output.strip().splitlines()
    ours_text = runner.invoke(app, ["eval", str(ROOT / "seeds" / "gold"), *map(str, seeds)]).output.strip().splitlines()
    assert ours_jsonl[:4] == ref[:4]
    assert ours_text[:4] == ref[:4]


# ---------------------------------------------------------------- mechanisms (one test sentence or two each)

@pytest.mark.parametrize("text, expected", [
    # a noun trigger's phrase hanging on its light verb
    ("Israel launched airstrikes on Gaza on Tuesday.", ("israel", "attacks", "gaza-strip")),
    # the target of criticism is the author of the event criticised; an attack's target its owner
    ("Germany condemned Russia's attacks on Ukrainian energy infrastructure.", ("germany", "criticizes", "russia")),
    ("Germany condemned Russia's attacks on Ukrainian energy infrastructure.", ("russia", "attacks", "ukraine")),
    # members named with "including" act with their group
    ("Western countries, including France and Germany, imposed sanctions on Belarus.", ("germany", "sanctions", "belarus")),
    # unnamed armed groups as actors; an attack on a place in a state
    ("Gunmen attacked a police station in northern Kosovo.", ("gunmen", "attacks", "kosovo")),
    ("The weapons were smuggled to Libya by criminal groups.", ("criminal-groups", "supplies-arms-to", "libya")),
    # hosting talks between two parties is mediation; the parties consult
    ("Oman hosted the talks between Iran and the United States.", ("oman", "mediates", "iran")),
    ("Oman hosted the talks between Iran and the United States.", ("iran", "consults", "united-states")),
    ("Saudi Arabia and Iran agreed to restore relations in a deal brokered by China.", ("china", "mediates", "iran")),
    # "told X", "received X": a conversation
    ("Kenyan President William Ruto told Ethiopian Prime Minister Abiy Ahmed that the border would reopen.", ("abiy-ahmed", "consults", "william-ruto")),
    # welcoming someone's decision supports them
    ("Jens Stoltenberg welcomed Finland's decision to join the alliance.", ("jens-stoltenberg", "supports", "finland")),
    # a relative clause whose object is the antecedent's doer
    ("Serbia has long resisted the reforms that the EU demanded.", ("eu", "demands", "serbia")),
    # "his country" is the state of the person
    ("Ethiopian Prime Minister Abiy Ahmed said his country would never attack Eritrea.", ("ethiopia", "attacks", "eritrea")),
    # an office with the name in apposition is that person's, whoever the gazetteer lists
    ("India's external affairs minister, S. Jaishankar, criticized Canada.", ("s-jaishankar", "official-of", "india")),
])
def test_mechanisms(run, text, expected):
    assert expected in triples(run(text)), (text, triples(run(text)))


def test_national_noun_as_author_of_opinion_is_the_public(run):
    claims = run("Many Georgians criticized Russia over the occupation. Georgians fired at the border post.")
    got = triples(claims)
    assert ("georgian-society", "criticizes", "russia") in got
    assert ("georgia", "criticizes", "russia") not in got


def test_event_referred_back_keeps_its_participants(run):
    text = ("Iran shipped drones to Russia last year, according to Ukrainian officials. "
            "Ukraine objected to these shipments. The drones were delivered to Russia by sea.")
    got = triples(run(text))
    assert ("ukraine", "criticizes", "iran") in got
    assert ("iran", "supplies-arms-to", "russia") in got


def test_accused_of_doing_gives_the_alleged_act(run):
    claims = run("Azerbaijan blamed Armenia for shelling its positions.")
    assert ("azerbaijan", "accuses", "armenia") in triples(claims)
    act = [c for c in claims if c.relation == "attacks"]
    assert act and act[0].subject.id == "armenia" and act[0].modality == "alleged"
    assert act[0].attributed_to and act[0].attributed_to.id == "azerbaijan"


def test_counterpart_is_the_holder_of_the_same_office(run):
    claims = run("Indian Defence Minister Rajnath Singh met his Chinese counterpart in Moscow.")
    got = triples(claims)
    other = [o for s, r, o in got if r == "consults"] + [s for s, r, o in got if r == "consults"]
    assert "rajnath-singh" in other
    # not a foreign minister or another "minister" of China
    assert not any(r == "official-of" and o == "china" and s == "qin-gang" for s, r, o in got)


def test_the_two_sides_are_the_belligerents(run):
    text = "Armenia and Azerbaijan clashed on the border. Russia is the sole mediator between the two sides."
    got = triples(run(text))
    assert {("russia", "mediates", "armenia"), ("russia", "mediates", "azerbaijan")} <= got


def test_implicit_attack_target_is_the_adversary(run):
    text = "India and Pakistan clashed along the border in May. Pakistani officials said Indian troops fired mortars overnight."
    got = triples(run(text))
    assert ("indian-armed-forces", "attacks", "pakistan") in got or ("india", "attacks", "pakistan") in got


def test_quote_continues_its_speaker(run):
    text = ("\u201cWe will send tanks to Ukraine,\u201d Polish President Andrzej Duda said on Monday. "
            "\u201cWe will also send Ukraine artillery shells.\u201d")
    claims = [c for c in run(text) if c.relation == "supplies-arms-to"]
    assert claims and all(c.attributed_to and c.attributed_to.id == "andrzej-duda" for c in claims)


def test_role_of_a_person_with_several_offices_prefers_the_named_state(run):
    got = triples(run("French President Emmanuel Macron met Olaf Scholz. Macron later spoke to reporters."))
    assert ("emmanuel-macron", "leader-of", "france") in got
    assert not any(s == "emmanuel-macron" and r == "leader-of" and o != "france" for s, r, o in got)


@pytest.mark.parametrize("text, expected", [
    # a stated negative intention is negated, not a denial
    ("Kremlin spokesman Dmitry Peskov said Moscow would not negotiate with Kyiv.", ("russia", "consults", "ukraine", "negated")),
    # an offer is intended
    ("Brazil offered help to Turkey after the earthquake.", ("brazil", "aids", "turkey", "intended")),
    # a blocked act did not happen
    ("Hungary blocked EU aid to Ukraine.", ("eu", "aids", "ukraine", "negated")),
    # "no evidence that" a contested act happened, in a source's words, denies it
    ("Greece said it had no evidence that Turkey had fired missiles at Greek ships.", ("turkey", "attacks", "greece", "denied")),
    # a purpose clause is intended
    ("Qatar is leaning on Hamas so that Hamas in turn leans on Hezbollah.", ("qatar", "pressures", "hamas", "asserted")),
])
def test_modality_mechanisms(run, text, expected):
    assert expected in triples(run(text), True), (text, triples(run(text), True))


def test_expletive_it_is_no_actor(run):
    claims = run("Chile met Peru. It is clear that the talks failed. It doesn't appear that Bolivia criticized Chile.")
    assert not any(c.subject.id == "peru" and c.relation == "criticizes" for c in claims)


def test_state_run_body_without_a_state_belongs_to_the_articles_state(run):
    text = ("Kazakhstan criticized Russia. Kazakhstan also criticized China. Dana Orlova, an analyst at the "
            "state-run think tank Institute of Strategic Studies, criticized Kyrgyzstan.")
    got = triples(run(text))
    assert ("institute-of-strategic-studies", "part-of", "kazakhstan") in got
    assert ("dana-orlova", "affiliated-with", "institute-of-strategic-studies") in got


# ---------------------------------------------------------------- the development set (tests/data/dev)

DEV = ROOT / "tests" / "data" / "dev"


DEV2 = ROOT / "tests" / "data" / "dev2"   # a second, fresh set written before the extractor ran on it
DEV3 = ROOT / "tests" / "data" / "dev3"   # annotated independently of the extractor
DEV4 = ROOT / "tests" / "data" / "dev4"   # annotated independently of the extractor


def _dev_golds(d=DEV):
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.json"))]


def test_dev_set_pairs_up():
    texts = {p.name for p in DEV.glob("*.txt")}
    assert texts == {g["document"] for g in _dev_golds()} and 8 <= len(texts) <= 12


def test_dev2_set_pairs_up():
    texts = {p.name for p in DEV2.glob("*.txt")}
    assert texts == {g["document"] for g in _dev_golds(DEV2)} and len(texts) >= 6


@pytest.mark.parametrize("where, gold", [(d, g) for d in (DEV, DEV2, DEV3, DEV4) for g in _dev_golds(d)],
                         ids=lambda x: x["document"] if isinstance(x, dict) else x.name)
def test_dev_gold_integrity(where, gold):
    """The checks the challenge set passes: evidence verbatim (one whole sentence, no padding),
    every name in the text, no name shared by two actors, rollups and ends among the actors."""
    import re

    from kg import evaluate as ev

    text = (where / gold["document"]).read_text(encoding="utf-8")
    assert re.match(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}$", text.splitlines()[0])
    ids = [a["id"] for a in gold["actors"]]
    assert len(ids) == len(set(ids))
    owner = {}
    for a in gold["actors"]:
        assert a["rollup"] in ids and a["names"]
        for name in a["names"]:
            assert name in text, f"name {name!r} of {a['id']} not in text"
            assert owner.setdefault(ev.normalise(name), a["id"]) == a["id"], name
    required, optional = set(), set()
    for rel in gold["relations"]:
        assert rel["relation"] in relations() and rel["modality"] in modalities()
        assert rel["subject"] in ids and rel["object"] in ids and rel["subject"] != rel["object"]
        assert rel["attributed_to"] is None or rel["attributed_to"] in ids
        assert rel["evidence"] in text and rel["evidence"] == rel["evidence"].strip()
        t = ev.canonical_triple(rel["subject"], rel["relation"], rel["object"])
        (optional if rel["optional"] else required).add(t)
    assert required and not required & optional


@pytest.mark.parametrize("DEV", [DEV, DEV2, DEV3, DEV4], ids=["dev", "dev2", "dev3", "dev4"])
def test_dev_gold_fed_back_scores_one(tmp_path, DEV):
    """Gold required rows as predictions (labelled with each actor's first name) score 1.000 at every
    level, with kg.evaluate and, when it is there, the reference scorer."""
    from kg import evaluate as ev

    claims = []
    for gold in _dev_golds(DEV):
        actors = {a["id"]: a for a in gold["actors"]}

        def actor(i):
            a = actors[i]
            return {"id": i, "label": a["names"][0], "type": a["type"], "aliases": a["names"][1:]}

        claims += [{"document": gold["document"], "subject": actor(r["subject"]), "relation": r["relation"],
                    "object": actor(r["object"]), "modality": r["modality"], "attributed_to": None,
                    "evidence": r["evidence"]} for r in gold["relations"] if not r["optional"]]
    result = ev.score(DEV, claims)
    for level in ev.LEVELS:
        assert result[level]["precision"] == result[level]["recall"] == 1.0, level
    if SCORER.exists():
        path = tmp_path / "gold.jsonl"
        path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
        out = subprocess.run([sys.executable, str(SCORER), str(DEV), str(path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert out.stdout.count("F1=1.000") == 4, out.stdout


# exact F1 the extractor must keep (a little under what it scored when this was written): a change
# that loses recall or precision on text it was not written for fails here, not in production
QUALITY_FLOORS = {"seeds": 0.75, "dev3": 0.64, "dev4": 0.54, "sentences": 0.66}


@pytest.mark.parametrize("name, floor", sorted(QUALITY_FLOORS.items()))
def test_extraction_quality_floor(nlp, name, floor):
    from kg import evaluate as ev
    from kg.model import Document

    where = ROOT / "seeds" if name == "seeds" else ROOT / "tests" / "data" / name
    gold = where / "gold" if name == "seeds" else where
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in sorted(where.glob("*.txt"))]
    claims = [c for _d, cs in extract.extract_documents(docs) for c in cs]
    result = ev.score(gold, claims)
    assert result["exact"]["f1"] >= floor, ev.format_report(result)
    if name == "seeds":   # the targets on the development set
        assert result["state"]["f1"] >= 0.85 and result["modality"]["f1"] >= 0.65, ev.format_report(result)


# ---------------------------------------------------------------- generalisation mechanisms

@pytest.mark.parametrize("text, expected", [
    # a relative pronoun and "whose" stand for their antecedent
    ("Norway, which supplies weapons to Ukraine, criticized Hungary.", ("norway", "supplies-arms-to", "ukraine", "asserted")),
    ("Canada, whose troops left Afghanistan in 2014, criticized Pakistan.", ("canada", "withdraws-from", "afghanistan", "asserted")),
    # coordinated passive participles share the by-agent
    ("Armenia was armed and financed by Russia.", ("russia", "supplies-arms-to", "armenia", "asserted")),
    # calling an actor's act or words something bad criticises the actor
    ("Tehran dismissed Washington's statement as \"a lie\".", ("iran", "criticizes", "united-states", "asserted")),
    ("Caracas said the British naval deployment was a provocation.", ("venezuela", "criticizes", "united-kingdom", "asserted")),
    # a state named inside an organ's name; an organ's vehicles act for it
    ("The Indian Foreign Ministry criticized Canada.", ("indian-foreign-ministry", "part-of", "india", "asserted")),
    ("Turkish coast guard vessels fired water cannon at Greek boats.", ("turkish-coast-guard", "attacks", "greece", "asserted")),
    # collectives named by a bloc word are groups of their own
    ("Western governments accused Belarus of staging the crisis.", ("western-governments", "accuses", "belarus", "asserted")),
    # troops arriving deploy; the warning that someone "would pay" threatens them
    ("Indian troops arrived in the Maldives on Monday.", ("indian-armed-forces", "deploys-forces-in", "maldives", "asserted")),
    ("Iran warned that Israel would pay a heavy price.", ("iran", "threatens", "israel", "asserted")),
    # a completed accession is a membership, not a plan
    ("Finland joined NATO in 2023.", ("finland", "member-of", "nato", "asserted")),
    # "a charge X rejects": X denies the accuser
    ("Kenya accused Somalia of harbouring militants, a charge Mogadishu rejects.", ("somalia", "denies", "kenya", "asserted")),
    # an apposition's title with "to" and an of-phrase naming a state body gives the state
    ("Ali Hassan, an adviser to Kenyan President William Ruto, criticized Uganda.", ("ali-hassan", "official-of", "kenya", "asserted")),
])
def test_generalisation_mechanisms(run, text, expected):
    got = triples(run(text), with_modality=True)
    assert expected in got, (text, sorted(got))


@pytest.mark.parametrize("text, unexpected", [
    # a state and an organisation merely named together are no membership evidence
    ("Egypt urged the African Union to act on Sudan.", ("egypt", "member-of", "african-union")),
    # rejecting a charge is denying it, not rejecting the accuser
    ("Kenya accused Somalia of harbouring militants, a charge Mogadishu rejects.", ("somalia", "rejects", "kenya")),
    # "its" in a prepositional phrase is the nearest actor, not the clause's subject
    ("Latvia says it applies sanctions imposed on Russia over its invasion of Ukraine.", ("latvia", "attacks", "ukraine")),
])
def test_generalisation_precision(run, text, unexpected):
    assert unexpected not in triples(run(text)), text


def test_evidence_has_no_surrounding_white_space(run):
    text = "Mon, 2 Jan 2023\n\nBrazil condemned Venezuela.   \n\n  Chile praised Argentina.\n"
    claims = run(text)
    assert claims
    for c in claims:
        assert c.evidence == c.evidence.strip() and text[c.char_start:c.char_end] == c.evidence


def test_known_outlet_in_an_apposition_gets_its_gazetteer_link(run):
    claims = run("The Russian newspaper Kommersant reported that Moscow had criticized Baku.")
    assert ("kommersant", "based-in", "russia") in triples(claims)


# ---------------------------------------------------------------- gazetteer links, groups, sides, events

def test_gazetteer_link_when_the_phrase_states_it(run):
    # a government body implies its state; a possessive states an armed group's base; nothing for a bare name
    got = triples(run("The U.S. Treasury said the network had moved funds. Russia's Wagner Group denied it. "
                      "Hamas said the talks had stalled."))
    assert ("us-treasury", "part-of", "united-states") in got
    assert ("wagner-group", "based-in", "russia") in got
    assert not any(s == "hamas" and r in ("based-in", "part-of") for s, r, _o in got)


def test_department_official_is_the_states_official(run):
    got = triples(run("Pentagon spokesman John Kirby criticized Iran on Monday."))
    assert ("john-kirby", "official-of", "united-states") in got
    assert ("us-department-of-defense", "part-of", "united-states") in got


def test_group_noun_of_a_known_actor_is_the_actor(run):
    got = triples(run("Houthi militants fired missiles at Saudi Arabia. Hezbollah officials criticized Israel."))
    assert ("houthis", "attacks", "saudi-arabia") in got
    assert ("hezbollah", "criticizes", "israel") in got
    assert not any("militants" in s or "officials" in s for s, _r, _o in got)


def test_sanctions_on_a_state_body_reach_the_state(run):
    got = triples(run("The European Union imposed sanctions on Belarus's interior ministry."))
    assert ("eu", "sanctions", "belarus") in got


def test_headline_comma_coordination(run):
    got = triples(run("Kenya, Somalia sign security pact"))
    assert ("kenya", "agrees-with", "somalia") in got


def test_both_sides_of_a_dispute_without_fighting(run):
    got = triples(run("Colombia accused Ecuador of harbouring rebels. Chile urged both sides to resolve the dispute."))
    assert {("chile", "demands", "colombia"), ("chile", "demands", "ecuador")} <= got


def test_plural_them_in_sentence_and_from_the_last_pair(run):
    got = triples(run("Kenya and Somalia held talks in Nairobi. Egypt urged them to reach a deal."))
    assert {("egypt", "demands", "kenya"), ("egypt", "demands", "somalia")} <= got
    got = triples(run("Indian Prime Minister Narendra Modi thanked Japan and Australia but urged them to invest more."))
    assert {("narendra-modi", "demands", "japan"), ("narendra-modi", "demands", "australia")} <= got


def test_came_under_criticism_from(run):
    got = triples(run("Hungary came under sharp criticism from Romania and Slovakia over the law. "
                      "Nigeria faced pressure from Ghana over the border."))
    assert {("romania", "criticizes", "hungary"), ("slovakia", "criticizes", "hungary")} <= got
    assert ("ghana", "pressures", "nigeria") in got


def test_brokered_talks_mediate_and_agreement_after_talks(run):
    got = triples(run("Rwandan President Paul Kagame and Congolese President Felix Tshisekedi agreed on Friday to "
                      "a truce, after talks in Luanda that were brokered by Angola."))
    assert ("angola", "mediates", "rwanda") in got and ("angola", "mediates", "dr-congo") in got
    assert ("felix-tshisekedi", "consults", "paul-kagame") in got or ("paul-kagame", "consults", "felix-tshisekedi") in got


def test_summoned_or_recalled_envoy_is_a_protest_against_the_state(run):
    got = triples(run("China summoned the Japanese ambassador on Monday. "
                      "Algeria recalled its ambassador from Madrid."))
    assert ("china", "demands", "japan") in got
    assert ("algeria", "sanctions", "spain") in got
    assert not any(s == "japanese-ambassador" for s, _r, _o in got)


def test_the_decision_refers_to_the_earlier_act(run):
    got = triples(run("Australia imposed sanctions on Iran over the crackdown. "
                      "Iran's foreign ministry condemned the decision on Tuesday."))
    assert ("iranian-foreign-ministry", "criticizes", "australia") in got


# ---------------------------------------------------------------- recall mechanisms (dev2 round)

@pytest.mark.parametrize("text, expected", [
    # "..., a charge X denies" read off the surface when the parse breaks
    ("Nigeria has blamed Niger for sheltering the gunmen, a charge Niamey denies.", ("niger", "denies", "nigeria")),
    # "X denied V-ing": X denies whoever accused it shortly before
    ("Kenya accused Uganda of arming the rebels. Uganda denied supplying the group.", ("uganda", "denies", "kenya")),
    # "fought alongside X" is military cooperation
    ("Chadian troops fought alongside Malian forces near Gao.", ("chadian-armed-forces", "cooperates-militarily-with", "malian-armed-forces")),
    # suspending or cutting aid to a state sanctions it
    ("Germany suspended development aid to Niger after the coup.", ("germany", "sanctions", "niger")),
    # ordering an envoy to leave is an expulsion
    ("Algeria ordered the French ambassador to leave the country.", ("algeria", "sanctions", "france")),
    # a participle after a comma on a controlled verb is the matrix subject's act
    ("Peru ordered Mexico's ambassador to leave, accusing Mexico of meddling.", ("peru", "accuses", "mexico")),
    # a vow of revenge threatens the adversary; "make X pay"
    ("Armenia shelled Azerbaijan. Azerbaijani President Ilham Aliyev vowed to retaliate.", ("ilham-aliyev", "threatens", "armenia")),
    ("Turkey vowed to make Syria pay a heavy price.", ("turkey", "threatens", "syria")),
    # "all sides" of a fight with a person on one side are the states
    ("Ukrainian drones attacked Russian President Vladimir Putin. China urged both sides to show restraint.",
     ("china", "demands", "russia")),
])
def test_dev2_recall_mechanisms(run, text, expected):
    got = triples(run(text))
    assert expected in got, (text, sorted(got))


@pytest.mark.parametrize("text, unexpected", [
    # a vow "at a time of its choosing" does not threaten the vower's own state
    ("India struck Pakistan. Pakistani Prime Minister Imran Khan vowed to respond at a time of Pakistan's choosing.",
     ("imran-khan", "threatens", "pakistan")),
    # ordering troops to leave is no expulsion of a state
    ("Mali ordered its troops to leave the border area.", ("mali", "sanctions", "malian-armed-forces")),
    # a denial with no earlier accuser denies no one
    ("Uganda denied supplying the group.", ("uganda", "denies", "kenya")),
])
def test_dev2_recall_precision(run, text, unexpected):
    assert unexpected not in triples(run(text)), text


# ---------------------------------------------------------------- general phenomena of the genre (issue 3)

def test_event_anaphor_prefers_an_asserted_act(run):
    claims = run("Gunmen attacked a police station in northern Burkina Faso on Monday. Officials said "
                 "jihadists may have also attacked a village in Niger. The African Union condemned the attack.")
    got = {t for t in triples(claims) if t[1] == "criticizes"}
    assert got == {("au", "criticizes", "gunmen")}, got


def test_the_two_countries_are_the_pair_named_together_not_the_venue(run):
    claims = run("Serbia and Croatia held talks in Brussels. The two countries agreed to normalise relations.")
    assert ("croatia", "agrees-with", "serbia") in triples(claims)
    assert not any("belgium" in t for t in triples(claims) if t[1] != "visits")   # the venue is visited only


def test_reciprocal_each_other_and_both_sides(run):
    claims = run("Pakistan and Afghanistan traded fire along the border on Sunday. "
                 "Both sides blamed one another for the clashes.")
    got = triples(claims)
    assert ("afghanistan", "clashes-with", "pakistan") in got
    assert {("pakistan", "accuses", "afghanistan"), ("afghanistan", "accuses", "pakistan")} <= got
    assert not any(t[1] == "cooperates-with" for t in got)   # trading fire is no trade
    claims = run("Ethiopia and Eritrea signed a peace deal in 2018. Both countries have since accused each other "
                 "of violating it.")
    assert {("ethiopia", "accuses", "eritrea"), ("eritrea", "accuses", "ethiopia")} <= triples(claims)


def test_intent_carries_to_every_conjunct(run):
    got = triples(run("Germany vowed to send more tanks to Ukraine and impose new sanctions on Russia."), True)
    assert ("germany", "supplies-arms-to", "ukraine", "intended") in got
    assert ("germany", "sanctions", "russia", "intended") in got
    got = triples(run("Tokyo and Manila will sign an agreement on Friday."), True)
    assert {t[3] for t in got if t[1] == "agrees-with"} == {"intended"}


def test_a_person_joining_is_no_membership(run):
    got = triples(run("Ukrainian President Volodymyr Zelenskiy joined NATO leaders at the summit in Vilnius."))
    assert not any(t[1] == "member-of" for t in got), got


def test_membership_only_where_the_sentence_states_it(run):
    got = triples(run("NATO, which Romania joined in 2004, has expanded its presence in Romania, Bulgaria and Hungary."))
    members = {t for t in got if t[1] == "member-of"}
    assert members == {("romania", "member-of", "nato")}, members
    got = triples(run("Poland and Hungary, both members of the European Union, disagreed over Ukraine."))
    assert {("poland", "member-of", "eu"), ("hungary", "member-of", "eu")} <= got
    got = triples(run("Finnish President Sauli Niinisto said Finland would join NATO."), True)
    assert ("finland", "member-of", "nato", "asserted") not in got


def test_meeting_in_a_capital_is_a_visit(run):
    got = triples(run("Brazilian President Luiz Inacio Lula da Silva met Argentine President Javier Milei in "
                      "Buenos Aires on Monday."))
    assert ("luiz-inacio-lula-da-silva", "visits", "argentina") in got
    assert ("javier-milei", "visits", "argentina") not in got


def test_help_x_rebuild_aids_x(run):
    assert ("japan", "aids", "ukraine", "intended") in triples(
        run("Japan pledged to help Ukraine rebuild its power grid."), True)


def test_congo_is_the_drc_unless_the_article_says_brazzaville(run):
    got = triples(run("Congo expelled Rwanda's ambassador on Saturday after clashes near Goma."))
    assert ("dr-congo", "sanctions", "rwanda") in got
    got = triples(run("Congo signed an oil deal with China. Officials in Brazzaville said the Republic of Congo "
                      "would also cooperate with Angola."))
    assert ("china", "agrees-with", "republic-of-the-congo") in got
    assert not any("dr-congo" in t for t in got)


def test_deployments_by_hosting_and_where_clauses(run):
    assert ("china", "deploys-forces-in", "djibouti") in triples(run("Djibouti hosts a Chinese military base."))
    assert ("france", "deploys-forces-in", "niger") in triples(
        run("Protests erupted in Niger, where France has about 1,500 troops."))


def test_contributors_of_a_force_deploy_where_it_does(run):
    got = triples(run("The African Union sent a peacekeeping mission to Somalia in 2007. "
                      "The mission includes soldiers from Uganda, Ethiopia and Djibouti."))
    assert {("uganda", "deploys-forces-in", "somalia"), ("ethiopia", "deploys-forces-in", "somalia"),
            ("djibouti", "deploys-forces-in", "somalia")} <= got


def test_titled_names_are_people_whatever_ner_says(run):
    got = triples(run("Kenyan President William Ruto and Ugandan President Yoweri Museveni met on Friday. "
                      "The two leaders praised each other."))
    assert ("william-ruto", "consults", "yoweri-museveni") in got
    assert {("william-ruto", "supports", "yoweri-museveni"), ("yoweri-museveni", "supports", "william-ruto")} <= got
    got = triples(run("Italian Prime Minister Giorgia Meloni met Tunisian President Kais Saied in Tunis. "
                      "Meloni praised Saied."))
    assert ("giorgia-meloni", "supports", "kais-saied") in got


def test_headline_infinitive_is_intended_and_attributed(run):
    claims = run("Russia to send troops to Belarus, Kremlin warns\n"
                 "Russian forces will hold joint drills with Belarus next month, officials said.")
    dep = [c for c in claims if c.relation == "deploys-forces-in"]
    assert dep and {c.modality for c in dep} == {"intended"}, [(c.subject.id, c.modality) for c in dep]
    assert dep[0].attributed_to is not None and dep[0].attributed_to.id == "russia"


@pytest.mark.parametrize("text, expected", [
    # passive deployment with the force as subject
    ("Russian troops were deployed to Belarus in February.", ("russian-armed-forces", "deploys-forces-in", "belarus")),
    # a participle on a nominalisation carries its target
    ("The sanctions imposed on Iran by the European Union were extended.", ("eu", "sanctions", "iran")),
    # the source of a purchase hangs on the purchased thing
    ("Washington criticized India's purchase of S-400 systems from Russia.", ("russia", "supplies-arms-to", "india")),
    # evacuating one's embassy in a capital withdraws from that state
    ("Egypt said it would evacuate its embassy in Khartoum.", ("egypt", "withdraws-from", "sudan")),
    # a leader applying to join an organisation by name joins it for the state
    ("Moldovan President Maia Sandu has applied to join the European Union.", ("moldova", "member-of", "eu")),
    # "the federal government" is the state the article is about
    ("Ethiopia declared a state of emergency. The rebels accused the federal government of starving the region.",
     ("rebels", "accuses", "ethiopia")),
    # "condemned the killing": the author of the killing named before
    ("A U.S. drone killed an Iranian general in Baghdad. Iran's foreign minister condemned the killing.",
     ("mohammad-javad-zarif", "criticizes", "united-states")),
])
def test_general_phenomena(run, text, expected):
    date = "2020-01-05" if "drone killed" in text else "2023-05-10"
    assert expected in triples(run(text, date=date)), (text, triples(run(text, date=date)))


def test_said_and_blamed_is_the_speakers_own_accusation(run):
    got = triples(run("Qatar's foreign ministry said the attack was unacceptable and blamed Israel for the escalation."),
                  True)
    assert ("qatari-foreign-ministry", "accuses", "israel", "asserted") in got


@pytest.mark.parametrize("text, expected", [
    # a quantity phrase stands between the verb and the aid noun
    ("Norway sent 40 truckloads of medical aid to Gaza.", ("norway", "aids", "gaza-strip")),
    ("Germany pledged $2 billion in humanitarian assistance to Yemen.", ("germany", "aids", "yemen")),
    # the people of a place stand for it as the recipient
    ("UNICEF delivered vaccines and food aid to families in Haiti.", ("unicef", "aids", "haiti")),
    # holding someone responsible is an accusation
    ("Lithuania holds Belarus responsible for the migrant crossings.", ("lithuania", "accuses", "belarus")),
    # a nominal accusation with a that-clause
    ("Baghdad's accusation that Turkey was behind the drone strike was dismissed by Ankara.",
     ("iraq", "accuses", "turkey")),
    # a hyphenated participle names the mediator of the agreement
    ("Ethiopia and Eritrea signed a Saudi-brokered peace deal in Jeddah.", ("saudi-arabia", "mediates", "eritrea")),
    # fighters, advisers and the like are forces too; the place may hang on them
    ("Turkey has deployed about 2,000 fighters in northern Libya.", ("turkey", "deploys-forces-in", "libya")),
    ("Rwandan troops pushed deep into eastern Congo last week.", ("rwandan-armed-forces", "deploys-forces-in", "dr-congo")),
    # a word of a title's of-phrase is no actor; an NER-labelled demonym is the gazetteer's
    ("UK Secretary of State David Lammy arrived in Kyiv.", ("david-lammy", "official-of", "united-kingdom")),
    ("Abkhaz leader Aslan Bzhania met Russian officials.", ("aslan-bzhania", "leader-of", "abkhazia")),
    # a domain chief is an official, not the leader
    ("Kenya's police chief, Japhet Koome, visited Haiti.", ("japhet-koome", "official-of", "kenya")),
])
def test_round6_phenomena(run, text, expected):
    got = triples(run(text))
    assert expected in got, (text, got)


def test_a_line_after_a_date_line_is_one_sentence(run):
    # the parser must not cut "Chile | accused Peru ..." after a date line
    got = triples(run("Tue, 3 Sep 2024\n\nChile accused Peru of violating its airspace.\n"))
    assert ("chile", "accuses", "peru") in got


def test_a_negated_verb_negates_the_act_it_takes(run):
    got = triples(run("The African Union has not imposed any sanctions on Guinea.\n\n"
                      "Canada imposed no tariffs on Mexico."), True)
    assert ("au", "sanctions", "guinea", "negated") in got
    assert ("canada", "sanctions", "mexico", "negated") in got
    assert not {t for t in got if t[3] == "asserted" and t[1] == "sanctions"}


def test_a_text_speaks_for_its_author(run):
    got = triples(run("The Arab League adopted a resolution calling on Sudan to end the fighting.\n\n"
                      "Ottawa's demand that India cooperate with the inquiry was ignored."))
    assert ("arab-league", "demands", "sudan") in got
    assert ("canada", "demands", "india") in got


def test_passive_control_and_trips_in_time_phrases(run):
    got = triples(run("Kenyan President William Ruto is expected to travel to Addis Ababa next week.\n\n"
                      "Slovak Prime Minister Robert Fico drew criticism after a trip to Beijing."), True)
    assert ("william-ruto", "visits", "ethiopia", "intended") in got
    assert ("robert-fico", "visits", "china", "asserted") in got


def test_the_country_and_the_kingdom_are_the_state_last_named(run):
    got = triples(run("Morocco and Algeria broke off diplomatic ties with Iran in 2018, accusing the country of "
                      "arming separatists."))
    assert {("morocco", "sanctions", "iran"), ("algeria", "sanctions", "iran"), ("morocco", "accuses", "iran")} <= got


def test_said_and_then_urged_is_the_speaker(run):
    got = triples(run("Indonesian Foreign Minister Retno Marsudi said Chinese vessels had entered the zone, "
                      "and urged Beijing to respect the ruling."))
    assert ("retno-marsudi", "demands", "china") in got
    assert not {t for t in got if t[1] == "demands" and t[0] != "retno-marsudi"}


def test_a_person_leaving_a_country_does_not_withdraw_from_it(run):
    got = triples(run("Niger ordered the French ambassador, Sylvain Itte, to leave the country within 48 hours."))
    assert not {t for t in got if t[1] == "withdraws-from"}


def test_rejecting_the_accusations_denies_the_accusers(run):
    got = triples(run("Egypt and Jordan accused Libya of harbouring militants.\n\n"
                      "Tripoli has rejected the accusations as baseless."))
    assert {("libya", "denies", "egypt"), ("libya", "denies", "jordan")} <= got


def test_an_office_without_a_state_is_the_sentences_or_the_articles(run):
    got = triples(run("Chile will not sign the pact, Foreign Minister Alberto van Klaveren said."))
    assert ("alberto-van-klaveren", "official-of", "chile") in got
    got = triples(run("Peru recalled its envoy. Peru said the decision was final. Peru will appeal.\n\n"
                      "Foreign Minister Javier Gonzalez-Olaechea spoke to reporters."))
    assert ("javier-gonzalez-olaechea", "official-of", "peru") in got


def test_a_state_name_before_a_title_and_a_given_name_before_a_person(run):
    got = triples(run("Marshall Islands President Hilda Heine told reporters the deal was fair."))
    assert ("hilda-heine", "leader-of", "marshall-islands") in got
    claims = run("Mahamat Idriss Deby, the Chadian president, said the talks went well.")
    assert any(c.subject.label.startswith("Mahamat Idriss") and c.relation == "leader-of" for c in claims)
    claims = run("Omar Hamza Jilani, the Somali planning minister, said the talks went well.")
    assert any(c.subject.label == "Omar Hamza Jilani" and c.relation == "official-of" for c in claims), \
        [(c.subject.label, c.relation) for c in claims]


def test_recognition_and_standing_behind_are_support(run):
    got = triples(run("Nicaragua recognised the independence of Abkhazia.\n\nGreece does not recognize Kosovo.\n\n"
                      "Japan stands firmly behind the Philippines."), True)
    assert ("nicaragua", "supports", "abkhazia", "asserted") in got
    assert ("greece", "supports", "kosovo", "negated") in got
    assert ("japan", "supports", "philippines", "asserted") in got


def test_a_leaders_decision_is_criticised_as_the_states(run):
    got = triples(run("Venezuelan President Nicolas Maduro recognised the independence of Abkhazia.\n\n"
                      "Georgian President Salome Zourabichvili condemned the decision."))
    assert ("salome-zourabichvili", "criticizes", "venezuela") in got


def test_a_base_in_apposition_to_the_hosted_name(run):
    got = triples(run("Djibouti hosts Camp Lemonnier, the largest US military base in Africa."))
    assert ("united-states", "deploys-forces-in", "djibouti") in got


# ---------------------------------------------------------------- round 7: groups, ranks, possessor anaphors

def test_a_state_name_ner_ran_into_the_title_is_the_titles_state(run):
    # NER often reads "[New Zealand Prime] Minister X" as one name: the title still names the state
    t = triples(run("New Zealand Prime Minister Chris Hipkins told reporters on Monday that Wellington "
                    "would not join the pact."))
    assert ("chris-hipkins", "leader-of", "new-zealand") in t
    assert not any("prime" in s for s, _r, _o in t)


def test_military_ranks_are_titles_not_names(run):
    claims = run("Brig. Gen. Ahmed Salim, a Jordanian army spokesman, said on Sunday that Syria had shelled "
                 "the border post.")
    ids = {a.id for c in claims for a in (c.subject, c.object)}
    assert "ahmed-salim" in ids
    assert not any(i.startswith("brig") for i in ids)


def test_the_groups_spokesman_is_an_official_of_the_armed_group_named_last(run):
    t = triples(run("Ethiopian troops advanced on positions held by the Tigray People's Liberation Front.\n\n"
                    "\"They will pay for this,\" Getachew Reda, the group's spokesman, told reporters."))
    assert any(s == "getachew-reda" and r == "official-of" and o.startswith("tigray") for s, r, o in t)


def test_the_three_countries_are_the_last_three_states_named_together(run):
    t = triples(run("Guatemala, Honduras and El Salvador signed a migration pact with Washington on Monday.\n\n"
                    "The three countries accused Mexico of blocking the talks."))
    for state in ("guatemala", "honduras", "el-salvador"):
        assert (state, "accuses", "mexico") in t


def test_a_number_without_a_group_named_resolves_to_nothing(run):
    t = triples(run("Chile and Peru held talks in Lima.\n\nThe three countries accused Bolivia of stalling."))
    assert not any(r == "accuses" for _s, r, _o in t)


def test_both_leaders_after_two_states_are_their_leaders(run):
    t = triples(run("Brazilian President Luiz Inacio Lula da Silva and Argentine President Javier Milei met "
                    "in Brasilia.\n\nFrench President Emmanuel Macron congratulated both leaders, his office said."))
    assert ("emmanuel-macron", "supports", "javier-milei") in t
    assert not any(r == "supports" and o in ("brazil", "argentina") for _s, r, o in t)


def test_an_organisations_apposition_gives_its_state_or_parent(run):
    t = triples(run("Boko Haram, the Nigerian jihadist group, claimed the attack on the army base."))
    assert ("boko-haram", "based-in", "nigeria") in t
    t = triples(run("The Daily Star, Bangladesh's largest English-language newspaper, reported that Dhaka "
                    "had summoned India's envoy."))
    assert any(s.startswith("daily-star") and r == "based-in" and o == "bangladesh" for s, r, o in t)
    t = triples(run("UNICEF, a United Nations agency, sent vaccines to Yemen."))
    assert any(r == "part-of" and o in ("un", "united-nations") for s, r, o in t)


def test_think_tank_is_read_as_a_noun_and_evidence_keeps_the_text(run):
    claims = run("The Carnegie Endowment, a Washington think tank, criticized Moscow over the strikes.")
    t = triples(claims)
    assert not any(s == "united-states" and r == "criticizes" for s, r, _o in t)
    assert all("think tank" in c.evidence for c in claims)


def test_a_states_province_or_port_stands_for_the_state_as_a_place(run):
    t = triples(run("Chad has deployed hundreds of troops in Niger's Tillaberi region to fight jihadists."))
    assert ("chad", "deploys-forces-in", "niger") in t
    t = triples(run("Israeli jets struck targets in Syria's Homs province overnight."))
    assert any(r == "attacks" and o == "syria" for _s, r, o in t)


def test_its_consulate_in_a_capital_stays_its_owners(run):
    t = triples(run("Pakistan condemned a strike on its consulate in Kabul."))
    assert not any(o == "afghanistan" for _s, _r, o in t)


def test_an_office_holder_without_a_state_speaks_of_their_state(run):
    t = triples(run("Peru recalled its ambassador from Bogota on Monday.\n\nForeign Minister Elmer Schialer said "
                    "Lima would not accept the insult."))
    assert ("elmer-schialer", "official-of", "peru") in t


def test_closing_a_border_or_airspace_to_a_state_sanctions_it(run):
    t = triples(run("Algeria closed its airspace to Moroccan aircraft on Wednesday."), with_modality=True)
    assert ("algeria", "sanctions", "morocco", "asserted") in t
    t = triples(run("Latvia said it had no plans to close its border with Belarus."), with_modality=True)
    assert ("latvia", "sanctions", "belarus", "negated") in t


def test_calling_an_act_unjust_criticises_its_author(run):
    t = triples(run("Kenya expelled Somalia's ambassador on Monday.\n\n"
                    "Somalia's cabinet called the expulsion unjust and arbitrary."))
    assert any(r == "criticizes" and o == "kenya" for _s, r, o in t)


def test_a_family_name_first_and_a_surname_ner_missed_are_the_person_named_before(run):
    t = triples(run("South Korean President Lee Jae-myung arrived in Tokyo on Monday.\n\n"
                    "Lee held talks with Japanese Prime Minister Shigeru Ishiba."))
    assert ("lee-jae-myung", "consults", "shigeru-ishiba") in t or ("shigeru-ishiba", "consults", "lee-jae-myung") in t
    assert not any("lee" == s or "lee" == o for s, _r, o in t)


def test_an_office_holder_without_a_state_in_a_datelined_story_is_of_the_dateline_state(run):
    text = ("Mon, 3 Mar 2025\n\nOSLO, March 3 (Reuters) - Norway accused Russia of violating its fishing "
            "rights on Monday.\n\nDefence Minister Tore Sandvik said the patrols would continue.")
    claims = run(text, date="2025-03-03")
    t = triples(claims)
    assert ("tore-sandvik", "official-of", "norway") in t
    # the dateline's agency is no actor of the story, and the evidence is the text as written
    assert not any("reuters" in a.id for c in claims for a in (c.subject, c.object))
    assert ("norway", "accuses", "russia") in t
    assert all(text[c.char_start:c.char_end] == c.evidence for c in claims)


def test_a_title_with_the_holder_in_apposition(run):
    t = triples(run("The president of Chile, Gabriel Boric, criticized the decision."))
    assert ("gabriel-boric", "leader-of", "chile") in t
    t = triples(run("The head of the Kenyan mission, Peter Otieno, was detained by police."))
    assert ("peter-otieno", "official-of", "kenya") in t


def test_each_title_in_a_coordinated_apposition(run):
    t = triples(run("Miguel Diaz-Canel, first secretary of the Communist Party of Cuba and president of Cuba, "
                    "met the delegation."))
    assert ("miguel-diaz-canel", "leader-of", "cuba") in t


def test_a_body_whose_name_says_it_governs_is_part_of_its_state(run):
    claims = run("Ghana's National Security Council met on Monday.")
    t = triples(claims)
    assert any(r == "part-of" and o == "ghana" for _s, r, o in t)
    assert not any(a in ("for", "of") for c in claims for a in c.subject.aliases)


def test_an_organisations_possessive_is_the_organisation(run):
    claims = run("Kaja Kallas, the European Union's foreign policy chief, said the bloc would send more aid to Moldova.")
    t = triples(claims)
    assert ("kaja-kallas", "official-of", "eu") in t
    assert not any("'s" in a.label or "'s" in a.aliases for c in claims for a in (c.subject, c.object))


def test_mediation_as_an_intermediary_and_by_a_broker_of_talks(run):
    t = triples(run("Norway acted as an intermediary in secret talks between Colombia and the ELN rebels."))
    assert ("norway", "mediates", "colombia") in t
    t = triples(run("Talks between Israel and Hamas, brokered by Egypt and Qatar, stalled on Sunday."))
    assert {("egypt", "mediates", "israel"), ("qatar", "mediates", "hamas")} <= t


def test_what_an_actor_is_not_is_negated_and_what_it_is_instructed_to_do_is_intended(run):
    t = triples(run("Egypt is not an ally of Iran."), with_modality=True)
    assert ("egypt", "allies-with", "iran", "negated") in t or ("iran", "allies-with", "egypt", "negated") in t
    t = triples(run("Putin instructed the foreign ministry to begin talks with Georgia."), with_modality=True)
    assert not any(r == "consults" and m == "asserted" for _s, r, _o, m in t)


def test_troops_from_states_and_weapons_stationed_deploy(run):
    t = triples(run("African Union peacekeepers from Burundi and Uganda are deployed in Somalia."))
    assert {("burundi", "deploys-forces-in", "somalia"), ("uganda", "deploys-forces-in", "somalia")} <= t
    t = triples(run("The United States has stationed nuclear weapons in Turkey for decades."))
    assert ("united-states", "deploys-forces-in", "turkey") in t
    t = triples(run("Police officers from Rwanda arrived in the Central African Republic on Monday."))
    assert any(s == "rwanda" and r == "deploys-forces-in" for s, r, _o in t)


def test_a_counterpart_from_a_state_named_in_apposition(run):
    t = triples(run("Japanese Defence Minister Gen Nakatani met his counterpart from the Philippines, Gilberto Teodoro, "
                    "in Manila on Sunday."))
    assert ("gilberto-teodoro", "official-of", "philippines") in t
    assert not any(s.startswith("japanese-defence") for s, _r, _o in t)


def test_the_junta_is_the_state_the_article_is_about(run):
    t = triples(run("Guinea's military seized power in Conakry in 2021, and Guinea has been ruled by soldiers since.\n\n"
                    "The junta expelled the French ambassador on Monday."))
    assert ("guinea", "sanctions", "france") in t


def test_a_diplomatic_protest_lodged_with_an_envoy_criticises_the_envoys_state(run):
    t = triples(run("Japan lodged a strong protest with the Chinese ambassador on Tuesday."))
    assert ("japan", "criticizes", "china") in t


def test_saying_and_accusing_is_the_speakers_accusation(run):
    t = triples(run("Colombia's president defended the strike, saying the camp could not be tolerated and "
                    "accusing Venezuela of sheltering the rebels."))
    assert any(r == "accuses" and o == "venezuela" for _s, r, o in t)


def test_belonging_to_an_organisation_named_before_the_relative_clause(run):
    t = triples(run("The Shanghai Cooperation Organisation, to which Iran belongs, met in Astana.", date="2025-01-10"))
    assert ("iran", "member-of", "sco") in t


def test_who_speaks_after_meeting_someone_met_them(run):
    t = triples(run("Kenyan President William Ruto said after meeting Abiy Ahmed that the two countries would "
                    "expand trade."))
    assert ("abiy-ahmed", "consults", "william-ruto") in t or ("william-ruto", "consults", "abiy-ahmed") in t


def test_the_decision_far_from_its_act_is_the_storys_lead_decision(run):
    text = ("Mon, 4 Mar 2024\n\nTurkey recognised the Republic of Somaliland as a sovereign state on Monday.\n\n"
            "The move followed months of talks.\n\nOfficials in Ankara said more details would follow.\n\n"
            "The announcement was made at a press conference.\n\nTrade between the two is small.\n\n"
            "Investment talks are planned for next year.\n\n"
            "Somalia's president said the decision was unacceptable.")
    t = triples(run(text, date="2024-03-04"))
    assert any(r == "criticizes" and o == "turkey" for _s, r, o in t)


def test_the_government_of_a_datelined_story_is_the_datelines_state(run):
    text = ("Fri, 17 May 2024\n\nPARIS - France accused Azerbaijan of meddling on Thursday. Azerbaijan rejected "
            "the claim, and Azerbaijan's state media mocked France.\n\n"
            "The government expelled two diplomats of Azerbaijan on Friday.")
    t = triples(run(text, date="2024-05-17"))
    assert ("france", "sanctions", "azerbaijan") in t


def test_an_acts_of_phrase_names_its_author_but_a_victim_is_no_author(run):
    t = triples(run("Iran condemned the naval exercises of the United States in the Gulf."))
    assert ("iran", "criticizes", "united-states") in t
    t = triples(run("Egypt condemned the killing of Sudanese refugees by unknown gunmen."))
    assert not any(r == "criticizes" and o == "sudan" for _s, r, o in t)


def test_names_joined_by_a_hyphen_after_an_abbreviation_are_both_read(run):
    t = triples(run("Russia denounced the U.S.-Japan naval drills near its coast."))
    assert ("russia", "criticizes", "japan") in t and ("russia", "criticizes", "united-states") in t


def test_blaming_an_act_on_an_actor_accuses_the_actor(run):
    t = triples(run("Pakistan blamed the bombing on the Pakistani Taliban."))
    assert any(s == "pakistan" and r == "accuses" and "taliban" in o for s, r, o in t)


def test_receiving_or_joining_a_leader_is_a_meeting(run):
    t = triples(run("Indian Prime Minister Narendra Modi received Emirati President Mohamed bin Zayed in New Delhi."))
    assert any(r == "consults" and {s, o} == {"narendra-modi", "mohamed-bin-zayed"} for s, r, o in t)
    assert ("mohamed-bin-zayed", "visits", "india") in t
