"""The gold scorer (kg/evaluate/scorer.py) on small hand-built graphs that follow the RDF contract.

No spaCy model: every Dataset is written here, quad by quad, the way kg/graph/rdf.py lays it out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rich.console import Console

from kg.errors import InputError
from kg.evaluate.scorer import (
    GumScore,
    _role_title,
    SeedScore,
    evaluate,
    format_report,
    is_gum,
    load_gold,
    score_gum,
    score_seed,
)
from kg.vocab import ENTITIES_GRAPH, ITSRDF, KG, NIF, char_iri, document_iri, entity_iri, graph_iri, role_iri

GOLD = Path(__file__).parent / "data" / "gold"
SEED = GOLD / "seed" / "zelensky-downing-street.gold.yaml"
GUM = sorted((GOLD / "gum").glob("*.gold.yaml"))


class Doc:
    """One document's graph, written by hand following the RDF contract."""

    def __init__(self, text: str, doc_id: str = "doc", source: str | None = None, context_text: str | None = None):
        self.text, self.doc_id = text, doc_id
        self.ds = Dataset()
        self.g = graph_iri(doc_id)
        doc, self.ctx = document_iri(doc_id), char_iri(doc_id, 0, len(text))
        self.add(doc, RDF.type, KG.Document)
        self.add(doc, DCTERMS.source, Literal(source or f"/data/{doc_id}.txt"))
        self.add(self.ctx, NIF.isString, Literal(text if context_text is None else context_text))
        self.add(self.ctx, NIF.sourceUrl, doc)

    def add(self, s, p, o, g=None) -> None:
        self.ds.add((s, p, o, g or self.g))

    def entity(self, type_: str, name: str, key: str | None = None) -> URIRef:
        node = entity_iri(type_, key or name)
        self.add(node, RDF.type, KG[type_], ENTITIES_GRAPH)
        self.add(node, RDFS.label, Literal(name), ENTITIES_GRAPH)
        self.add(node, RDF.type, KG[type_])
        return node

    def mention(self, node: URIRef, start: int, end: int) -> None:
        m = char_iri(self.doc_id, start, end)
        self.add(m, RDF.type, NIF.Phrase)
        self.add(m, NIF.anchorOf, Literal(self.text[start:end]))
        self.add(m, NIF.beginIndex, Literal(start))
        self.add(m, NIF.endIndex, Literal(end))
        self.add(m, NIF.referenceContext, self.ctx)
        self.add(m, ITSRDF.taIdentRef, node)

    def mentions_of(self, node: URIRef, surface: str) -> int:
        """Link every occurrence of ``surface`` to ``node``; how many there were."""
        spans = [m.span() for m in re.finditer(re.escape(surface), self.text)]
        for start, end in spans:
            self.mention(node, start, end)
        return len(spans)

    def fact(self, s: URIRef, predicate: str, o: URIRef) -> None:
        self.add(s, KG._NS[predicate], o)

    def role(self, title: str) -> URIRef:
        node = role_iri(title)
        self.add(node, RDF.type, KG.Role, ENTITIES_GRAPH)
        self.add(node, RDFS.label, Literal(title), ENTITIES_GRAPH)
        return node

    def quote(self, speaker: URIRef, text: str, n: int = 0) -> None:
        q = URIRef(f"{document_iri(self.doc_id)}#quote-{n}")
        self.add(q, RDF.type, KG.Quote)
        self.add(q, KG.quoteText, Literal(text))
        self.add(q, RDFS.label, Literal(text))
        self.add(speaker, KG.said, q)


def perfect_seed(gold: dict, text: str) -> tuple[Doc, dict[str, URIRef]]:
    """The graph the seed gold describes: every mention, fact (first predicate) and quote."""
    doc = Doc(text, source=f"/corpus/{gold['document']}")
    nodes = {eid: doc.entity(e["type"], e["name"]) for eid, e in gold["entities"].items()}
    for eid, e in gold["entities"].items():
        for surface in e["mentions"]:
            if not doc.mentions_of(nodes[eid], surface):
                doc.add(nodes[eid], SKOS.altLabel, Literal(surface))
    for f in gold["facts"]:
        doc.fact(nodes[f["s"]], f["p"][0], nodes[f["o"]] if f["o"] in nodes else doc.role(f["o"]))
    for i, q in enumerate(gold["quotes"]):
        doc.quote(nodes[q["speaker"]], q["text"], i)
    return doc, nodes


@pytest.fixture
def seed() -> tuple[dict, str]:
    gold, txt = load_gold(SEED)
    return gold, txt.read_text(encoding="utf-8")


def relink(doc: Doc, anchor: str, node: URIRef) -> None:
    """Point every mention whose anchor is ``anchor`` at ``node`` instead."""
    for m, _, _, _ in list(doc.ds.quads((None, NIF.anchorOf, Literal(anchor), doc.g))):
        doc.ds.remove((m, ITSRDF.taIdentRef, None, doc.g))
        doc.add(m, ITSRDF.taIdentRef, node)


# ---------------------------------------------------------------- seed-style gold


def test_perfect_seed_graph_scores_everything(seed):
    gold, text = seed
    doc, _ = perfect_seed(gold, text)
    s = score_seed(doc.ds, gold, text)
    assert s.entities_passing == s.entities_present == s.entities_total == len(gold["entities"]) == 23
    assert (s.core_facts_found, s.core_facts_total) == (13, 13)
    assert (s.extended_facts_found, s.extended_facts_total) == (13, 13)
    assert (s.core_quotes_found, s.core_quotes_total) == (9, 9)
    assert (s.extended_quotes_found, s.extended_quotes_total) == (2, 2)
    assert (s.traps_fallen, s.traps_total) == (0, 9)
    assert s.facts_correct == s.facts_considered == 26
    assert s.ratios()["fact_precision"] == 1.0
    assert s.details == []


def test_mention_on_a_second_node_fails_the_entity_and_same_node_trap(seed):
    gold, text = seed
    doc, _ = perfect_seed(gold, text)
    relink(doc, "Sir Keir", doc.entity("Person", "Sir Keir"))
    s = score_seed(doc.ds, gold, text)
    assert (s.entities_passing, s.entities_present) == (22, 23)
    assert s.traps_fallen == 1
    assert "entity starmer: mentions split over 2 nodes" in s.details
    assert "trap: Sir Keir Starmer, Sir Keir, the Prime Minister, the PM on 2 nodes" in s.details


def test_a_pronoun_labelled_node_falls_into_no_node_labelled(seed):
    gold, text = seed
    doc, _ = perfect_seed(gold, text)
    doc.mention(doc.entity("Person", "He"), text.index("He said"), text.index("He said") + 2)
    s = score_seed(doc.ds, gold, text)
    assert s.traps_fallen == 1
    assert "trap: nodes labelled He" in s.details
    assert s.entities_passing == 23  # "He" is not a listed mention of anyone


def test_a_role_labelled_with_a_bare_title_is_no_trap(seed):
    gold, text = seed
    doc, _ = perfect_seed(gold, text)
    doc.role("Prime Minister")  # the role a person holds, not a node for the person
    assert score_seed(doc.ds, {**gold, "traps": [{"no_node_labelled": ["Prime Minister"]}]}, text).traps_fallen == 0
    doc.entity("Person", "Prime Minister")
    assert score_seed(doc.ds, {**gold, "traps": [{"no_node_labelled": ["Prime Minister"]}]}, text).traps_fallen == 1


def test_wrong_type_fails_the_entity_and_not_type_trap(seed):
    gold, text = seed
    doc, nodes = perfect_seed(gold, text)
    doc.ds.remove((nodes["kyiv"], RDF.type, None, None))
    doc.add(nodes["kyiv"], RDF.type, KG.Person)
    s = score_seed(doc.ds, gold, text)
    assert s.entities_passing == 22
    assert (s.traps_fallen, "trap: kyiv typed Person") == (1, s.details[-1])


def test_subclass_passes_for_its_superclass(seed):
    gold, text = seed
    doc, nodes = perfect_seed(gold, text)
    doc.add(nodes["downing_street"], RDF.type, KG.City)  # gold says Place; a City is a Place
    doc.ds.remove((nodes["downing_street"], RDF.type, KG.Place, None))
    assert score_seed(doc.ds, gold, text).entities_passing == 23


TEXT = "Alice met Bob. Bob urged Alice. Alice is the Prime Minister."
SMALL = {
    "document": "small.txt",
    "entities": {
        "alice": {"type": "Person", "name": "Alice", "mentions": ["Alice"]},
        "bob": {"type": "Person", "name": "Bob", "mentions": ["Bob"]},
    },
    "facts": [
        {"s": "alice", "p": ["urged"], "o": "bob", "tier": "core"},
        {"s": "alice", "p": ["metWith"], "o": "bob", "tier": "core"},
        {"s": "alice", "p": ["holdsRole"], "o": "Prime Minister", "tier": "extended"},
    ],
}


def small_graph() -> tuple[Doc, URIRef, URIRef]:
    doc = Doc(TEXT, "small")
    alice, bob = doc.entity("Person", "Alice"), doc.entity("Person", "Bob")
    doc.mentions_of(alice, "Alice")
    doc.mentions_of(bob, "Bob")
    return doc, alice, bob


def test_direction_matters_except_for_symmetric_predicates():
    doc, alice, bob = small_graph()
    doc.fact(bob, "urged", alice)  # wrong direction for "alice urged bob"
    doc.fact(bob, "metWith", alice)  # metWith counts either way
    s = score_seed(doc.ds, SMALL, TEXT)
    assert (s.core_facts_found, s.core_facts_total) == (1, 2)
    assert s.details == ["core fact: alice urged bob", "extended fact: alice holdsRole Prime Minister",
                         "not a gold fact: Bob urged Alice"]
    assert (s.facts_correct, s.facts_considered) == (1, 2)


def test_role_title_matches_the_role_label_case_insensitively():
    doc, alice, bob = small_graph()
    doc.fact(alice, "holdsRole", doc.role("prime minister"))
    doc.fact(bob, "holdsRole", doc.role("Prime Minister"))  # a gold title on the wrong person
    doc.fact(alice, "holdsRole", doc.role("President"))  # a title gold does not know: not judged
    s = score_seed(doc.ds, SMALL, TEXT)
    assert s.extended_facts_found == 1
    assert (s.facts_correct, s.facts_considered) == (1, 2)


def test_open_relations_and_other_namespaces_never_count():
    doc, alice, bob = small_graph()
    doc.add(alice, URIRef("https://w3id.org/kg-news/open#urged"), bob)
    assert score_seed(doc.ds, SMALL, TEXT).core_facts_found == 0


def test_mention_string_falls_back_to_labels_when_no_anchor_matches():
    doc, alice, _ = small_graph()
    gold = {**SMALL, "entities": {**SMALL["entities"], "alice": {
        "type": "Person", "name": "Alice", "mentions": ["Alice", "Ms Smith", "alice"]}}}
    s = score_seed(doc.ds, gold, TEXT)
    assert "entity alice: no node for Ms Smith" in s.details  # "alice" lands case-insensitively
    assert s.entities_passing == 2  # what lands is one node of the right type (the shared scorer's rule)
    doc.add(alice, SKOS.altLabel, Literal("Ms Smith"))
    assert not [d for d in score_seed(doc.ds, gold, TEXT).details if "no node" in d]


def test_gold_type_list_and_role_titles_compared_as_the_shared_scorer_does():
    doc, alice, _ = small_graph()
    gold = {**SMALL, "entities": {**SMALL["entities"], "alice": {
        "type": ["Place", "Person"], "name": "Alice", "mentions": []}}}
    assert score_seed(doc.ds, gold, TEXT).entities_passing == 2  # a name only, and either type is right
    assert _role_title("The Home Affairs Spokeswoman") == _role_title("home affairs spokesperson")


def test_quote_matches_across_curly_and_straight_marks_and_whitespace():
    doc, alice, bob = small_graph()
    doc.quote(alice, 'She said: "It\'s a very\n special  moment for us," and left', 0)
    doc.quote(bob, "It’s a very special moment", 1)  # right words, wrong speaker
    gold = {**SMALL, "quotes": [
        {"speaker": "alice", "text": "“It’s a very special moment for us,”", "tier": "core"},
        {"speaker": "alice", "text": "a different remark", "tier": "extended"},
    ]}
    s = score_seed(doc.ds, gold, TEXT)
    assert (s.core_quotes_found, s.extended_quotes_found, s.extended_quotes_total) == (1, 0, 1)
    gold["quotes"] = [{"speaker": "bob", "text": "It's a very special moment for us", "tier": "core"}]
    assert score_seed(doc.ds, gold, TEXT).core_quotes_found == 0


def test_oxigraph_backed_dataset_scores_the_same():
    doc, alice, bob = small_graph()
    doc.fact(alice, "urged", bob)
    ox = Dataset(store="Oxigraph")
    for quad in doc.ds.quads((None, None, None, None)):
        ox.add(quad)
    assert score_seed(ox, SMALL, TEXT) == score_seed(doc.ds, SMALL, TEXT)
    assert score_seed(ox, SMALL, TEXT).core_facts_found == 1


def test_gold_naming_an_unknown_entity_says_so():
    gold = {**SMALL, "quotes": [{"speaker": "carol", "text": "x", "tier": "core"}]}
    with pytest.raises(InputError, match="unknown entities carol"):
        score_seed(small_graph()[0].ds, gold, TEXT)


def test_document_found_by_source_name_when_text_differs():
    doc = Doc(TEXT, "small", source="/tmp/in/small.txt", context_text=TEXT.upper())
    assert score_seed(doc.ds, SMALL, TEXT).entities_total == 2
    with pytest.raises(InputError, match="build the gold's .txt into the graph"):
        score_seed(doc.ds, {**SMALL, "document": "other.txt"}, TEXT)


# ---------------------------------------------------------------- GUM-style gold

GUM_TEXT = "Mecca's Grand Mosque is in Mecca. He said his city and it were safe."


def gum_gold(*chains: tuple[str, list[tuple[int, int]]]) -> dict:
    return {
        "document": "gum.txt",
        "entities": {
            f"e{i}": {"type": type_, "name": f"e{i}", "mentions": [[s, e, GUM_TEXT[s:e]] for s, e in spans]}
            for i, (type_, spans) in enumerate(chains)
        },
    }


def test_overlap_must_cover_half_of_both_spans():
    doc = Doc(GUM_TEXT, "gum")
    mecca = doc.entity("City", "Mecca")
    doc.mention(mecca, 0, 7)  # "Mecca's"
    doc.mention(doc.entity("Place", "Grand Mosque"), 0, 20)  # "Mecca's Grand Mosque"
    s = score_gum(doc.ds, gum_gold(("Place", [(0, 5)])), GUM_TEXT)  # "Mecca": 5/5 of gold, 5/7 of ours
    assert (s.mentions_mapped, s.entities_one_node) == (1, 1)
    s = score_gum(doc.ds, gum_gold(("Place", [(8, 20)])), GUM_TEXT)  # "Grand Mosque": 12/12, 12/20
    assert s.mentions_mapped == 1
    s = score_gum(doc.ds, gum_gold(("Place", [(0, 3)])), GUM_TEXT)  # "Mec": 3/7 of ours, 3/20
    assert s.mentions_mapped == 0
    assert s.details == ["entity e0 e0: no mention mapped"]


def test_pronouns_pairs_and_one_node():
    doc = Doc(GUM_TEXT, "gum")
    a, b = doc.entity("Person", "Mecca man"), doc.entity("Person", "Other")
    he, his, it = GUM_TEXT.index("He"), GUM_TEXT.index("his"), GUM_TEXT.index("it ")
    doc.mention(a, 27, 32)
    doc.mention(a, he, he + 2)
    doc.mention(b, his, his + 3)
    gold = gum_gold(("Person", [(27, 32), (he, he + 2), (his, his + 3), (it, it + 2)]))
    s = score_gum(doc.ds, gold, GUM_TEXT)
    assert (s.mentions_mapped, s.mentions_total) == (3, 4)
    assert (s.pairs_together, s.pairs_total) == (1, 6)
    assert (s.pronouns_resolved, s.pronouns_total) == (1, 3)  # "He" yes, "his" on b, "it" unmapped
    assert (s.entities_one_node, s.details) == (0, ["entity e0 e0: mentions on 2 nodes"])


def test_pronouns_of_a_chain_without_a_mapped_name_are_unresolved():
    doc = Doc(GUM_TEXT, "gum")
    he = GUM_TEXT.index("He")
    doc.mention(doc.entity("Person", "He"), he, he + 2)
    s = score_gum(doc.ds, gum_gold(("Person", [(27, 32), (he, he + 2)])), GUM_TEXT)
    assert (s.mentions_mapped, s.pronouns_resolved, s.pronouns_total, s.entities_one_node) == (1, 0, 1, 1)


def test_organizations_and_places_are_one_family_persons_another():
    doc = Doc(GUM_TEXT, "gum")
    doc.mention(doc.entity("Country", "Mecca"), 27, 32)
    assert score_gum(doc.ds, gum_gold(("Organization", [(27, 32)])), GUM_TEXT).entities_one_node == 1
    s = score_gum(doc.ds, gum_gold(("Person", [(27, 32)])), GUM_TEXT)
    assert (s.entities_one_node, s.details) == (0, ["entity e0 e0: node typed ['Country'], not Person"])


@pytest.mark.parametrize("path", GUM, ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_perfect_graph_scores_every_gum_file_fully(path):
    gold, txt = load_gold(path)
    text = txt.read_bytes().decode("utf-8")
    doc = Doc(text, txt.stem, source=str(txt))
    for eid, e in gold["entities"].items():
        node = doc.entity(e["type"], e["name"], key=eid)
        for start, end, surface in e["mentions"]:
            assert text[start:end] == surface
            doc.mention(node, start, end)
    s = score_gum(doc.ds, gold, text)
    assert s.mentions_mapped == s.mentions_total > 0
    assert s.pairs_together == s.pairs_total
    assert s.pronouns_resolved == s.pronouns_total
    assert s.entities_one_node == s.entities_total == len(gold["entities"])


# ---------------------------------------------------------------- files, totals, report


def test_gold_data_is_complete_and_styles_are_told_apart():
    assert len(GUM) == 31 and all(p.with_name(p.name.replace(".gold.yaml", ".txt")).is_file() for p in GUM)
    assert (GOLD / "gum" / "LICENSE-GUM.md").is_file()
    assert is_gum(load_gold(GUM[0])[0]) and not is_gum(load_gold(SEED)[0])
    example = Path(__file__).parent.parent / "examples" / SEED.name
    assert example.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")


def test_evaluate_builds_each_document_sums_totals_and_reports(seed):
    gold, text = seed
    built: list[Path] = []

    def build(txt: Path) -> Dataset:
        built.append(txt)
        if txt.name == gold["document"]:
            return perfect_seed(gold, text)[0].ds
        doc = Doc(txt.read_text(encoding="utf-8"), txt.stem, source=str(txt))  # a graph with no mentions
        return doc.ds

    report = evaluate([SEED, SEED, GUM[0]], build)
    assert [p.name for p in built] == [gold["document"], gold["document"], GUM[0].name.replace(".gold.yaml", ".txt")]
    seed_total, gum_total = report.totals["seed"], report.totals["gum"]
    assert isinstance(seed_total, SeedScore) and isinstance(gum_total, GumScore)
    assert (seed_total.entities_passing, seed_total.core_facts_total, seed_total.traps_total) == (46, 26, 18)
    assert gum_total.mentions_mapped == 0 < gum_total.mentions_total

    data = report.to_dict()
    assert [d["style"] for d in data["documents"]] == ["seed", "seed", "gum"]
    assert data["totals"]["seed"]["fact_precision"] == 1.0
    assert data["totals"]["gum"]["mentions_mapped_ratio"] == 0.0
    assert "details" not in data["totals"]["gum"] and data["documents"][2]["details"]
    yaml.safe_dump(data)  # plain data only

    console = Console(record=True, width=200)
    console.print(format_report(report))
    out = console.export_text()
    assert out.count("TOTAL") == 2
    assert "46/46" in out and "100% (52/52)" in out and "0% (0/" in out


def test_gold_file_errors_say_what_to_do(tmp_path):
    bad = tmp_path / "x.gold.yaml"
    bad.write_text("entities: [1, 2]\n")
    with pytest.raises(InputError, match="needs an 'entities:' mapping"):
        load_gold(bad)
    bad.write_text("entities: {a: {type: Person, mentions: [A]}}\n")
    with pytest.raises(InputError, match="put x.txt beside it"):
        load_gold(bad)


