"""Dates in a sentence, normalised against the article's date (Saturday 2 March 2024 here)."""

from __future__ import annotations

import pytest

from kg.extract.dates import date_facts, sentence_date
from kg.knowledge.knowledge import load_knowledge
from kg.types import Entity, Fact, Span

ARTICLE = "2024-03-02"  # a Saturday
W = load_knowledge().words


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The charity said it was its largest rescue since it began in 1997.", "1997"),
        ("The ferry ran aground on Friday.", "2024-03-01"),
        ("The ferry ran aground on Saturday.", "2024-03-02"),  # the article's own day, not a week later
        ("The ferry ran aground last Saturday.", "2024-02-24"),
        ("The RNLI warned yesterday that costs were rising.", "2024-03-01"),
        ("Sir Keir visited Oban last week.", "2024-02-19"),  # the Monday of the week before
        ("Training began on September 12.", "2024-09-12"),
        ("Training began on 12 September.", "2024-09-12"),
        ("The station opened on September 12, 2015.", "2015-09-12"),
        ("The station opened in March 2019.", "2019-03"),
        ("Fuel costs rose last month.", "2024-02"),
        ("Fuel costs rose last year.", "2023"),
        ("Crews may 5 times a day go out.", None),  # "may" is no month
        ("The station opened on February 30.", None),  # no such day
        ("Volunteers rescued twelve passengers.", None),
    ],
)
def test_sentence_dates(sentence: str, iso: str | None):
    assert sentence_date(sentence, ARTICLE, W) == iso


def test_relative_dates_need_the_article_date():
    assert sentence_date("The ferry ran aground on Friday.", None, W) is None
    assert sentence_date("It opened in 1997.", None, W) == "1997"


def test_the_expression_nearest_the_fact_wins():
    sentence = "The charity was founded in 1997, and yesterday its crews rescued twelve people."
    assert sentence_date(sentence, ARTICLE, W, near=sentence.index("rescued")) == "2024-03-01"
    assert sentence_date(sentence, ARTICLE, W, near=sentence.index("founded")) == "1997"


def test_facts_take_their_sentence_date():
    text = "Sir Keir visited Oban on Friday. He met crews."
    keir, oban = Entity("e1", "Person", "Keir"), Entity("e2", "Place", "Oban")
    first, second = Span(0, 32), Span(33, len(text))
    facts = [Fact(keir, "visited", oban, "svo.active.v1", 0.9, first, Span(9, 16)),
             Fact(keir, "metWith", oban, "svo.active.v1", 0.9, second, Span(36, 39))]
    assert [f.date for f in date_facts(text, facts, ARTICLE, W)] == ["2024-03-01", None]
