"""The extractors a build runs, by name: kg's own and any a user registers.

An extractor reads one parsed article and yields relation candidates::

    (doc: spacy.tokens.Doc, index: EntityIndex, knowledge: Knowledge) -> Iterable[Candidate]

It is registered once under a versioned name, in the style of spaCy's catalogue,
and a build runs every registered extractor in registration order unless it is
given the names to run (``kg.build(..., extractors=["relations.v1"])``)::

    from kg.extract.extractors import EXTRACTORS
    from kg.extract.rules import RULES

    TREATY = RULES.add("treaty.signed.v1", 0.8, "user", "X signed the Y treaty")

    @EXTRACTORS.register("treaties.v1")
    def extract_treaties(doc, index, knowledge):
        ...
        yield Candidate(..., rule=TREATY.id, confidence=TREATY.confidence, ...)

Each candidate names the rule that made it; a user's rules are registered in the
rules table with the stage ``"user"`` so ``kg rules`` and the rule IRIs in the
graph's provenance describe them like kg's own.  Candidates go through the same
lexicon and domain/range checks (``kg.extract.facts.to_facts``) as kg's.

Quotes, dates and entities are not extractors: they are stages of their own
(``kg.pipeline.stages``).  Worker processes (``--workers N``) are forked from the
building process and see what it registered; a Dask worker must import the
module that registers a user's extractor itself (``dask worker --preload MODULE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kg.errors import KGError
from kg.extract.index import EntityIndex
from kg.extract.relations import extract_relations
from kg.extract.roles import extract_roles
from kg.knowledge.knowledge import Knowledge
from kg.types import Candidate

__all__ = ["EXTRACTORS", "Extractor", "ExtractorRegistry"]

Extractor = Callable[[object, EntityIndex, Knowledge], Iterable[Candidate]]


class ExtractorRegistry:
    """Extractors by versioned name (``name.vN``), in the order they were registered."""

    def __init__(self) -> None:
        self._extractors: dict[str, Extractor] = {}

    def register(self, name: str) -> Callable[[Extractor], Extractor]:
        """A decorator that registers its function as extractor ``name`` and returns it unchanged."""
        if name in self._extractors:
            raise KGError(f"an extractor {name!r} is registered already; give yours another name or a new version")

        def add(extractor: Extractor) -> Extractor:
            if not callable(extractor):
                raise KGError(f"extractor {name!r} must be a function (doc, index, knowledge) -> candidates")
            self._extractors[name] = extractor
            return extractor

        return add

    def get(self, name: str) -> Extractor:
        """The extractor registered as ``name``; an unknown name is an error listing the names there are."""
        try:
            return self._extractors[name]
        except KeyError:
            raise KGError(f"no extractor {name!r}; the extractors are: {', '.join(self._extractors)}") from None

    def select(self, names: Iterable[str] | None = None) -> tuple[Extractor, ...]:
        """The extractors called ``names``, in that order (every registered one when None)."""
        return tuple(self._extractors.values()) if names is None else tuple(self.get(n) for n in names)

    def __contains__(self, name: object) -> bool:
        return name in self._extractors

    def __iter__(self) -> Iterator[str]:
        return iter(self._extractors)

    def __len__(self) -> int:
        return len(self._extractors)


EXTRACTORS = ExtractorRegistry()
EXTRACTORS.register("relations.v1")(extract_relations)
EXTRACTORS.register("roles.v1")(extract_roles)
