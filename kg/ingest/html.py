"""A web page's article: its main text, headline, author and date, found by trafilatura.

A saved news page is mostly not the story: navigation, breadcrumbs, share
buttons, "related stories", "most read" lists, readers' comments, adverts and
the footer all name people and organisations, and every one of them would
become a fact if the page were read as the text a browser shows.  trafilatura
(a main-content extractor made for news and blog pages, maintained, used by
large web corpora) keeps the article body and reads the metadata the page
carries (JSON-LD ``NewsArticle``, Open Graph and ``<meta>`` tags, bylines,
``<time>``), so kg reads only what the journalist wrote.

The body comes back as blocks (paragraphs, headings, list items, quotes), one
blank line between blocks, as kg's sentence splitter and headline finder expect.
What this does not do on purpose: run JavaScript (a page that builds its text
in the browser has none to give: it is reported, not guessed), or keep
readers' comments (``include_comments=False``: they are not the article).
"""

from __future__ import annotations

import functools
import logging
import re
from configparser import ConfigParser
from dataclasses import dataclass

from lxml import etree

from kg.errors import InputError

__all__ = ["MIN_WORDS", "WebPage", "read_web_page"]

MIN_WORDS = 5  # fewer words of main text than this is an empty shell (a redirect, an app, an index), not an article


# Elements of trafilatura's output that hold one block of text each ("row": a table row, its cells joined).
_BLOCKS = ("head", "p", "item", "row")


@dataclass(frozen=True)
class WebPage:
    """The article in a web page: main text (blocks separated by blank lines) and what the page says about it."""

    text: str
    title: str | None
    author: str | None
    date: str | None  # as the page gives it (trafilatura normalises to YYYY-MM-DD)


def read_web_page(html: str) -> WebPage:
    """The article of an HTML page, or InputError when the page has no article text to build.

    The headline is the heading that opens the main text when there is one
    (a blog's ``<title>`` and first ``<h1>`` are often the blog's name), else
    the page's own title (JSON-LD headline, ``og:title``, ``<title>``).

    >>> page = read_web_page("<html><head><title>Aid | Site</title></head><body><nav>Home World</nav>"
    ...     "<article><h1>Aid talks</h1><p>Keir Starmer met Volodymyr Zelensky in London on Monday.</p>"
    ...     "</article><footer>About us</footer></body></html>")
    >>> page.title, page.text
    ('Aid talks', 'Aid talks\\n\\nKeir Starmer met Volodymyr Zelensky in London on Monday.')
    """
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses decoded text that declares an encoding
    if not re.search(r"<(?:html|body)\b", html, re.I):
        html = f"<html><body>{html}</body></html>"  # a fragment ("<p>...</p>"): trafilatura reads whole pages
    import trafilatura  # here, not at the top: 0.2 s that only a build with web pages should pay

    try:
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            date_extraction_params={"original_date": True, "extensive_search": True}, config=_config(),
        )
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"cannot parse the HTML ({error}): check that the file is a web page") from error
    blocks = _blocks(found.body) if found is not None and found.body is not None else []
    text = "\n\n".join(block for _, block in blocks)
    words = len(text.split())
    if words < MIN_WORDS:
        what = "no article text" if not words else f"almost no article text ({words} word{'s' * (words != 1)})"
        raise InputError(
            f"{what} in the HTML page after leaving out navigation, comments and footers: it may be built by"
            " JavaScript, an index page or a redirect -- save the article itself (or its text as .txt) and build that"
        )
    headline = blocks[0][1] if blocks[0][0] == "head" else None
    return WebPage(text=text, title=headline or found.title, author=found.author, date=found.date)


@functools.cache
def _config() -> ConfigParser:
    """trafilatura's settings for kg, made once.

    trafilatura falls back to the whole page's text when the main text is under 250 characters, which is
    what a short news brief is: the brief is kept as found instead (a page with no main text is reported).
    It also logs each page it finds empty as an ERROR; kg reports such a page itself, once, as an input problem.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return config


def _blocks(body: etree._Element) -> list[tuple[str, str]]:
    """The non-blank text blocks of trafilatura's body (tag, text), in order, outermost blocks only."""
    blocks = []
    for element in body.iter(*_BLOCKS):
        if any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
            continue  # a paragraph inside a list item: already in the item's text
        if text := _block_text(element):
            blocks.append((element.tag, text))
    return blocks


def _block_text(element: etree._Element) -> str:
    """One block's text: runs of spaces collapsed, ``<lb/>`` (a ``<br>``) as a line break, table cells apart.

    Marks the (throw-away) tree: each ``<lb/>`` gets a newline as its text, each cell a space after it.
    """
    for node in element.iter("lb", "cell"):
        if node.tag == "lb":
            node.text = "\n"
        else:
            node.tail = " " + (node.tail or "")
    text = re.sub(r"[^\S\n]+", " ", "".join(element.itertext()))
    return re.sub(r" *\n *", "\n", text).strip()
