"""The order of the stages, and nothing else: text -> Doc -> mentions -> entities ->
candidates/quotes -> facts.  See docs/architecture.md for the data flow.

Texts longer than ``nlp.MAX_CHARS`` are cut at paragraph (else line, else space)
boundaries and each piece is parsed (at most ``BATCH_CHARS`` at a time) and
extracted on its own, then shifted back to the article's offsets: merged into one
result, or (``run(in_parts=True)``, as a build does) yielded piece by piece as
``DocumentPart``s, so memory stays bounded however long a file is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from kg.extract.dates import date_facts
from kg.extract.extractors import EXTRACTORS
from kg.extract.grammar import doc_text, tokens_span
from kg.extract.index import EntityIndex
from kg.extract.mentions import find_mentions
from kg.extract.quotes import extract_quotes
from kg.extract.resolve import resolve_entities
from kg.extract.rules import RULES, RuleTable
from kg.extract.facts import to_facts, to_quotes
from kg.nlp.model import MAX_CHARS, load_model
from kg.knowledge.knowledge import Knowledge, load_knowledge
from kg.types import Article, DocumentResult, Entity, Extracted, ExtractionFailure, Span


def all_rules() -> RuleTable:
    """The rules table with every stage's rules in it: each extraction module registers its
    rules when it is imported, and this module imports every stage (``kg rules``, docs/ontology.md)."""
    return RULES


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) pairs of at most ``max_chars``, at natural breaks.

    >>> split_text("aa bb\\n\\ncc dd", max_chars=8)
    [(0, 'aa bb\\n\\n'), (7, 'cc dd')]
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for pattern in (r"\n\s*\n", r"\n", r"[.!?]\s", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window)]
            if found and found[-1] > max_chars // 2:
                cut = found[-1]
                break
        if cut <= 0:
            cut = max_chars  # one unbroken run of characters: cut it anyway
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


BATCH_CHARS = MAX_CHARS  # characters parsed together at most: spaCy holds a whole batch of Docs at once


def batch_pieces(pieces: Iterable[tuple[str, object]], batch_size: int,
                 max_chars: int = BATCH_CHARS) -> Iterator[list[tuple[str, object]]]:
    """Group (text, context) pieces into batches of at most ``batch_size`` pieces and ``max_chars`` characters.

    A long document's pieces then go to spaCy one or two at a time instead of
    sixteen (1.6 M characters: 1.5 GB for a 0.5 MB text), so the parse's memory
    does not grow with the document; articles of usual length still go sixteen
    together.  A piece longer than ``max_chars`` is a batch of its own.

    >>> [len(b) for b in batch_pieces([("a" * 6, 0)] * 5, 16, max_chars=12)]
    [2, 2, 1]
    """
    batch: list[tuple[str, object]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or chars + len(piece[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield batch


class Pipeline:
    """Parses articles with spaCy and runs the extractors on them.

    ``extractors`` names the extractors of ``kg.extract.extractors.EXTRACTORS`` to run,
    in that order; None runs every registered one (also those registered after the
    Pipeline was made).  An unknown name fails here, before anything is parsed.

    >>> pipe = Pipeline()  # doctest: +SKIP
    >>> [r.article.id for r in pipe.run([article])]  # doctest: +SKIP
    """

    def __init__(
        self, model: str | None = None, knowledge: Knowledge | None = None, *,
        extractors: Iterable[str] | None = None, batch_size: int = 16,
    ) -> None:
        self.extractors = None if extractors is None else tuple(extractors)
        EXTRACTORS.select(self.extractors)
        self.knowledge = knowledge or load_knowledge()
        self.ontology = self.knowledge.ontology
        self.nlp = load_model(model, self.knowledge.gazetteer)
        self.batch_size = batch_size
        self.max_chars = MAX_CHARS  # longest piece parsed at once (split_text)

    def run(
        self, articles: Iterable[Article], *, n_process: int = 1,
        on_part: Callable[[Article, int, int, int], None] | None = None, in_parts: bool = False,
    ) -> Iterator[Extracted | DocumentPart]:
        """Yield one DocumentResult per article, in order (an ExtractionFailure if extraction raised).

        ``on_part(article, part, parts, words)`` is called as each piece of an article
        cut into several (``split_text``) has been parsed: progress inside a long document.
        With ``in_parts`` such an article comes as one ``DocumentPart`` per piece
        instead of one merged result, so that nothing holds the whole document's
        results (an ExtractionFailure, after the parts before it, if one piece fails).
        """
        pieces = (
            (piece, (art, offset, part, len(cut)))
            for art in articles
            for cut in [split_text(art.text, self.max_chars)]
            for part, (offset, piece) in enumerate(cut)
        )
        docs = (
            doc
            for batch in batch_pieces(pieces, self.batch_size)
            for doc in self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch), n_process=n_process)
        )
        current: Article | None = None
        parts: list[DocumentResult] = []
        failure: str | None = None
        streamed = False  # the current article's parts are yielded one by one (in_parts)
        for doc, (art, offset, part, count) in docs:
            if current is not None and art.id != current.id:
                if not streamed:
                    yield ExtractionFailure(current, failure) if failure else merge_results(current, parts)
                parts, failure = [], None
            current, streamed = art, in_parts and count > 1
            if on_part is not None and count > 1:  # before the part is handed on: its event comes first
                on_part(art, part + 1, count, len(doc.text.split()))
            if failure is None:
                try:
                    piece = shift_result(self.extract(doc, art), offset)
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop a build
                    failure = f"extraction failed ({type(exc).__name__}: {exc}); this is a bug in kg, please report it"
                    if streamed:
                        yield ExtractionFailure(art, f"{failure} (in part {part + 1} of {count})")
                else:
                    if streamed:
                        yield DocumentPart(part_keys(piece, part), part + 1, count)
                    else:
                        parts.append(piece)
            del doc  # the parse of one piece is all that is held at a time
        if current is not None and not streamed:
            yield ExtractionFailure(current, failure) if failure else merge_results(current, parts)

    def extract(self, doc, article: Article) -> DocumentResult:
        """All extraction stages on one parsed Doc (offsets relative to the Doc)."""
        knowledge = self.knowledge
        entities = resolve_entities(doc, find_mentions(doc, knowledge), knowledge)
        index = EntityIndex(entities)
        candidates = [c for extract in EXTRACTORS.select(self.extractors) for c in extract(doc, index, knowledge)]
        return DocumentResult(
            article=article,
            entities=entities,
            facts=date_facts(doc_text(doc), to_facts(candidates, self.ontology, knowledge.words), article.date,
                             knowledge.words),
            quotes=to_quotes(extract_quotes(doc, index, knowledge), self.ontology),
            sentences=[tokens_span(s) for s in doc.sents if not all(t.is_space for t in s)],
        )


@dataclasses.dataclass
class DocumentPart:
    """The result of one piece of a long article (``part`` of ``parts``, from 1): its entities,
    facts, quotes and sentences only, offsets in the whole article, keys unique in the article."""

    result: DocumentResult
    part: int
    parts: int

    @property
    def last(self) -> bool:
        return self.part == self.parts


def part_keys(result: DocumentResult, n: int) -> DocumentResult:
    """Give the entities of piece ``n`` keys unique in the article (as ``merge_results`` does)."""
    for ent in result.entities:
        ent.key = f"p{n}.{ent.key}"
    return result


def shift_result(result: DocumentResult, offset: int) -> DocumentResult:
    """Move every character offset of a piece's result by ``offset`` (0: unchanged)."""
    if offset == 0:
        return result

    def span(s: Span) -> Span:
        return Span(s.start + offset, s.end + offset)

    for ent in result.entities:
        ent.mentions = [dataclasses.replace(m, start=m.start + offset, end=m.end + offset) for m in ent.mentions]
    result.facts = [dataclasses.replace(f, sentence=span(f.sentence), evidence=span(f.evidence)) for f in result.facts]
    result.quotes = [
        dataclasses.replace(q, start=q.start + offset, end=q.end + offset, sentence=span(q.sentence))
        for q in result.quotes
    ]
    result.sentences = [span(s) for s in result.sentences]
    return result


def merge_results(article: Article, parts: list[DocumentResult]) -> DocumentResult:
    """Join the results of one article's pieces; entities with the same type and name become one."""
    if len(parts) == 1:
        return dataclasses.replace(parts[0], article=article)
    by_name: dict[tuple[str, str], Entity] = {}
    renamed: dict[str, Entity] = {}
    for n, part in enumerate(parts):
        for ent in part.entities:
            key = (ent.type, ent.name)
            if key not in by_name:
                by_name[key] = Entity(f"p{n}.{ent.key}", ent.type, ent.name)
            merged = by_name[key]
            merged.aliases |= ent.aliases
            merged.mentions.extend(ent.mentions)
            renamed[id(ent)] = merged

    def remap(e):
        return renamed[id(e)] if isinstance(e, Entity) else e

    facts = [
        dataclasses.replace(f, subject=remap(f.subject), obj=remap(f.obj)) for part in parts for f in part.facts
    ]
    quotes = [
        dataclasses.replace(q, speaker=q.speaker and remap(q.speaker), addressee=q.addressee and remap(q.addressee),
                            medium=q.medium and remap(q.medium))
        for part in parts for q in part.quotes
    ]
    return DocumentResult(
        article=article,
        entities=list(by_name.values()),
        facts=facts,
        quotes=quotes,
        sentences=[s for part in parts for s in part.sentences],
    )
