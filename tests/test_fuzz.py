"""Property tests: random Unicode text with random quote marks through the real pipeline and the exports.

Whatever the text, no exception escapes extraction, the document's quads
serialise to N-Quads that rdflib parses back to the same quads, the Turtle
export of a store holding it parses back to the same triples, and its GEXF
export is well-formed XML.

The whole way, from bytes on disk: hostile text (lone surrogates, C0/C1 controls,
terminal escapes, bidi marks, huge tokens, quote characters, formula starts)
written as a text file or a JSON line is read (an article or a reported
problem, never an exception), extracted, stored, written in every export format,
each parsed by an independent reader (rdflib, rapper, lxml, csv, json; no CSV
cell a spreadsheet would run), and the N-Quads, TriG and JSON-LD exports loaded
with ``kg load`` give the same quads.  Examples are few (the real model parses
each); the file takes well under a minute.
"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD

from needs import require_tool

from kg.errors import InputError
from kg.export import FORMATS, export
from kg.export.tables import FORMULA_STARTS, csv_paths
from kg.graph.identity import AliasTable
from kg.ingest.readers import InputProblem, article_from_text, read_inputs
from kg.knowledge.knowledge import load_knowledge
from kg.pipeline.builder import write_result
from kg.pipeline.stages import Pipeline
from kg.store.graph_store import GraphStore
from kg.store.load import load_files
from kg.types import Article, ExtractionFailure

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


# -- the whole way: bytes on disk -> reading -> extraction -> store -> every export -> kg load ---------------

HOSTILE = [
    "\ud800", "\udfff", "\x00", "\x07", "\x1b[2J", "\x1b]0;owned\x07", "\x85", "\x9b", "\r", "\t", "\u2028",
    "\u202e", "\u2066", "\u2069", "\u200f", "\ufeff", "\ufffe", "x" * 3000, "Z" * 200 + "elensky",
    '"', "'", "\u201c", "\u201d", "\u00ab", "\u00bb", "=cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "+1",
    "\U0001f600", "e\u0301", "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587",
]
hostile_texts = st.lists(st.one_of(pieces, st.sampled_from(HOSTILE)), min_size=1, max_size=40).map(" ".join)
SUFFIX = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "nquads": "nq", "jsonld": "jsonld", "gexf": "gexf",
          "graphml": "graphml", "csv": "csv", "jsonl": "jsonl"}
RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}


def plain(term):
    """RDF 1.1 strings one way: Oxigraph types them xsd:string, rdflib's parsers leave them untyped."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def quads_of(store: GraphStore) -> set:
    return {(s, p, plain(o), getattr(g, "identifier", g)) for s, p, o, g in store.dataset.quads() if g is not None}


def check_export(fmt: str, path: Path, store: GraphStore, rapper: str) -> None:
    """The file ``export`` wrote parses with an independent reader (and rapper for what it reads)."""
    if fmt in ("trig", "nquads", "jsonld"):
        back = Dataset()
        back.parse(path, format={"jsonld": "json-ld"}.get(fmt, fmt))
        assert sum(1 for _ in back.quads()) == len(store)
    elif fmt in ("turtle", "ntriples"):
        parsed = {(s, p, plain(o)) for s, p, o in Graph().parse(path, format=fmt)}
        assert parsed == {(s, p, o) for s, p, o, _ in quads_of(store)}
    elif fmt in ("gexf", "graphml"):
        etree.parse(str(path))
    elif fmt == "csv":
        for table in csv_paths(path):
            rows = list(csv.reader(table.open(newline="", encoding="utf-8")))
            assert rows and not [c for row in rows[1:] for c in row if c.startswith(FORMULA_STARTS)]
    else:
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)
    if fmt in RAPPER:
        checked = subprocess.run([rapper, "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0 and "rapper: Error" not in checked.stderr, checked.stderr[-2000:]


@FUZZ
@given(text=hostile_texts, as_jsonl=st.booleans())
def test_any_input_survives_reading_every_export_and_a_load_round_trip(pipeline, tmp_path_factory, text, as_jsonl):
    rapper = require_tool("rapper", "apt-get install raptor2-utils")
    out = tmp_path_factory.mktemp("whole")
    source = out / ("in.jsonl" if as_jsonl else "in.txt")
    if as_jsonl:  # json.dumps writes a lone surrogate as the escape \ud800
        source.write_text(json.dumps({"id": "fuzz", "text": text}) + "\n", encoding="utf-8")
    else:  # a lone surrogate becomes bytes that are not UTF-8
        source.write_bytes(text.encode("utf-8", "surrogatepass"))

    items = list(read_inputs([source]))  # no exception: an article, or a problem saying why not
    articles = [item for item in items if isinstance(item, Article)]
    assert articles or [item for item in items if isinstance(item, InputProblem)]
    with GraphStore(out / "store") as store:
        aliases = AliasTable(K.gazetteer)
        for result in pipeline.run(articles):
            assert not isinstance(result, ExtractionFailure), result.message
            write_result(store, aliases, result)
        for fmt in FORMATS:
            export(store, fmt, out / f"g.{SUFFIX[fmt]}")
            check_export(fmt, out / f"g.{SUFFIX[fmt]}", store, rapper)
        original = quads_of(store)
    for fmt in ("nquads", "trig", "jsonld"):
        with GraphStore(out / f"loaded-{fmt}") as loaded:
            load_files(loaded, [out / f"g.{SUFFIX[fmt]}"])
            assert quads_of(loaded) == original, fmt
