"""The values that flow between pipeline stages: plain frozen dataclasses.

Every stage of ``kg/pipeline/stages.py`` takes and returns these, so a stage can be
tested (or replaced) without the others.  Character offsets are always offsets
into ``Article.text``: ``article.text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["name", "nominal", "pronoun"]


@dataclass(frozen=True)
class Article:
    """One input document, as read from a file, a JSONL line or a string."""

    id: str  # stable id: the file's name, its path below the folder walked, or the JSONL "id"/"url"
    text: str
    source: str  # path or URL it came from
    sha256: str  # of ``text`` (UTF-8)
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    author: str | None = None  # the byline, as the page, front matter or JSONL "author" gives it


@dataclass(frozen=True)
class Mention:
    """A stretch of text that refers to something: a name, a role noun or a pronoun.

    ``token_start``/``token_end`` index the spaCy Doc (end exclusive);
    ``start``/``end`` are character offsets into the article text.
    ``head`` is the index of the syntactic head token of the mention.
    """

    start: int
    end: int
    text: str
    kind: MentionKind
    token_start: int
    token_end: int
    head: int
    type: str | None = None  # ontology class local name guessed for it ("Person", "Country", ...)
    role: str | None = None  # for nominal role mentions: the title ("Prime Minister")


class RoleTitle(str):
    """A role title as written ("Shadow Home Secretary", "PM"), with the lexicon title it is a form of.

    The string itself is the title as the text wrote it (spacing and case normalised):
    it becomes the kg:Role node's ``rdfs:label``.  ``canonical`` is the title lexicon's
    form ("Home Secretary", "Prime Minister"), kept on the node too so that both find
    it: as a ``skos:altLabel`` when the written title means that office, as
    ``skos:broader`` when it is a lesser post beside it (``lesser``: "Shadow Home
    Secretary" is no Home Secretary, "Deputy Leader" no Leader).  A written title that
    differs from the lexicon's only in hyphens or case ("Director General") shares its
    node: there the lexicon's spelling is the string and the text's is ``canonical``, so
    every role node has one label.
    """

    canonical: str
    lesser: bool

    def __new__(cls, written: str, canonical: str | None = None, lesser: bool = False) -> RoleTitle:
        title = super().__new__(cls, written)
        title.canonical = canonical or written
        title.lesser = lesser
        return title

    def __reduce__(self):  # pickled between worker processes with its canonical form
        return RoleTitle, (str(self), self.canonical, self.lesser)


@dataclass
class Entity:
    """One real-world thing in one document: every mention that refers to it.

    ``key`` is unique within the document; the store turns it into a global IRI
    (see ``kg/graph/identity.py``).  ``aliases`` are the proper-name surface forms
    (never pronouns or bare role nouns); ``name`` is the canonical one.
    """

    key: str
    type: str  # ontology class local name: Person, Organization, Country, City, Place, Weapon, Event, ...
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and other.key == self.key


@dataclass(frozen=True)
class Span:
    """Character offsets of a stretch of the article (a sentence, an evidence phrase)."""

    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A relation an extractor read in the text, before it is mapped to the ontology.

    ``relation`` is the lexical key looked up in the lexicon: a verb lemma with
    its particle/preposition ("meet with", "provide to", "urge"), or a noun
    prefixed with ``n:`` ("n:address to", "n:visitor to").  Extractors that
    already know the ontology property (roles, nationality, memberships) set
    ``predicate`` and leave the lexicon out of it.  ``obj`` is an Entity, or a
    literal string for a role title ("Prime Minister").
    """

    subject: Entity
    relation: str
    obj: Entity | str
    rule: str  # versioned id of the rule that made it, e.g. "svo.active.v1"
    confidence: float
    sentence: Span
    evidence: Span  # the words that carry the relation
    predicate: str | None = None  # ontology property local name when known
    negated: bool = False
    date: str | None = None  # ISO date the sentence puts on it, if any


@dataclass(frozen=True)
class Fact:
    """A candidate mapped to an ontology property that passed the domain/range check.

    ``predicate`` is a ``kg:`` property local name; when ``open`` is true it is
    the relation as written and the fact is an open relation, kept apart from
    ontology facts.
    """

    subject: Entity
    predicate: str
    obj: Entity | str
    rule: str
    confidence: float
    sentence: Span
    evidence: Span
    open: bool = False
    date: str | None = None


@dataclass(frozen=True)
class Quote:
    """Direct speech: the quoted words and who said it (to whom, through which medium)."""

    text: str
    start: int
    end: int
    speaker: Entity | None
    sentence: Span
    rule: str
    confidence: float
    addressee: Entity | None = None
    medium: Entity | None = None


@dataclass
class DocumentResult:
    """Everything extracted from one article, ready to become RDF."""

    article: Article
    entities: list[Entity]
    facts: list[Fact]
    quotes: list[Quote]
    sentences: list[Span]


@dataclass(frozen=True)
class ExtractionFailure:
    """An article whose extraction raised: reported by name, the rest of the build goes on."""

    article: Article
    message: str


Extracted = DocumentResult | ExtractionFailure  # what every extraction engine yields per article
