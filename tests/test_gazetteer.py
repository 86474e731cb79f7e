"""Tests of the world actor gazetteer (kg.gazetteer and scripts/build_gazetteer.py)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rdflib import Graph, RDF, RDFS, OWL

from kg.gazetteer import load
from kg.vocab import ontology_dir

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
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
