"""Score a built graph against gold files (``kg eval``), by the rules of docs/gold-format.md (GOLD-FORMAT).

The scorer reads nothing but the RDF contract (``kg/graph/rdf.py``): entity nodes with a
``kg:`` ``rdf:type`` and ``rdfs:label``/``skos:altLabel``, NIF mentions linked to them by
``itsrdf:taIdentRef``, facts as ``s kg:p o`` triples, quotes as ``speaker kg:said q`` with
``q kg:quoteText``.  So it scores any graph that follows the contract, the way an
independent held-out evaluation would, and never looks at pipeline internals.

Two gold styles, told apart by the shape of ``mentions``:

- seed (hand-read, ``corpus/seed``): mentions are surface strings; entities, facts,
  quotes and traps are checked (``score_seed``);
- GUM (``corpus/gum``): mentions are ``[start, end, text]`` coreference chains; the
  mapping of gold mentions onto nodes by NIF offsets is measured (``score_gum``).

Choices where GOLD-FORMAT is silent (kept here so the numbers can be read):

- The gold document is the NIF context whose ``nif:isString`` is the .txt text, else
  the one whose document's ``dcterms:source`` names the .txt.  Mentions are read from
  that context only; labels, types, facts and quotes from the union of all graphs.
- A mention string *lands on* the nodes of NIF mentions of the document whose
  ``nif:anchorOf`` equals it; if none, case-insensitively; if still none, the entity
  nodes whose ``rdfs:label``/``skos:altLabel`` equals it (exactly, then
  case-insensitively).  The entity's name is landed like its mentions.  An entity passes
  when what lands is one and the same node and that node has the gold type (subclasses
  count; a list of types means any of them); a mention that lands nowhere is reported.
- Types and predicates count only in the ``kg:`` namespace, by local name (open
  relations ``open:verb`` never count).  Subclasses and symmetric predicates come from
  the ontology (``kg/knowledge/ontology.py``).
- A literal fact object (a role title) matches a node whose ``rdfs:label`` or
  ``skos:altLabel`` contains it, compared as GOLD-FORMAT says (case, a leading article and
  spokesman/spokesperson do not count; a role is labelled as written, "Shadow Home
  Secretary", with its lexicon title beside it).  Fact precision counts distinct ``kg:`` triples whose subject is
  a node of a gold entity and whose object is a node of a gold entity or a node
  labelled with a gold role title; a triple is a hit when some gold fact (any tier)
  accepts it.
- Quotes: the quote text (``kg:quoteText``, else ``rdfs:label``) contains the gold
  text after both are case-folded, curly quote marks made straight and whitespace
  runs collapsed.
- ``no_node_labelled`` compares the labels of entity nodes (not of roles: "Chairman" is a
  fair label for the role a person holds, not for a node standing for that person) case-sensitively (gold lists "he" and
  "He" apart, and "US" must not trip a trap on "us").  ``same_node`` is fallen when the
  listed strings land on two or more nodes; strings that land nowhere do not count.
- GUM mapping: a gold mention maps to the node of the NIF mention that overlaps it
  most, provided the overlap is >= 50% of the gold span AND >= 50% of the NIF span, so
  one long mention ("Mecca's Grand Mosque") cannot swallow the short ones inside it.
- Pronouns are the personal, possessive and reflexive pronouns (``PRONOUNS``, written
  lower-case or capitalised, so "US" is not one; "here"/"there"/"that" are not); a
  chain's node is the node most of its mapped non-pronoun mentions land on (ties: the
  earliest), and a pronoun is resolved when it maps to that node.  A chain whose names
  and nominals map nowhere has no node, so its pronouns are unresolved.
- A GUM entity is one node when at least one mention maps, every mapped mention is on
  the same node, and that node's type is in the entity's family (Person; or
  Organization/Place and their subclasses).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node
from rich.console import Group
from rich.table import Table

from kg.errors import InputError
from kg.knowledge.ontology import load_ontology
from kg.vocab import ITSRDF, KG, NIF


PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "he him his himself she her hers herself it its itself they them their theirs themselves".split()
)
GUM_FAMILIES = {"Person": ("Person",), "Organization": ("Organization", "Place"), "Place": ("Organization", "Place")}
NOT_ENTITIES = frozenset({"Quote", "Role", "Document", "Merge"})  # kg classes whose labels are not names

_KG_NS = str(KG._NS)
_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                              "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})


# ---------------------------------------------------------------- scores


@dataclass
class _Counts:
    """Counts that add up across documents; ``details`` says what was missed and why."""

    style: ClassVar[str]
    details: list[str] = field(default_factory=list)

    def __add__(self, other: _Counts) -> _Counts:
        return type(self)(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def ratios(self) -> dict[str, float | None]:
        raise NotImplementedError

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not details:
            del d["details"]
        return {"style": self.style, **d, **self.ratios()}


@dataclass
class SeedScore(_Counts):
    """A graph against hand-read gold: entities, facts and quotes per tier, traps."""

    style: ClassVar[str] = "seed"
    entities_total: int = 0
    entities_present: int = 0  # at least one mention string lands on some node
    entities_passing: int = 0  # every mention string lands on one node of the right type
    core_facts_total: int = 0
    core_facts_found: int = 0
    extended_facts_total: int = 0
    extended_facts_found: int = 0
    core_quotes_total: int = 0
    core_quotes_found: int = 0
    extended_quotes_total: int = 0
    extended_quotes_found: int = 0
    traps_total: int = 0
    traps_fallen: int = 0
    facts_considered: int = 0  # extracted facts between gold entities (precision denominator)
    facts_correct: int = 0  # ... of which some gold fact accepts

    def ratios(self) -> dict[str, float | None]:
        return {"fact_precision": _ratio(self.facts_correct, self.facts_considered)}


@dataclass
class GumScore(_Counts):
    """A graph against GUM coreference chains: how gold mentions map onto nodes."""

    style: ClassVar[str] = "gum"
    mentions_total: int = 0
    mentions_mapped: int = 0
    pairs_total: int = 0  # same-chain mention pairs
    pairs_together: int = 0  # ... both mapped to the same node
    pronouns_total: int = 0
    pronouns_resolved: int = 0  # mapped to the chain's node
    entities_total: int = 0
    entities_one_node: int = 0

    def ratios(self) -> dict[str, float | None]:
        return {
            "mentions_mapped_ratio": _ratio(self.mentions_mapped, self.mentions_total),
            "pairs_together_ratio": _ratio(self.pairs_together, self.pairs_total),
            "pronouns_resolved_ratio": _ratio(self.pronouns_resolved, self.pronouns_total),
            "entities_one_node_ratio": _ratio(self.entities_one_node, self.entities_total),
        }


@dataclass
class DocumentScore:
    """The score of the document one gold file describes."""

    gold: Path
    score: SeedScore | GumScore


@dataclass
class EvalReport:
    """Scores of every gold file evaluated, in the order given."""

    documents: list[DocumentScore]

    @property
    def totals(self) -> dict[str, SeedScore | GumScore]:
        """Summed counts per gold style ("seed", "gum") present in the report."""
        out: dict[str, Any] = {}
        for doc in self.documents:
            s = doc.score
            out[s.style] = out.get(s.style, type(s)()) + s
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``kg eval --json``): per-document counts, ratios and details; totals."""
        return {
            "documents": [{"gold": str(d.gold), **d.score.to_dict()} for d in self.documents],
            "totals": {style: s.to_dict(details=False) for style, s in self.totals.items()},
        }


def _ratio(n: int, total: int) -> float | None:
    return n / total if total else None


# ---------------------------------------------------------------- reading the graph


def _kg_local(term: Node) -> str | None:
    """The local name of a ``kg:`` IRI, None for anything else."""
    if isinstance(term, URIRef) and str(term).startswith(_KG_NS):
        return str(term)[len(_KG_NS):]
    return None


def _is_a(cls: str, target: str) -> bool:
    return cls in load_ontology().classes and load_ontology().is_a(cls, target)


def _symmetric() -> frozenset[str]:
    return frozenset(p for p, info in load_ontology().properties.items() if info.symmetric)


def _norm_quote(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip().casefold()


@dataclass(frozen=True)
class _Mention:
    """A NIF mention of the gold document and the node it is linked to."""

    start: int
    end: int
    anchor: str
    node: Node


class _DocGraph:
    """The union of all named graphs, seen from one document: its mentions and their nodes."""

    def __init__(self, dataset: Dataset, text: str, document: str | None) -> None:
        self.g = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            self.g.add((s, p, o))
        ctx = self._context(text, document)
        self.mentions = [
            _Mention(int(self.g.value(m, NIF.beginIndex)), int(self.g.value(m, NIF.endIndex)),
                     str(self.g.value(m, NIF.anchorOf)), node)
            for m in self.g.subjects(NIF.referenceContext, ctx)
            for node in self.g.objects(m, ITSRDF.taIdentRef)
        ]

    def _context(self, text: str, document: str | None) -> Node:
        """The NIF context of the gold document: same text, or a source named like the .txt."""
        for ctx, s in self.g.subject_objects(NIF.isString):
            if str(s) == text:
                return ctx
        for doc, source in self.g.subject_objects(DCTERMS.source):
            src = str(source).replace("\\", "/")
            if document and (src == document or src.endswith("/" + document)):
                ctx = next(self.g.subjects(NIF.sourceUrl, doc), None)
                if ctx is not None:
                    return ctx
        raise InputError(
            f"the graph has no document for {document or 'the gold text'}: no nif:Context whose nif:isString "
            "is the .txt text and no document whose dcterms:source names it; build the gold's .txt into the graph"
        )

    def types(self, node: Node) -> set[str]:
        return {t for t in map(_kg_local, self.g.objects(node, RDF.type)) if t}

    def has_type(self, node: Node, cls: str) -> bool:
        return any(_is_a(t, cls) for t in self.types(node))

    def labels(self, node: Node) -> set[str]:
        return {str(x) for x in self.g.objects(node, RDFS.label)}

    def role_labels(self, node: Node) -> set[str]:
        """A role node's titles: its label as written and the lexicon's form (``skos:altLabel``)."""
        return self.labels(node) | {str(x) for x in self.g.objects(node, SKOS.altLabel)}

    def name(self, node: Node) -> str:
        """One label of the node, for messages (its IRI when it has none)."""
        return min(self.labels(node), default=str(node))

    def entity_names(self) -> Iterator[tuple[str, Node]]:
        """(label or altLabel, node) for every node typed with a kg entity class."""
        for node, label in (*self.g.subject_objects(RDFS.label), *self.g.subject_objects(SKOS.altLabel)):
            t = self.types(node)
            if t and not t & NOT_ENTITIES:
                yield str(label), node

    def kg_triples(self) -> set[tuple[Node, str, Node]]:
        """Every ``s kg:p o`` triple with a node (not a literal) as object, as (s, local name, o)."""
        return {
            (s, local, o)
            for s, p, o in self.g
            if (local := _kg_local(p)) and not isinstance(o, Literal)
        }


# ---------------------------------------------------------------- seed-style gold


class _Lander:
    """Where a mention string lands: anchors exact, anchors case-folded, names exact, names case-folded."""

    def __init__(self, dg: _DocGraph) -> None:
        anchors = [(m.anchor, m.node) for m in dg.mentions]
        names = list(dg.entity_names())
        self.levels: list[tuple[bool, dict[str, set[Node]]]] = []
        for casefold, pairs in ((False, anchors), (True, anchors), (False, names), (True, names)):
            index: dict[str, set[Node]] = defaultdict(set)
            for text, node in pairs:
                index[text.casefold() if casefold else text].add(node)
            self.levels.append((casefold, index))

    def __call__(self, text: str) -> set[Node]:
        for casefold, index in self.levels:
            nodes = index.get(text.casefold() if casefold else text)
            if nodes:
                return set(nodes)
        return set()


def score_seed(dataset: Dataset, gold: dict, text: str) -> SeedScore:
    """Score ``dataset`` against hand-read gold (mentions as surface strings)."""
    entities: dict[str, dict] = gold["entities"]
    _check_ids(gold)
    dg = _DocGraph(dataset, text, gold.get("document"))
    land = _Lander(dg)
    score = SeedScore(entities_total=len(entities))

    landed = {eid: {m: land(m) for m in (*e.get("mentions", ()), e["name"])} for eid, e in entities.items()}
    nodes = {eid: set().union(*by_mention.values()) for eid, by_mention in landed.items()}
    for eid, e in entities.items():
        on = nodes[eid]
        score.entities_present += bool(on)
        missing = [m for m, n in landed[eid].items() if not n]
        if missing:
            score.details.append(f"entity {eid}: no node for {', '.join(missing)}")
        if not on:
            continue
        if len(on) > 1:
            score.details.append(f"entity {eid}: mentions split over {len(on)} nodes")
        elif not any(dg.has_type(next(iter(on)), t) for t in _as_list(e["type"])):
            score.details.append(f"entity {eid}: node typed {sorted(dg.types(next(iter(on))))}, not {e['type']}")
        else:
            score.entities_passing += 1

    triples = dg.kg_triples()
    facts = [_GoldFact(f, nodes[f["s"]], _object_nodes(f["o"], nodes, dg, triples)) for f in gold.get("facts", [])]
    for fact in facts:
        found = any(fact.accepts(*t) for t in triples)
        _tally(score, "facts", fact.gold["tier"], found)
        if not found:
            miss = fact.gold
            score.details.append(f"{miss['tier']} fact: {miss['s']} {'|'.join(miss['p'])} {miss['o']}")

    gold_nodes = set().union(*nodes.values())
    role_nodes = set().union(*(f.objects for f in facts if f.gold["o"] not in entities))
    for s, p, o in triples:
        if s in gold_nodes and (o in gold_nodes or o in role_nodes):
            score.facts_considered += 1
            if any(f.accepts(s, p, o) for f in facts):
                score.facts_correct += 1
            else:
                score.details.append(f"not a gold fact: {dg.name(s)} {p} {dg.name(o)}")

    said = [(s, _norm_quote(t)) for s, q in dg.g.subject_objects(KG.said)
            for t in (*dg.g.objects(q, KG.quoteText), *dg.g.objects(q, RDFS.label))]
    for quote in gold.get("quotes", []):
        want = _norm_quote(quote["text"])
        found = any(s in nodes[quote["speaker"]] and want in t for s, t in said)
        _tally(score, "quotes", quote["tier"], found)
        if not found:
            score.details.append(f"{quote['tier']} quote: {quote['speaker']} \"{quote['text']}\"")

    for trap in gold.get("traps", []):
        score.traps_total += 1
        fallen = _trap(trap, dg, land, nodes)
        if fallen:
            score.traps_fallen += 1
            score.details.append(f"trap: {fallen}")
    return score


def _check_ids(gold: dict) -> None:
    """Every entity id a fact, quote or trap names is one of the gold's entities."""
    named = {f["s"] for f in gold.get("facts", [])} | {q["speaker"] for q in gold.get("quotes", [])}
    named |= {t["entity"] for t in gold.get("traps", []) if "entity" in t}
    unknown = sorted(named - set(gold["entities"]))
    if unknown:
        raise InputError(f"gold names unknown entities {', '.join(unknown)}; add them under 'entities:' or fix the ids")


@dataclass(frozen=True)
class _GoldFact:
    """A gold fact with the graph nodes its subject and object stand for."""

    gold: dict
    subjects: set[Node]
    objects: set[Node]

    def accepts(self, s: Node, p: str, o: Node) -> bool:
        if p not in self.gold["p"]:
            return False
        return (s in self.subjects and o in self.objects) or (
            p in _symmetric() and o in self.subjects and s in self.objects
        )


def _object_nodes(o: str, nodes: dict[str, set[Node]], dg: _DocGraph, triples: set) -> set[Node]:
    """The nodes a gold fact object stands for: an entity's nodes, or fact objects labelled with the literal."""
    if o in nodes:
        return nodes[o]
    want = _role_title(o)
    return {n for _, _, n in triples
            if "Quote" not in dg.types(n) and any(want in _role_title(lab) for lab in dg.role_labels(n))}


_ROLE_SYNONYMS = ((re.compile(r"\bspokes(?:man|woman)\b"), "spokesperson"),
                  (re.compile(r"\bchair(?:woman|person)\b"), "chairman"))


def _role_title(text: str) -> str:
    """A role title compared by meaning (GOLD-FORMAT): case, spacing, a leading article, a final
    "'s" and gendered spellings (spokesman = spokesperson, chairwoman = chairman) do not count."""
    text = re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip().casefold()
    text = re.sub(r"'s$", "", re.sub(r"^(?:the|a|an) ", "", text))
    for spelling, canonical in _ROLE_SYNONYMS:
        text = spelling.sub(canonical, text)
    return text


def _tally(score: SeedScore, kind: str, tier: str, found: bool) -> None:
    if tier not in ("core", "extended"):
        raise InputError(f"gold tier {tier!r} is unknown; use 'core' or 'extended'")
    setattr(score, f"{tier}_{kind}_total", getattr(score, f"{tier}_{kind}_total") + 1)
    setattr(score, f"{tier}_{kind}_found", getattr(score, f"{tier}_{kind}_found") + found)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _trap(trap: dict, dg: _DocGraph, land: _Lander, nodes: dict[str, set[Node]]) -> str | None:
    """A description of the trap if the graph falls into it, else None."""
    if "no_node_labelled" in trap:
        banned = set(_as_list(trap["no_node_labelled"]))
        hit = sorted({label for label, _ in dg.entity_names()} & banned)
        return f"nodes labelled {', '.join(hit)}" if hit else None
    if "not_type" in trap:
        eid = trap["entity"]
        hit = sorted({c for n in nodes[eid] for c in _as_list(trap["not_type"]) if dg.has_type(n, c)})
        return f"{eid} typed {', '.join(hit)}" if hit else None
    if "same_node" in trap:
        names = _as_list(trap["same_node"])
        on = set().union(*(land(m) for m in names))
        return f"{', '.join(names)} on {len(on)} nodes" if len(on) > 1 else None
    raise InputError(f"gold trap {trap!r} is unknown; use no_node_labelled, entity+not_type or same_node")


# ---------------------------------------------------------------- GUM-style gold


def is_pronoun(text: str) -> bool:
    """A personal, possessive or reflexive pronoun, lower-case or capitalised ("US" is not "us").

    >>> is_pronoun("He"), is_pronoun("I"), is_pronoun("us"), is_pronoun("US"), is_pronoun("there")
    (True, True, True, False, False)
    """
    return text.lower() in PRONOUNS and text in (text.lower(), text.capitalize())


def _map(start: int, end: int, mentions: Iterable[_Mention]) -> Node | None:
    """The node of the NIF mention overlapping [start, end) most, each covering >= 50% of the other."""
    best: tuple[float, str] | None = None
    node = None
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap <= 0 or overlap * 2 < end - start or overlap * 2 < m.end - m.start:
            continue
        key = (-overlap / max(end - start, m.end - m.start), str(m.node))
        if best is None or key < best:
            best, node = key, m.node
    return node


def score_gum(dataset: Dataset, gold: dict, text: str) -> GumScore:
    """Score ``dataset`` against GUM coreference chains (mentions with character offsets)."""
    dg = _DocGraph(dataset, text, gold.get("document"))
    score = GumScore()
    for eid, e in gold["entities"].items():
        chain = [(m[2], _map(m[0], m[1], dg.mentions)) for m in e["mentions"]]
        mapped = [node for _, node in chain if node is not None]
        per_node = Counter(mapped)
        score.entities_total += 1
        score.mentions_total += len(chain)
        score.mentions_mapped += len(mapped)
        score.pairs_total += len(chain) * (len(chain) - 1) // 2
        score.pairs_together += sum(k * (k - 1) // 2 for k in per_node.values())

        named = Counter(node for t, node in chain if node is not None and not is_pronoun(t))
        chain_node = named.most_common(1)[0][0] if named else None  # Counter keeps first-seen order on ties
        pronouns = [node for t, node in chain if is_pronoun(t)]
        score.pronouns_total += len(pronouns)
        score.pronouns_resolved += sum(chain_node is not None and node == chain_node for node in pronouns)

        why = _not_one_node(dg, per_node, GUM_FAMILIES.get(e["type"], (e["type"],)))
        if why:
            score.details.append(f"entity {eid} {e.get('name', '')}: {why}")
        else:
            score.entities_one_node += 1
    return score


def _not_one_node(dg: _DocGraph, per_node: Counter, family: tuple[str, ...]) -> str | None:
    """Why a chain is not exactly one node of its family, or None when it is."""
    if not per_node:
        return "no mention mapped"
    if len(per_node) > 1:
        return f"mentions on {len(per_node)} nodes"
    node = next(iter(per_node))
    if not any(dg.has_type(node, c) for c in family):
        return f"node typed {sorted(dg.types(node))}, not {'/'.join(family)}"
    return None


# ---------------------------------------------------------------- files and report


def load_gold(path: Path) -> tuple[dict, Path]:
    """The gold mapping in ``path`` and the .txt it describes (its ``document:``, beside it)."""
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}; check the path and the YAML syntax") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), dict):
        raise InputError(f"{path} is not a gold file: it needs an 'entities:' mapping (the format: docs/gold-format.md)")
    txt = path.parent / gold.get("document", path.name.removesuffix(".gold.yaml") + ".txt")
    if not txt.is_file():
        raise InputError(f"the document of {path} is missing: put {txt.name} beside it or fix 'document:'")
    return gold, txt


def is_gum(gold: dict) -> bool:
    """True for offset-style (GUM) gold, whose mentions are [start, end, text] lists."""
    return any(isinstance(m, list) for e in gold["entities"].values() for m in e.get("mentions", []))


def evaluate(gold_paths: list[Path], build: Callable[[Path], Dataset]) -> EvalReport:
    """Build each gold file's document with ``build(txt_path) -> Dataset`` and score it."""
    docs = []
    for path in gold_paths:
        gold, txt = load_gold(Path(path))
        text = txt.read_bytes().decode("utf-8")  # exact characters: GUM offsets index them
        scorer = score_gum if is_gum(gold) else score_seed
        docs.append(DocumentScore(Path(path), scorer(build(txt), gold, text)))
    return EvalReport(docs)


def _frac(n: int, total: int) -> str:
    return f"{n}/{total}" if total else "-"


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}% ({n}/{total})" if total else "-"


_COLUMNS: dict[str, list[tuple[str, Callable[[Any], str]]]] = {
    "seed": [
        ("Entities", lambda s: _frac(s.entities_passing, s.entities_total)),
        ("Core facts", lambda s: _frac(s.core_facts_found, s.core_facts_total)),
        ("Ext. facts", lambda s: _frac(s.extended_facts_found, s.extended_facts_total)),
        ("Core quotes", lambda s: _frac(s.core_quotes_found, s.core_quotes_total)),
        ("Ext. quotes", lambda s: _frac(s.extended_quotes_found, s.extended_quotes_total)),
        ("Traps fallen", lambda s: _frac(s.traps_fallen, s.traps_total)),
        ("Fact precision", lambda s: _pct(s.facts_correct, s.facts_considered)),
    ],
    "gum": [
        ("Mentions mapped", lambda s: _pct(s.mentions_mapped, s.mentions_total)),
        ("Pairs together", lambda s: _pct(s.pairs_together, s.pairs_total)),
        ("Pronouns resolved", lambda s: _pct(s.pronouns_resolved, s.pronouns_total)),
        ("Entities one node", lambda s: _pct(s.entities_one_node, s.entities_total)),
    ],
}


def format_report(report: EvalReport) -> Group:
    """One rich table per gold style, a row per document and a TOTAL row."""
    tables = []
    for style, total in report.totals.items():
        columns = _COLUMNS[style]
        table = Table(title=f"{style} gold")
        table.add_column("Document")
        for name, _ in columns:
            table.add_column(name, justify="right")
        for doc in report.documents:
            if doc.score.style == style:
                table.add_row(doc.gold.name.removesuffix(".gold.yaml"), *(cell(doc.score) for _, cell in columns))
        table.add_section()
        table.add_row("TOTAL", *(cell(total) for _, cell in columns), style="bold")
        tables.append(table)
    return Group(*tables)
