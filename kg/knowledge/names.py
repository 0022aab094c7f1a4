"""The one name normaliser, and the name arithmetic every stage shares.

``normalize_name`` is the lookup form of a surface name (how the gazetteer, the
resolver and cross-document identity all compare names); the rest split a name
into the words that identify a person (honorifics and titles dropped) and build
the acronyms a long name is abbreviated to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol


class Gazetteer(Protocol):
    """What the name arithmetic asks of the gazetteer (``kg.knowledge.gazetteer.Gazetteer``)."""

    honorifics: frozenset[str] | set[str]

    def title(self, text: str) -> object | None: ...

__all__ = ["LEADING_THE", "acronym", "initials", "name_parts", "normalize_name", "strip_honorifics"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The lookup form of a surface name: straight apostrophes, no leading "the", no possessive.

    Memoized: the extractors ask for the same few thousand words on every document.

    >>> normalize_name("the UK\u2019s")
    'UK'
    """
    text = " ".join(text.translate(_APOSTROPHES).split())
    return _POSSESSIVE.sub("", LEADING_THE.sub("", text)).strip()


def strip_honorifics(words: list[str], gaz: Gazetteer) -> list[str]:
    """A name without leading honorifics or titles: ["Sir", "Keir", "Starmer"] -> ["Keir", "Starmer"]."""
    while len(words) > 1 and (words[0] in gaz.honorifics or gaz.title(words[0])):
        words = words[1:]
    return words


def name_parts(text: str, gaz: Gazetteer) -> list[str]:
    """The words of a name in reading order, honorifics and titles dropped; a name written
    surname first in a list ("Twain, Mark") is read given name first (["Mark", "Twain"])."""
    surname, comma, given = normalize_name(text).partition(", ")
    return strip_honorifics((f"{given} {surname}" if comma else surname).split(), gaz)


def initials(words: list[str], function_words: frozenset[str] | set[str]) -> set[str]:
    """The acronyms a name is written as: with and without its ``function_words`` (the
    gazetteer's ``name_function_words``).

    >>> sorted(initials(["Massachusetts", "Institute", "of", "Technology"], {"of"}))
    ['MIOT', 'MIT']
    """
    content = [w for w in words if w.lower() not in function_words]
    return {"".join(w[0] for w in content if w[:1].isupper()), "".join(w[0] for w in words if w[:1].isalpha()).upper()}


def acronym(text: str) -> str | None:
    bare = text.replace(".", "")
    return bare if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper() else None
