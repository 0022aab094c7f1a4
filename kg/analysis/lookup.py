"""Entity names: read every entity's label and aliases, and find entities by name as people type them.

A name matches when, after folding case and accents and dropping a leading
"the", it equals an entity's ``rdfs:label`` or one of its ``skos:altLabel``s,
when its words are all words of a label ("Zelensky" -> "Volodymyr Zelensky"),
or when its words are near spellings of a label's words ("Zelenskyy",
"Volodimir Zelensky"; difflib ratio).  Candidates are ranked by score.

``entity_labels`` is also where the rest of kg learns what counts as an
entity node: anything typed with a kg class in the shared entities graph, except
``kg:Role`` nodes unless asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import EntityNotFound
from kg.vocab import ENTITIES_GRAPH, KG

__all__ = ["NameMatch", "EntityLabel", "entity_labels", "find_entities", "normalise_name", "resolve_name"]

ROLE = "Role"

# One query for labels and classes, one for aliases: joining them would repeat each label per alias.
# kg's own IRIs are written into the text; only what a user typed is bound.
_LABELS = f"""
SELECT ?e ?class ?label WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?class ; <{RDFS.label}> ?label }}
}}"""
_ALIASES = f"SELECT DISTINCT ?e ?alias WHERE {{ ?e <{SKOS.altLabel}> ?alias }}"
_EXISTS = f"ASK {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?class }} }}"


@dataclass(frozen=True)
class EntityLabel:
    """An entity node: its IRI, canonical label, class local name and other names seen."""

    iri: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameMatch:
    """An entity that may be the one a name means; ``score`` is 1.0 for an exact label."""

    iri: str
    label: str
    kind: str
    score: float
    matched: str  # the label or alias that matched best


def entity_labels(store, types: Iterable[str] | None = None, *, roles: bool = False) -> dict[str, EntityLabel]:
    """Every entity in ``store`` (a GraphStore) by IRI string, optionally only of some classes.

    ``types`` are kg class local names ("Person", "Country"...).  Role nodes are
    left out unless ``types`` includes "Role" (or, with no ``types``, ``roles``
    is true).  An entity with several classes gets the first in alphabetical order.
    """
    wanted = set(types) if types is not None else None
    kg_ns = str(KG._NS)
    found: dict[str, tuple[str, str]] = {}
    rows = store.query(_LABELS)
    for e, cls, label in rows:
        if not str(cls).startswith(kg_ns):
            continue
        kind = str(cls)[len(kg_ns) :]
        if (kind not in wanted) if wanted is not None else (kind == ROLE and not roles):
            continue
        key = str(e)
        if key not in found or (kind, str(label)) < found[key]:
            found[key] = (kind, str(label))
    aliases: dict[str, set[str]] = {}
    for e, alias in store.query(_ALIASES):
        if str(e) in found:
            aliases.setdefault(str(e), set()).add(str(alias))
    return {
        key: EntityLabel(key, label, kind, tuple(sorted(aliases.get(key, set()) - {label})))
        for key, (kind, label) in found.items()
    }


def normalise_name(name: str) -> str:
    """Fold case, accents and punctuation, and drop a leading "the".

    >>> normalise_name("  The  Zelenskyy's Office! ")
    'zelenskyy s office'
    >>> normalise_name("François Hollande")
    'francois hollande'
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[\W_]+", " ", folded).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _similarity(query: str, name: str) -> float:
    """How well a normalised query matches a normalised name, 0..1."""
    if not query or not name:
        return 0.0
    if query == name:
        return 1.0
    q_words, n_words = query.split(), name.split()
    if set(q_words) <= set(n_words):  # "zelensky" in "volodymyr zelensky"
        return 0.8 + 0.1 * len(q_words) / len(n_words)
    # each query word against its best word of the name: near spellings
    per_word = []
    for q in q_words:
        best = _best_ratio(q, n_words)
        if best < 0.75:  # one word with no near spelling: the words do not match
            per_word = []
            break
        per_word.append(best)
    words = sum(per_word) / len(per_word) if per_word else 0.0
    whole = SequenceMatcher(None, query, name)
    return 0.75 * (max(words, whole.ratio()) if whole.quick_ratio() > words else words)


def _best_ratio(word: str, candidates: list[str]) -> float:
    """The best difflib ratio of ``word`` against ``candidates``, skipping those whose upper bound
    (``real_quick_ratio``, ``quick_ratio``) cannot beat the best so far: the same value, found
    without most of the full comparisons (an exact-match lookup over 7,000 entities spent 6 s in them)."""
    best = 0.0
    for candidate in candidates:
        matcher = SequenceMatcher(None, word, candidate)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def find_entities(
    store, name: str, *, types: Iterable[str] | None = None, limit: int = 10, min_score: float = 0.6,
    labels: Mapping[str, EntityLabel] | None = None,
) -> list[NameMatch]:
    """Entities whose label or aliases match ``name``, best first.

    Exact labels score 1.0, exact aliases 0.95, all-words-of-a-label 0.8-0.9,
    near spellings up to 0.75.  ``labels`` is ``entity_labels(store)`` when the
    caller keeps it (``kg serve``, over a read-only store); ``types`` then filter
    on each entity's class.
    """
    query = normalise_name(name)
    ranked: list[NameMatch] = []
    wanted = set(types) if types is not None else None
    searched = entity_labels(store, types) if labels is None else {
        k: e for k, e in labels.items() if wanted is None or e.kind in wanted
    }
    for ent in searched.values():
        best, matched = 0.0, ent.label
        for text, weight in [(ent.label, 1.0)] + [(a, 0.95) for a in ent.aliases]:
            score = _similarity(query, normalise_name(text)) * weight
            if score > best:
                best, matched = score, text
        if best >= min_score:
            ranked.append(NameMatch(ent.iri, ent.label, ent.kind, round(best, 3), matched))
    ranked.sort(key=lambda c: (-c.score, c.label, c.iri))
    return ranked[:limit]


def resolve_name(
    store, name: str, *, types: Iterable[str] | None = None, labels: Mapping[str, EntityLabel] | None = None
) -> URIRef:
    """The IRI of the one entity ``name`` means; an IRI (bare or in ``<...>``) is checked and returned.

    Raises ``EntityNotFound`` listing the candidates when no entity matches or
    when several match about equally well.  ``labels`` as in ``find_entities``.
    """
    iri = name.strip().removeprefix("<").removesuffix(">")
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", iri, re.IGNORECASE) and " " not in iri:
        if store.query(_EXISTS, {"e": URIRef(iri)}).askAnswer:
            return URIRef(iri)
        raise EntityNotFound(f"no entity {iri} in the store; `kg entities` lists them")
    candidates = find_entities(store, name, types=types, labels=labels)
    if not candidates:
        raise EntityNotFound(f"no entity matches {name!r}; `kg entities` lists them")
    top = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if top.score >= 0.95 > runner_up or top.score - runner_up >= 0.1:
        return URIRef(top.iri)
    listed = "; ".join(f"{c.label} ({c.kind})" for c in candidates[:5])
    raise EntityNotFound(f"{name!r} is ambiguous: it could be {listed}. Give more of the name, or the IRI.")
