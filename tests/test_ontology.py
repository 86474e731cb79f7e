"""The ontology is the single source of truth: it must carry the spec's inventory exactly."""
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import KG, MOD, actor_types, modalities, ontology_dir, relations

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "relations.md"


def spec_relations() -> dict[str, dict]:
    """Relation ids of relations.md with their symmetry and CAMEO/PLOVER cells."""
    if not SPEC.exists():
        pytest.skip(f"spec not found at {SPEC} (CI has ../shared beside the clone)")
    out, section = {}, None
    for line in SPEC.read_text().splitlines():
        if line.startswith("## "):
            section = "standing" if "Standing" in line else "event" if "Events" in line else None
        elif section and line.startswith("| ") and not line.startswith("| id") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rid = cells[0].replace("(symmetric)", "").strip()
            out[rid] = {"symmetric": "(symmetric)" in cells[0], "section": section, "cells": cells}
    return out


@pytest.fixture(scope="module")
def graph():
    g = rdflib.Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    return g


def test_every_spec_relation_is_an_object_property_with_its_id(graph):
    spec = spec_relations()
    props = {str(graph.value(p, SKOS.notation)): p for p in graph.subjects(RDF.type, OWL.ObjectProperty)
             if graph.value(p, SKOS.notation) is not None}
    assert set(spec) == set(props), set(spec) ^ set(props)
    for rid, info in spec.items():
        p = props[rid]
        assert graph.value(p, RDFS.label) is not None
        assert graph.value(p, SKOS.definition) is not None
        assert graph.value(p, RDFS.domain) is not None and graph.value(p, RDFS.range) is not None
        assert ((p, RDF.type, OWL.SymmetricProperty) in graph) == info["symmetric"], rid


def test_event_relations_carry_their_cameo_and_plover_alignment(graph):
    spec = spec_relations()
    annotation = {str(p): p for p in graph.subjects(RDF.type, OWL.AnnotationProperty)}
    cameo = [p for iri, p in annotation.items() if "cameo" in iri.lower()]
    plover = [p for iri, p in annotation.items() if "plover" in iri.lower()]
    assert cameo and plover
    for rid, info in spec.items():
        if info["section"] != "event":
            continue
        rel = relations()[rid]
        codes = re.findall(r"\d+x?", info["cells"][4])
        assert codes and all(c in rel.cameo for c in codes), (rid, rel.cameo)
        assert rel.plover.split()[0] == info["cells"][5].split()[0], rid
        assert rel.quad_class in {"verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict"}


def test_modalities_form_a_skos_scheme(graph):
    assert set(modalities()) == {"asserted", "reported", "alleged", "denied", "negated", "intended"}
    for m in modalities().values():
        assert (rdflib.URIRef(m.iri), SKOS.inScheme, MOD.scheme) in graph
    assert {m for m, v in modalities().items() if v.truthy} == {"asserted", "reported"}


def test_every_actor_type_of_the_spec_is_a_class():
    assert set(actor_types()) == {"State", "Organization", "GovernmentBody", "Person", "MediaOutlet", "ThinkTank",
                                  "Company", "ArmedGroup", "Territory", "Group"}


def test_claim_model_properties_exist(graph):
    for prop in ("subject", "relation", "object", "modality", "attributedTo", "evidence", "charStart", "charEnd",
                 "source", "eventDate", "extractor", "confidence", "statement", "pattern"):
        assert (KG[prop], RDF.type, None) in graph, prop
    for prop in ("contentHash", "fileName", "url"):
        assert (KG[prop], RDFS.domain, KG.Document) in graph


def test_shapes_parse_and_target_claims_and_actors():
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.targetClass, KG.Claim) in shapes
    assert (None, sh.targetObjectsOf, KG.subject) in shapes


def test_the_whole_gazetteer_conforms_to_the_shapes():
    import pyshacl

    data = rdflib.Graph()
    data.parse(ontology_dir() / "kg.ttl", format="turtle")
    for f in sorted((ontology_dir() / "actors").glob("*.ttl")):
        data.parse(f, format="turtle")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:2000]
