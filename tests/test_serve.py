"""``kg serve`` for real: the command runs as a subprocess on a free port over a tiny Oxigraph store,
and is talked to over HTTP with httpx, with SPARQLWrapper (a third-party SPARQL client), and in
headless Chromium (the rendered DOM of the entity and document pages; injected script never runs).

One server for the whole module (``--timeout 1 --max-rows 40 --query-workers 2 --cors ORIGIN``);
its Ctrl-C stop is checked when the module ends.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from graph_fixtures import fill, fill_hostile, iri, make_result, write_document
from needs import tool
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from servers import free_port

from kg.store.graph_store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT, MAX_ROWS = 1, 40
ALLOWED_ORIGIN = "https://yasgui.example"
ZELENSKY = iri("zelensky")
ZELENSKY_PATH = "/id/person/volodymyr-zelensky"
# names that would run script if a page pasted them into HTML; and a right-to-left override
PAYLOADS = {
    "eve": ("Person", 'Eve <script>document.documentElement.dataset.pwned="script"</script>', ()),
    "mallory": ("Person", "Mallory <img src=x onerror=\"document.documentElement.dataset.pwned='img'\">", ()),
    "trudy": ("Person", "Trudy \u202eevil\u202c Ltd", ()),
    "hardie": ("Person", "Keir Hardie", ()),  # makes "Keir" ambiguous
}
PAYLOAD_SENTENCE = f"{PAYLOADS['eve'][1]} met {PAYLOADS['mallory'][1]} and {PAYLOADS['trudy'][1]}, not Keir Hardie."
CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # far more than a second of work
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The base URL of a running ``kg serve`` (stopped with SIGINT, as Ctrl-C does, at the end)."""
    location = tmp_path_factory.mktemp("serve") / "store"
    with GraphStore(location) as store:
        fill(store)
        fill_hostile(store)
        facts = [("eve", "metWith", "mallory", 0), ("eve", "metWith", "trudy", 0)]
        write_document(store, make_result("payload", "<b>Payload</b>", "2024-02-02", [PAYLOAD_SENTENCE], facts, PAYLOADS))
    port = free_port()
    args = [sys.executable, "-m", "kg", "serve", "--store", str(location), "--port", str(port), "--timeout", str(TIMEOUT),
            "--max-rows", str(MAX_ROWS), "--query-workers", "2", "--cors", ALLOWED_ORIGIN]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        assert proc.poll() is None, proc.stderr.read()
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "kg serve did not answer within 30 s"
        time.sleep(0.1)
    yield url
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert f"127.0.0.1:{port}" in err and "stopped" in err
    assert "Traceback" not in err


def sparql(base, query, accept="application/sparql-results+json", headers=None):
    return httpx.get(base + "/sparql", params={"query": query}, headers={"Accept": accept, **(headers or {})}, timeout=10)


LABELS = "SELECT ?e ?label WHERE { ?e a kg:Person ; rdfs:label ?label } ORDER BY ?label"


# -- the SPARQL 1.1 Protocol -----------------------------------------------------------
def test_without_a_query_the_endpoint_describes_itself(base):
    answer = httpx.get(base + "/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=answer.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(base + "/sparql")) in g
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g


def test_select_answers_in_json_xml_csv_and_tsv_by_accept(base):
    js = sparql(base, LABELS).json()
    names = [b["label"]["value"] for b in js["results"]["bindings"]]
    assert "Keir Starmer" in names and js["head"]["vars"] == ["e", "label"]

    xml = sparql(base, LABELS, "application/sparql-results+xml")
    assert xml.headers["content-type"] == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    literals = [e.text for e in ET.fromstring(xml.content).iterfind(".//r:binding[@name='label']/r:literal", ns)]
    assert len(literals) == len(names) and "Volodymyr Zelensky" in literals

    rows = list(csv.reader(io.StringIO(sparql(base, LABELS, "text/csv").text)))
    assert rows[0] == ["e", "label"] and [ZELENSKY, "Volodymyr Zelensky"] in rows

    tsv = sparql(base, LABELS, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?e\t?label" and f'<{ZELENSKY}>\t"Volodymyr Zelensky"' in tsv


def test_hostile_values_survive_every_result_format(base):
    query = 'SELECT ?label WHERE { ?e rdfs:label ?label FILTER(STRSTARTS(?label, "Ben")) }'
    from graph_fixtures import HOSTILE_NAME

    assert sparql(base, query).json()["results"]["bindings"][0]["label"]["value"] == HOSTILE_NAME
    assert list(csv.reader(io.StringIO(sparql(base, query, "text/csv").text, newline="")))[1] == [HOSTILE_NAME]
    xml = ET.fromstring(sparql(base, query, "application/sparql-results+xml").content)  # well-formed despite \x01
    assert xml.find(".//{*}literal").text == HOSTILE_NAME.replace("\x01", "\ufffd")  # XML 1.0 cannot hold \x01


def test_post_as_a_form_and_as_a_sparql_query_body(base):
    form = httpx.post(base + "/sparql", data={"query": "ASK { ?s a kg:Person }"}, headers={"Accept": "application/json"})
    assert form.json() == {"head": {}, "boolean": True}
    body = httpx.post(base + "/sparql", content=LABELS, headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert body.status_code == 200 and "Keir Starmer" in body.text


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_construct_answers_turtle_ntriples_and_jsonld(base, accept, fmt):
    answer = sparql(base, "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a kg:Person ; rdfs:label ?l }", accept)
    assert answer.headers["content-type"].startswith(accept)
    g = Graph().parse(data=answer.text, format=fmt)
    assert (URIRef(ZELENSKY), RDFS.label, None) in g and len(g) == 8  # one label per person


def test_sparqlwrapper_talks_to_it(base):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(base + "/sparql")
    client.setQuery("PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?e WHERE { ?e kg:metWith ?o }")
    client.setReturnFormat(JSON)
    assert {b["e"]["value"] for b in client.queryAndConvert()["results"]["bindings"]} >= {ZELENSKY}
    client.setMethod(POST)
    client.setQuery(f"DESCRIBE <{ZELENSKY}>")
    client.setReturnFormat(TURTLE)
    described = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert (URIRef(ZELENSKY), RDFS.label, None) in described
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_named_queries_run_with_their_parameters(base):
    listed = {q["name"]: q for q in httpx.get(base + "/query").json()}
    assert listed["entity-facts"]["parameters"] == {"entity": "entity"}
    facts = httpx.get(base + "/query/entity-facts", params={"entity": "Zelensky"}, headers={"Accept": "application/json"}).json()
    assert {"metWith", "thanked"} <= {b["predicate"]["value"] for b in facts["results"]["bindings"]}
    assert httpx.get(base + "/query/nope").status_code == 404
    unknown = httpx.get(base + "/query/entity-facts", params={"entity": "Nobody Atall"})
    assert unknown.status_code == 404 and "no entity matches" in unknown.text


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "GET", "url": "/sparql", "params": {"update": "DROP ALL"}},
        {"method": "POST", "url": "/sparql", "data": {"update": "DROP ALL"}},
        {"method": "POST", "url": "/sparql", "content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "GET", "url": "/sparql", "params": {"query": "PREFIX x: <urn:x> INSERT DATA { x:a x:b x:c }"}},
    ],
    ids=["get-update", "form-update", "sparql-update-body", "update-as-query"],
)
def test_updates_are_refused_with_403(base, request_):
    answer = httpx.request(**{**request_, "url": base + request_["url"]})
    assert answer.status_code == 403 and "read-only" in answer.text
    assert sparql(base, "ASK { <urn:x:a> ?p ?o }").json()["boolean"] is False


def test_service_is_refused_but_a_literal_saying_service_is_not(base):
    refused = sparql(base, "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert refused.status_code == 403 and "SERVICE is refused" in refused.text
    assert sparql(base, 'SELECT * { ?s rdfs:label "SERVICE" }').status_code == 200


def test_a_slow_query_gets_503_at_the_time_limit_and_the_server_goes_on(base):
    started = time.monotonic()
    answer = sparql(base, SLOW)
    assert answer.status_code == 503 and answer.headers["x-kg-limit"] == "time"
    assert f"time limit of {TIMEOUT} s" in answer.text
    assert time.monotonic() - started < TIMEOUT + 3
    assert sparql(base, "ASK { ?s ?p ?o }").json()["boolean"] is True  # the stopped worker was replaced


def test_the_row_limit_cuts_an_answer_and_says_so(base):
    answer = sparql(base, CROSS)
    assert answer.status_code == 200 and answer.headers["x-kg-limit"] == "rows"
    assert f"row limit of {MAX_ROWS}" in answer.headers["warning"]
    assert len(answer.json()["results"]["bindings"]) == MAX_ROWS
    assert "x-kg-limit" not in sparql(base, LABELS).headers


def test_errors_are_one_line_and_never_a_stack_trace(base):
    answers = [
        sparql(base, "SELEC ?x"),
        httpx.post(base + "/sparql", content="x", headers={"Content-Type": "image/png"}),
        sparql(base, LABELS, "image/png"),
        httpx.get(base + "/doc/%ff%fe"),
        httpx.get(base + "/id/person/%00"),
        httpx.get(base + "/query/entity-facts", params={"entity": "<not an iri"}),
        httpx.get(base + "/entity", params={"name": "\x00" * 5000}),
    ]
    assert [a.status_code for a in answers[:3]] == [400, 415, 406]
    assert "does not parse" in answers[0].text
    for a in answers:
        assert a.status_code < 500 and "Traceback" not in a.text and 'File "' not in a.text, a.text


def test_cors_is_off_except_for_the_origin_given(base):
    allowed = sparql(base, "ASK {}", headers={"Origin": ALLOWED_ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    other = sparql(base, "ASK {}", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


# -- pages and linked data --------------------------------------------------------------
def test_home_says_what_the_graph_holds(base):
    page = httpx.get(base + "/").text
    assert 'href="/doc/downing-street"' in page and "Person" in page and "metWith" in page
    assert 'action="/entity"' in page


def test_a_name_leads_to_the_entity_page_as_kg_show_finds_it(base):
    found = httpx.get(base + "/entity", params={"name": "zelenskyy"})
    assert found.status_code == 303 and found.headers["location"] == ZELENSKY_PATH
    choose = httpx.get(base + "/entity", params={"name": "Keir"})
    assert choose.status_code == 200 and "ambiguous" in choose.text
    assert 'href="/id/person/keir-starmer"' in choose.text and 'href="/id/person/keir-hardie"' in choose.text
    missing = httpx.get(base + "/entity", params={"name": "Nobody Atall"})
    assert missing.status_code == 404 and "no entity matches" in missing.text


def test_entity_and_document_iris_answer_rdf_by_accept(base):
    turtle = httpx.get(base + ZELENSKY_PATH, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "Accept" in turtle.headers["vary"]
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(ZELENSKY), RDFS.label, None) in g
    assert (URIRef(iri("starmer")), URIRef("https://w3id.org/kg-news/ontology#metWith"), URIRef(ZELENSKY)) in g
    jsonld = httpx.get(base + "/doc/downing-street", headers={"Accept": "application/ld+json"})
    doc = Graph().parse(data=jsonld.text, format="json-ld")
    assert (URIRef("https://w3id.org/kg-news/doc/downing-street"), None, None) in doc
    assert httpx.get(base + ZELENSKY_PATH, headers={"Accept": "text/html"}).headers["content-type"].startswith("text/html")
    assert httpx.get(base + "/id/person/nobody", headers={"Accept": "text/turtle"}).status_code == 404
    assert httpx.get(base + "/id/person/nobody").status_code == 404


def test_the_visual_is_served(base):
    page = httpx.get(base + "/viz").text
    assert '<canvas id="graph"' in page and "Volodymyr Zelensky" in page


def test_hostile_labels_are_escaped_in_the_html(base):
    page = httpx.get(base + "/doc/payload").text
    assert "<script>document" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    hostile = httpx.get(base + "/doc/hostile").text
    assert "</script><!--" not in hostile and "&lt;/script&gt;&lt;!--" in hostile


def _dom(url: str) -> str:
    from kg.export.html import headless_chromium

    return headless_chromium(url, "--dump-dom", "--virtual-time-budget=3000", timeout=60)


@tool("chromium|chromium-browser|google-chrome", "apt-get install chromium")
def test_entity_page_in_chromium(base):
    dom = _dom(base + ZELENSKY_PATH)
    assert '<h1 id="label"><bdi>Volodymyr Zelensky</bdi></h1>' in dom
    assert "<mark>Zelensky</mark> thanked the UK for its support." in dom  # a fact's sentence, its names marked
    assert 'href="/doc/downing-street"' in dom and 'href="/id/person/keir-starmer"' in dom
    assert "<svg" in dom


@tool("chromium|chromium-browser|google-chrome", "apt-get install chromium")
def test_document_page_in_chromium_marks_mentions_and_never_runs_injected_script(base):
    dom = _dom(base + "/doc/downing-street")
    assert 'class="mention" href="/id/person/volodymyr-zelensky"' in dom
    assert "We stand with Ukraine." in dom and "metWith" in dom
    payload = _dom(base + "/doc/payload")
    assert "data-pwned" not in payload
    assert "&lt;script&gt;document.documentElement.dataset.pwned" in payload
    assert "\u202eevil\u202c" in payload and "<bdi>Trudy \u202eevil\u202c Ltd</bdi>" in payload
    entity = _dom(base + "/id/person/" + "eve-script-document-documentelement-dataset-pwned-script-script")
    assert "data-pwned" not in entity and "&lt;/script&gt;" in entity


def test_json_answers_are_json(base):
    assert json.loads(sparql(base, "SELECT ?s { ?s a kg:City }").text)["results"]["bindings"]


def test_an_entity_card_read_as_plain_values_is_the_card_read_through_rdflib(tmp_path):
    """The entity page reads pyoxigraph's rows as plain values (``pages._Values``): the same card, facts both ways."""
    from kg.analysis.card import entity_card
    from kg.serve.pages import _Values

    with GraphStore(tmp_path / "store") as store:
        fill(store)
    with GraphStore(tmp_path / "store", read_only=True) as store:
        card = entity_card(store, URIRef(ZELENSKY), max_facts=100)
        assert card.facts and any(f.outgoing for f in card.facts)
        assert entity_card(_Values(store), URIRef(ZELENSKY), max_facts=100) == card
