"""Property tests: random Unicode text with random quote marks through the real pipeline and the exports.

Whatever the text, no exception escapes extraction, the document's quads
serialise to N-Quads that rdflib parses back to the same quads, the Turtle
export of a store holding it parses back to the same triples, and its GEXF
export is well-formed XML.  Examples are few
(the real model parses each), so the whole file takes about twenty seconds.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.pipeline.builder import write_result
from kg.export import export
from kg.graph.identity import AliasTable
from kg.pipeline.stages import Pipeline
from kg.ingest.readers import article_from_text
from kg.store.graph_store import GraphStore

from kg.knowledge.knowledge import load_knowledge

K = load_knowledge()  # the shipped knowledge, as a build uses it

pytestmark = pytest.mark.model

QUOTES = list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a`\u300c\u300d")
WORDS = ["Keir Starmer", "Zelensky", "said", "met", "in", "London", "the", "president", "of", "Ukraine", ".", ",",
         "\n\n", "<http://evil>", "} ; DROP ALL ; {", "\\", "\x01", "\u200b", "\u202e"]
pieces = st.one_of(st.sampled_from(QUOTES), st.sampled_from(WORDS), st.text(min_size=1, max_size=12))


def _has_text(text: str) -> bool:
    """Whether a text is more than blanks once read (control and bidi characters are dropped when reading)."""
    try:
        article_from_text(text, id="fuzz", source="fuzz")
    except InputError:
        return False
    return True


texts = st.lists(pieces, min_size=1, max_size=60).map(" ".join).filter(_has_text)

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@FUZZ
@given(text=texts)
def test_any_text_extracts_round_trips_and_exports(pipeline, tmp_path_factory, text):
    out = tmp_path_factory.mktemp("fuzz")
    (result,) = pipeline.run([article_from_text(text, id="fuzz", source="fuzz")])
    store = GraphStore("memory")

    written = write_result(store, AliasTable(K.gazetteer), result)
    export(store, "turtle", out / "g.ttl")
    export(store, "gexf", out / "g.gexf")

    assert written >= 1
    parsed = Dataset()
    parsed.parse(data=store.dataset.serialize(format="nquads"), format="nquads")
    assert set(parsed.quads()) == set(store.dataset.quads())
    triples = {(s, p, o) for s, p, o, _ in store.dataset.quads()}  # Turtle merges the named graphs
    assert set(Graph().parse(out / "g.ttl", format="turtle")) == triples
    etree.parse(str(out / "g.gexf"))
