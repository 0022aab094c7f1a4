"""A small, realistic knowledge graph for the network, names, export, viz and API tests.

The quads are made by ``kg.graph.rdf.document_quads`` from hand-built extraction
results, so the fixture follows exactly the layout a real build writes (named
graph per document, shared labels, NIF sentences and mentions, reified
statements with provenance, quotes, roles) without loading a spaCy model.

Two dated documents:

- ``downing-street`` (2024-07-19): Zelensky meets Starmer, thanks the UK, is
  President (a Role) and leader of Ukraine; Starmer is quoted; one open relation.
- ``kyiv-visit`` (2024-09-02): Starmer meets Zelensky in Kyiv, Zelensky thanks the
  UK again (so that fact has weight 2), the UK supplies Storm Shadow and is a
  member of NATO, Kyiv is the capital of Ukraine, François Hollande criticizes
  Russia (a separate component).

Import the fixtures into a test module with ``from graph_fixtures import ...``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from kg.graph.rdf import document_quads
from kg.store.graph_store import GraphStore
from kg.types import Article, DocumentResult, Entity, Fact, Mention, Quote, Span
from kg.vocab import entity_iri, graph_iri

BUILT_AT = datetime(2024, 10, 1, tzinfo=UTC)

# (key, class, canonical name, other surface forms)
ENTITIES = {
    "zelensky": ("Person", "Volodymyr Zelensky", ("Zelensky", "Zelenskyy")),
    "starmer": ("Person", "Keir Starmer", ("Starmer", "Sir Keir")),
    "hollande": ("Person", "François Hollande", ("Hollande",)),
    "uk": ("Country", "United Kingdom", ("UK", "Britain")),
    "ukraine": ("Country", "Ukraine", ()),
    "russia": ("Country", "Russia", ()),
    "london": ("City", "London", ()),
    "kyiv": ("City", "Kyiv", ()),
    "nato": ("Organization", "North Atlantic Treaty Organization", ("NATO",)),
    "storm": ("Weapon", "Storm Shadow", ()),
}

# document id -> (title, date, sentences, facts as (subject, predicate, object key or role title, sentence index))
DOCUMENTS = {
    "downing-street": (
        "Zelensky at Downing Street",
        "2024-07-19",
        [
            "Volodymyr Zelensky met Keir Starmer in London.",
            "Zelensky thanked the UK for its support.",
            "Starmer said: “We stand with Ukraine.”",
            "Zelensky, the President of Ukraine, pleaded with Sir Keir.",
        ],
        [
            ("zelensky", "metWith", "starmer", 0),
            ("zelensky", "thanked", "uk", 1),
            ("zelensky", "holdsRole", "President", 3),
            ("zelensky", "leaderOf", "ukraine", 3),
            ("zelensky", "plead with", "starmer", 3),  # an open relation
        ],
    ),
    "kyiv-visit": (
        "Starmer in Kyiv",
        "2024-09-02",
        [
            "Keir Starmer met Volodymyr Zelensky in Kyiv.",
            "Zelenskyy thanked Britain.",
            "The UK supplied Storm Shadow missiles to Ukraine.",
            "The United Kingdom is a member of NATO.",
            "Kyiv is the capital of Ukraine.",
            "François Hollande criticized Russia.",
        ],
        [
            ("starmer", "metWith", "zelensky", 0),
            ("zelensky", "thanked", "uk", 1),
            ("uk", "supplied", "storm", 2),
            ("uk", "memberOf", "nato", 3),
            ("kyiv", "capitalOf", "ukraine", 4),
            ("hollande", "criticized", "russia", 5),
        ],
    ),
}

OPEN_PREDICATES = {"plead with"}


def iri(key: str) -> str:
    """The IRI string of a fixture entity, e.g. ``iri("zelensky")``."""
    type_, name, _ = ENTITIES[key]
    return str(entity_iri(type_, name))


def _layout(sentences: list[str]) -> tuple[str, list[Span]]:
    text, spans = "", []
    for s in sentences:
        spans.append(Span(len(text), len(text) + len(s)))
        text += s + "\n"
    return text, spans


def _entities(text: str, entities: dict) -> dict[str, Entity]:
    found: dict[str, Entity] = {}
    for key, (type_, name, aliases) in entities.items():
        mentions = []
        for form in sorted({name, *aliases}, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                if not any(x.start <= m.start() < x.end for x in mentions):
                    mentions.append(Mention(m.start(), m.end(), form, "name", 0, 1, 0, type_))
        if mentions:
            seen = {m.text for m in mentions}
            found[key] = Entity(key, type_, name, aliases=seen - {name}, mentions=sorted(mentions, key=lambda m: m.start))
    return found


def make_result(
    doc_id: str, title: str, date: str | None, sentences: list[str], facts: list[tuple], entities: dict = ENTITIES
) -> DocumentResult:
    """An extraction result for one document: entities are found in the text by their names."""
    text, spans = _layout(sentences)
    ents = _entities(text, entities)
    made = [
        Fact(
            subject=ents[s],
            predicate=p,
            obj=ents.get(o, o),  # an entity key, or a role title
            rule="fixture.v1",
            confidence=0.9 if p not in OPEN_PREDICATES else 0.5,
            sentence=spans[i],
            evidence=spans[i],
            open=p in OPEN_PREDICATES,
        )
        for s, p, o, i in facts
    ]
    article = Article(doc_id, text, f"{doc_id}.txt", f"sha-{doc_id}", title=title, date=date)
    return DocumentResult(article, list(ents.values()), made, [], spans)


def document_result(doc_id: str) -> DocumentResult:
    """The hand-made extraction result of one fixture document (the first one has a quote)."""
    result = make_result(doc_id, *DOCUMENTS[doc_id])
    if doc_id == "downing-street":
        text, starmer = result.article.text, next(e for e in result.entities if e.key == "starmer")
        q = "We stand with Ukraine."
        start = text.index(q)
        result.quotes.append(Quote(q, start, start + len(q), starmer, result.sentences[2], "quotes.v1", 0.8))
    return result


def write_document(store: GraphStore, result: DocumentResult) -> None:
    """Write one extraction result as a real build does (global IRIs from class and name)."""
    iris = {e.key: entity_iri(e.type, e.name) for e in result.entities}
    store.replace_document(graph_iri(result.article.id), document_quads(result, iris, built_at=BUILT_AT))


def fill(store: GraphStore) -> GraphStore:
    """Write both fixture documents into ``store`` and return it."""
    for doc_id in DOCUMENTS:
        write_document(store, document_result(doc_id))
    return store


# names and a sentence full of what breaks XML, CSV, JSON in HTML and SPARQL
HOSTILE_NAME = 'Ben "The <Rock>" & O\'Neil\x01'
HOSTILE_ENTITIES = {
    "ben": ("Person", HOSTILE_NAME, ()),
    "acme": ("Organization", "Acme </script><!-- ]]> \\ Ltd", ()),
}
HOSTILE_SENTENCE = f"{HOSTILE_NAME} joined Acme </script><!-- ]]> \\ Ltd\x0b,\r\n said \u2028 'hi' }} DROP ALL ; #"


def fill_hostile(store: GraphStore) -> GraphStore:
    """A one-fact graph whose names and sentence hold quotes, markup, line breaks and control characters."""
    fact = ("ben", "employedBy", "acme", 0)
    result = make_result("hostile", 'Hostile <title> & "co"', "2024-01-01", [HOSTILE_SENTENCE], [fact], HOSTILE_ENTITIES)
    write_document(store, result)
    return store


@functools.cache
def _news_quads() -> tuple:
    quads = []
    for doc_id in DOCUMENTS:
        result = document_result(doc_id)
        iris = {e.key: entity_iri(e.type, e.name) for e in result.entities}
        quads.extend(document_quads(result, iris, built_at=BUILT_AT))
    return tuple(quads)


@pytest.fixture
def news_store() -> Iterator[GraphStore]:
    """The fixture graph in a fresh memory store of its own (tests may write to it).

    The quads are added directly: rdflib parses ``replace_document``'s SPARQL update
    slowly, and ``any_store`` already covers that write path.
    """
    with GraphStore("memory") as store:
        store.dataset.addN((s, p, o, store.dataset.graph(g)) for s, p, o, g in _news_quads())
        yield store


@pytest.fixture(scope="session", params=["memory", "oxigraph"])
def any_store(request, tmp_path_factory) -> Iterator[GraphStore]:
    """The fixture graph in each kind of embedded store (memory, Oxigraph on disk); shared: only read it."""
    location = "memory" if request.param == "memory" else tmp_path_factory.mktemp("oxigraph") / "store"
    with GraphStore(location) as store:
        yield fill(store)
