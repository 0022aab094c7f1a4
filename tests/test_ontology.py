"""The ontology (kg.ttl), the lexicon, the loader's API and the generated docs/ontology.md."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.analysis.ontodoc import COMMAND, render
from kg.errors import KGError
from kg.knowledge.ontology import LexiconEntry, load_ontology
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
ONTO = load_ontology()


def kg_terms(kind: URIRef) -> set[str]:
    return {str(t)[len(str(KG._NS)):] for t in ONTO.graph.subjects(RDF.type, kind) if str(t).startswith(str(KG._NS))}


# ---------------------------------------------------------------- kg.ttl


def test_vocab_and_ttl_name_the_same_terms():
    in_ttl = kg_terms(OWL.Class) | kg_terms(OWL.ObjectProperty) | kg_terms(OWL.DatatypeProperty)
    in_vocab = set(KG.__annotations__)
    assert in_ttl - in_vocab == set(), "add these to class KG in kg/vocab.py"
    assert in_vocab - in_ttl == set(), "define these in ontology/kg.ttl"
    assert ONTO.classes == kg_terms(OWL.Class) and set(ONTO.properties) == in_ttl - ONTO.classes


@pytest.mark.parametrize("name", sorted(ONTO.properties))
def test_every_property_is_documented_and_typed(name):
    prop, g = KG[name], ONTO.graph
    info = ONTO.properties[name]
    assert info.label and info.comment and g.value(prop, SKOS.example), f"{name}: add label, comment, example"
    assert info.domain and info.range, f"{name} needs rdfs:domain and rdfs:range"
    assert f"kg:{name}" in str(g.value(prop, SKOS.example))
    if info.range != {"Literal"}:  # object properties: domain/range are kg classes, so SHACL can check them
        assert info.domain <= ONTO.classes and info.range <= ONTO.classes


def test_class_hierarchy():
    assert ONTO.superclasses("City") == {"City", "Place", "Entity"}
    assert ONTO.is_a("Country", "Place") and ONTO.is_a("Person", "Entity") and ONTO.is_a("Role", "Role")
    assert not ONTO.is_a("Place", "City") and not ONTO.is_a("Quote", "Entity")
    assert ONTO.superclasses("Law") == {"Law"}  # unknown: fits no domain
    assert (KG.Person, OWL.equivalentClass, URIRef("https://schema.org/Person")) in ONTO.graph
    assert (KG.Country, RDFS.subClassOf, KG.Place) in ONTO.graph


def test_property_details():
    assert ONTO.properties["metWith"].symmetric and ONTO.properties["agreedWith"].symmetric
    assert not ONTO.properties["attacked"].symmetric
    assert ONTO.properties["holdsRole"].range == {"Role"}
    assert ONTO.properties["capitalOf"].domain == {"City"}
    assert ONTO.properties["confidence"].range == {"Literal"}
    assert ONTO.properties["confidence"].domain == {"Statement", "Quote"}


@pytest.mark.parametrize(
    ("predicate", "subject", "obj", "ok"),
    [
        ("metWith", "Person", "Person", True),
        ("supplied", "Country", "Weapon", True),  # what was supplied
        ("supplied", "Country", "Country", True),  # who received it
        ("supplied", "Weapon", "Country", False),
        ("urged", "Organization", "Country", True),
        ("visited", "Person", "City", True),  # a City is a Place
        ("visited", "Person", "Person", False),
        ("capitalOf", "City", "Country", True),
        ("capitalOf", "Country", "City", False),
        ("holdsRole", "Person", None, True),  # a role title, made a kg:Role node
        ("holdsRole", "Person", "Person", False),
        ("holdsRole", "Organization", None, False),
        ("nationality", "Person", None, False),  # an object property needs an entity
        ("quoteText", "Quote", None, True),
        ("quoteText", "Quote", "Person", False),
        ("said", "Person", "Quote", True),
        ("killed", "Event", "Person", True),
        ("leaderOf", "Person", "Country", True),
        ("leaderOf", "Country", "Place", False),  # "Britain has led the West in ...": first, not in office
        ("attacked", "Law", "Country", False),  # unknown class
    ],
)
def test_accepts(predicate, subject, obj, ok):
    assert ONTO.accepts(predicate, subject, obj) is ok


def test_accepts_rejects_an_unknown_predicate_by_name():
    with pytest.raises(KGError, match="'metwith' is not a property.*metWith"):
        ONTO.accepts("metwith", "Person", "Person")


# ---------------------------------------------------------------- lexicon


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("meet with", LexiconEntry("metWith")),
        ("  Meet   WITH ", LexiconEntry("metWith")),  # case and spacing do not matter
        ("meet", LexiconEntry("metWith")),
        ("call on", LexiconEntry("urged")),  # the full key wins over the verb ("call" -> contacted)
        ("call", LexiconEntry("contacted")),
        ("criticise", LexiconEntry("criticized")),
        ("criticize", LexiconEntry("criticized")),
        ("receive from", LexiconEntry("supplied", inverse=True)),
        ("lose to", LexiconEntry("defeated", inverse=True)),
        ("n:visitor to", LexiconEntry("visited")),
        ("n:talks with", LexiconEntry("metWith")),
        ("n:address to", LexiconEntry("addressed")),
        ("hand over to", LexiconEntry("supplied")),
        ("give", None),  # news gives deadlines and support far more often than goods
        ("turn to", None),
        ("shoot down", LexiconEntry("attacked")),  # falls back past a particle ...
        ("attack in", None),  # ... but not past a preposition: "in" introduces a place
        ("receive to", None),  # "received support from X to Y"
        ("thank for", None),
        ("n:attack in", None),
        ("n:attack", None),  # a noun key needs its preposition
        ("zzz", None),
    ],
)
def test_lookup(key, expected):
    assert ONTO.lookup(key) == expected


def test_lexicon_is_large_and_points_into_the_ontology():
    assert len(ONTO.lexicon) > 500
    assert {e.property for e in ONTO.lexicon.values()} <= set(ONTO.properties)
    assert all(k == k.lower().strip() and "  " not in k for k in ONTO.lexicon)
    assert all(" " in k for k in ONTO.lexicon if k.startswith("n:")), "noun keys carry their preposition"


@pytest.fixture
def onto_dir(tmp_path, monkeypatch):
    """A copy of the ontology folder that a test may break; KG_ONTOLOGY_DIR points at it."""
    for name in ("kg.ttl", "shapes.ttl"):
        shutil.copy(ROOT / "ontology" / name, tmp_path / name)
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(
    ("lexicon", "error"),
    [
        ("properties: {metWith: {keys: [meet]}, visitedd: {keys: [visit]}}", "'visitedd' is not a property of kg.ttl"),
        ("properties: {metWith: {keys: [meet]}, visited: {keys: [Meet]}}", "'meet' is listed twice"),
        ("properties: {metWith: {verbs: [meet]}}", "takes 'keys:' and optionally 'inverse:'"),
        ("no_fallback: [in, on]\nproperties: {}", 'quote words like "on"'),
        ("- meet", "needs a 'properties:' mapping"),
    ],
)
def test_lexicon_errors_say_what_to_fix(onto_dir, lexicon, error):
    (onto_dir / "lexicon.yaml").write_text(lexicon)
    with pytest.raises(KGError, match=error):
        load_ontology()


def test_ontology_dir_is_overridable(onto_dir, monkeypatch):
    (onto_dir / "lexicon.yaml").write_text("properties: {metWith: {keys: [rendezvous]}}")
    onto = load_ontology()
    assert onto.folder == onto_dir.resolve() and onto.lookup("rendezvous") == LexiconEntry("metWith")
    assert onto.lookup("meet") is None
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(onto_dir / "missing"))
    with pytest.raises(KGError, match="missing .*kg.ttl: point KG_ONTOLOGY_DIR"):
        load_ontology()


# ---------------------------------------------------------------- docs/ontology.md


def test_docs_are_generated_from_the_ontology():
    page = render()
    assert "### `kg:addressed` — addressed" in page
    assert "- example: `:volodymyr-zelensky kg:addressed :uk-cabinet`" in page
    assert "    - `kg:City`" in page  # the hierarchy: Entity > Place > City
    committed = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert page == committed, f"docs/ontology.md is out of date: run `{COMMAND}`"


def test_each_rule_has_a_row_under_an_anchor_named_by_its_id():
    from kg.extract.rules import Rule

    rules = [
        Rule("quote.colon.v1", 0.8, "quotes", "a quote after a colon"),
        Rule("svo.active.v1", 0.9, "relations", "X urged Y | in the active voice"),
    ]
    page = render(rules=rules)
    section = page[page.index("## Rules") :]
    assert "`prov:wasGeneratedBy <https://w3id.org/kg-news/rule/ID>`" in section
    rows = [line for line in section.splitlines() if line.startswith("| <a id=")]
    assert rows == [  # by stage in pipeline order: relations before quotes
        '| <a id="svo.active.v1"></a>`svo.active.v1` | relations | 0.9 | X urged Y \\| in the active voice |',
        '| <a id="quote.colon.v1"></a>`quote.colon.v1` | quotes | 0.8 | a quote after a colon |',
    ]
