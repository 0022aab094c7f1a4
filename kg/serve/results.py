"""Write query answers in the formats of the SPARQL 1.1 Protocol: results as JSON, XML, CSV or TSV, graphs as RDF.

Terms are pyoxigraph terms (``engine`` turns rdflib's into them), so one writer
serves every kind of store.  CSV holds plain values (IRI, lexical form, ``_:id``);
TSV holds terms in N-Triples syntax, as the W3C "SPARQL 1.1 Query Results CSV and
TSV Formats" note says.  XML 1.0 cannot carry most control characters, even as
character references: the XML writer replaces them with U+FFFD (the other formats
keep them, escaped).
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "write_graph", "write_results"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# media type -> format name; the first of each name is the Content-Type answered
RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def media_type(name: str, table: dict[str, str]) -> str:
    """The Content-Type answered for a format name: the first media type of that name in ``table``."""
    return next(m for m, n in table.items() if n == name)


def write_results(fmt: str, variables: list[str], rows: list[list], boolean: bool | None = None) -> str:
    """A SELECT answer (``variables``, ``rows`` of terms or None) or an ASK answer (``boolean``) in ``fmt``."""
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](variables, rows, boolean)


def write_graph(fmt: str, triples: list, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples as Turtle (with ``prefixes``), N-Triples or JSON-LD."""
    rdf_format = _RDF_FORMATS[fmt]
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes if fmt == "turtle" else None) or b""


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}  # RDF-star, which kg never writes


def _json(variables: list[str], rows: list[list], boolean: bool | None) -> str:
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean})
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _x(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_x(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_x(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_x(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_x(term.value)}</literal>"
        return f"<literal>{_x(term.value)}</literal>"
    return f"<literal>{_x(str(term))}</literal>"


def _xml(variables: list[str], rows: list[list], boolean: bool | None) -> str:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    if boolean is not None:
        body = f"<boolean>{'true' if boolean else 'false'}</boolean>"
    else:
        results = "".join(
            "<result>"
            + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None)
            + "</result>\n"
            for row in rows
        )
        body = f"<results>\n{results}</results>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>\n{body}</sparql>\n'
    )


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _csv(variables: list[str], rows: list[list], boolean: bool | None) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if boolean is not None:
        writer.writerows([["_askResult"], ["true" if boolean else "false"]])
    else:
        writer.writerow(variables)
        writer.writerows([_plain(t) for t in row] for row in rows)
    return buf.getvalue()


def _tsv(variables: list[str], rows: list[list], boolean: bool | None) -> str:
    if boolean is not None:
        return f"?_askResult\n{'true' if boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"
