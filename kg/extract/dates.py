"""Dates in a sentence, as ISO strings normalised against the article's date.

News writes dates relative to the day of publication: "on Friday" is the Friday
before the article, "yesterday" the day before it, "September 12" a day of the
article's year.  ``sentence_date`` turns the expression nearest to a fact's words
into an ISO string; ``date_facts`` puts it on each fact (``Fact.date``), so that
``kg/graph/rdf.py`` can date the statement by the sentence rather than by the article.

Granularity follows the text: a year ("in 1997" -> ``"1997"``), a month
("in March 2019" -> ``"2019-03"``), or a day (``"2024-03-01"``).  "last week" is
dated by the Monday that started that week (a week has no ISO date of its own).
Relative expressions need the article's date; without one only absolute dates
("in 1997", "September 12, 2015") are read.  A weekday is never after the
article's date: reports look back, and "on Friday" in a Friday paper is that day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from kg.types import Fact, Span

__all__ = ["date_facts", "sentence_date"]

_YEAR = r"(?P<{}>1[5-9]\d\d|20\d\d)(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"


@lru_cache(maxsize=4)
def _expressions(month_forms: tuple[str, ...], weekdays: tuple[str, ...]) -> re.Pattern[str]:
    """The date expressions, one alternative per form; the named group that matched says which.

    ``month_forms`` and ``weekdays`` are the names of ``ontology/words/dates.yaml``,
    longest first (an alternative tried first wins).
    """
    month = "(?P<{}>" + "|".join(month_forms) + r")\.?"
    return re.compile(
        "|".join([
            rf"{month.format('m1')}\s+(?P<d1>\d{{1,2}}){_ORD}(?:,?\s+{_YEAR.format('y1')})?(?!\d)",  # September 12(, 2015)
            rf"(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{month.format('m2')}(?:,?\s+{_YEAR.format('y2')})?",  # 12 September(, 2015)
            rf"\bin\s+{month.format('m3')}\s+{_YEAR.format('y3')}",  # in March 2019
            rf"\b(?:in|during)\s+(?:the\s+year\s+)?{_YEAR.format('y4')}",  # in 1997
            r"\b(?:on\s+|last\s+|this\s+(?:past\s+)?)?(?P<weekday>" + "|".join(weekdays) + r")\b",  # (on) Friday
            r"\b(?P<relative>yesterday|today|last\s+week|last\s+month|last\s+year|this\s+year)\b",
        ]),
        re.IGNORECASE,
    )


def _longest_first(names) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def sentence_date(sentence: str, article_date: str | None, words: Mapping, near: int = 0) -> str | None:
    """The date the sentence gives (the expression nearest to offset ``near``), as an ISO string.

    ``words`` is ``Knowledge.words`` (``month_numbers``, ``month_abbreviations``, ``weekday_numbers``).

    >>> from kg.knowledge.knowledge import load_knowledge
    >>> W = load_knowledge().words
    >>> sentence_date("Sir Keir visited Oban on Friday.", "2024-03-02", W)
    '2024-03-01'
    >>> sentence_date("He first came in 1997 and again on September 12.", "2024-04-08", W, near=30)
    '2024-09-12'
    >>> sentence_date("It was yesterday.", None, W) is None
    True
    """
    article = dt.date.fromisoformat(article_date) if article_date else None
    found = []
    months = {**words["month_numbers"], **words["month_abbreviations"]}
    expressions = _expressions(_longest_first(months), _longest_first(words["weekday_numbers"]))
    for match in expressions.finditer(sentence):
        iso = _normalise(match, article, months, words["weekday_numbers"])
        if iso is not None:
            distance = 0 if match.start() <= near < match.end() else min(abs(match.start() - near), abs(match.end() - near))
            found.append((distance, match.start(), iso))
    return min(found)[2] if found else None


def date_facts(text: str, facts: Iterable[Fact], article_date: str | None, words: Mapping) -> list[Fact]:
    """``facts`` with ``date`` set from their sentence in ``text`` (offsets into ``text``), when it gives one."""
    dated = []
    for fact in facts:
        when = fact.date or _fact_date(text, fact.sentence, fact.evidence, article_date, words)
        dated.append(dataclasses.replace(fact, date=when) if when != fact.date else fact)
    return dated


def _fact_date(text: str, sentence: Span, evidence: Span, article_date: str | None, words: Mapping) -> str | None:
    return sentence_date(text[sentence.start : sentence.end], article_date, words, near=evidence.start - sentence.start)


def _normalise(match: re.Match[str], article: dt.date | None, months: Mapping[str, int],
               weekdays: Mapping[str, int]) -> str | None:
    """One matched expression as an ISO day, month or year; None when it needs a date we lack or is no real day."""
    groups = match.groupdict()
    if any(groups[m] and groups[m][0].islower() for m in ("m1", "m2", "m3")):
        return None  # month names are capitalised; "they may 5 times" is no date
    try:
        for m, d, y in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
            if groups[m]:
                year = int(groups[y]) if groups[y] else article.year if article else None
                return None if year is None else dt.date(year, months[groups[m].lower()], int(groups[d])).isoformat()
    except ValueError:  # "February 30"
        return None
    if groups["m3"]:
        return f"{int(groups['y3']):04d}-{months[groups['m3'].lower()]:02d}"
    if groups["y4"]:
        return groups["y4"]
    if article is None:
        return None
    if groups["weekday"]:
        back = (article.weekday() - weekdays[groups["weekday"].lower()]) % 7
        if back == 0 and match.group(0).lower().startswith("last"):
            back = 7
        return (article - dt.timedelta(days=back)).isoformat()
    relative = " ".join(groups["relative"].lower().split())
    if relative == "yesterday":
        return (article - dt.timedelta(days=1)).isoformat()
    if relative == "today":
        return article.isoformat()
    if relative == "last week":
        return (article - dt.timedelta(days=article.weekday() + 7)).isoformat()
    if relative == "last month":
        first = article.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    return str(article.year - 1 if relative == "last year" else article.year)
