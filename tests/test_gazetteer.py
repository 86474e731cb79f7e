"""Tests of the world actor gazetteer (kg.gazetteer and scripts/build_gazetteer.py)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rdflib import Graph, RDF, RDFS, OWL

from kg.gazetteer import load, normalise
from kg.vocab import ontology_dir

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
needs_data = pytest.mark.skipif(not (DATA / "countries.mledoze.json").exists(),
                                reason=f"shared source data not found at {DATA} (clone ../shared beside the repo)")
ACTORS = ontology_dir() / "actors"
KG = "https://w3id.org/geokg/ontology#"


@pytest.fixture(scope="module")
def gz():
    return load()


def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  REPO / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_data
def test_every_un_member_with_iso_codes(gz):
    mledoze = json.loads((DATA / "countries.mledoze.json").read_text(encoding="utf-8"))
    un_iso = {r["cca2"] for r in mledoze if r["unMember"]} - {"VA"}
    states = {a.iso2: a for a in gz.actors.values() if a.status == "un-member"}
    assert len(states) == 193 and set(states) == un_iso
    assert all(a.type == "State" and a.iso3 for a in states.values())
    observers = {a.id for a in gz.actors.values() if a.status == "un-observer"}
    assert observers == {"holy-see", "palestine"}


@pytest.mark.parametrize("actor_id, kind, status", [
    ("kosovo", "State", "partially-recognised"), ("taiwan", "State", "partially-recognised"),
    ("sahrawi-arab-democratic-republic", "State", "partially-recognised"),
    ("abkhazia", "State", "partially-recognised"), ("south-ossetia", "State", "partially-recognised"),
    ("transnistria", "State", "breakaway"), ("northern-cyprus", "State", "partially-recognised"),
    ("somaliland", "State", "breakaway"), ("donetsk-peoples-republic", "State", "breakaway"),
    ("luhansk-peoples-republic", "State", "breakaway"), ("artsakh", "State", "dissolved"),
    ("nagorno-karabakh", "Territory", "disputed"), ("crimea", "Territory", "disputed"),
    ("kashmir", "Territory", "disputed"), ("western-sahara", "Territory", "disputed"),
])
def test_breakaway_and_partially_recognised(gz, actor_id, kind, status):
    actor = gz.actors[actor_id]
    assert (actor.type, actor.status) == (kind, status)


def test_artsakh_dissolved(gz):
    assert gz.actors["artsakh"].valid_until == "2024-01-01"


@pytest.mark.parametrize("org", [
    "csto", "eaeu", "cis", "nato", "eu", "un", "osce", "sco", "brics", "guam-organization",
    "ots", "cica", "gcc", "au", "asean", "aukus", "quad", "union-state", "visegrad-group",
    "osce-minsk-group", "five-eyes", "bucharest-nine", "g-20", "opec", "oic", "arab-league"])
def test_organisations_have_members(gz, org):
    assert gz.actors[org].type == "Organization"
    assert gz.members(org)


def test_core_memberships(gz):
    csto = [m for m in gz.memberships("armenia", "2024-06-01") if m.organization == "csto"]
    assert [m.status for m in csto] == ["frozen"]
    assert "armenia" in gz.members("csto", "2023-01-01")
    assert "armenia" not in gz.members("csto", "2024-06-01")
    assert "uzbekistan" not in gz.members("csto", "2021-04-12")
    assert "uzbekistan" in gz.members("csto", "2010-01-01")
    assert len(gz.members("nato", "2025-01-01")) == 32
    assert "sweden" not in gz.members("nato", "2023-06-01")
    assert len(gz.members("eaeu", "2025-01-01")) == 5
    assert {"iran", "belarus"} <= set(gz.members("sco", "2025-01-01"))
    assert "united-kingdom" not in gz.members("eu", "2021-01-01")
    assert len(gz.members("un")) == 193


@pytest.mark.parametrize("surface, actor_id", [
    ("Baku", "azerbaijan"), ("the Kremlin", "russia"), ("Kremlin", "russia"),
    ("CSTO", "csto"), ("Collective Security Treaty Organization", "csto"),
    ("the Russian Federation", "russia"), ("U.S.", "united-states"), ("USA", "united-states"),
    ("Britain", "united-kingdom"), ("Whitehall", "united-kingdom"), ("Kiev", "ukraine"),
    ("Kyiv", "ukraine"), ("Alma-Ata", "kazakhstan"), ("the Elysée", "france"),
    ("Turkic Council", "ots"), ("Dmitriy Peskov", "dmitry-peskov"),
    ("Erdogan", "recep-tayyip-erdogan"), ("Sergei Lavrov", "sergey-lavrov"),
])
def test_lookup(gz, surface, actor_id):
    assert actor_id in [a.id for a in gz.lookup(surface)]


def test_short_forms_are_case_sensitive(gz):
    assert gz.lookup("us") == [] and gz.lookup("in") == [] and gz.lookup("am") == []
    assert [a.id for a in gz.lookup("EU")] == ["eu"]


def test_ambiguous_forms_are_flagged(gz):
    assert "Georgia" in gz.actors["georgia"].ambiguous
    assert "Washington" in gz.actors["united-states"].ambiguous


def test_demonyms_and_national_nouns(gz):
    assert gz.by_demonym("Azeri").id == "azerbaijan"
    assert gz.by_demonym("Azerbaijani").id == "azerbaijan"
    assert gz.by_demonym("Belarussian").id == "belarus"
    assert gz.by_demonym("Congolese") is None
    assert gz.by_national_noun("Armenians").id == "armenia"
    assert gz.by_national_noun("Azeris").id == "azerbaijan"


def test_roles_are_dated(gz):
    assert gz.holders("russia", "president", "2021-04-12") == ["vladimir-putin"]
    assert gz.holders("russia", "president", "2010-01-01") == ["dmitry-medvedev"]
    on_2021 = [r.office for r in gz.roles("sergei-shoigu", "2021-04-12")]
    on_2025 = [r.office for r in gz.roles("sergei-shoigu", "2025-01-01")]
    assert "Minister of Defence" in on_2021 and "Minister of Defence" not in on_2025
    assert gz.holders("azerbaijan", "foreign affairs", "2019-01-01") == ["elmar-mammadyarov"]
    assert gz.holders("azerbaijan", "foreign affairs", "2023-01-01") == ["jeyhun-bayramov"]


def test_factbook_leaders_parsed(gz):
    assert gz.holders("algeria", "president", "2025-01-01") == ["abdelmadjid-tebboune"]
    assert gz.actors["abdelmadjid-tebboune"].label == "Abdelmadjid Tebboune"


def test_turtle_parses_and_actor_types(tmp_path):
    classes = Graph().parse(REPO / "ontology" / "kg.ttl")
    actor_classes = {c for c in classes.subjects(RDFS.subClassOf, None)
                     if (c, RDF.type, OWL.Class) in classes
                     and str(c).startswith(KG)} - {None}
    graph = Graph()
    for path in sorted(ACTORS.glob("*.ttl")):
        graph.parse(path)
    actors = {s for s in graph.subjects(RDF.type, None)
              if any(t in actor_classes for t in graph.objects(s, RDF.type))}
    assert len(actors) > 900
    for actor in actors:
        assert len(set(graph.objects(actor, RDF.type)) & actor_classes) == 1, actor


@needs_data
def test_build_is_deterministic(tmp_path):
    build = _build_module().build
    first = build(DATA, tmp_path / "a")
    second = build(DATA, tmp_path / "b")
    assert first == second
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == (ACTORS / name).read_bytes(), \
            f"{name} is stale: rerun scripts/build_gazetteer.py"


def test_load_is_fast():
    import time
    from kg.gazetteer import _load
    start = time.perf_counter()
    _load.__wrapped__(ACTORS.resolve())
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- non-state actors and links

NONSTATE_TYPES = {"ArmedGroup", "MediaOutlet", "ThinkTank", "Company", "GovernmentBody"}


@pytest.mark.parametrize("actor_id, kind", [
    ("hamas", "ArmedGroup"), ("hezbollah", "ArmedGroup"), ("houthis", "ArmedGroup"),
    ("taliban", "ArmedGroup"), ("islamic-state", "ArmedGroup"), ("al-shabaab", "ArmedGroup"),
    ("wagner-group", "ArmedGroup"), ("rapid-support-forces", "ArmedGroup"), ("m23", "ArmedGroup"),
    ("azov-brigade", "GovernmentBody"), ("africa-corps", "GovernmentBody"),
    ("reuters", "MediaOutlet"), ("tass", "MediaOutlet"), ("kommersant", "MediaOutlet"),
    ("rfe-rl", "MediaOutlet"), ("radio-azatutyun", "MediaOutlet"), ("eurasianet", "MediaOutlet"),
    ("chatham-house", "ThinkTank"), ("valdai-discussion-club", "ThinkTank"),
    ("center-of-analysis-of-international-relations", "ThinkTank"), ("kaziss", "ThinkTank"),
    ("gazprom", "Company"), ("lockheed-martin", "Company"), ("socar", "Company"),
    ("fsb", "GovernmentBody"), ("cia", "GovernmentBody"), ("irgc", "GovernmentBody"),
    ("us-department-of-defense", "GovernmentBody"), ("european-commission", "GovernmentBody"),
])
def test_nonstate_types(gz, actor_id, kind):
    assert gz.actors[actor_id].type == kind


@pytest.mark.parametrize("surface, actor_id", [
    ("Ansar Allah", "houthis"), ("Ansarullah", "houthis"), ("ISIL", "islamic-state"),
    ("Daesh", "islamic-state"), ("ISIS", "islamic-state"), ("al-Qaida", "al-qaeda"),
    ("AQAP", "al-qaeda-in-the-arabian-peninsula"), ("HTS", "hayat-tahrir-al-sham"),
    ("Hashd al-Shaabi", "popular-mobilization-forces"), ("PMF", "popular-mobilization-forces"),
    ("PKK", "pkk"), ("PMC Wagner", "wagner-group"), ("Hizbollah", "hezbollah"),
    ("the Associated Press", "associated-press"), ("AFP", "afp"), ("ITAR-TASS", "tass"),
    ("RBK", "rbc"), ("Russia Today", "rt"), ("Hurriyet", "hurriyet"), ("RFE/RL", "rfe-rl"),
    ("AIR Center", "center-of-analysis-of-international-relations"),
    ("Center of Analysis of International Relations", "center-of-analysis-of-international-relations"),
    ("Royal Institute of International Affairs", "chatham-house"), ("RUSI", "rusi"),
    ("Raytheon", "rtx"), ("Aramco", "saudi-aramco"), ("KMG", "kazmunaygas"),
    ("Federal Security Service", "fsb"), ("the Pentagon", "us-department-of-defense"),
    ("Foggy Bottom", "us-state-department"), ("State Department", "us-state-department"),
    ("Quai d'Orsay", "french-foreign-ministry"), ("Lubyanka", "fsb"),
    ("Revolutionary Guards", "irgc"), ("IRGC", "irgc"), ("Shin Bet", "shin-bet"),
    ("Inter-Services Intelligence", "isi"), ("Palestinian Authority", "palestinian-authority"),
])
def test_nonstate_lookup(gz, surface, actor_id):
    assert [a.id for a in gz.lookup(surface)] == [actor_id]


def test_metonyms_moved_to_bodies(gz):
    # "the Pentagon", "Foggy Bottom", "Quai d'Orsay" name the ministry, which rolls up to the state
    for surface, state in (("the Pentagon", "united-states"), ("Foggy Bottom", "united-states"),
                           ("Quai d'Orsay", "france")):
        [body] = gz.lookup(surface)
        assert body.type == "GovernmentBody" and gz.rollup(body.id) == state


@pytest.mark.parametrize("actor_id, expected", [
    ("kommersant", [("based-in", "russia")]),
    ("gazprom", [("part-of", "russia")]),
    ("tass", [("part-of", "russia")]),
    ("reuters", [("based-in", "united-kingdom")]),
    ("hezbollah", [("allies-with", "iran"), ("based-in", "lebanon")]),
    ("center-of-analysis-of-international-relations", [("part-of", "azerbaijan")]),
    ("eurasianet", [("based-in", "united-states")]),
    ("nord-stream-ag", [("based-in", "switzerland"), ("part-of", "gazprom")]),
    ("islamic-state", []),
])
def test_affiliations(gz, actor_id, expected):
    assert gz.affiliations(actor_id) == expected


def test_rollup_and_country(gz):
    assert gz.parent("quds-force") == "irgc" and gz.rollup("quds-force") == "iran"
    assert gz.rollup("ria-novosti") == "russia" and gz.country("ria-novosti") == "russia"
    assert gz.rollup("kommersant") == "kommersant" and gz.country("kommersant") == "russia"
    assert gz.country("nord-stream-ag") == "russia"          # controlled by Gazprom
    assert gz.country("radio-azatutyun") == "united-states"  # RFE/RL service
    assert gz.country("european-commission") is None and gz.rollup("european-commission") == "eu"
    assert gz.country("azerbaijan") == "azerbaijan"
    assert gz.parent("hezbollah") is None                    # backing is not a rollup
    assert "quds-force" in gz.dependents("irgc", "part-of")


def test_dated_links(gz):
    assert gz.affiliations("azov-brigade", "2014-06-01") == []
    assert gz.affiliations("azov-brigade", "2022-03-01") == [("part-of", "national-guard-of-ukraine")]
    assert gz.country("azov-brigade", "2022-03-01") == "ukraine"
    assert gz.parent("popular-mobilization-forces", "2015-01-01") is None
    assert gz.parent("popular-mobilization-forces", "2020-01-01") == "iraq"
    assert gz.actors["hayat-tahrir-al-sham"].valid_until == "2025-01-29"


def test_links_are_well_formed(gz):
    links = [k for aid in gz.actors for k in gz.links(aid)]
    assert len(links) > 250
    for k in links:
        assert k.relation in {"part-of", "based-in", "allies-with"}
        assert k.target in gz.actors and k.target != k.actor
        assert gz.actors[k.actor].type in NONSTATE_TYPES
        if k.relation == "based-in":
            assert gz.actors[k.target].type == "State"
    for aid, actor in gz.actors.items():
        if actor.type in NONSTATE_TYPES:
            assert gz.links(aid, relation="part-of") or gz.links(aid, relation="based-in") \
                or aid in {"al-qaeda", "islamic-state", "ecfr", "airbus"}, aid
        if actor.status in {"state-run", "state-owned"}:
            assert gz.parent(aid), aid
        assert len(gz.links(aid, relation="part-of")) <= 1, aid
        gz.rollup(aid)                                       # terminates (no cycle)


def test_nonstate_statuses(gz):
    statuses = {"state-run", "state-owned", "partly-state-owned", "state-funded",
                "state-affiliated", "public", "semi-official", "private"}
    for actor in gz.actors.values():
        if actor.type in {"MediaOutlet", "ThinkTank", "Company"} and actor.status is not None:
            assert actor.status in statuses, actor.id
    assert gz.actors["tass"].status == "state-run" and gz.actors["kommersant"].status == "private"
    assert gz.actors["gazprom"].status == "state-owned" and gz.actors["bbc"].status == "public"


def test_nonstate_counts(gz):
    from collections import Counter
    counts = Counter(a.type for a in gz.actors.values())
    assert counts["ArmedGroup"] >= 35 and counts["MediaOutlet"] >= 80
    assert counts["ThinkTank"] >= 40 and counts["Company"] >= 50 and counts["GovernmentBody"] >= 50


RISKY_FORMS = ["AP", "RT", "SDF", "RSF", "HTS", "CSIS", "FT", "DW", "BP", "NSA", "ISI", "RAW",
               "RAND", "APA", "RBC", "Shell", "Wagner", "Sputnik", "Dawn", "Trend", "Fars",
               "Leonardo", "Bloomberg", "Anadolu", "Guardian", "Langley", "Dassault"]
NEVER_NAMES = ["IS", "MIT", "MİT", "AA", "Azov", "Total", "Rafael", "Foreign Office",
               "Main Intelligence Directorate", "Defense Department", "Sepah"]


@pytest.mark.parametrize("form", RISKY_FORMS)
def test_risky_short_forms_are_flagged(gz, form):
    actors = gz.lookup(form)
    assert actors, form
    for actor in actors:
        assert form in actor.ambiguous or normalise(form) in {normalise(f) for f in actor.ambiguous}, \
            (form, actor.id)


@pytest.mark.parametrize("form", NEVER_NAMES)
def test_risky_forms_left_out(gz, form):
    assert not [a.id for a in gz.lookup(form) if a.type in NONSTATE_TYPES]


def test_shared_forms_of_nonstate_actors_are_flagged(gz):
    owners = {}
    for actor in gz.actors.values():
        for form in (*actor.names, *actor.metonyms):
            owners.setdefault(normalise(form), set()).add(actor.id)
    for actor in gz.actors.values():
        if actor.type not in NONSTATE_TYPES:
            continue
        flagged = {normalise(f) for f in actor.ambiguous}
        for form in (*actor.names, *actor.metonyms):
            if len(owners[normalise(form)]) > 1:
                assert normalise(form) in flagged, (actor.id, form)
        for form in actor.names:                              # "AP", "RT", "FT", "DW", "BP"
            if len(form) <= 2:
                assert form in actor.ambiguous, (actor.id, form)


def test_nonstate_ids_unique_and_kebab():
    import re
    import yaml
    data = yaml.safe_load((ACTORS / "curated" / "nonstate.yaml").read_text(encoding="utf-8"))
    ids = [i for section in ("armed_groups", "media", "think_tanks", "companies", "government_bodies")
           for i in data[section]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    other = {a for a in load().actors} - set(ids)
    assert not set(ids) & other


@needs_data
def test_build_rejects_unflagged_collision(tmp_path):
    import shutil
    import yaml
    module = _build_module()
    curated = tmp_path / "curated"
    shutil.copytree(ACTORS / "curated", curated)
    path = curated / "nonstate.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["media"]["kommersant"]["alt_labels"] = ["the Kremlin"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit, match="flag it ambiguous"):
        module.build(DATA, tmp_path / "out", curated)


def test_parse_people_words_plural_women():
    parse = _build_module().parse_people_words
    assert parse("Frenchman(men), Frenchwoman(women)") == ["Frenchmen", "Frenchwomen"]
