"""News pages read as news (kg/ingest/html.py): saved pages of several layouts, made here, read without network.

Each page surrounds its story with what must never become a fact -- navigation,
related and most-read links, share buttons, readers' comments, sidebars,
adverts, footers -- naming people and organisations that the story does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.html import read_web_page
from kg.ingest.readers import InputProblem, read_inputs
from kg.types import Article

PAGES = Path(__file__).parent / "data" / "html"

# Names that appear only around the story (menus, related links, comments, sidebars, footers).
AROUND_THE_STORY = {
    "news-article.html": ["Boris Johnson", "Vladimir Putin", "Angela Merkel", "Donald Trump", "Barack Obama",
                          "Microsoft", "Theresa May", "Tim Cook", "Rupert Murdoch", "Dubai", "Politics",
                          "Share this story", "Privacy", "Readers' comments"],
    "blog.html": ["Nancy Pelosi", "Elon Musk", "Tom Ford", "Jeff Bezos", "Amazon", "Bill Gates", "WordPress",
                  "Archive", "Blogroll", "Tags"],
    "jsonld.html": ["Joe Biden", "Kamala Harris", "newsletter", "Subscribe", "1 Main Street"],
}


def read(name: str) -> Article:
    [item] = list(read_inputs([PAGES / name]))
    assert isinstance(item, Article), item
    return item


@pytest.mark.parametrize("name", sorted(AROUND_THE_STORY))
def test_only_the_story_is_read(name):
    text = read(name).text
    for outside in AROUND_THE_STORY[name]:
        assert outside not in text, f"{outside!r} from around the story was read as part of it"


def test_news_article_text_headline_author_and_date():
    a = read("news-article.html")
    assert a.title == "Crane collapse kills 107 in Mecca"
    assert a.author == "Jane Reporter"
    assert a.date == "2015-09-12"
    paragraphs = a.text.split("\n\n")
    assert paragraphs[0] == "Crane collapse kills 107 in Mecca"  # the headline opens the text, a block of its own
    assert "A crane fell into the Grand Mosque in Mecca on Friday, killing at least 107 people, Saudi officials said." in paragraphs
    assert any(p.startswith('"We will find out what went wrong," said Prince Khalid al-Faisal') for p in paragraphs)
    assert "strong winds and heavy rain brought the crane down during a storm. Hundreds" in a.text  # source line break = space


def test_blog_headline_is_the_post_not_the_blog():
    a = read("blog.html")
    assert a.title == "Notes from the council meeting"
    assert a.date == "2021-03-03"  # from the "Posted on" line
    assert a.text.split("\n\n")[1].startswith("Mayor Peter Hall opened Tuesday's meeting")
    assert "The council voted seven to two" in a.text


def test_json_ld_gives_headline_author_and_published_date():
    a = read("jsonld.html")
    assert a.title == "Wildfires force thousands from their homes in California"
    assert a.author == "Sam Okafor"
    assert a.date == "2020-09-10"  # datePublished, not dateModified
    assert a.text.startswith("Wildfires in northern California forced more than 20,000 people")
    assert len(a.text.split("\n\n")) == 3


def test_page_with_almost_no_text_is_a_clear_problem():
    [item] = list(read_inputs([PAGES / "almost-empty.html"]))
    assert isinstance(item, InputProblem)
    assert "almost no article text (3 words)" in item.message
    assert "JavaScript" in item.message and "save the article" in item.message


@pytest.mark.parametrize("html", [
    "<html><head><title>T</title></head><body><script>x()</script></body></html>",
    "<html></html>",
    "<p>",
    "<!doctype html><html><body>\x00</body></html>",
])
def test_pages_without_text_never_crash(html):
    with pytest.raises(InputError, match="no article text|almost no article text|cannot parse"):
        read_web_page(html)


def test_line_breaks_lists_and_tables_stay_readable():
    page = read_web_page(
        "<html><body><article><h1>Election results</h1>"
        "<p>The count ended on Monday night in the capital city.<br>Turnout was high in every district.</p>"
        "<ul><li>Ana Lopez won the first district easily.</li><li>Peter Hall won the second district.</li></ul>"
        "<table><tr><td>Lopez</td><td>5,120</td></tr><tr><td>Hall</td><td>4,870</td></tr></table>"
        "</article></body></html>"
    )
    assert page.text.split("\n\n") == [
        "Election results",
        "The count ended on Monday night in the capital city.\nTurnout was high in every district.",
        "Ana Lopez won the first district easily.",
        "Peter Hall won the second district.",
        "Lopez 5,120",
        "Hall 4,870",
    ]


def test_html_is_sniffed_without_extension_and_xml_declaration_is_fine(tmp_path):
    path = tmp_path / "page"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><!doctype html><html><body><article>'
                    "<p>Keir Starmer met Volodymyr Zelensky in London on Monday.</p></article></body></html>")
    [item] = list(read_inputs([path]))
    assert item.text == "Keir Starmer met Volodymyr Zelensky in London on Monday."


def test_author_is_kept_from_front_matter_and_jsonl(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: T\nauthor: Ana Lopez\n---\n\nText.\n")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Text.", "author": " Sam  Okafor "}\n')
    authors = {a.id: a.author for a in read_inputs([tmp_path]) if isinstance(a, Article)}
    assert authors == {"a.md": "Ana Lopez", "b": "Sam Okafor"}
