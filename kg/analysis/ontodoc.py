"""Write docs/ontology.md from ontology/kg.ttl, ontology/lexicon.yaml and the rules table.

The page lists every class (superclasses, alignments, description), every
property (label, description, domain, range, alignments, an example triple, the
words of the lexicon that map to it) and every extraction rule (stage,
confidence, description), each rule under an anchor named by its id, so the rule
IRI in a fact's provenance leads to its row.  tests/test_ontology.py fails when
the committed page differs from what this renders, so the two never drift.

It lives here, above the extraction stage, because the rules are registered by
the extraction modules (``kg.pipeline.stages.all_rules``) and kg/knowledge may not
import them.

Usage: ``python -m kg.analysis.ontodoc [-o docs/ontology.md]`` (prints to stdout without -o).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.extract.rules import STAGES, Rule
from kg.knowledge.ontology import Ontology, class_members, load_ontology
from kg.pipeline.stages import all_rules
from kg.vocab import KG, RULE

__all__ = ["main", "render"]

COMMAND = "python -m kg.analysis.ontodoc -o docs/ontology.md"
CLASS_ALIGNMENTS = {
    RDFS.subClassOf: "subclass of",
    OWL.equivalentClass: "equivalent to",
    SKOS.closeMatch: "close match",
}
PROPERTY_ALIGNMENTS = {
    RDFS.subPropertyOf: "subproperty of",
    OWL.equivalentProperty: "equivalent to",
    OWL.inverseOf: "inverse of",
    SKOS.closeMatch: "close match",
}


def render(onto: Ontology | None = None, rules: Iterable[Rule] | None = None) -> str:
    """The Markdown page for an ontology and its rules (the project's by default)."""
    onto = onto or load_ontology()
    rules = list(all_rules() if rules is None else rules)
    g = onto.graph
    header = next(g.subjects(RDF.type, OWL.Ontology))
    lines = [
        "# The kg ontology",
        "",
        f"<!-- Generated from ontology/kg.ttl, ontology/lexicon.yaml and the rules table by `{COMMAND}`; do not edit. -->",
        "",
        str(g.value(header, DCTERMS.description)),
        "",
        f"Namespace `{KG._NS}` (prefix `kg:`), version {g.value(header, OWL.versionInfo)}. "
        "In the examples `:name` is an entity (under `https://w3id.org/kg-news/id/`) and `<doc/…>` "
        "a document, quote or statement node (under `https://w3id.org/kg-news/doc/`). "
        "Domains and ranges accept subclasses: a `kg:City` is a `kg:Place`.",
        "",
        "## Class hierarchy",
        "",
        *_tree(g, sorted(onto.classes), None, 0),
        "",
        "## Classes",
        "",
        "| Class | Subclass of | Aligned with | Description |",
        "|---|---|---|---|",
        *(_class_row(g, KG[name]) for name in sorted(onto.classes)),
        "",
    ]
    words = _words(onto)
    for title, kind in (("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty)):
        lines += [f"## {title}", ""]
        for name in sorted(n for n in onto.properties if (KG[n], RDF.type, kind) in g):
            lines += _property(g, KG[name], onto.properties[name].symmetric, words.get(name, {}))
    lines += _rules(rules)
    return "\n".join(lines).rstrip() + "\n"


def _rules(rules: list[Rule]) -> list[str]:
    """The rules section: one row per rule, by stage in pipeline order, each row under an anchor named by its id."""
    example = rules[0].id if rules else "svo.active.v1"
    lines = [
        "## Rules",
        "",
        (
            f"Every fact and quote names the rule that made it: `prov:wasGeneratedBy <{RULE}ID>`. "
            "To read why a fact is there, take the last part of that IRI, the rule id, and find its "
            f"row below: each row is an anchor named by the id, so `<{RULE}{example}>` is "
            f"`docs/ontology.md#{example}`. A rule id reads `name.vN`; a changed reading gets a new "
            "version, so an id always means what its row says. The confidence is what a fact gets "
            "from the rule before any adjustment. `kg rules` prints the same table (`-f csv`, `-f json`)."
        ),
        "",
    ]
    if not rules:
        return [*lines, "No rule is registered.", ""]
    lines += ["| Rule | Stage | Confidence | Description |", "|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: STAGES.index(r.stage)):  # stable: registration order within a stage
        cells = [f'<a id="{rule.id}"></a>`{rule.id}`', rule.stage, f"{rule.confidence:g}", rule.description]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return [*lines, ""]


def _kg_parents(g: Graph, cls: URIRef) -> list[URIRef]:
    """A class's direct superclasses in the kg namespace."""
    return sorted(o for o in g.objects(cls, RDFS.subClassOf) if isinstance(o, URIRef) and o.startswith(KG._NS))


def _tree(g: Graph, classes: list[str], parent: URIRef | None, depth: int) -> Iterator[str]:
    """The classes under ``parent`` (the roots for None) as a nested Markdown list."""
    for name in classes:
        parents = _kg_parents(g, KG[name])
        if (parent in parents) if parent else not parents:
            yield f"{'  ' * depth}- `kg:{name}`"
            yield from _tree(g, classes, KG[name], depth + 1)


def _short(g: Graph, term: Node) -> str:
    return term.n3(g.namespace_manager) if isinstance(term, URIRef) else str(term)


def _classes(g: Graph, nodes: Iterable[Node]) -> str:
    return " or ".join(f"`{_short(g, c)}`" for node in nodes for c in class_members(g, node)) or "anything"


def _alignments(g: Graph, term: URIRef, predicates: dict[URIRef, str], *, skip_kg: bool) -> str:
    parts = []
    for pred, words in predicates.items():
        targets = sorted(_short(g, o) for o in g.objects(term, pred) if not (skip_kg and o.startswith(KG._NS)))
        if targets:
            parts.append(f"{words} {', '.join(f'`{t}`' for t in targets)}")
    return "; ".join(parts)


def _class_row(g: Graph, cls: URIRef) -> str:
    cells = [
        f"`{_short(g, cls)}`",
        ", ".join(f"`{_short(g, p)}`" for p in _kg_parents(g, cls)),
        _alignments(g, cls, CLASS_ALIGNMENTS, skip_kg=True),
        str(g.value(cls, RDFS.comment)),
    ]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _property(g: Graph, prop: URIRef, symmetric: bool, words: dict[bool, list[str]]) -> list[str]:
    lines = [
        f"### `{_short(g, prop)}` — {g.value(prop, RDFS.label)}",
        "",
        str(g.value(prop, RDFS.comment)),
        "",
        f"- domain: {_classes(g, g.objects(prop, RDFS.domain))}",
        f"- range: {_classes(g, g.objects(prop, RDFS.range))}",
    ]
    if symmetric:
        lines.append("- symmetric: `a kg:p b` also says `b kg:p a`")
    aligned = _alignments(g, prop, PROPERTY_ALIGNMENTS, skip_kg=False)
    if aligned:
        lines.append(f"- aligned: {aligned}")
    lines.append(f"- example: `{g.value(prop, SKOS.example)}`")
    for inverse, label in ((False, "words"), (True, "words, object as subject")):
        if words.get(inverse):
            lines.append(f"- {label}: {', '.join(words[inverse])}")
    return [*lines, ""]


def _words(onto: Ontology) -> dict[str, dict[bool, list[str]]]:
    """Property -> {inverse?: lexicon keys}, in lexicon order."""
    out: dict[str, dict[bool, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, entry in onto.lexicon.items():
        out[entry.property][entry.inverse].append(key)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.analysis.ontodoc", description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: print to stdout)")
    args = parser.parse_args(argv)
    page = render()
    if args.output:
        args.output.write_text(page, encoding="utf-8")
    else:
        print(page, end="")


if __name__ == "__main__":
    main()
