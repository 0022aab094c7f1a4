"""Check a kg graph with SHACL: ``ontology/shapes.ttl`` plus the ontology's domains and ranges.

The graph is validated as one: the union of every named graph (labels live in the
shared entities graph, everything else in the documents' graphs) with kg.ttl mixed
in, so that ``sh:class kg:Place`` accepts a ``kg:City``.  The domain/range shapes
are derived from kg.ttl's ``rdfs:domain``/``rdfs:range`` (the same rule
``Ontology.accepts`` applies while building), so shapes and ontology cannot drift.
No inference is run: the subclass triples of kg.ttl are all SHACL needs, and
inference would cost more than the validation itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import KGError
from kg.knowledge.ontology import Ontology, load_ontology
from kg.vocab import KG, compact

__all__ = ["ValidationReport", "Violation", "format_report", "validate"]

SHAPES = "https://w3id.org/kg-news/shapes#"  # where the derived domain/range shapes are named


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words."""

    focus: str  # the node at fault, compact ("id:person/keir-starmer") or a literal
    label: str | None  # its rdfs:label, when it has one
    path: str | None  # the property at fault, compact ("kg:holdsRole"); None for the node itself
    value: str | None  # the value at fault, when there is one ("id:person/keir-starmer", "1.5")
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass
class ValidationReport:
    """Whether the graph conforms (warnings allowed) and every result found."""

    conforms: bool
    violations: list[Violation]


def validate(data: Graph) -> ValidationReport:
    """Validate a Graph or a Dataset (all its named graphs together) against the shapes."""
    onto = load_ontology()
    merged = Graph()
    merged += (q[:3] for q in data.quads()) if isinstance(data, ConjunctiveGraph) else data
    merged += onto.graph
    conforms, results, _ = shacl_validate(
        merged, shacl_graph=_shapes(onto), inference="none", inplace=True, allow_warnings=True
    )
    return ValidationReport(conforms, _violations(results, merged))


def format_report(report: ValidationReport) -> str:
    """One line per result: severity, the node (its label if any), the property, the message."""
    if not report.violations:
        return "conforms: no violations"
    lines = [
        f"{v.severity}: {v.focus}{f' ({v.label})' if v.label else ''}"
        f"{f' {v.path}' if v.path else ''}{f' = {v.value}' if v.value else ''}: {v.message}"
        for v in report.violations
    ]
    errors = sum(v.severity == "Violation" for v in report.violations)
    head = "conforms" if report.conforms else "does not conform"
    return "\n".join([f"{head}: {errors} violation(s), {len(lines) - errors} other result(s)", *lines])


@lru_cache(maxsize=4)
def _shapes(onto: Ontology) -> Graph:
    """shapes.ttl beside the ontology, plus a domain/range shape per kg property."""
    path = onto.folder / "shapes.ttl"
    if not path.is_file():
        raise KGError(f"missing {path}: point KG_ONTOLOGY_DIR at a folder holding shapes.ttl")
    shapes = Graph().parse(path, format="turtle")
    _add_domain_range(shapes, onto)
    return shapes


def _add_domain_range(shapes: Graph, onto: Ontology) -> None:
    """Add, for every property with a kg domain/range, a shape on its subjects and objects."""
    for name, info in sorted(onto.properties.items()):
        domain = sorted(info.domain) if info.domain <= onto.classes else []  # e.g. rdf:Statement: shapes.ttl's job
        range_ = sorted(info.range) if info.range <= onto.classes else []  # datatype properties: {"Literal"}
        if not domain and not range_:
            continue
        shape = URIRef(f"{SHAPES}{name}-domain-range")
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, SH.targetSubjectsOf, KG[name]))
        if domain:
            _class_constraint(shapes, shape, domain)
            message = f"the subject of kg:{name} must be a {' or '.join(domain)} (rdfs:domain in kg.ttl)"
            shapes.add((shape, SH.message, Literal(message)))
        if range_:
            prop = BNode()
            shapes.add((shape, SH.property, prop))
            shapes.add((prop, SH.path, KG[name]))
            _class_constraint(shapes, prop, range_)
            message = f"the object of kg:{name} must be a {' or '.join(range_)} (rdfs:range in kg.ttl)"
            shapes.add((prop, SH.message, Literal(message)))


def _class_constraint(shapes: Graph, shape: Node, classes: list[str]) -> None:
    """``sh:class`` for one class, ``sh:or`` of ``sh:class`` for several."""
    if len(classes) == 1:
        shapes.add((shape, SH["class"], KG[classes[0]]))
        return
    options = []
    for cls in classes:
        option = BNode()
        shapes.add((option, SH["class"], KG[cls]))
        options.append(option)
    head = BNode()
    Collection(shapes, head, options)
    shapes.add((shape, SH["or"], head))


def _violations(results: Graph, data: Graph) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        label = data.value(focus, RDFS.label) if isinstance(focus, URIRef) else None
        severity = results.value(result, SH.resultSeverity)
        out.append(Violation(
            focus=_compact(focus),
            label=str(label) if label is not None else None,
            path=_path(path, results),
            value=_compact(value) if (value := results.value(result, SH.value)) not in (None, focus) else None,
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
            severity=str(severity).rpartition("#")[2] if severity else "Violation",
        ))
    return sorted(out, key=lambda v: (v.severity != "Violation", v.focus, v.path or "", v.message))


def _path(path: Node | None, results: Graph) -> str | None:
    """A result path as text: ``kg:said``, or ``^kg:said`` for an inverse path."""
    if path is None:
        return None
    inverse = results.value(path, SH.inversePath)
    return "^" + _compact(inverse) if inverse is not None else _compact(path)


def _compact(node: Node | None) -> str:
    """An IRI as ``prefix:rest`` when a known namespace starts it (for reading, not parsing)."""
    if isinstance(node, URIRef):
        short = compact(str(node))
        return short if short != str(node) else f"<{node}>"
    return repr(str(node)) if isinstance(node, Literal) else str(node)
