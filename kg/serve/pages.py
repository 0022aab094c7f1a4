"""The pages a person reads, and the linked-data answers of kg's IRIs.

- ``/``: what the graph holds (documents, entities by class, facts by predicate) and a search box;
- ``/entity?name=NAME``: the name looked up as ``kg show`` does (``kg.analysis.lookup``):
  one entity -> redirect to its own page, several -> the same choice list;
- ``/id/...``: an entity's own page -- the path its IRI (``https://w3id.org/kg-news/id/...``)
  has when kg is served at its base: label, class, aliases, each fact with its
  sentence (the entity's names marked) and a link to its document, quotes, neighbours
  and a small picture of them;
- ``/doc/ID``: an article's text with each mention marked by its entity, and after
  each sentence the facts and quotes read in it;
- ``/viz``: the visual of ``kg viz`` over the served store.

Entity and document paths answer ``text/turtle``, ``application/n-triples`` or
``application/ld+json`` (Accept header, or ``?format=``) with the resource's triples:
an entity's own triples in every graph and the facts pointing at it; a document's
whole graph (its text, sentences, mentions, facts, quotes).

The store is opened read-only, so what the home page and the visual count is
computed once per server and kept.  Every value reaches HTML through Jinja2's
autoescaping; names and sentences sit in ``<bdi>`` so bidi marks cannot reorder
the page around them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlencode

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kg.analysis.card import entity_card, local_name
from kg.analysis.lookup import entity_labels, find_entities, resolve_name
from kg.errors import EntityNotFound
from kg.export.html import colour_of, html_page
from kg.serve.engine import to_oxigraph
from kg.serve.http import negotiate
from kg.serve.results import GRAPH_FORMATS
from kg.serve.sparql import FORMAT_PARAM, graph_response
from kg.store.remote import bind_inline
from kg.vocab import BASE, DOC, ENTITIES_GRAPH, GRAPH, ID, KG, id_path

__all__ = ["document_page", "entity_page", "entity_search", "home", "local_path", "viz"]

PAGE_FORMATS = {"text/html": "html", "application/xhtml+xml": "html"} | {
    m: f for m, f in GRAPH_FORMATS.items() if m not in ("application/json", "text/plain")
}
NEIGHBOURS_DRAWN = 16
FACTS_SHOWN = 100  # facts on an entity's page; the rest through /query/entity-facts
QUOTES_SHOWN = 50
DOCUMENTS_SHOWN = 200  # the newest documents on the home page; /query/documents lists all

_P = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX kg: <KG>
""".replace("<KG>", f"<{BASE}ontology#>")


def _query(text: str) -> str:
    """One of the page queries with its prefixes, and the shared entities graph for ``<ENTITIES>``."""
    return _P + text.replace("<ENTITIES>", f"<{ENTITIES_GRAPH}>")


_DOCUMENTS = _query("""SELECT ?doc ?id ?title ?date WHERE { GRAPH ?g { ?doc a kg:Document ; dcterms:identifier ?id
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date } } } ORDER BY DESC(?date) ?id""")
_CLASSES = _query("SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <ENTITIES> { ?e a ?c } } GROUP BY ?c ORDER BY DESC(?n)")
_PREDICATES = _query("""SELECT ?p (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:predicate ?p } }
GROUP BY ?p ORDER BY DESC(?n) ?p""")
# The document queries have no OPTIONAL: Oxigraph evaluates an OPTIONAL's pattern over the
# whole store before joining (5.7 s for one document's facts at 1M quads, 2 ms without), so
# what may be missing (title, date, confidence, open relation, labels, speaker) is read apart.
_DOC_PROPERTIES = _query("SELECT ?p ?v WHERE { GRAPH ?g { ?doc a kg:Document ; ?p ?v } }")
_DOC_TEXT = _query("SELECT ?text WHERE { GRAPH ?g { ?ctx a nif:Context ; nif:isString ?text } }")
_DOC_SENTENCES = _query("SELECT ?b ?e WHERE { GRAPH ?g { ?s a nif:Sentence ; nif:beginIndex ?b ; nif:endIndex ?e } } ORDER BY ?b ?e")
_DOC_MENTIONS = _query("""SELECT ?b ?e ?ent WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?ent ; nif:beginIndex ?b ; nif:endIndex ?e } }
ORDER BY ?b""")
_DOC_LABELS = _query("""SELECT DISTINCT ?e ?label ?class WHERE { GRAPH ?g { { ?m itsrdf:taIdentRef ?e } UNION { ?st rdf:object ?e } }
  GRAPH <ENTITIES> { ?e rdfs:label ?label ; a ?class } }""")
_DOC_FACTS = _query("""SELECT ?st ?b ?s ?p ?o WHERE { GRAPH ?g {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sent . ?sent nif:beginIndex ?b } }
ORDER BY ?b ?p""")
_DOC_DETAILS = _query("""SELECT ?x ?kind ?v WHERE { GRAPH ?g {
  { ?x kg:confidence ?v BIND("confidence" AS ?kind) } UNION { ?x kg:openRelation ?v BIND("open" AS ?kind) }
  UNION { ?v kg:said ?x BIND("speaker" AS ?kind) } } }""")
_DOC_QUOTES = _query("""SELECT ?q ?b ?text WHERE { GRAPH ?g { ?q a kg:Quote ; kg:quoteText ?text ; prov:wasDerivedFrom ?sent .
  ?sent nif:beginIndex ?b } } ORDER BY ?b""")
_DOC_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_ENTITY_TRIPLES = """CONSTRUCT { ?e ?p ?o . ?s ?q ?e } WHERE {
  { ?e ?p ?o } UNION { ?s ?q ?e FILTER(STRSTARTS(STR(?q), "BASE")) } }""".replace("BASE", BASE)


def local_path(iri: str) -> str:
    """Where an IRI's page is on this server: its path for kg's own IRIs, else the lookup by IRI.

    >>> local_path("https://w3id.org/kg-news/id/person/keir-starmer")
    '/id/person/keir-starmer'
    >>> local_path("http://example.org/x")
    '/entity?name=http%3A//example.org/x'
    """
    if iri.startswith((str(ID), str(DOC))):
        return "/" + iri.removeprefix(BASE)
    return "/entity?name=" + quote(iri)


def document_path(doc_id: str) -> str:
    """The page of a document, by its id."""
    return "/doc/" + id_path(doc_id)


def _iri_of(request: Request) -> str:
    """The IRI a request's path names when kg is served at its base (``/id/x`` -> ``https://w3id.org/kg-news/id/x``)."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    return BASE + raw.decode("latin-1").split("?", 1)[0].lstrip("/")


def _wants(request: Request) -> str | None:
    wanted = request.query_params.get(FORMAT_PARAM)
    if wanted:
        return wanted if wanted in PAGE_FORMATS.values() else None
    return negotiate(request.headers.get("accept"), PAGE_FORMATS)


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    page = request.app.state.templates.get_template(template).render(title=request.app.state.title, **context)
    return HTMLResponse(page, status_code=status, headers={"Vary": "Accept"})


async def kept(request: Request, key: str, compute, *args):
    """``compute(*args)`` once per server (the store is read-only), in a thread; concurrent first
    requests wait for the one computation instead of each starting their own."""
    state = request.app.state
    if key not in state.cache:
        async with state.cache_locks[key]:
            if key not in state.cache:
                state.cache[key] = await run_in_threadpool(compute, *args)
    return state.cache[key]


def not_found(request: Request, message: str) -> HTMLResponse:
    return _render(request, "message.html", 404, heading="Not found", message=message)


# -- home -------------------------------------------------------------------
def _summary(store) -> dict:
    documents = [
        {"id": str(i), "title": str(t) if t else str(i), "date": str(d) if d else "", "path": document_path(str(i))}
        for _, i, t, d in store.query(_DOCUMENTS)
    ]
    classes = [{"name": local_name(str(c)), "count": int(n), "colour": colour_of(local_name(str(c)))} for c, n in store.query(_CLASSES)]
    predicates = [{"name": local_name(str(p)), "count": int(n)} for p, n in store.query(_PREDICATES)]
    return {"documents": documents[:DOCUMENTS_SHOWN], "document_count": len(documents), "classes": classes, "predicates": predicates}


async def home(request: Request) -> Response:
    return _render(request, "index.html", **await kept(request, "summary", _summary, request.app.state.store))


# -- entities ---------------------------------------------------------------
async def entity_search(request: Request) -> Response:
    """``/entity?name=``: one match -> its page; none or several -> the candidates to choose from."""
    name = request.query_params.get("name", "").strip()
    if not name:
        return RedirectResponse("/", status_code=303)
    state = request.app.state
    labels = await kept(request, "labels", entity_labels, state.store)  # every entity's names
    try:
        iri = str(await run_in_threadpool(resolve_name, state.store, name, labels=labels))
    except EntityNotFound as exc:
        candidates = await run_in_threadpool(find_entities, state.store, name, labels=labels)
        choices = [{"label": c.label, "kind": c.kind, "matched": c.matched, "path": local_path(c.iri)} for c in candidates]
        return _render(request, "choose.html", 200 if choices else 404, name=name, message=str(exc), choices=choices)
    if iri.startswith(str(ID)):
        return RedirectResponse(local_path(iri), status_code=303)
    return await _entity(request, iri)


async def entity_page(request: Request) -> Response:
    """``/id/...``: the entity whose IRI this path is."""
    return await _entity(request, _iri_of(request))


@dataclass
class Segment:
    text: str
    marked: bool = False


@lru_cache(maxsize=4096)
def _names_pattern(wanted: tuple[str, ...]) -> re.Pattern | None:
    """One pattern finding any of ``wanted`` (longest first) as whole words; kept, since a page's facts
    share their names and compiling was a fifth of an entity page's CPU time."""
    if not wanted:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in wanted), re.IGNORECASE)


def _marked(sentence: str, names: list[str]) -> list[Segment]:
    """A sentence cut into plain and marked stretches: every occurrence of one of ``names`` is marked.

    >>> [(s.text, s.marked) for s in _marked("Zelensky met Starmer.", ["Starmer"])]
    [('Zelensky met ', False), ('Starmer', True), ('.', False)]
    """
    pattern = _names_pattern(tuple(sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n))))
    if pattern is None:
        return [Segment(sentence)]
    segments, at = [], 0
    for m in pattern.finditer(sentence):
        if m.start() > at:
            segments.append(Segment(sentence[at : m.start()]))
        segments.append(Segment(m.group(), True))
        at = m.end()
    if at < len(sentence):
        segments.append(Segment(sentence[at:]))
    return segments


def _picture(label: str, kind: str, neighbours: list[dict]) -> dict:
    """A small star picture: the entity in the middle, its best connected neighbours round it (SVG coordinates)."""
    size, radius = 320, 118
    drawn = neighbours[:NEIGHBOURS_DRAWN]
    nodes = []
    for i, n in enumerate(drawn):
        angle = 2 * math.pi * i / max(1, len(drawn)) - math.pi / 2
        nodes.append(n | {"x": round(size / 2 + radius * math.cos(angle), 1), "y": round(size / 2 + radius * math.sin(angle), 1)})
    return {"size": size, "centre": {"label": label, "colour": colour_of(kind), "x": size / 2, "y": size / 2}, "nodes": nodes}


class _Values:
    """A store whose ``query`` answers rows of plain values (an IRI's or literal's text, None when unbound),
    read straight from pyoxigraph: turning its terms into rdflib's was a third of an entity page's CPU time.

    Enough for ``entity_card``, which reads every value through ``str``, ``float`` or ``is None``.
    A store without pyoxigraph (in memory, remote) answers through rdflib as before.
    """

    def __init__(self, store) -> None:
        self.store = store

    def query(self, sparql: str, bindings: dict | None = None) -> list:
        inner = self.store.oxigraph
        if inner is None:
            return list(self.store.query(sparql, bindings))
        answer = inner.query(bind_inline(sparql, bindings) if bindings else sparql, use_default_graph_as_union=True)
        width = len(answer.variables)
        return [tuple(None if (t := row[i]) is None else t.value for i in range(width)) for row in answer]


def _entity_view(store, iri: str) -> dict | None:
    card = entity_card(_Values(store), URIRef(iri), max_facts=FACTS_SHOWN)
    if not card.label and not card.classes:
        return None
    names = [card.label, *card.aliases]
    facts, around = [], {}
    for f in card.facts:
        other_iri, other = (f.object_iri, f.obj) if f.outgoing else (f.subject_iri, f.subject)
        facts.append(
            {
                "subject": f.subject, "predicate": f.predicate, "object": f.obj, "outgoing": f.outgoing,
                "other": other, "other_path": local_path(other_iri), "date": f.date or "", "rule": f.rule,
                "confidence": f.confidence, "document": f.document, "document_path": document_path(f.document),
                "sentence": _marked(f.sentence, names + [other]),
            }
        )
        seen = around.setdefault(other_iri, {"label": other, "path": local_path(other_iri), "facts": 0, "predicates": set()})
        seen["facts"] += 1
        seen["predicates"].add(f.predicate)
    neighbours = sorted(around.values(), key=lambda n: (-n["facts"], n["label"]))
    for n in neighbours:
        n["predicates"] = sorted(n["predicates"])
        n["colour"] = "#888"
    kind = card.classes[0] if card.classes else ""
    return {
        "iri": iri, "label": card.label or local_name(iri), "classes": card.classes, "aliases": card.aliases,
        "colour": colour_of(kind), "facts": facts, "neighbours": neighbours,
        "quotes": [{"text": t, "document": d, "document_path": document_path(d)} for t, d in card.quotes[:QUOTES_SHOWN]],
        "more_quotes": max(0, len(card.quotes) - QUOTES_SHOWN), "more_facts": card.more_facts,
        "all_facts": "/query/entity-facts?" + urlencode({"entity": f"<{iri}>", "format": "csv"}),
        "documents": [{"id": d, "path": document_path(d)} for d in card.documents],
        "merges": card.merges, "picture": _picture(card.label, kind, neighbours),
    }


async def _entity(request: Request, iri: str) -> Response:
    store = request.app.state.store
    fmt = _wants(request)
    if fmt is None:
        return Response("this page can be given as: " + ", ".join(PAGE_FORMATS) + "\n", status_code=406, media_type="text/plain")
    if fmt != "html":
        triples = await run_in_threadpool(_triples, store, _ENTITY_TRIPLES, {"e": URIRef(iri)})
        if not triples:
            return Response(f"no entity {iri} in the store\n", status_code=404, media_type="text/plain")
        return graph_response(request, triples, {"Vary": "Accept"})
    view = await run_in_threadpool(_entity_view, store, iri)
    if view is None:
        return not_found(request, f"no entity {iri} in the store; search for a name instead")
    return _render(request, "entity.html", **view)


def _triples(store, construct: str, bindings: dict) -> list:
    import pyoxigraph as ox

    return [ox.Triple(*map(to_oxigraph, t)) for t in store.query(construct, bindings)]


# -- documents --------------------------------------------------------------
@dataclass
class Sentence:
    begin: int
    end: int
    segments: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    quotes: list = field(default_factory=list)


def _spans(text: str, begin: int, end: int, mentions: list[dict]) -> list[dict]:
    """The text from ``begin`` to ``end`` cut into plain stretches and mentions (the first of overlapping ones wins)."""
    out, at = [], begin
    for m in mentions:
        if m["begin"] < at or m["end"] > end or m["begin"] < begin:
            continue
        if m["begin"] > at:
            out.append({"text": text[at : m["begin"]]})
        out.append({"text": text[m["begin"] : m["end"]], "mention": m})
        at = m["end"]
    if at < end:
        out.append({"text": text[at:end]})
    return out


def _document_view(store, iri: str) -> dict | None:
    graph = URIRef(str(GRAPH) + "doc/" + iri.removeprefix(str(DOC)))
    bind = {"g": graph}
    # every answer is read to its end: a pyoxigraph answer must not be dropped in another thread
    properties = {local_name(str(p)): str(v) for p, v in store.query(_DOC_PROPERTIES, bind)}
    if "identifier" not in properties:
        return None
    doc_id, title, date, source = (properties.get(k, "") for k in ("identifier", "title", "date", "source"))
    text = next((str(t) for t, in list(store.query(_DOC_TEXT, bind))), "")
    labels: dict[str, tuple[str, str]] = {}
    for e, label, cls in store.query(_DOC_LABELS, bind):
        kind = local_name(str(cls))
        if str(cls).startswith(str(KG._NS)) and (str(e) not in labels or kind < labels[str(e)][1]):
            labels[str(e)] = (str(label), kind)
    details: dict[tuple[str, str], object] = {(str(x), str(kind)): v for x, kind, v in store.query(_DOC_DETAILS, bind)}

    def name(node) -> str:
        return labels.get(str(node), (local_name(str(node)), ""))[0]

    mentions = []
    for b, e, ent in store.query(_DOC_MENTIONS, bind):
        label, kind = labels.get(str(ent), (local_name(str(ent)), ""))
        mentions.append({"begin": int(b), "end": int(e), "label": label, "kind": kind, "colour": colour_of(kind), "path": local_path(str(ent))})
    mentions = list({(m["begin"], m["end"]): m for m in mentions}.values())  # one per stretch (an entity with two classes)
    sentences: list[Sentence] = []
    for b, e in store.query(_DOC_SENTENCES, bind):
        b, e = int(b), int(e)
        if sentences and b < sentences[-1].end:
            continue  # a stretch inside one already kept (a cited clause)
        sentences.append(Sentence(b, e))

    def holder(begin: int) -> Sentence | None:
        return next((s for s in sentences if s.begin <= begin < s.end), None)

    for st, b, s, p, o in store.query(_DOC_FACTS, bind):
        target = holder(int(b))
        if target is None:
            continue
        open_rel, conf = details.get((str(st), "open")), details.get((str(st), "confidence"))
        target.facts.append(
            {"subject": name(s), "subject_path": local_path(str(s)),
             "predicate": str(open_rel) if open_rel is not None else local_name(str(p)), "open": open_rel is not None,
             "object": name(o), "object_path": local_path(str(o)), "confidence": float(conf) if conf is not None else None}
        )
    for q, b, quote_text in store.query(_DOC_QUOTES, bind):
        target = holder(int(b))
        if target is not None:
            speaker = details.get((str(q), "speaker"))
            target.quotes.append(
                {"text": str(quote_text), "speaker": name(speaker) if speaker is not None else "",
                 "speaker_path": local_path(str(speaker)) if speaker is not None else ""}
            )
    blocks, at = [], 0
    for s in sentences:
        if s.begin > at:
            blocks.append({"gap": text[at : s.begin]})
        s.segments = _spans(text, s.begin, s.end, mentions)
        blocks.append({"sentence": s})
        at = s.end
    if at < len(text):
        blocks.append({"gap": text[at:]})
    counts = {"facts": sum(len(s.facts) for s in sentences), "quotes": sum(len(s.quotes) for s in sentences), "mentions": len(mentions)}
    return {"iri": iri, "doc_id": doc_id, "doc_title": title or doc_id, "date": date, "source": source, "blocks": blocks, "counts": counts}


async def document_page(request: Request) -> Response:
    """``/doc/ID``: the article with its mentions, facts and quotes."""
    store, iri = request.app.state.store, _iri_of(request)
    fmt = _wants(request)
    if fmt is None:
        return Response("this page can be given as: " + ", ".join(PAGE_FORMATS) + "\n", status_code=406, media_type="text/plain")
    if fmt != "html":
        graph = URIRef(str(GRAPH) + "doc/" + iri.removeprefix(str(DOC)))
        triples = await run_in_threadpool(_triples, store, _DOC_GRAPH, {"g": graph})
        if not triples:
            return Response(f"no document {iri} in the store\n", status_code=404, media_type="text/plain")
        return graph_response(request, triples, {"Vary": "Accept"})
    view = await run_in_threadpool(_document_view, store, iri)
    if view is None:
        return not_found(request, f"no document {iri} in the store; the home page lists them")
    return _render(request, "doc.html", **view)


# -- the visual -------------------------------------------------------------
def _viz_page(store, title: str) -> str:
    from kg.analysis.network import entity_graph

    return html_page(entity_graph(store), title=title)


async def viz(request: Request) -> Response:
    """``/viz``: the offline visual of ``kg viz``, drawn once over the served store."""
    state = request.app.state
    return HTMLResponse(await kept(request, "viz", _viz_page, state.store, state.title))
